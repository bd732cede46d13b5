"""The report as files: a standalone HTML page, an XLSX workbook and JSON."""

from __future__ import annotations

import base64
import copy
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from PIL import Image, UnidentifiedImageError

from .assessment import MET, NOT_APPLICABLE, NOT_ASSESSED, NOT_MET, PARTLY_MET

FORMATS = ("html", "xlsx", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
STYLESHEETS = ("motcua/css/motcua.css", "compliance/compliance.css")
THUMBNAIL_WIDTH = 320
STATUS_FILLS = {
    MET: "E3F4E8",
    PARTLY_MET: "E6EFFA",
    NOT_MET: "FDECEA",
    NOT_ASSESSED: "F3F6F9",
    NOT_APPLICABLE: "FFFFFF",
}

# An artifact path of the results → (image src, link href); either may be None.
ArtifactLinks = Callable[[str], tuple[str | None, str | None]]


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


def with_artifact_links(report: dict[str, Any], links: ArtifactLinks) -> dict[str, Any]:
    """A copy of the report whose screenshot artifacts carry ``src`` and ``href``."""
    report = copy.deepcopy(report)
    tests = [t for s in report["sections"] for c in s["criteria"] for t in c["evidence"]["tests"]]
    tests += [t for r in report["requests"] for t in r["evidence"]["tests"]]
    for test in tests:
        for artifact in test["artifacts"]:
            src, href = links(artifact["path"]) if artifact["exists"] else (None, None)
            artifact["src"], artifact["href"] = src, href
    return report


def embedded_links(root: Path | str | None, out_dir: Path | None) -> ArtifactLinks:
    """Thumbnails embedded in the file; the full image linked relative to where it is saved
    (no link when ``out_dir`` is None: a download has no known place)."""

    def links(artifact: str) -> tuple[str | None, str | None]:
        path = Path(artifact) if not root else Path(root) / artifact
        href = Path(os.path.relpath(path, out_dir)).as_posix() if out_dir is not None else None
        return thumbnail_data_uri(path), href

    return links


def thumbnail_data_uri(path: Path) -> str | None:
    """A small JPEG of the top of a screenshot (the first screenful), as a data: URI."""
    try:
        with Image.open(path) as image:
            image = image.convert("RGB")
            width, height = image.size
            image = image.crop((0, 0, width, min(height, int(width * 0.75))))
            image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=70)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(report: dict[str, Any], links: ArtifactLinks) -> str:
    """A self-contained page: styles inline, screenshots as embedded thumbnails."""
    css = "\n".join(Path(finders.find(name)).read_text(encoding="utf-8") for name in STYLESHEETS)
    with translation.override(report["language"]):
        return render_to_string(
            "compliance/export.html",
            {"report": with_artifact_links(report, links), "inline_css": css},
        )


