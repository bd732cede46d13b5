"""A small province for the portal's filing tests: a provincial desk, a department with a
division, officials for every step, a procedure filed online with an e-form, two cases, several
kinds of components and a fee, and two verified citizens."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.catalog.models import (
    Case,
    ComponentRequirement,
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ResultType,
    TimeUnit,
)
from motcua.directory.models import Agency, Field
from motcua.dossiers.tests.world import DEFAULT_STEPS, official
from motcua.worktime.models import HolidayYear
from motcua.worktime.services import seed_holidays

_counter = itertools.count(1)

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Tờ khai đăng ký khai sinh",
    "properties": {
        "nguoi_yeu_cau": {
            "type": "object",
            "title": "Người yêu cầu",
            "properties": {
                "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên", "maxLength": 100},
                "so_dinh_danh": {
                    "type": "string",
                    "title": "Số định danh cá nhân",
                    "format": "vn-id-number",
                },
                "noi_cu_tru": {"type": "string", "title": "Nơi cư trú", "maxLength": 300},
                "dien_thoai": {"type": "string", "title": "Điện thoại", "format": "vn-phone"},
            },
            "required": ["ho_ten", "so_dinh_danh", "noi_cu_tru"],
        },
        "tre_em": {
            "type": "object",
            "title": "Người được khai sinh",
            "properties": {
                "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên", "maxLength": 100},
                "ngay_sinh": {"type": "string", "title": "Ngày, tháng, năm sinh", "format": "date"},
                "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
            },
            "required": ["ho_ten", "ngay_sinh", "gioi_tinh"],
        },
        "so_ban_sao": {
            "type": "integer",
            "title": "Số bản sao yêu cầu cấp",
            "minimum": 0,
            "maximum": 10,
        },
        "anh_chi_em": {
            "type": "array",
            "title": "Anh, chị, em ruột",
            "items": {
                "type": "object",
                "properties": {"ho_ten": {"type": "string", "title": "Họ và tên"}},
                "required": ["ho_ten"],
            },
            "maxItems": 5,
        },
    },
    "required": ["nguoi_yeu_cau", "tre_em"],
}

LAYOUT = {
    "summary": "Đăng ký khai sinh cho {tre_em.ho_ten}",
    "declaration_component": "Tờ khai đăng ký khai sinh",
    "fields": {
        "nguoi_yeu_cau.ho_ten": {"prefill": "full_name", "autocomplete": "name"},
        "nguoi_yeu_cau.so_dinh_danh": {"prefill": "id_number"},
        "nguoi_yeu_cau.noi_cu_tru": {"prefill": "address", "widget": "textarea"},
        "nguoi_yeu_cau.dien_thoai": {"prefill": "phone"},
        "tre_em.ngay_sinh": {"past": True},
        "tre_em.gioi_tinh": {"widget": "radio"},
        "anh_chi_em": {"item_label": "Người"},
    },
}


@dataclass
class Filing:
    desk: Agency
    department: Agency
    division: Agency
    procedure: Procedure
    version: ProcedureVersion
    case: Case
    other_case: Case
    birth_certificate: ComponentRequirement | None = None
    marriage: ComponentRequirement | None = None
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_filing(*, schema: dict | None = SCHEMA, layout: dict | None = LAYOUT) -> Filing:
    if not HolidayYear.objects.exists():
        seed_holidays(2018, 2030)
    n = next(_counter) + 50
    province = Agency.objects.create(
        code=f"000.{n}.00.H48", name=f"UBND tỉnh {n}", kind="peoples_committee", level="province"
    )
    desk = Agency.objects.create(
        code=f"000.{n}.01.H48",
        name=f"Trung tâm Phục vụ hành chính công {n}",
        kind="service_centre",
        level="province",
        parent=province,
        receives_dossiers=True,
        address="54 Hùng Vương, Quảng Ngãi",
    )
    department = Agency.objects.create(
        code=f"000.{n}.10.H48",
        name=f"Sở Tư pháp {n}",
        kind="department",
        level="province",
        parent=province,
    )
    division = Agency.objects.create(
        code=f"001.{n}.10.H48",
        name=f"Phòng Hành chính tư pháp {n}",
        kind="division",
        level="province",
        parent=department,
    )
    field_ = Field.objects.create(code=f"G15-TP{n}", name="Hộ tịch")
    procedure = Procedure.objects.create(
        national_code=f"1.{n:06d}",
        name="Đăng ký khai sinh",
        field=field_,
        agency_level="province",
    )
    procedure.agencies.add(department)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        effective_from=dt.date(2018, 1, 1),
        channels=["counter", "post", "online"],
        online_level=OnlineLevel.PARTIAL,
        form_schema=schema or {},
        form_layout=layout or {},
    )
    case = Case.objects.create(
        version=version, name="Khai sinh đúng hạn", time_limit=3, time_unit=TimeUnit.WORKING_DAYS
    )
    other_case = Case.objects.create(
        version=version,
        name="Khai sinh có cha, mẹ là người nước ngoài",
        time_limit=5,
        time_unit=TimeUnit.WORKING_DAYS,
        sort_order=1,
    )
    ComponentRequirement.objects.create(version=version, name="Tờ khai đăng ký khai sinh")
    birth_certificate = ComponentRequirement.objects.create(
        version=version, name="Giấy chứng sinh", sort_order=1, max_files=2
    )
    marriage = ComponentRequirement.objects.create(
        version=version,
        name="Giấy chứng nhận kết hôn của cha, mẹ",
        sort_order=2,
        required=False,
    )
    ComponentRequirement.objects.create(
        version=version,
        name="Giấy tờ tùy thân của người yêu cầu",
        form=ComponentRequirement.Form.PRESENT,
        sort_order=3,
    )
    ComponentRequirement.objects.create(
        version=version, case=other_case, name="Văn bản thỏa thuận quốc tịch", sort_order=4
    )
    Fee.objects.create(version=version, name="Lệ phí cấp bản sao", amount=Decimal(8000))
    ResultType.objects.create(version=version, code="KQ.G15.000031", name="Giấy khai sinh")
    for order, (role, name, hours, actions) in enumerate(DEFAULT_STEPS, start=1):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            role=role,
            handling_unit=division if role in (Role.DIVISION_LEADER, Role.SPECIALIST) else None,
            time_budget_hours=Decimal(hours),
            allowed_actions=[str(a) for a in actions],
        )
    version.status = ProcedureVersion.Status.PUBLISHED
    version.save()
    filing = Filing(desk, department, division, procedure, version, case, other_case)
    filing.birth_certificate, filing.marriage = birth_certificate, marriage
    now = timezone.now()
    filing.users = {
        "reception": official(f"tiepnhan-p{n}", desk, Role.RECEPTION, title="Chuyên viên"),
        "division_leader": official(f"truongphong-p{n}", division, Role.DIVISION_LEADER),
        "specialist": official(f"chuyenvien-p{n}", division, Role.SPECIALIST),
        "agency_leader": official(f"giamdoc-p{n}", department, Role.AGENCY_LEADER),
        "clerk": official(f"vanthu-p{n}", department, Role.CLERK),
        "citizen": User.objects.create_user(
            f"congdan-p{n}",
            password="x",
            full_name="Nguyễn Văn An",
            id_number="051085000001",
            date_of_birth=dt.date(1985, 3, 12),
            address="12 Hùng Vương, phường Cẩm Thành",
            phone=f"0905{n:06d}",
            email=f"an{n}@example.com",
            email_verified_at=now,
        ),
        "other_citizen": User.objects.create_user(
            f"nguoikhac-p{n}",
            password="x",
            full_name="Trần Thị Bình",
            email=f"binh{n}@example.com",
            email_verified_at=now,
        ),
        "unverified": User.objects.create_user(f"chuaxacminh-p{n}", password="x"),
    }
    return filing


def pdf(name: str = "giay-chung-sinh.pdf", size: int = 0) -> SimpleUploadedFile:
    """A small real PDF (the type is read from the content); ``size`` pads it."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    body += b"%" + b"0" * max(0, size - len(body) - 1)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def exe(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    """A Windows executable renamed to .pdf."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


