"""Catalogue import and export in the exchange format ``motcua.catalog/1`` (JSON)."""

import copy
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from motcua.catalog import transfer
from motcua.catalog.models import (
    Case,
    ComponentRequirement,
    Fee,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ResultType,
)
from motcua.core.models import AuditEntry

from .conftest import DIVISION, row_counts

pytestmark = pytest.mark.django_db


def refused(data, **kwargs) -> list[str]:
    """Import ``data``, expect it refused with nothing written; return the error lines."""
    before = row_counts()
    with pytest.raises(transfer.CatalogueImportError) as info:
        transfer.import_catalogue(data, **kwargs)
    assert row_counts() == before
    assert isinstance(info.value, ValidationError)
    assert info.value.messages == [str(issue) for issue in info.value.report.errors]
    return info.value.messages


def version_of(data) -> dict:
    return data["procedures"][0]["versions"][0]


@pytest.mark.criterion("PL2-1.1", "PL2-1.2", "PL2-1.3", "PL2-1.4")
def test_a_valid_file_is_imported_whole_and_exports_back_identically(payload):
    report = transfer.import_catalogue(payload)

    assert report.ok and report.counts["procedures_created"] == 1
    assert report.counts["versions_published"] == 1
    procedure = Procedure.objects.get(national_code="1.001193")
    assert procedure.field.code == "G15-TP07"
    assert sorted(a.code for a in procedure.agencies.all()) == sorted(
        payload["procedures"][0]["agencies"]
    )
    version = procedure.versions.get()
    assert version.status == ProcedureVersion.Status.PUBLISHED
    assert version.effective_from == dt.date(2025, 7, 1) and version.published_at is not None
    late = version.cases.get(code="1.001193.02")
    assert late.time_limit == Decimal(5)
    # Components and fees bound to a case keep that link; result types and steps arrive whole.
    assert version.components.get(code="000.00.00.G15-KQ004389").case == late
    assert version.fees.get(kind=Fee.Kind.FEE).amount_online == Decimal(7500)
    assert version.result_types.get().code == "KQ.G15.000031"
    steps = list(version.process_steps.order_by("order"))
    assert [s.role for s in steps] == ["reception", "specialist", "agency_leader"]
    assert steps[1].handling_unit.code == DIVISION
    assert steps[1].time_budget_hours == Decimal("4.5")
    assert AuditEntry.objects.filter(action="catalog.imported").count() == 1

    exported = transfer.export_catalogue()
    expected = copy.deepcopy(payload)
    expected["procedures"][0]["agencies"].sort()
    assert exported == expected


def test_importing_the_same_file_again_changes_nothing(payload):
    transfer.import_catalogue(payload)
    before = row_counts()

    report = transfer.import_catalogue(copy.deepcopy(payload))

    assert report.counts["procedures_unchanged"] == 1
    assert report.counts["versions_unchanged"] == 1
    assert row_counts() == {**before, "core.AuditEntry": before["core.AuditEntry"] + 1}


def test_dry_run_checks_everything_and_writes_nothing(payload):
    before = row_counts()
    report = transfer.import_catalogue(payload, dry_run=True)
    assert report.ok and report.dry_run
    assert report.counts["versions_published"] == 1
    assert "Kiểm tra thử" in report.summary()
    assert row_counts() == before


def test_malformed_json_is_reported_with_line_and_column():
    with pytest.raises(transfer.CatalogueImportError) as info:
        transfer.parse_json(b'{"format": "motcua.catalog/1",\n "procedures": [,]}')
    (message,) = info.value.messages
    assert message.startswith("Tệp: Nội dung JSON không hợp lệ ở dòng 2, cột 17")


@pytest.mark.parametrize(
    "data, expected",
    [
        ([], "Nội dung tệp phải là một đối tượng JSON"),
        ({"procedures": []}, "Định dạng “” không được hỗ trợ"),
        ({"format": "motcua.catalog/2", "procedures": []}, "“motcua.catalog/2” không được hỗ trợ"),
        ({"format": "motcua.catalog/1", "procedures": {}}, "Phải là một danh sách thủ tục"),
    ],
)
def test_a_wrong_envelope_is_refused(db, data, expected):
    (message,) = refused(data)
    assert expected in message


