"""Payment attempts as a spreadsheet for reconciliation with the bank and the gateway."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import registry


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _provider_label(provider_id: str) -> str:
    provider = registry.find(provider_id)
    return provider.label if provider else provider_id


def payments_xlsx(payments) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Giao dịch")
    header = [
        _("Mã thanh toán"),
        _("Mã hồ sơ"),
        _("Chủ hồ sơ"),
        _("Thủ tục"),
        _("Nơi tiếp nhận"),
        _("Hình thức thanh toán"),
        _("Số tiền (đồng)"),
        _("Trạng thái"),
        _("Ghi nhận"),
        _("Cần hoàn trả (đồng)"),
        _("Mã giao dịch ngân hàng, cổng thanh toán"),
        _("Số biên lai"),
        _("Tạo lúc"),
        _("Thành công lúc"),
        _("Mã lỗi"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    labels: dict[str, str] = {}
    for p in payments:
        d = p.dossier
        label = labels.setdefault(p.provider, _provider_label(p.provider))
        sheet.append(
            [
                p.reference,
                d.code,
                d.applicant_name,
                d.procedure_version.procedure.name,
                d.receiving_agency.name,
                label,
                int(p.amount),
                p.get_status_display(),
                p.get_settlement_display() if p.settlement else "",
                int(p.refund_amount),
                p.provider_reference,
                p.receipt_number,
                _local(p.created_at),
                _local(p.succeeded_at),
                p.failure_code,
            ]
        )
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (16, 26, 24, 40, 30, 30, 14, 18, 20, 14, 26, 14, 18, 18, 8), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[12].number_format = row[13].number_format = "dd/mm/yyyy hh:mm"
        row[6].number_format = row[9].number_format = "#,##0"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
