"""Shared e-catalogues: identifier codes, effective-dated trees, successors after mergers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEntry
from motcua.directory import services
from motcua.directory.models import AdministrativeUnit, Agency, Field

pytestmark = pytest.mark.django_db
REFORM = dt.date(2025, 7, 1)


def agency(code: str, name: str, **kwargs) -> Agency:
    kwargs.setdefault("kind", Agency.Kind.PEOPLES_COMMITTEE)
    kwargs.setdefault("level", Agency.Level.COMMUNE)
    return Agency.objects.create(code=code, name=name, **kwargs)


@pytest.fixture
def province():
    ubnd = agency("000.00.00.H48", "UBND tỉnh Quảng Ngãi", level=Agency.Level.PROVINCE)
    commune = agency("000.00.104.H48", "UBND phường Cẩm Thành", parent=ubnd, valid_from=REFORM)
    district = agency(
        "000.00.53.H48",
        "UBND huyện Bình Sơn",
        level=Agency.Level.DISTRICT,
        parent=ubnd,
        valid_to=REFORM,
        successor=commune,
    )
    return ubnd, district, commune


@pytest.mark.criterion("PL2-5", "PL5-9")
@pytest.mark.parametrize(
    "code, expected",
    [
        ("000.00.00.H48", "000.00.00.H48"),
        (" 000.00.53.H48 ", "000.00.53.H48"),
        ("H48.103.07", "H48.103.07"),
        ("000.00.051.H04", "000.00.051.H04"),
    ],
)
def test_valid_identifier_codes(code, expected):
    assert services.clean_identifier_code(code) == expected


@pytest.mark.criterion("PL2-5", "PL5-9")
@pytest.mark.parametrize(
    "code, expected",
    [
        ("", "không được để trống"),
        ("000.00.00.48H", "thiếu mã cấp 1 (một chữ cái A–Y và hai chữ số, ví dụ H48)"),
        ("000.00.00.Z48", "thiếu mã cấp 1"),
        ("000.00.00.h48", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
        ("000.00.00.Đ48", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
        ("000-00-00-H48", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
        ("000.00.00.H48.", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
        ("0" * 32 + ".H48", "dài tối đa 35 ký tự (đang có 36)"),
    ],
)
def test_invalid_identifier_codes_get_a_precise_message(code, expected):
    with pytest.raises(ValidationError) as info:
        services.clean_identifier_code(code)
    assert expected in info.value.messages[0]


@pytest.mark.criterion("PL5-9")
def test_field_codes():
    assert services.clean_field_code(" G15-TP07") == "G15-TP07"
    assert services.clean_field_code("G07-LĐ03") == "G07-LĐ03"  # Bảo trợ xã hội, national list
    for bad in ("g15-tp07", "G15 TP07", "G07 LĐ03", "G07-lđ03", "G07-LÂ03", ""):
        with pytest.raises(ValidationError, match=r"Mã lĩnh vực .* không hợp lệ"):
            services.clean_field_code(bad)


@pytest.mark.criterion("PL2-5")
def test_current_successor_follows_mergers(province):
    ubnd, district, commune = province
    assert services.current_successor(district, REFORM - dt.timedelta(days=1)) == district
    assert services.current_successor(district, REFORM) == commune
    assert services.current_successor(commune, REFORM) == commune
    # A second merger later on: the chain is followed to the unit in force.
    later = dt.date(2027, 1, 1)
    merged = agency("000.00.105.H48", "UBND phường Mới", parent=ubnd, valid_from=later)
    Agency.objects.filter(pk=commune.pk).update(valid_to=later, successor=merged)
    district.refresh_from_db()
    assert services.current_successor(district, later) == merged
    # An ended unit without successor, or links that loop, lead nowhere.
    Agency.objects.filter(pk=merged.pk).update(valid_to=dt.date(2028, 1, 1), successor=district)
    district.refresh_from_db()
    assert services.current_successor(district, dt.date(2028, 6, 1)) is None
    assert services.current_successor(ubnd, dt.date(2028, 6, 1)) == ubnd


@pytest.mark.criterion("PL2-5")
def test_agencies_in_force_and_the_tree(province):
    ubnd, district, commune = province
    division = agency(
        "000.01.104.H48",
        "Văn phòng",
        kind=Agency.Kind.DIVISION,
        parent=commune,
        sort_order=1,
        valid_from=REFORM,
    )
    centre = agency(
        "000.90.104.H48",
        "Trung tâm PVHCC",
        kind=Agency.Kind.SERVICE_CENTRE,
        parent=commune,
        valid_from=REFORM,
    )
    assert set(services.agencies_in_force(dt.date(2025, 1, 1))) == {ubnd, district}
    assert set(services.agencies_in_force(REFORM)) == {ubnd, commune, division, centre}
    assert [(a.code, depth) for a, depth in services.agency_tree()] == [
        ("000.00.00.H48", 0),
        ("000.00.53.H48", 1),  # siblings by display order, then name: "huyện" < "phường"
        ("000.00.104.H48", 1),
        ("000.90.104.H48", 2),
        ("000.01.104.H48", 2),
    ]
    subtree = services.agency_tree(Agency.objects.filter(parent=commune))
    assert [depth for _a, depth in subtree] == [0, 0]


@pytest.mark.criterion("PL2-5")
def test_a_unit_may_not_outlive_its_parent(province):
    district = province[1]
    child = Agency(
        code="000.01.53.H48",
        name="Phòng Tư pháp huyện",
        kind=Agency.Kind.DIVISION,
        level=Agency.Level.DISTRICT,
        parent=district,
    )
    errors = services.tree_errors(child)
    assert errors == {
        "parent": [
            "Cấp trên “UBND huyện Bình Sơn” phải còn hiệu lực trong suốt thời gian hiệu lực "
            "của đơn vị này (cấp trên: … – 30/06/2025; đơn vị này: … – …)."
        ]
    }
    child.valid_to = REFORM
    assert services.tree_errors(child) == {}


def test_loops_and_misplaced_successors_are_refused(province):
    ubnd, district, commune = province
    ubnd.parent = commune
    assert (
        "không được là chính đơn vị này hoặc một đơn vị cấp dưới"
        in (services.tree_errors(ubnd)["parent"][0])
    )
    commune.successor = district
    assert services.tree_errors(commune)["successor"] == [
        "Chỉ đặt đơn vị kế thừa khi đơn vị này có ngày hết hiệu lực."
    ]
    commune.valid_to = dt.date(2026, 1, 1)
    assert services.tree_errors(commune)["successor"] == [
        "Đơn vị kế thừa không được dẫn ngược về chính đơn vị này."
    ]
    district.refresh_from_db()
    district.successor = ubnd
    district.valid_from = dt.date(2026, 1, 1)
    assert services.tree_errors(district) == {
        "valid_to": ["Ngày hết hiệu lực phải sau ngày có hiệu lực."]
    }
    late = agency("000.00.106.H48", "UBND xã Sau", valid_from=dt.date(2026, 1, 1))
    district.valid_from, district.successor = None, late
    assert services.tree_errors(district)["successor"] == [
        "Đơn vị kế thừa “UBND xã Sau” phải có hiệu lực từ ngày 01/07/2025."
    ]


@pytest.mark.criterion("PL2-5", "PL5-9")
def test_save_agency_validates_everything_and_writes_nothing_when_wrong(province):
    ubnd = province[0]
    bad = Agency(
        code="000.00.00.48H",
        name="Sở Thử",
        kind=Agency.Kind.DEPARTMENT,
        level=Agency.Level.PROVINCE,
        parent=province[1],
    )
    before = (Agency.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        services.save_agency(bad)
    assert set(info.value.message_dict) == {"code", "parent"}
    assert (Agency.objects.count(), AuditEntry.objects.count()) == before

    good = Agency(
        code="000.00.03.H48",
        name="Sở  Tư pháp",
        kind=Agency.Kind.DEPARTMENT,
        level=Agency.Level.PROVINCE,
        parent=ubnd,
    )
    services.save_agency(good)
    assert Agency.objects.get(code="000.00.03.H48").name == "Sở Tư pháp"
    assert AuditEntry.objects.get(action="directory.agency.created").object_id == str(good.pk)


@pytest.mark.criterion("PL2-5")
def test_units_and_fields_are_saved_through_the_services(db):
    province = services.save_administrative_unit(
        AdministrativeUnit(code="51", name="Quảng Ngãi", kind=AdministrativeUnit.Kind.PROVINCE)
    )
    ward = AdministrativeUnit(
        code="21163",
        name="Cẩm Thành",
        kind=AdministrativeUnit.Kind.WARD,
        parent=province,
        valid_from=REFORM,
    )
    services.save_administrative_unit(ward)
    services.save_field(Field(code="G15-TP07", name="Hộ tịch"))
    with pytest.raises(ValidationError) as info:
        services.save_field(Field(code="hộ tịch", name="Hộ tịch"))
    assert list(info.value.message_dict) == ["code"]
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "directory.administrative_unit.created",
        "directory.administrative_unit.created",
        "directory.field.created",
    ]