@pytest.mark.criterion("PL2-1.1", "PL2-5", "PL5-9")
def test_every_error_is_reported_at_once_with_its_place(payload):
    procedure = payload["procedures"][0]
    procedure["field"] = "G99-XX99"
    procedure["agencies"].append("000.00.99.H48")
    version = version_of(payload)
    version["components"][1]["case"] = "1.001193.09"
    version["process_steps"][0]["role"] = "janitor"
    version["process_steps"][1]["allowed_actions"] = ["forward", "teleport"]
    version["cases"][1]["time_unit"] = "fortnights"
    version["process_steps"][2]["handling_unit"] = "000.77.21.H48"

    messages = refused(payload)

    where = "Thủ tục thứ 1 (1.001193)"
    assert messages == [
        f"{where}, trường “field”: Không có lĩnh vực mã “G99-XX99” trong danh mục lĩnh vực.",
        f"{where}, trường “agencies”: agencies[3]: không có cơ quan, đơn vị mã định danh "
        "“000.00.99.H48” trong danh mục.",
        f"{where}, phiên bản 1, trường hợp (cases) dòng 2, trường “time_unit”: Giá trị "
        "“fortnights” không hợp lệ; chọn trong: working_hours, working_days, calendar_days, "
        "months.",
        f"{where}, phiên bản 1, bước xử lý (process_steps) dòng 1, trường “role”: Giá trị "
        "“janitor” không hợp lệ; chọn trong: reception, specialist, division_leader, "
        "agency_leader, clerk, centre_admin, province_admin.",
        f"{where}, phiên bản 1, bước xử lý (process_steps) dòng 2, trường "
        "“allowed_actions”: Giá trị “teleport” không hợp lệ; chọn trong: forward, return_back, "
        "request_supplement, consult, transfer, refuse, approve, sign, request_payment, extend, "
        "finish.",
        f"{where}, phiên bản 1, thành phần hồ sơ (components) dòng 2, trường “case”: Không có "
        "trường hợp mã “1.001193.09” trong phiên bản này.",
        f"{where}, phiên bản 1, bước xử lý (process_steps) dòng 3, trường “handling_unit”: "
        "handling_unit: không có cơ quan, đơn vị mã định danh “000.77.21.H48” trong danh mục.",
    ]


@pytest.mark.criterion("PL2-5", "PL5-9")
@pytest.mark.parametrize(
    "code, expected",
    [
        ("000.00.00.48H", "thiếu mã cấp 1 (một chữ cái A–Y và hai chữ số"),
        ("000.00.00.h48", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
        ("00000.00.00.00.00.00.00.00.00.00.H48", "dài tối đa 35 ký tự (đang có 36)"),
        ("000..00.H48", "chỉ gồm các nhóm chữ số và chữ in hoa không dấu"),
    ],
)
def test_invalid_identifier_codes_are_refused(payload, code, expected):
    payload["procedures"][0]["agencies"] = [code]
    (message,) = refused(payload)
    assert message.startswith("Thủ tục thứ 1 (1.001193), trường “agencies”: agencies[1]: ")
    assert expected in message


@pytest.mark.criterion("PL5-9")
@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("national_code", "1.1193", "Mã thủ tục quốc gia có dạng d.dddddd"),
        ("national_code", "1.001193a", "Mã thủ tục quốc gia có dạng d.dddddd"),
        ("field", "g15-tp07", "Mã lĩnh vực “g15-tp07” không hợp lệ"),
        ("agency_level", "district", "Giá trị “district” không hợp lệ"),
        ("name", "", "Thiếu giá trị bắt buộc"),
        ("is_active", "yes", "Phải là true hoặc false"),
        ("versions", "1", "Phải là một danh sách"),
    ],
)
def test_procedure_values_are_checked(payload, key, value, expected):
    payload["procedures"][0][key] = value
    (message,) = refused(payload)
    assert f"trường “{key}”: {expected}" in message


def test_missing_required_fields_are_each_named(payload):
    version = version_of(payload)
    del payload["procedures"][0]["name"]
    del version["number"]
    del version["cases"][0]["name"]
    del version["fees"][0]["amount"]
    del version["process_steps"][0]["time_budget_hours"]

    messages = refused(payload)

    assert len(messages) == 5
    assert all(m.endswith("Thiếu giá trị bắt buộc.") for m in messages)
    assert [m.split(": ")[0] for m in messages] == [
        "Thủ tục thứ 1 (1.001193), trường “name”",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “number”",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường hợp (cases) dòng 1, trường “name”",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, phí, lệ phí (fees) dòng 1, trường “amount”",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, bước xử lý (process_steps) dòng 1, "
        "trường “time_budget_hours”",
    ]


