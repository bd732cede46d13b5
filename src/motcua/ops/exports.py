"""Exports of the audit trail (CSV streamed, XLSX as a long operation) and of the access
statistics (XLSX). Text is UTF-8 / Unicode NFC as stored (TCVN 6909:2001)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.core.models import AuditEntry

from . import access, services
from .models import AgentClass, LongOperation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would read as a formula gets a leading apostrophe (CSV/formula
    injection: a summary typed by a user must not run in the administrator's Excel)."""
    if isinstance(value, Promise):  # lazy translations
        value = str(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _audit_headers() -> list[str]:
    return [
        _("Thời điểm"),
        _("Tài khoản"),
        _("Người thực hiện"),
        _("Hành động"),
        _("Loại đối tượng"),
        _("Mã đối tượng"),
        _("Tóm tắt"),
        _("Địa chỉ IP"),
        _("Chi tiết"),
    ]


def _audit_row(entry: AuditEntry) -> list[Any]:
    actor = entry.actor
    return [
        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
        actor.username if actor else "",
        str(actor) if actor else _("Hệ thống"),
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.summary,
        entry.ip_address or "",
        json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else "",
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_csv(rows: Iterable[AuditEntry]) -> Iterator[bytes]:
    """CSV lines, streamed; starts with a BOM so spreadsheet programs read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(_audit_headers()).encode()
    for entry in rows:
        yield writer.writerow([safe_cell(v) for v in _audit_row(entry)]).encode()


def _write_sheet(sheet, headers: list[str], rows: Iterable[list[Any]], widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([_bold(sheet, h) for h in headers])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])


def _bold(sheet, text: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _xlsx(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@services.operation_kind("ops.audit_xlsx", gettext_lazy("Xuất nhật ký thao tác (Excel)"))
def audit_xlsx(operation: LongOperation, report: services.Reporter) -> tuple[str, bytes]:
    selection = services.AuditFilter.from_params(operation.params)
    rows = services.audit_entries(operation.owner, selection)
    total = rows.count()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhật ký thao tác"))

    def lines() -> Iterator[list[Any]]:
        for done, entry in enumerate(rows.iterator(chunk_size=2000), start=1):
            if done % 500 == 0:
                counts = {"done": done, "total": total}
                report(done, total, _("Đã ghi %(done)s / %(total)s dòng") % counts)
            yield _audit_row(entry)

    _write_sheet(sheet, _audit_headers(), lines(), [19, 18, 24, 28, 22, 14, 60, 16, 60])
    services.record_audit_export(operation.owner, selection, "xlsx", total)
    return f"nhat-ky-thao-tac-{timezone.localdate():%Y%m%d}.xlsx", _xlsx(workbook)


def access_params(params) -> tuple[dt.date, dt.date]:
    """The report period from ``date_from``/``date_to`` (default: the last 30 days)."""
    from django.utils.dateparse import parse_date

    today = timezone.localdate()

    def date(name: str, default: dt.date) -> dt.date:
        try:
            return parse_date((params.get(name) or "").strip()) or default
        except ValueError:
            return default

    end = date("date_to", today)
    start = date("date_from", end - dt.timedelta(days=29))
    return (start, end) if start <= end else (end, start)


@services.operation_kind("ops.access_xlsx", gettext_lazy("Xuất thống kê truy cập (Excel)"))
def access_xlsx(operation: LongOperation, report: services.Reporter) -> tuple[str, bytes]:
    start, end = access_params(operation.params)
    data = services.access_statistics(operation.owner, start, end, top=1000)
    report(1, 2, _("Đang ghi tệp"))
    return f"thong-ke-truy-cap-{start:%Y%m%d}-{end:%Y%m%d}.xlsx", render_access_xlsx(data)


def render_access_xlsx(data: access.AccessReport) -> bytes:
    workbook = Workbook(write_only=True)
    days = workbook.create_sheet(_("Theo ngày"))
    _write_sheet(
        days,
        [_("Ngày"), _("Lượt truy cập"), _("Khách truy cập"), _("Lượt đã đăng nhập"), _("Lỗi")],
        ([d.day, d.hits, d.visitors, d.signed_in, d.errors] for d in data.days),
        [12, 16, 16, 20, 10],
    )
    pages = workbook.create_sheet(_("Trang xem nhiều"))
    _write_sheet(
        pages,
        [_("Trang"), _("Lượt truy cập"), _("Thời gian xử lý trung bình (ms)"), _("Lâu nhất (ms)")],
        (
            [p.url_name or _("(không khớp địa chỉ nào)"), p.hits, p.average_ms, p.max_ms]
            for p in data.pages
        ),
        [44, 16, 30, 16],
    )
    errors = workbook.create_sheet(_("Lỗi"))
    _write_sheet(
        errors,
        [_("Trang"), _("Mã trạng thái HTTP"), _("Số lượt")],
        ([e.url_name or _("(không khớp địa chỉ nào)"), e.status, e.hits] for e in data.errors),
        [44, 20, 12],
    )
    agents = workbook.create_sheet(_("Thiết bị"))
    _write_sheet(
        agents,
        [_("Loại thiết bị"), _("Lượt truy cập")],
        ([AgentClass(agent).label, hits] for agent, hits in data.agents.items()),
        [36, 16],
    )
    return _xlsx(workbook)
