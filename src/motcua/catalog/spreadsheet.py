"""The exchange format as an XLSX workbook: one sheet per list, the format's keys as columns.

Rows are tied together by key columns: ``national_code`` on every sheet, ``version`` (the
version number) on the sheets of a version's lists, and a row's ``case`` column names a case
code of that version. Reading turns the workbook back into the nested ``motcua.catalog/1``
payload and remembers, for every row, its sheet, row number and columns, so that each problem
the importer finds is reported where the user can see it in the spreadsheet.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .transfer import (
    CHILD_LISTS,
    FORMAT,
    PROCEDURE_COLS,
    VERSION_COLS,
    Col,
    ImportIssue,
    RowSource,
    Where,
)

PROCEDURES, VERSIONS = "procedures", "versions"
SHEETS = (PROCEDURES, VERSIONS, *CHILD_LISTS)
VERSION_KEY = "version"
LIST_SEPARATOR = ", "


def _columns(sheet: str) -> dict[str, Col]:
    """Every column of ``sheet``: the key columns, then the list's own keys (nested lists out)."""
    if sheet == PROCEDURES:
        return {k: c for k, c in PROCEDURE_COLS.items() if k != "versions"}
    key = {"national_code": Col("str", required=True)}
    if sheet == VERSIONS:
        return key | {k: c for k, c in VERSION_COLS.items() if k not in CHILD_LISTS}
    return key | {VERSION_KEY: Col("int", required=True)} | CHILD_LISTS[sheet][0]


# --- writing -----------------------------------------------------------------------------------


def _cell(value: Any, col: Col) -> Any:
    if value is None:
        return None
    if col.kind == "list":
        return LIST_SEPARATOR.join(value) or None
    if col.kind == "dict":
        return json.dumps(value, ensure_ascii=False) if value else None
    if col.kind == "decimal":
        return Decimal(value)
    if col.kind == "date":
        return date.fromisoformat(value)
    return value


def write_workbook(data: dict[str, Any]) -> bytes:
    """A ``motcua.catalog/1`` payload as the bytes of an XLSX workbook."""
    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for name in SHEETS:
        sheet = book.create_sheet(name)
        sheet.append(list(_columns(name)))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheets[name] = sheet
    for procedure in data["procedures"]:
        code = procedure["national_code"]
        _append(sheets[PROCEDURES], PROCEDURES, procedure)
        for version in procedure["versions"]:
            _append(sheets[VERSIONS], VERSIONS, {"national_code": code, **version})
            keys = {"national_code": code, VERSION_KEY: version["number"]}
            for list_name in CHILD_LISTS:
                for row in version[list_name]:
                    _append(sheets[list_name], list_name, {**keys, **row})
    for sheet in sheets.values():
        for column in sheet.columns:
            for cell in column[1:]:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str):
                    cell.number_format = "@"  # keep codes such as 1.001193 as text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, name: str, row: dict[str, Any]) -> None:
    sheet.append([_cell(row.get(key), col) for key, col in _columns(name).items()])


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Parsed:
    """A workbook read back: the payload, where each row came from, problems met on the way."""

    data: dict[str, Any]
    sources: dict[int, RowSource] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)


