"""Financial obligations: requesting them (status 6) and recording payment (NĐ 61 Điều 22;
NĐ 118 Điều 24). Payment plug-ins (counter, VietQR, gateways) call ``record_payment``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Dossier, DossierFee
from ..states import Action, State
from ._base import Act, perform, precondition, refuse
from .inputs import FeeData, PaymentData


def request_payment(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    items: Sequence[FeeData],
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to fulfil financial obligations (taxes, fees set after appraisal)."""
    with perform(
        Action.REQUEST_PAYMENT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        if not items:
            raise ValidationError(_("Vui lòng nhập các khoản phải nộp."))
        created = []
        for item in items:
            try:
                amount = Decimal(item.amount)
            except (InvalidOperation, TypeError):
                amount = Decimal(-1)
            if not item.name.strip() or amount <= 0 or amount != amount.to_integral_value():
                raise ValidationError(
                    _("Mỗi khoản phải có tên và số tiền là số nguyên dương (đồng).")
                )
            created.append(
                DossierFee.objects.create(
                    dossier=act.dossier,
                    name=item.name.strip(),
                    amount=amount,
                    collected_at="processing",
                    requested_at=act.now,
                )
            )
        act.set_state(State.AWAITING_PAYMENT)
        act.note = note
        act.data["fees"] = [{"id": f.pk, "name": f.name, "amount": str(f.amount)} for f in created]
        act.payload["fee_ids"] = [f.pk for f in created]
    return act.dossier


@precondition(Action.RECORD_PAYMENT)
def _something_due(act: Act) -> None:
    if not act.dossier.fees.filter(status=DossierFee.Status.DUE).exists():
        refuse(_("Hồ sơ không còn khoản phí, lệ phí nào chưa nộp."))


def record_payment(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    payment: PaymentData,
    fee_ids: Sequence[int] | None = None,
    waive: bool = False,
    now: dt.datetime | None = None,
) -> Dossier:
    """Record that fees were paid (or waived). ``fee_ids=None``: every fee still due. When
    nothing is due any more, a dossier waiting for payment resumes processing."""
    with perform(
        Action.RECORD_PAYMENT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        due = d.fees.filter(status=DossierFee.Status.DUE)
        if fee_ids is not None:
            due = due.filter(pk__in=fee_ids)
            if due.count() != len(set(fee_ids)):
                raise ValidationError({"fee_ids": _("Có khoản phí không tồn tại hoặc đã nộp.")})
        if not waive and not payment.method.strip():
            raise ValidationError({"method": _("Vui lòng chọn hình thức nộp.")})
        paid = list(due)
        for fee in paid:
            fee.status = DossierFee.Status.WAIVED if waive else DossierFee.Status.PAID
            fee.paid_at = act.now
            fee.method = payment.method.strip()
            fee.receipt_number = payment.receipt_number.strip()
            fee.paid_online = payment.paid_online
            fee.online_channel = payment.online_channel
            fee.save()
        if (
            d.state == State.AWAITING_PAYMENT
            and not d.fees.filter(status=DossierFee.Status.DUE).exists()
        ):
            act.set_state(State.PROCESSING)
        act.data.update(
            {
                "fee_ids": [f.pk for f in paid],
                "total": str(sum((f.amount for f in paid), Decimal(0))),
                "waived": waive,
                "paid_online": payment.paid_online,
            }
        )
        act.payload["fee_ids"] = [f.pk for f in paid]
    return act.dossier
