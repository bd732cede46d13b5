"""The e-form module on its own: schema checks, reading a POST, Vietnamese messages per field,
pre-filling, rendering hints."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import translation

from motcua.portal import eforms

from .filing import LAYOUT, SCHEMA


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def post(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query.setlist(name.replace("__", "."), value if isinstance(value, list) else [value])
    return query


def test_the_schema_check_names_what_the_renderer_cannot_do():
    assert eforms.check_schema(SCHEMA, LAYOUT) == []
    assert eforms.check_schema(eforms.fallback_schema(), eforms.fallback_layout()) == []
    bad = {
        "type": "object",
        "properties": {
            "a": {"type": "string", "format": "uri"},
            "b": {"oneOf": [{"type": "string"}]},
            "c": {"type": "array", "items": {"type": "array"}},
        },
        "required": ["d"],
    }
    problems = " ".join(eforms.check_schema(bad, {"fields": {"x": {"prefill": "vneid"}}}))
    for expected in ("format 'uri'", "b: unsupported type", "arrays hold", "'d'", "unknown field"):
        assert expected in problems
    assert eforms.check_schema({"type": "nonsense"}) != []


def test_a_post_is_read_into_typed_answers():
    submitted = eforms.parse(
        SCHEMA,
        post(
            f__nguoi_yeu_cau__ho_ten="  Nguyễn Văn An ",
            f__tre_em__ngay_sinh="5/9/2025",
            f__so_ban_sao="1.000",
            f__anh_chi_em__0__ho_ten="Lan",
            f__anh_chi_em__3__ho_ten="",
            f__anh_chi_em__7__ho_ten="Huệ",
            f__tre_em__ho_ten="",
        ),
    )
    assert submitted.data == {
        "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An"},
        "tre_em": {"ngay_sinh": "2025-09-05"},
        "so_ban_sao": 1000,
        "anh_chi_em": [{"ho_ten": "Lan"}, {"ho_ten": "Huệ"}],
    }
    assert eforms.parse(SCHEMA, post(f__so_ban_sao="ba")).data == {"so_ban_sao": "ba"}


def test_each_field_gets_its_own_message():
    errors = eforms.validate(
        SCHEMA,
        LAYOUT,
        {
            "nguoi_yeu_cau": {"ho_ten": "An", "so_dinh_danh": "12345", "dien_thoai": "12"},
            "tre_em": {"ho_ten": "Khôi", "ngay_sinh": "2999-01-01", "gioi_tinh": "Khác"},
            "so_ban_sao": 11,
        },
    )
    assert errors["nguoi_yeu_cau.noi_cu_tru"] == "Vui lòng điền thông tin này."
    assert "12 chữ số" in errors["nguoi_yeu_cau.so_dinh_danh"]
    assert "Số điện thoại di động" in errors["nguoi_yeu_cau.dien_thoai"]
    assert errors["tre_em.gioi_tinh"] == "Vui lòng chọn một trong các giá trị cho sẵn."
    assert errors["tre_em.ngay_sinh"] == "Ngày này không được sau ngày hôm nay."
    assert errors["so_ban_sao"] == "Giá trị không được vượt quá 10."
    # A required group left blank reports each of its required fields.
    blank = eforms.validate(SCHEMA, LAYOUT, {})
    assert {"tre_em.ho_ten", "tre_em.ngay_sinh", "tre_em.gioi_tinh"} <= set(blank)


def test_messages_follow_the_language():
    with translation.override("en"):
        errors = eforms.validate(SCHEMA, LAYOUT, {})
    assert errors["tre_em.ho_ten"] == "Please fill in this field."


def test_prefill_takes_the_profile_then_remembered_answers_never_others():
    layout = {
        "fields": {
            **LAYOUT["fields"],
            "tre_em.gioi_tinh": {"remember": True},
        }
    }
    profile = {"full_name": "Nguyễn Văn An", "id_number": "", "address": "12 Hùng Vương"}
    earlier = [
        {"nguoi_yeu_cau": {"so_dinh_danh": "051085000001"}, "tre_em": {"gioi_tinh": "Khác"}},
        {"tre_em": {"ho_ten": "Bé Một", "gioi_tinh": "Nữ"}},
    ]
    result = eforms.prefill(SCHEMA, layout, profile, earlier)
    assert result.data == {
        "nguoi_yeu_cau": {
            "ho_ten": "Nguyễn Văn An",
            "so_dinh_danh": "051085000001",
            "noi_cu_tru": "12 Hùng Vương",
        },
        "tre_em": {"gioi_tinh": "Nữ"},  # "Khác" is not a choice; the child's name is not kept
    }
    assert result.sources["nguoi_yeu_cau.ho_ten"] == "profile"
    assert result.sources["nguoi_yeu_cau.so_dinh_danh"] == "dossier"


def test_rendering_follows_types_and_hints():
    root = eforms.build(
        SCHEMA,
        LAYOUT,
        {"tre_em": {"gioi_tinh": "Nữ"}, "anh_chi_em": [{"ho_ten": "Lan"}]},
        {"tre_em.ho_ten": "Vui lòng điền thông tin này."},
        prefilled={"nguoi_yeu_cau.ho_ten": "profile"},
        extra_rows={"anh_chi_em": 1},
    )
    nodes = {node.key: node for node in root.walk()}
    assert nodes["nguoi_yeu_cau"].kind == "group"
    assert nodes["nguoi_yeu_cau.noi_cu_tru"].kind == "textarea"
    assert nodes["nguoi_yeu_cau.dien_thoai"].kind == "tel"
    assert nodes["tre_em.ngay_sinh"].kind == "date"
    assert nodes["so_ban_sao"].kind == "number" and nodes["so_ban_sao"].inputmode == "numeric"
    sex = nodes["tre_em.gioi_tinh"]
    assert sex.kind == "radio" and ("Nữ", "Nữ", True) in sex.choices
    child = nodes["tre_em.ho_ten"]
    assert child.required and child.described_by == "f-tre_em-ho_ten-error"
    assert nodes["nguoi_yeu_cau.ho_ten"].described_by == "f-nguoi_yeu_cau-ho_ten-prefilled"
    assert [row.key for row in nodes["anh_chi_em"].rows] == ["anh_chi_em.0", "anh_chi_em.1"]
    assert nodes["anh_chi_em.0.ho_ten"].value == "Lan"
    assert [node.key for node in eforms.errors_in_order(root)] == ["tre_em.ho_ten"]


def test_summary_and_applicant_values():
    data = {"tre_em": {"ho_ten": "Khôi"}, "nguoi_yeu_cau": {"ho_ten": "An", "so_dinh_danh": "1"}}
    assert eforms.summary(LAYOUT, data) == "Đăng ký khai sinh cho Khôi"
    assert eforms.summary(LAYOUT, {}) == ""
    assert eforms.applicant_values(LAYOUT, data) == {"full_name": "An", "id_number": "1"}


def test_profile_values_include_the_organisation():
    class Person:
        full_name, id_number, address, phone, email = "An", "0510", "Hà Nội", "0905", "a@b.vn"
        date_of_birth = dt.date(1985, 3, 12)

    class Company:
        name, tax_code, address, phone, email = "An Phát", "0100109106", "Lê Lợi", "", ""

    values = eforms.profile_values(Person(), Company())
    assert values["date_of_birth"] == "1985-03-12"
    assert values["organisation.tax_code"] == "0100109106"