def render_xlsx(report: dict[str, Any]) -> bytes:
    with translation.override(report["language"]):
        workbook = Workbook()
        _summary_sheet(workbook.active, report)
        _criteria_sheet(workbook.create_sheet(_("Tiêu chí")), report)
        _evidence_sheet(workbook.create_sheet(_("Minh chứng")), report)
        _requests_sheet(workbook.create_sheet(_("Kiến nghị")), report)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _table(sheet, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
    header_row = sheet.max_row
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text (a request's wording) is never a formula
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _summary_sheet(sheet, report: dict[str, Any]) -> None:
    sheet.title = _("Tổng hợp")
    sheet.append([report["title"]])
    sheet["A1"].font = Font(bold=True, size=13)
    results = report["results"]
    for label, value in (
        (_("Hệ thống"), report["system"]),
        (_("Lập lúc"), report["produced_at_display"]),
        (_("Phiên bản mã nguồn"), report["produced_from"].get("commit") or "—"),
        (
            _("Kết quả kiểm thử cập nhật lúc"),
            results["updated_at_display"] if results["available"] else _("Chưa có"),
        ),
    ):
        sheet.append([label, value])
    sheet.append([])
    statuses = report["statuses"]
    rows = [
        [row["title"], *(row["counts"][s["code"]] for s in statuses), row["total"]]
        for row in report["summary"]["sections"]
    ]
    rows.append(
        [
            _("Tổng cộng"),
            *(report["summary"]["counts"][s["code"]] for s in statuses),
            report["summary"]["total"],
        ]
    )
    _table(
        sheet,
        [_("Phần"), *(s["label"] for s in statuses), _("Tổng")],
        rows,
        [48, 14, 16, 14, 14, 14, 10],
    )


def _criteria_sheet(sheet, report: dict[str, Any]) -> None:
    rows = []
    for section in report["sections"]:
        for c in section["criteria"]:
            evidence = c["evidence"]
            rows.append(
                [
                    c["id"],
                    section["title"],
                    ", ".join(v for v in c["source"].values() if v),
                    c["title"],
                    c["kind_label"],
                    c["proof_label"],
                    c["confidence_label"],
                    c["status_label"],
                    "\n".join(c["reasons"]),
                    sum(1 for t in evidence["tests"] if t["outcome"] == "passed"),
                    sum(1 for t in evidence["tests"] if t["outcome"] != "passed"),
                    "\n".join(
                        f"{b['bench']} {b['figure']} = {b['value']:g} {b['op']} "
                        f"{b['target']:g} {b['unit']}".rstrip()
                        for b in evidence["benchmarks"]
                    ),
                    ", ".join(f"#{n}" for n in c["requests"]),
                    c["remedy"]["text"] if c["remedy"] else "",
                    c["remedy"]["target_display"] if c["remedy"] else "",
                ]
            )
    _table(
        sheet,
        [
            _("Mã"),
            _("Phần"),
            _("Nguồn"),
            _("Tiêu chí"),
            _("Loại"),
            _("Cách chứng minh"),
            _("Độ tin cậy của nội dung"),
            _("Kết quả"),
            _("Căn cứ đánh giá"),
            _("Số kiểm thử đạt"),
            _("Số kiểm thử chưa đạt"),
            _("Chỉ số hiệu năng"),
            _("Kiến nghị liên quan"),
            _("Biện pháp khắc phục"),
            _("Thời hạn"),
        ],
        rows,
        [10, 24, 22, 60, 14, 20, 18, 16, 40, 10, 10, 40, 14, 60, 12],
    )
    status_column = 8
    codes = [c["status"] for s in report["sections"] for c in s["criteria"]]
    for offset, code in enumerate(codes, start=2):
        sheet.cell(row=offset, column=status_column).fill = PatternFill(
            "solid", fgColor=STATUS_FILLS[code]
        )


def _evidence_sheet(sheet, report: dict[str, Any]) -> None:
    rows = [
        [
            c["id"],
            t["nodeid"],
            t["title"],
            t["outcome_label"],
            t["duration"],
            t["message"],
            "\n".join(a["path"] for a in t["artifacts"]),
            t["date_display"],
            t["commit"],
            t["database"],
        ]
        for s in report["sections"]
        for c in s["criteria"]
        for t in c["evidence"]["tests"]
    ]
    _table(
        sheet,
        [
            _("Mã tiêu chí"),
            _("Kiểm thử"),
            _("Nội dung kiểm thử"),
            _("Kết quả"),
            _("Thời gian chạy (giây)"),
            _("Ghi chú"),
            _("Ảnh chụp màn hình"),
            _("Chạy lúc"),
            _("Phiên bản mã nguồn"),
            _("CSDL"),
        ],
        rows,
        [10, 60, 50, 14, 12, 40, 40, 18, 42, 12],
    )


def _requests_sheet(sheet, report: dict[str, Any]) -> None:
    rows = [
        [
            r["number"],
            r["agency"],
            r["reference"],
            r["received_on_display"],
            r["kind_label"],
            r["subject"],
            r["description"],
            r["status_label"],
            r["answer"],
            r["resolved_on_display"],
            ", ".join(r["criteria"]),
            r["evidence"]["label"],
            "\n".join(f"{t['outcome_label']}: {t['nodeid']}" for t in r["evidence"]["tests"]),
            r["warning"],
        ]
        for r in report["requests"]
    ]
    _table(
        sheet,
        [
            _("Số"),
            _("Cơ quan, đơn vị"),
            _("Văn bản"),
            _("Ngày tiếp nhận"),
            _("Loại"),
            _("Nội dung tóm tắt"),
            _("Nội dung kiến nghị"),
            _("Tình trạng"),
            _("Kết quả xử lý, trả lời"),
            _("Ngày giải quyết xong"),
            _("Tiêu chí liên quan"),
            _("Minh chứng"),
            _("Kiểm thử minh chứng"),
            _("Lưu ý"),
        ],
        rows,
        [6, 30, 22, 14, 16, 40, 50, 16, 50, 14, 16, 18, 60, 30],
    )