@pytest.mark.parametrize(
    "list_name, row, key, value, expected",
    [
        ("fees", 0, "amount", "mười nghìn", "Phải là một số (ghi dạng chuỗi"),
        ("fees", 0, "amount", "-5", "lớn hơn hoặc bằng với 0"),
        ("fees", 0, "amount", "10.5", "0 chữ số thập phân"),
        ("cases", 0, "time_limit", "abc", "Phải là một số"),
        ("components", 0, "quantity", "2", "Phải là một số nguyên"),
        ("components", 0, "form", "photo", "Giá trị “photo” không hợp lệ"),
        ("process_steps", 0, "order", 1.5, "Phải là một số nguyên"),
        ("result_types", 0, "colour", "red", "Trường không có trong định dạng motcua.catalog/1"),
    ],
)
def test_child_rows_are_checked(payload, list_name, row, key, value, expected):
    version_of(payload)[list_name][row][key] = value
    (message,) = refused(payload)
    assert f"({list_name}) dòng {row + 1}, trường “{key}”: " in message
    assert expected in message


def test_version_values_are_checked(payload):
    version = version_of(payload)
    version["effective_from"] = "01/07/2025"
    version["channels"] = ["counter", "fax", "counter"]
    version["online_level"] = "level4"
    messages = refused(payload)
    assert messages == [
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “effective_from”: Phải là một ngày dạng "
        "YYYY-MM-DD.",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “channels”: Giá trị “fax” không hợp lệ; "
        "chọn trong: counter, post, online.",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “online_level”: Giá trị “level4” không "
        "hợp lệ; chọn trong: information, partial, full.",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “effective_from”: Phiên bản đã công bố "
        "phải có ngày có hiệu lực.",
    ]


def test_duplicates_are_refused(payload):
    procedure = payload["procedures"][0]
    version = version_of(payload)
    version["cases"][1]["code"] = version["cases"][0]["code"]
    procedure["versions"].append(dict(copy.deepcopy(version), status="draft"))
    payload["procedures"].append(copy.deepcopy(procedure))

    messages = refused(payload)

    assert (
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường hợp (cases) dòng 2, trường “code”: "
        "Mã trường hợp “1.001193.01” trùng với dòng 1." in messages
    )
    assert (
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường “number”: Số phiên bản 1 xuất hiện hai "
        "lần trong thủ tục." in messages
    )
    assert (
        "Thủ tục thứ 2 (1.001193), trường “national_code”: Mã thủ tục 1.001193 trùng với thủ "
        "tục thứ 1 trong tệp." in messages
    )


@pytest.mark.criterion("PL2-1.3")
def test_a_version_to_publish_must_be_processable(payload):
    version = version_of(payload)
    version["process_steps"][2]["order"] = 4
    version["cases"][0]["time_limit"] = "0.5"  # 4 working hours, the steps need 7.5

    messages = refused(payload)

    assert messages == [
        "Thủ tục thứ 1 (1.001193), phiên bản 1, bước xử lý (process_steps) dòng 3, trường "
        "“order”: Các bước xử lý phải đánh số liên tục từ 1 đến 3, không trùng, không bỏ số "
        "(đang có: 1, 2, 4).",
        "Thủ tục thứ 1 (1.001193), phiên bản 1, trường hợp (cases) dòng 1, trường "
        "“time_limit”: Tổng thời gian các bước xử lý (7.5 giờ làm việc) vượt thời hạn giải "
        "quyết của trường hợp (4 giờ làm việc).",
    ]
    # The same content is welcome as a draft: it is only checked when published.
    version["status"] = "draft"
    report = transfer.import_catalogue(payload)
    assert report.counts["versions_created"] == 1 and not report.counts["versions_published"]


def test_a_published_version_is_never_changed_by_an_import(payload):
    transfer.import_catalogue(payload)
    version = version_of(payload)
    version["fees"][0]["amount"] = "8000"
    version["legal_basis"] = "Luật Hộ tịch (sửa đổi)"

    (message,) = refused(payload)

    assert message == (
        "Thủ tục thứ 1 (1.001193), phiên bản 1: Phiên bản 1 đã công bố nên không được sửa "
        "(khác ở: legal_basis, fees). Muốn thay đổi, hãy đưa nội dung mới vào một phiên bản "
        "có số mới."
    )
    assert Fee.objects.get(name="Lệ phí đăng ký khai sinh").amount == 0


def test_an_import_cannot_end_or_reopen_a_published_version(payload):
    transfer.import_catalogue(payload)
    version = version_of(payload)
    version.update(status="retired", effective_to="2026-01-01")
    (message,) = refused(payload)
    assert "(khác ở: effective_to)" in message
    version.update(status="draft", effective_to=None)
    (message,) = refused(payload)
    assert "không thể đưa về dự thảo" in message


