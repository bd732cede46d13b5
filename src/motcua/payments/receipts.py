"""The electronic receipt of a succeeded payment, as a PDF through the documents pipeline.

It confirms what was paid, for which dossier, how and when. It is not the fee receipt
(biên lai thu phí, lệ phí) that the collecting agency issues from its own e-receipt system; the
number of that receipt, when the desk records one, is printed here (ADR 0010).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.documents import formats
from motcua.documents.content import Column, Document, Field, Paragraph, QRCode, Table
from motcua.documents.qr import tracking_url
from motcua.documents.services import RenderedFile, letterhead_for, render_document

from .models import Payment, PaymentMethod, PaymentStatus


def receipt_document(payment: Payment) -> Document:
    if payment.status != PaymentStatus.SUCCEEDED:
        raise ValidationError(_("Chỉ giao dịch thành công mới có biên nhận."))
    dossier = payment.dossier
    on = payment.succeeded_at
    letterhead = letterhead_for(dossier.receiving_agency)
    fees = list(payment.fees.order_by("id"))
    method = PaymentMethod(payment.method).label
    if payment.online_channel:
        method = f"{method} — {payment.get_online_channel_display()}"
    blocks = [
        Field(_("Mã hồ sơ"), dossier.code),
        Field(_("Thủ tục"), dossier.procedure_version.procedure.name),
        Field(_("Người nộp hồ sơ"), dossier.applicant_name),
        Table(
            columns=(
                Column(_("STT"), 8, "center"),
                Column(_("Khoản nộp"), 62),
                Column(_("Số tiền"), 30, "right"),
            ),
            rows=tuple(
                (str(i), fee.name, formats.money(fee.amount)) for i, fee in enumerate(fees, start=1)
            ),
        ),
        Field(_("Tổng số tiền"), formats.money(payment.amount)),
        Field(_("Hình thức thanh toán"), method),
        Field(_("Thời điểm ghi nhận"), formats.time_and_date(on)),
    ]
    if payment.provider_reference:
        blocks.append(Field(_("Mã giao dịch"), payment.provider_reference))
    if payment.receipt_number and payment.receipt_number != payment.reference:
        blocks.append(Field(_("Số biên lai"), payment.receipt_number))
    if payment.refund_amount:
        blocks.append(
            Paragraph(
                _("Số tiền %(amount)s sẽ được hoàn trả: %(reason)s")
                % {
                    "amount": formats.money(payment.refund_amount),
                    "reason": payment.settlement_note,
                },
                "bold",
            )
        )
    blocks += [
        Paragraph(
            _(
                "Biên nhận điện tử do Hệ thống thông tin giải quyết thủ tục hành chính lập, xác "
                "nhận khoản thanh toán nêu trên; không thay thế biên lai thu phí, lệ phí."
            ),
            "note",
        ),
        QRCode(tracking_url(dossier.code), _("Quét mã để tra cứu hồ sơ")),
    ]
    return Document(
        form_set="",
        form_number="",
        title=_("BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ"),
        header=letterhead.header(on, _("Số: %(ref)s") % {"ref": payment.reference}),
        blocks=blocks,
        filename=f"bien-nhan-{payment.reference}",
    )


def receipt_pdf(payment: Payment) -> RenderedFile:
    # Official papers are Vietnamese whatever language the payer browses in.
    with translation.override("vi"):
        document = receipt_document(payment)
    return render_document(document, "pdf")
