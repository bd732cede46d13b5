"""A small, realistic public catalogue for the portal's view and browser tests."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import AgencyLevel, ComponentRequirement, OnlineLevel, Procedure
from motcua.catalog.tests.factories import (
    AgencyFactory,
    FieldFactory,
    ProcedureVersionFactory,
    PublishedVersionFactory,
)
from motcua.directory.models import AdministrativeUnit, Agency

TEMPLATE_BYTES = b"%PDF-1.4\n% Mau so 01 - Don de nghi cap giay phep xay dung\n"


@dataclass
class Catalogue:
    centre: Agency
    department: Agency
    ward: Agency
    commune: Agency
    former_district: Agency
    permit: Procedure
    birth: Procedure
    certification: Procedure
    foreign_contractor: Procedure
    draft: Procedure


def build_catalogue() -> Catalogue:
    province = AdministrativeUnit.objects.create(code="51", name="Quảng Ngãi", kind="province")
    ward_unit = AdministrativeUnit.objects.create(
        code="21025", name="Cẩm Thành", kind="ward", parent=province
    )
    commune_unit = AdministrativeUnit.objects.create(
        code="21211", name="Tịnh Khê", kind="commune", parent=province
    )
    centre = AgencyFactory(
        code="000.90.01.H48",
        name="Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
        kind=Agency.Kind.SERVICE_CENTRE,
        address="54 Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
        phone="0255 3 822 222",
        email="tthcc@quangngai.gov.vn",
        receives_dossiers=True,
    )
    department = AgencyFactory(
        code="000.00.07.H48",
        name="Sở Xây dựng tỉnh Quảng Ngãi",
        name_en="Quang Ngai Department of Construction",
        sort_order=7,
    )
    ward = AgencyFactory(
        code="000.00.104.H48",
        name="Ủy ban nhân dân phường Cẩm Thành",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        level=Agency.Level.COMMUNE,
        administrative_unit=ward_unit,
    )
    commune = AgencyFactory(
        code="000.00.101.H48",
        name="Ủy ban nhân dân xã Tịnh Khê",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        level=Agency.Level.COMMUNE,
        administrative_unit=commune_unit,
    )
    former_district = AgencyFactory(
        code="000.00.99.H48",
        name="Ủy ban nhân dân huyện Sơn Tịnh",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        level=Agency.Level.DISTRICT,
        valid_to=dt.date(2025, 7, 1),
        successor=ward,
    )
    construction = FieldFactory(
        code="G09-XD01", name="Hoạt động xây dựng", name_en="Construction", ministry="Bộ Xây dựng"
    )
    civil_status = FieldFactory(code="G15-TP07", name="Hộ tịch", name_en="Civil status")
    certification_field = FieldFactory(code="G15-TP03", name="Chứng thực")

    permit = PublishedVersionFactory(
        procedure__national_code="1.009994",
        procedure__name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        procedure__name_en="New construction permit for a detached house",
        procedure__field=construction,
        procedure__agency_level=AgencyLevel.COMMUNE,
        procedure__agencies=[ward, commune],
        online_level=OnlineLevel.FULL,
        decision_number="1234/QĐ-UBND",
        legal_basis="Luật Xây dựng số 50/2014/QH13",
        requirements="Phù hợp quy hoạch chi tiết xây dựng.",
        steps_text="Bước 1: Nộp hồ sơ. Bước 2: Thẩm định hồ sơ. Bước 3: Trả kết quả.",
        cases=[{"name": "Nhà ở riêng lẻ", "time_limit": Decimal(15)}],
        components=[
            {
                "name": "Đơn đề nghị cấp giấy phép xây dựng",
                "form": ComponentRequirement.Form.ORIGINAL,
                "quantity": 1,
                "template_name": "Mẫu số 01 Phụ lục II Nghị định 175/2024/NĐ-CP",
                "template_file": SimpleUploadedFile(
                    "mau-01-giay-phep-xay-dung.pdf", TEMPLATE_BYTES
                ),
            },
            {
                "name": "Bản vẽ thiết kế xây dựng",
                "form": ComponentRequirement.Form.COPY,
                "quantity": 2,
            },
            {
                "name": "Giấy tờ chứng minh quyền sử dụng đất",
                "form": ComponentRequirement.Form.CERTIFIED_COPY,
                "required": False,
            },
        ],
        fees=[
            {
                "name": "Lệ phí cấp giấy phép xây dựng",
                "amount": Decimal(75000),
                "amount_online": Decimal(37500),
                "exemptions": "Miễn cho hộ nghèo.",
            }
        ],
        result_types=[{"name": "Giấy phép xây dựng"}],
    ).procedure
    birth = PublishedVersionFactory(
        procedure__national_code="1.001193",
        procedure__name="Thủ tục đăng ký khai sinh",
        procedure__field=civil_status,
        procedure__agency_level=AgencyLevel.COMMUNE,
        procedure__agencies=[ward, commune],
        online_level=OnlineLevel.PARTIAL,
        cases=[{"name": "Đăng ký khai sinh", "time_limit": Decimal(3)}],
        components=[{"name": "Tờ khai đăng ký khai sinh"}, {"name": "Giấy chứng sinh"}],
        fees=[{"name": "Lệ phí đăng ký khai sinh", "amount": Decimal(8000)}],
        result_types=[{"name": "Giấy khai sinh"}],
    ).procedure
    certification = PublishedVersionFactory(
        procedure__national_code="2.000908",
        procedure__name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        procedure__field=certification_field,
        procedure__agency_level=AgencyLevel.COMMUNE,
        procedure__agencies=[commune],
        online_level=OnlineLevel.INFORMATION,
        cases=[{"name": "Chứng thực bản sao", "time_limit": None, "time_limit_note": "Trong ngày"}],
        fees=[{"name": "Phí chứng thực", "kind": "fee", "amount": Decimal(2000)}],
    ).procedure
    foreign_contractor = PublishedVersionFactory(
        procedure__national_code="1.000001",
        procedure__name="Cấp giấy phép hoạt động xây dựng cho nhà thầu nước ngoài",
        procedure__field=construction,
        procedure__agency_level=AgencyLevel.PROVINCE,
        procedure__agencies=[department],
        online_level=OnlineLevel.PARTIAL,
        cases=[
            {"name": "Cấp mới", "time_limit": Decimal(20)},
            {"name": "Điều chỉnh", "time_limit": Decimal("0.5"), "time_unit": "working_days"},
        ],
    ).procedure
    draft = ProcedureVersionFactory(
        procedure__national_code="9.999999",
        procedure__name="Thủ tục xây dựng đang dự thảo",
        procedure__field=construction,
        procedure__agencies=[department],
    ).procedure
    return Catalogue(
        centre=centre,
        department=department,
        ward=ward,
        commune=commune,
        former_district=former_district,
        permit=permit,
        birth=birth,
        certification=certification,
        foreign_contractor=foreign_contractor,
        draft=draft,
    )
