"""Every report as a file: XLSX (typed numbers, openpyxl), PDF (the documents app's WeasyPrint
pipeline, so reports carry the agency's letterhead and the embedded fonts of official papers)
and JSON (machine-readable figures for the national reporting system).

A report is built once as a ``Report`` of ``Sheet``s; each format only writes it out. The
tracking book (Sổ theo dõi hồ sơ, Mẫu 06/07) is produced by ``motcua.documents``; its XLSX
copy is written from that same ``Document`` by ``document_xlsx``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from motcua.directory.models import Agency
from motcua.documents.content import A4 as PAPER_A4
from motcua.documents.content import LANDSCAPE, Column, Document, Paragraph, Table
from motcua.documents.rendering import render_pdf
from motcua.documents.services import letterhead_for

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Col:
    label: str
    width: int  # percent of the PDF text width
    kind: str = "text"  # "text", "int", "number" (one decimal), "percent", "points"
    key: str = ""  # machine name in JSON

    @property
    def align(self) -> str:
        return "left" if self.kind == "text" else "right"


@dataclass
class Sheet:
    title: str
    columns: list[Col]
    rows: list[list] = field(default_factory=list)
    total: list | None = None


@dataclass
class Report:
    title: str
    subtitle: str
    filename: str
    agency: Agency | None
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)


def display(value, kind: str) -> str:
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "text":
        return str(value)
    number = Decimal(str(value))
    if kind == "int":
        return f"{int(number):,}".replace(",", ".")
    places = 2 if kind in ("percent", "points") else 1
    text = f"{number:,.{places}f}"
    # Vietnamese digits: "." groups thousands, "," marks decimals.
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


# --- XLSX ---------------------------------------------------------------------------------------


def xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for index, sheet in enumerate(report.sheets, start=1):
        ws = workbook.create_sheet(_sheet_name(sheet.title, index))
        ws.append([report.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([report.subtitle])
        ws.append([sheet.title])
        ws.append([])
        ws.append([c.label for c in sheet.columns])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
        if sheet.total is not None:
            ws.append([_cell(v) for v in sheet.total])
            for cell in ws[ws.max_row]:
                cell.font = bold
        for position, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(position)
            ws.column_dimensions[letter].width = max(8, min(60, column.width * 2))
            if column.kind in ("percent", "points"):
                for (cell,) in ws.iter_rows(
                    min_row=header_row + 1, min_col=position, max_col=position
                ):
                    cell.number_format = "0.00"
            elif column.kind == "number":
                for (cell,) in ws.iter_rows(
                    min_row=header_row + 1, min_col=position, max_col=position
                ):
                    cell.number_format = "0.0"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for note in report.notes:
            ws.append([note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, index: int) -> str:
    # Excel: at most 31 characters, none of []:*?/\ .
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip()
    return f"{index}. {cleaned}"[:31]


def document_xlsx(document: Document) -> bytes:
    """The tables of an official paper (e.g. the tracking book) as a workbook."""
    sheets = []
    for block in document.blocks:
        if isinstance(block, Table):
            sheets.append(
                Sheet(
                    document.subtitle or document.title,
                    [Col(c.label, c.width) for c in block.columns],
                    [list(row) for row in block.rows],
                )
            )
    report = Report(document.title, document.subtitle, document.filename, None, sheets)
    return xlsx(report)


# --- PDF ----------------------------------------------------------------------------------------


def pdf(report: Report) -> bytes:
    with translation.override("vi"):
        agency = report.agency or _province()
        header = letterhead_for(agency).header(timezone.localtime(report.generated_at))
        blocks: list = []
        for sheet in report.sheets:
            blocks.append(Paragraph(sheet.title, "bold"))
            rows = [
                tuple(display(v, c.kind) for v, c in zip(r, sheet.columns, strict=True))
                for r in sheet.rows
            ]
            if sheet.total is not None:
                rows.append(
                    tuple(
                        display(v, c.kind) for v, c in zip(sheet.total, sheet.columns, strict=True)
                    )
                )
            blocks.append(
                Table(
                    columns=tuple(Column(c.label, c.width, c.align) for c in sheet.columns),
                    rows=tuple(rows),
                    empty_text="Không có số liệu trong kỳ",
                )
            )
        blocks += [Paragraph(note, "note") for note in report.notes]
        document = Document(
            form_set="",
            form_number="",
            title=report.title.upper(),
            subtitle=report.subtitle,
            header=header,
            blocks=blocks,
            page_size=PAPER_A4,
            orientation=LANDSCAPE,
            filename=report.filename,
        )
        return render_pdf(document)


def _province() -> Agency:
    """The top of the agency tree (the provincial People's Committee) for province-wide reports."""
    return (
        Agency.objects.filter(parent__isnull=True).order_by("sort_order", "code").first()
        or Agency.objects.order_by("pk").first()
    )


# --- JSON ---------------------------------------------------------------------------------------


def as_json(report: Report) -> bytes:
    """``motcua.reports/1``: each sheet's rows as objects keyed by the columns' machine names."""

    def value(v):
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, dt.date | dt.datetime):
            return v.isoformat()
        return v

    data = {
        "format": "motcua.reports/1",
        "title": report.title,
        "subtitle": report.subtitle,
        "generated_at": report.generated_at.isoformat(),
        "sheets": [
            {
                "title": sheet.title,
                "rows": [
                    {c.key or c.label: value(v) for c, v in zip(sheet.columns, row, strict=True)}
                    for row in sheet.rows
                ],
                "total": (
                    {
                        c.key or c.label: value(v)
                        for c, v in zip(sheet.columns, sheet.total, strict=True)
                    }
                    if sheet.total is not None
                    else None
                ),
            }
            for sheet in report.sheets
        ],
        "notes": report.notes,
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def render(report: Report, fmt: str) -> bytes:
    return {"xlsx": xlsx, "pdf": pdf, "json": as_json}[fmt](report)