VALID_FORM = {
    "nguoi_yeu_cau": {
        "ho_ten": "Nguyễn Văn An",
        "so_dinh_danh": "051085000001",
        "noi_cu_tru": "12 Hùng Vương, phường Cẩm Thành",
    },
    "tre_em": {"ho_ten": "Nguyễn Minh Khôi", "ngay_sinh": "2025-09-05", "gioi_tinh": "Nam"},
}


def file_online(filing: Filing, user: User | None = None, organisation=None):
    """A dossier filed on the portal through the portal's services (status 1)."""
    from motcua.portal import services

    user = user or filing.citizen
    submission = services.start(user=user, version=filing.version, organisation=organisation)
    services.choose_case(
        submission,
        user=user,
        case=filing.case,
        settling_agency=filing.department,
        receiving_agency=filing.desk,
    )
    services.save_form(submission, user=user, data=VALID_FORM)
    services.attach_uploads(
        submission, user=user, requirement=filing.birth_certificate, uploads=[pdf()]
    )
    services.save_delivery(submission, user=user, method="online", address="")
    return services.submit(submission, user=user)


def officials_take_it_to_supplement(filing: Filing, dossier):
    """Received at the desk (unless it was), assigned, and the specialist asks for a
    supplement."""
    from motcua.dossiers import services as s
    from motcua.dossiers.states import State

    d = dossier
    if d.state == State.SUBMITTED:
        d = s.receive(d, actor=filing.reception, expected_version=d.version)
    d = s.forward(
        d, actor=filing.division_leader, expected_version=d.version, assignee=filing.specialist
    )
    return s.request_supplement(
        d,
        actor=filing.specialist,
        expected_version=d.version,
        items=["Bản sao Giấy chứng nhận kết hôn của cha, mẹ"],
        reason="Cần xác định quan hệ cha, mẹ, con.",
    )


def officials_finish_with_a_signed_result(filing: Filing, dossier, config):
    """Appraised, approved, signed (the result PDF signed with ``config``), finished, returned
    online."""
    from motcua.documents import rendering
    from motcua.documents.services import attach_signed_result
    from motcua.documents.tests.test_rendering import sample
    from motcua.dossiers import services as s
    from motcua.dossiers.models import DossierFee

    d = s.forward(dossier, actor=filing.specialist, expected_version=dossier.version)
    d = s.approve(d, actor=filing.agency_leader, expected_version=d.version)
    result = SimpleUploadedFile("giay-khai-sinh.pdf", rendering.render_pdf(sample()))
    d = attach_signed_result(
        d,
        actor=filing.agency_leader,
        expected_version=d.version,
        result_file=result,
        result_type_id=d.procedure_version.result_types.first().pk,
        document_number="15/GKS",
        config=config,
    )
    d = s.forward(d, actor=filing.agency_leader, expected_version=d.version)
    if d.fees.filter(status=DossierFee.Status.DUE).exists():
        d = s.record_payment(
            d,
            actor=filing.reception,
            expected_version=d.version,
            payment=s.PaymentData("cash", "BL-1"),
        )
    d = s.finish(d, actor=filing.clerk, expected_version=d.version)
    return s.return_result(
        d, actor=filing.reception, expected_version=d.version, early_return_notified=True
    )
