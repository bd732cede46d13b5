"""The exchange format as an XLSX workbook: round trip, and errors placed by sheet/row/column."""

import copy
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalog import files, spreadsheet, transfer
from motcua.catalog.models import Procedure, ProcedureVersion

from .conftest import row_counts

pytestmark = pytest.mark.django_db


def edited(content: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(book, sheet: str, row: int, key: str):
    """The cell of column ``key`` (by header) in ``row`` of ``sheet``."""
    header = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row=row, column=header.index(key) + 1)


def refused(content: bytes) -> list[str]:
    before = row_counts()
    with pytest.raises(transfer.CatalogueImportError) as info:
        files.import_file(content, "danh-muc.xlsx")
    assert row_counts() == before
    return info.value.messages


@pytest.fixture
def workbook(payload) -> bytes:
    """The test payload as a workbook, written by the exporter from a scratch import."""
    return spreadsheet.write_workbook(payload)


@pytest.mark.criterion("PL2-1.1", "PL2-1.2", "PL2-1.3", "PL2-1.4")
def test_workbook_round_trip(payload, workbook):
    book = load_workbook(io.BytesIO(workbook))
    assert book.sheetnames == [
        "procedures",
        "versions",
        "cases",
        "components",
        "fees",
        "result_types",
        "process_steps",
    ]
    assert [c.value for c in book["process_steps"][1]][:4] == [
        "national_code",
        "version",
        "case",
        "order",
    ]
    assert book["procedures"]["A2"].value == "1.001193"

    report = files.import_file(workbook, "danh-muc.xlsx")

    assert report.counts["versions_published"] == 1
    expected = copy.deepcopy(payload)
    expected["procedures"][0]["agencies"].sort()
    assert transfer.export_catalogue() == expected
    # The exported workbook carries the same catalogue: importing it changes nothing.
    again = files.export_file("xlsx")
    assert files.import_file(again, "lan-2.xlsx").counts["versions_unchanged"] == 1
    assert transfer.export_catalogue() == expected


def test_cells_typed_by_hand_are_understood(payload, workbook):
    def edit(book):
        cell(book, "procedures", 2, "is_active").value = "TRUE"
        cell(book, "versions", 2, "supplement_wait_days").value = "15"
        cell(book, "versions", 2, "channels").value = "counter; post;online"
        cell(book, "fees", 3, "amount").value = 15000.0
        cell(book, "cases", 2, "time_limit").value = 1

    files.import_file(edited(workbook, edit), "danh-muc.xlsx")
    version = ProcedureVersion.objects.get()
    assert version.channels == ["counter", "post", "online"]
    assert version.fees.get(code="", kind="fee").amount == 15000


@pytest.mark.criterion("PL2-1.1", "PL5-9")
def test_errors_name_sheet_row_and_column(workbook):
    def edit(book):
        cell(book, "procedures", 2, "field").value = "G99-XX99"
        cell(book, "procedures", 2, "agencies").value = "000.00.21.H48, 000.00.00.48H"
        cell(book, "components", 3, "case").value = "1.001193.09"
        cell(book, "process_steps", 4, "role").value = "janitor"
        cell(book, "fees", 2, "name").value = None

    messages = refused(edited(workbook, edit))

    assert messages == [
        "Trang “procedures”, dòng 2, cột E, trường “field”: Không có lĩnh vực mã “G99-XX99” "
        "trong danh mục lĩnh vực.",
        "Trang “procedures”, dòng 2, cột G, trường “agencies”: agencies[2]: Mã định danh "
        "“000.00.00.48H” thiếu mã cấp 1 (một chữ cái A–Y và hai chữ số, ví dụ H48) ở đầu hoặc "
        "cuối.",
        "Trang “fees”, dòng 2, cột E, trường “name”: Thiếu giá trị bắt buộc.",
        "Trang “process_steps”, dòng 4, cột F, trường “role”: Giá trị “janitor” không hợp lệ; "
        "chọn trong: reception, specialist, division_leader, agency_leader, clerk, "
        "centre_admin, province_admin.",
        "Trang “components”, dòng 3, cột C, trường “case”: Không có trường hợp mã "
        "“1.001193.09” trong phiên bản này.",
    ]


def test_structure_problems_are_reported_with_the_rest(workbook):
    def edit(book):
        book["cases"]["H1"].value = "colour"
        book["result_types"].append(["1.009999", 1, "KQ.X", "Giấy lạ", True])
        cell(book, "versions", 2, "status").value = "archived"

    messages = refused(edited(workbook, edit))

    assert messages == [
        "Trang “cases”, dòng 1, cột H: Cột “colour” không có trong định dạng.",
        "Trang “result_types”, dòng 3, cột B: Không có dòng “1.009999 / 1” tương ứng trong "
        "trang “versions”.",
        "Trang “versions”, dòng 2, cột C, trường “status”: Giá trị “archived” không hợp lệ; "
        "chọn trong: draft, published, retired.",
    ]


def test_a_missing_sheet_or_key_column_is_refused(workbook):
    def drop_sheet(book):
        del book["fees"]

    def drop_key(book):
        book["components"]["B1"].value = None

    assert refused(edited(workbook, drop_sheet)) == ["Trang “fees”: Tệp thiếu trang “fees”."]
    assert refused(edited(workbook, drop_key)) == [
        "Trang “components”, dòng 1: Trang thiếu cột bắt buộc: version."
    ]


def test_a_file_that_is_not_a_workbook_is_refused(db):
    assert refused(b"not a zip") == ["Tệp: Tệp không phải bảng tính XLSX hợp lệ."]


def test_commands_import_and_export_workbooks(payload, workbook, tmp_path):
    source = tmp_path / "danh-muc.xlsx"
    source.write_bytes(workbook)
    call_command("catalog_import", str(source), stdout=io.StringIO())
    assert Procedure.objects.count() == 1

    target = tmp_path / "xuat"
    call_command("catalog_export", str(target), "--format", "xlsx", stdout=io.StringIO())
    data = spreadsheet.read_workbook(target.read_bytes()).data
    assert [p["national_code"] for p in data["procedures"]] == ["1.001193"]