def test_a_new_version_replaces_the_published_one_from_its_date(payload):
    transfer.import_catalogue(payload)
    first = version_of(payload)
    second = copy.deepcopy(first)
    second.update(number=2, effective_from="2026-01-01", decision_number="99/QĐ-BTP")
    second["fees"][0]["amount"] = "8000"
    payload["procedures"][0]["versions"].append(second)

    report = transfer.import_catalogue(payload)

    assert report.counts["versions_unchanged"] == 1 and report.counts["versions_published"] == 1
    old, new = ProcedureVersion.objects.order_by("number")
    assert old.effective_to == dt.date(2026, 1, 1)
    assert new.effective_from == dt.date(2026, 1, 1) and new.effective_to is None
    assert new.fees.get(case=None).amount == 8000
    # The exported file states what happened, and is accepted again unchanged.
    exported = transfer.export_catalogue()
    assert exported["procedures"][0]["versions"][0]["effective_to"] == "2026-01-01"
    assert transfer.import_catalogue(exported).counts["versions_unchanged"] == 2


def test_a_draft_is_replaced_by_the_file(payload):
    version = version_of(payload)
    version["status"] = "draft"
    transfer.import_catalogue(payload)
    version["cases"] = version["cases"][:1]
    version["components"] = version["components"][:1]
    version["fees"] = version["fees"][:1]
    version["status"] = "published"

    report = transfer.import_catalogue(payload)

    assert report.counts["versions_updated"] == 1 and report.counts["versions_published"] == 1
    stored = ProcedureVersion.objects.get()
    assert stored.status == ProcedureVersion.Status.PUBLISHED
    assert (Case.objects.count(), ComponentRequirement.objects.count(), Fee.objects.count()) == (
        1,
        1,
        1,
    )
    assert ResultType.objects.count() == 1 and ProcessStep.objects.count() == 3


def test_a_history_of_versions_is_imported_in_date_order(payload):
    first = version_of(payload)
    first.update(status="retired", effective_from="2020-01-01", effective_to="2025-07-01")
    current = dict(copy.deepcopy(first), number=2, status="published")
    current.update(effective_from="2025-07-01", effective_to=None)
    payload["procedures"][0]["versions"] = [current, first]

    transfer.import_catalogue(payload)

    retired, published = ProcedureVersion.objects.order_by("number")
    assert retired.status == ProcedureVersion.Status.RETIRED
    assert retired.effective_to == dt.date(2025, 7, 1)
    assert published.status == ProcedureVersion.Status.PUBLISHED


def test_overlapping_periods_are_refused(payload):
    first = version_of(payload)
    first.update(effective_from="2020-01-01", effective_to="2026-01-01")
    second = dict(copy.deepcopy(first), number=2, effective_from="2025-07-01", effective_to=None)
    payload["procedures"][0]["versions"].append(second)
    (message,) = refused(payload)
    assert message == (
        "Thủ tục thứ 1 (1.001193), phiên bản 2, trường “effective_from”: Thời gian hiệu lực "
        "trùng với phiên bản 1 của thủ tục."
    )


def test_import_command_prints_the_report_and_fails_on_errors(payload, tmp_path):
    good = tmp_path / "catalogue.json"
    good.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("catalog_import", str(good), "--dry-run", stdout=out)
    assert "Kiểm tra thử" in out.getvalue() and not Procedure.objects.exists()

    payload["procedures"][0]["field"] = "G99-XX99"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("catalog_import", str(bad))
    assert info.value.returncode == 1
    assert "Tệp có 1 lỗi; không có dữ liệu nào được ghi." in str(info.value)
    assert "Không có lĩnh vực mã “G99-XX99”" in str(info.value)

    call_command("catalog_import", str(good), stdout=out)
    assert "1 thêm mới" in out.getvalue() and Procedure.objects.count() == 1


def test_import_command_refuses_unknown_files(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("catalog_import", str(tmp_path / "none.json"))
    odd = tmp_path / "catalogue.csv"
    odd.write_text("x")
    with pytest.raises(CommandError, match="Chỉ nhận tệp"):
        call_command("catalog_import", str(odd))


def test_export_command_writes_a_file_the_import_accepts(payload, tmp_path):
    transfer.import_catalogue(payload)
    target = tmp_path / "out.json"
    out = io.StringIO()
    call_command("catalog_export", str(target), stdout=out)
    assert "Đã xuất 1 thủ tục" in out.getvalue()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "motcua.catalog/1"
    assert transfer.import_catalogue(data).counts["versions_unchanged"] == 1


def test_the_report_speaks_english_when_asked(payload):
    payload["procedures"][0]["field"] = "G99-XX99"
    with translation.override("en"):
        (message,) = refused(payload)
    assert message == (
        "Procedure no. 1 (1.001193), field “field”: There is no field with code “G99-XX99” in "
        "the field catalogue."
    )
