"""Bank statements exported as CSV, read into rows for ``services.import_statement``.

Banks name their columns differently; the header is matched, accent- and case-insensitively,
against the usual Vietnamese and English names. Only credited lines (a positive amount) are kept.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

_HEADERS = {
    "amount": ("so tien ghi co", "ghi co", "so tien", "so tien vnd", "credit", "amount"),
    "description": (
        "noi dung",
        "noi dung giao dich",
        "noi dung chuyen khoan",
        "dien giai",
        "mo ta",
        "description",
    ),
    "bank_reference": (
        "ma giao dich",
        "so giao dich",
        "so tham chieu",
        "so but toan",
        "reference",
        "transaction id",
    ),
    "date": ("ngay giao dich", "ngay", "thoi gian", "date"),
}
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


@dataclass(frozen=True)
class StatementRow:
    row: int  # line number in the file (the header is line 1)
    amount: Decimal | None
    description: str
    bank_reference: str = ""
    date: str = ""


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", fold(header)).split())


def parse_amount(text: str) -> Decimal | None:
    """ "8.000", "8,000", "8000", "8000.00", "8.000 đ" → 8000; ``None`` when unreadable."""
    cleaned = re.sub(r"(?i)\s|vnd|đồng|đ|\+", "", text)
    if _GROUPED.match(cleaned):
        cleaned = re.sub(r"[.,]", "", cleaned)
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None


def parse_csv(data: bytes) -> list[StatementRow]:
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Tệp sao kê quá lớn (tối đa 5 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp sao kê phải là tệp CSV mã hóa UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None) or []
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for field, names in _HEADERS.items():
            if key in names and field not in columns:
                columns[field] = index
    if "amount" not in columns or "description" not in columns:
        raise ValidationError(
            _(
                "Không nhận ra cột số tiền và cột nội dung trong dòng tiêu đề. Tên cột được chấp "
                "nhận: “Số tiền ghi có” (hoặc “Số tiền”), “Nội dung” (hoặc “Diễn giải”), "
                "“Mã giao dịch”, “Ngày giao dịch”."
            )
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise ValidationError(_("Tệp sao kê có quá nhiều dòng (tối đa 20.000)."))

        def cell(field: str, cells=cells) -> str:
            index = columns.get(field)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        amount = parse_amount(cell("amount"))
        if amount is None or amount <= 0:
            continue  # debit lines, blank lines, totals
        rows.append(
            StatementRow(
                number, amount, cell("description"), cell("bank_reference")[:100], cell("date")
            )
        )
    return rows