def _value(raw: Any, col: Col) -> Any:
    """The cell as the JSON format would carry it; anything odd is passed on for the checker."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        raw = raw.date()
    kind = col.kind
    if kind == "str" and isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(int(raw)) if float(raw).is_integer() else str(raw)
    if kind == "bool" and isinstance(raw, str | int) and not isinstance(raw, bool):
        text = str(raw).strip().lower()
        return {"true": True, "1": True, "false": False, "0": False}.get(text, raw)
    if kind == "int":
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str) and raw.strip().isdigit():
            return int(raw.strip())
    if kind == "decimal" and isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(raw)
    if kind == "date" and isinstance(raw, date):
        return raw.isoformat()
    if kind == "list" and isinstance(raw, str):
        return [item.strip() for item in raw.replace(";", ",").split(",") if item.strip()]
    if kind == "dict" and isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return raw
    return raw


class _Reader:
    def __init__(self):
        self.parsed = Parsed({"format": FORMAT, "procedures": []})

    def error(self, sheet: str, row: int | None, column: str, message: str, key: str = "") -> None:
        where = Where(sheet=sheet, sheet_row=row, column=column, field=key)
        self.parsed.issues.append(ImportIssue(where, message))

    def rows(self, book, name: str) -> list[tuple[dict[str, Any], RowSource]]:
        """The non-empty rows of sheet ``name`` as dicts of known columns, with their places."""
        if name not in book.sheetnames:
            self.error(name, None, "", _("Tệp thiếu trang “%(sheet)s”.") % {"sheet": name})
            return []
        cols = _columns(name)
        lines = book[name].iter_rows(values_only=True)
        header = next(lines, ())
        positions: dict[str, int] = {}
        for index, title in enumerate(header):
            if title is None:
                continue
            title = str(title).strip()
            letter = get_column_letter(index + 1)
            if title not in cols:
                self.error(
                    name,
                    1,
                    letter,
                    _("Cột “%(title)s” không có trong định dạng.") % {"title": title},
                )
            elif title in positions:
                self.error(name, 1, letter, _("Cột “%(title)s” bị lặp.") % {"title": title})
            else:
                positions[title] = index
        missing = [k for k, c in cols.items() if c.required and k not in positions]
        if missing:
            self.error(
                name,
                1,
                "",
                _("Trang thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)},
            )
            return []
        letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
        result = []
        for number, line in enumerate(lines, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in line):
                continue
            row = {}
            for key, index in positions.items():
                value = _value(line[index] if index < len(line) else None, cols[key])
                if value is not None:
                    row[key] = value
            result.append((row, RowSource(name, number, letters)))
        return result

    def read(self, book) -> Parsed:
        procedures: dict[str, dict] = {}
        versions: dict[tuple[str, Any], dict] = {}
        for row, source in self.rows(book, PROCEDURES):
            row["versions"] = []
            self.keep(row, source)
            self.parsed.data["procedures"].append(row)
            procedures.setdefault(row.get("national_code"), row)
        for row, source in self.rows(book, VERSIONS):
            code = row.pop("national_code", None)
            parent = self.parent(procedures, code, source, "national_code", PROCEDURES)
            if parent is None:
                continue
            for list_name in CHILD_LISTS:
                row[list_name] = []
            self.keep(row, source)
            parent["versions"].append(row)
            versions.setdefault((code, row.get("number")), row)
        for list_name in CHILD_LISTS:
            for row, source in self.rows(book, list_name):
                key = (row.pop("national_code", None), row.pop(VERSION_KEY, None))
                parent = self.parent(versions, key, source, VERSION_KEY, VERSIONS)
                if parent is not None:
                    self.keep(row, source)
                    parent[list_name].append(row)
        return self.parsed

    def keep(self, row: dict, source: RowSource) -> None:
        self.parsed.sources[id(row)] = source

    def parent(self, known: dict, key: Any, source: RowSource, column: str, sheet: str):
        found = known.get(key)
        if found is None:
            parts = key if isinstance(key, tuple) else (key,)
            label = " / ".join("" if part is None else str(part) for part in parts)
            self.error(
                source.sheet,
                source.row,
                source.columns.get(column, ""),
                _("Không có dòng “%(key)s” tương ứng trong trang “%(sheet)s”.")
                % {"key": label, "sheet": sheet},
            )
        return found


def read_workbook(content: bytes) -> Parsed:
    """Read an XLSX workbook back into the nested payload; see ``Parsed``."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        parsed = Parsed({})
        message = _("Tệp không phải bảng tính XLSX hợp lệ.")
        parsed.issues.append(ImportIssue(Where(), message))
        return parsed
    try:
        return _Reader().read(book)
    finally:
        book.close()
