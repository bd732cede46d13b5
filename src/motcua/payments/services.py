"""Fee payment: start attempts, take what gateways and banks report, record counter payments,
confirm transfers, reconcile. Views, commands and tasks call these; nothing else writes payments.

Money reaches the dossier only through ``dossiers.services.record_payment`` (the system as actor
for gateway reports, the officer for the desk), so fees, status 6 → 4 and the dossier history
follow the lifecycle's one write path. Each function runs in one transaction with the attempt row
locked; a report that arrives twice (IPN retries, the browser return beside the IPN, a statement
imported again) finds the attempt already settled and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit, events
from motcua.dossiers import services as dossier_services
from motcua.dossiers.exceptions import LifecycleError
from motcua.dossiers.models import Dossier, DossierFee
from motcua.dossiers.permissions import authorise
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.states import ALLOWED_FROM, Action

from . import registry
from .base import Instructions, Outcome, PaymentProvider, Redirect, Report, Verdict, mask
from .models import (
    OPEN_STATUSES,
    TRANSITIONS,
    OnlineChannel,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    Settlement,
)
from .money import dong

S = PaymentStatus
Kind = PaymentEvent.Kind
PAYABLE_STATES = ALLOWED_FROM[Action.RECORD_PAYMENT]

# References go into bank transfer contents, where banks upper-case, drop punctuation and cut
# at 25 characters: a fixed prefix and 10 Crockford base-32 characters (no I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "MC"
REFERENCE_RE = re.compile(r"MC[0-9A-HJKMNP-TV-Z]{10}")
_FAILURES = {Outcome.FAILED: S.FAILED, Outcome.CANCELLED: S.CANCELLED, Outcome.EXPIRED: S.EXPIRED}


class PaymentStateError(Exception):
    """A status change the state machine forbids (a programming error, not user input)."""


# --- reading ------------------------------------------------------------------------------


def new_reference() -> str:
    while True:
        reference = REFERENCE_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if not Payment.objects.filter(reference=reference).exists():
            return reference


def fees_due(dossier: Dossier) -> QuerySet[DossierFee]:
    return dossier.fees.filter(status=DossierFee.Status.DUE).order_by("id")


def total(fees) -> Decimal:
    return sum((f.amount for f in fees), Decimal(0))


def owns(user, dossier: Dossier) -> bool:
    return getattr(user, "is_authenticated", False) and dossier.owner_id == user.pk


def can_pay_online(user, dossier: Dossier) -> bool:
    """The owner may pay online while fees are due and the dossier can still take payment."""
    return (
        owns(user, dossier)
        and dossier.state in PAYABLE_STATES
        and fees_due(dossier).exists()
        and bool(registry.for_citizens())
    )


def can_record_payment(user, dossier: Dossier) -> bool:
    """Whether ``user`` may record a payment at the desk or confirm a transfer (the lifecycle's
    grant for ``record_payment``: reception officers and clerks)."""
    if user is None or dossier.state not in PAYABLE_STATES:
        return False
    try:
        authorise(Action.RECORD_PAYMENT, dossier, user)
    except PermissionDenied:
        return False
    return True


def payments_visible_to(user) -> QuerySet[Payment]:
    """Attempts on dossiers ``user`` may see (owners theirs, officials those in scope)."""
    visible = dossiers_visible_to(user).values("pk")
    return Payment.objects.filter(dossier_id__in=visible).select_related(
        "dossier__procedure_version__procedure", "dossier__receiving_agency"
    )


def online_payment_flag(dossier: Dossier) -> int | None:
    """``DuocThanhToanTrucTuyen`` of the national sync (regs.md §5.4): 1 when a fee was paid
    through the national payment platform, 2 through the province's gateway, else ``None``."""
    channels = set(
        dossier.fees.filter(status=DossierFee.Status.PAID, paid_online=True).values_list(
            "online_channel", flat=True
        )
    )
    if OnlineChannel.NATIONAL in channels:
        return 1
    if channels:
        return 2
    return None


# --- the state machine --------------------------------------------------------------------


def _log(
    payment: Payment,
    kind: str,
    *,
    now: dt.datetime,
    before: str | None = None,
    actor=None,
    outcome: str = "",
    report: Report | None = None,
    data: Mapping | None = None,
) -> PaymentEvent:
    payload = dict(data or {})
    if report is not None:
        payload.update(report.raw)
    return PaymentEvent.objects.create(
        payment=payment,
        at=now,
        kind=kind,
        status_before=payment.status if before is None else before,
        status_after=payment.status,
        outcome=outcome,
        signature_valid=report.signature_valid if report is not None else None,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=payload,
    )


def _transition(
    payment: Payment,
    status: str,
    kind: str,
    *,
    now: dt.datetime,
    actor=None,
    outcome: str = "",
    report: Report | None = None,
    data: Mapping | None = None,
) -> None:
    before = payment.status
    if status not in TRANSITIONS[before]:
        raise PaymentStateError(f"{payment.reference}: {before} → {status}")
    payment.status = status
    if status == S.SUCCEEDED:
        payment.succeeded_at = now
    elif status in (S.FAILED, S.CANCELLED, S.EXPIRED):
        payment.closed_at = now
    payment.save()
    _log(
        payment,
        kind,
        now=now,
        before=before,
        actor=actor,
        outcome=outcome or status,
        report=report,
        data=data,
    )
    audit.record(
        f"payment.{status}",
        actor=actor,
        obj=payment,
        summary=f"{payment.reference} ({payment.dossier.code}): {PaymentStatus(status).label}",
        details={"before": before, "kind": kind, "amount": str(payment.amount)},
    )


def _succeed(
    payment: Payment,
    kind: str,
    *,
    now: dt.datetime,
    actor=None,
    provider_reference: str = "",
    report: Report | None = None,
    data: Mapping | None = None,
) -> None:
    """Money arrived: mark the attempt succeeded and record the fees still due on the dossier.
    What cannot be recorded (fees paid meanwhile, dossier closed) is left for refund."""
    if provider_reference:
        payment.provider_reference = provider_reference[:100]
    covered = list(payment.fees.all())
    due = [f for f in covered if f.status == DossierFee.Status.DUE]
    applied = Decimal(0)
    notes = []
    try:
        if not due:
            raise ValidationError(
                _("Các khoản phí, lệ phí của giao dịch này đã được nộp trước đó.")
            )
        dossier_services.record_payment(
            payment.dossier_id,
            actor=actor,
            expected_version=None,
            payment=dossier_services.PaymentData(
                method=payment.method,
                receipt_number=payment.receipt_number or payment.reference,
                paid_online=payment.online,
                online_channel=payment.online_channel,
            ),
            fee_ids=[f.pk for f in due],
            now=now,
        )
        applied = total(due)
        if len(due) < len(covered):
            notes.append(_("Một số khoản đã được nộp trước đó."))
    except (ValidationError, LifecycleError, PermissionDenied) as exc:
        notes.append(_error_text(exc))
    payment.refund_amount = payment.amount - applied
    payment.settlement = Settlement.APPLIED if payment.refund_amount == 0 else Settlement.REFUND
    payment.settlement_note = " ".join(notes)
    _transition(payment, S.SUCCEEDED, kind, now=now, actor=actor, report=report, data=data or {})
    payload = _event_payload(payment)
    events.publish("payment.succeeded", **payload)
    if payment.settlement == Settlement.REFUND:
        events.publish("payment.refund_needed", **payload)


def _event_payload(payment: Payment) -> dict:
    return {
        "payment_id": payment.pk,
        "reference": payment.reference,
        "dossier_id": payment.dossier_id,
        "code": payment.dossier.code,
        "amount": str(payment.amount),
        "settlement": payment.settlement,
        "refund_amount": str(payment.refund_amount),
    }


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return getattr(exc, "message", "") or str(exc)


def _locked(reference: str, provider: str | None = None) -> Payment | None:
    qs = Payment.objects.select_for_update().select_related("dossier")
    if provider is not None:
        qs = qs.filter(provider=provider)
    return qs.filter(reference=reference).first()


# --- online payment by the owner ----------------------------------------------------------


@dataclass
class Started:
    payment: Payment
    action: Redirect | Instructions | None


def start_payment(
    dossier: Dossier,
    *,
    actor,
    provider_id: str,
    return_url: str,
    fee_ids: Sequence[int] | None = None,
    idempotency_key: str = "",
    client_ip: str = "",
    language: str = "vi",
    now: dt.datetime | None = None,
) -> Started:
    """Open an attempt for the fees still due (or ``fee_ids`` among them) with a citizen plug-in.
    The same ``idempotency_key`` (one per rendered form) returns the same attempt; a new attempt
    cancels the dossier's earlier open ones, whose late success would still be recorded."""
    now = now or timezone.now()
    provider = _citizen_provider(provider_id)
    with transaction.atomic():
        d = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if not owns(actor, d):
            raise PermissionDenied(_("Bạn chỉ nộp phí được cho hồ sơ của mình."))
        key = idempotency_key.strip()[:64] or None
        existing = Payment.objects.filter(idempotency_key=key).first() if key else None
        if existing is not None:
            if existing.dossier_id != d.pk or existing.created_by_id != actor.pk:
                raise ValidationError(_("Yêu cầu thanh toán không hợp lệ, vui lòng tải lại trang."))
            action = _action(provider, existing, return_url, client_ip, language)
            return Started(existing, action if existing.is_open else None)
        if d.state not in PAYABLE_STATES:
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái “%(status)s”, không nhận nộp phí, lệ phí.")
                % {"status": d.get_national_status_display()}
            )
        due = _select_due(d, fee_ids)
        for earlier in Payment.objects.select_for_update().filter(
            dossier=d, status__in=OPEN_STATUSES
        ):
            _transition(earlier, S.CANCELLED, Kind.SUPERSEDED, now=now, actor=actor)
        payment = Payment.objects.create(
            reference=new_reference(),
            dossier=d,
            amount=total(due),
            provider=provider.id,
            method=provider.method,
            online=provider.online,
            online_channel=provider.online_channel,
            idempotency_key=key,
            created_by=actor,
            created_at=now,
            expires_at=now + provider.attempt_ttl(),
        )
        payment.fees.set(due)
        action = _action(provider, payment, return_url, client_ip, language)
        _transition(
            payment,
            S.PENDING,
            Kind.START,
            now=now,
            actor=actor,
            data={"fees": [f.pk for f in due], "provider": provider.id},
        )
    return Started(payment, action)


def _citizen_provider(provider_id: str) -> PaymentProvider:
    for provider in registry.for_citizens():
        if provider.id == provider_id:
            return provider
    raise ValidationError({"provider": _("Vui lòng chọn một hình thức thanh toán được hỗ trợ.")})


def _select_due(dossier: Dossier, fee_ids: Sequence[int] | None) -> list[DossierFee]:
    due = list(fees_due(dossier))
    if fee_ids is not None:
        wanted = {int(i) for i in fee_ids}
        due = [f for f in due if f.pk in wanted]
        if len(due) != len(wanted):
            raise ValidationError({"fee_ids": _("Có khoản phí không tồn tại hoặc đã nộp.")})
    if not due:
        raise ValidationError(_("Hồ sơ không còn khoản phí, lệ phí nào chưa nộp."))
    return due


def _action(provider, payment, return_url, client_ip, language):
    return provider.start(payment, return_url=return_url, client_ip=client_ip, language=language)


# --- reports from gateways ----------------------------------------------------------------


@dataclass
class CallbackResult:
    verdict: Verdict
    payment: Payment | None = None


def handle_callback(
    provider_id: str, params: Mapping[str, str], *, kind: str, now: dt.datetime | None = None
) -> CallbackResult:
    """Take a gateway's browser return (``kind="return"``) or server notification
    (``kind="ipn"``). Only the IPN (or a query, or an officer) confirms money: a success seen on
    the return leg waits for it, because the browser leg can be lost, replayed or bookmarked.
    Failures are taken from either leg; a later success still wins."""
    now = now or timezone.now()
    try:
        provider = registry.get(provider_id)
    except LookupError:
        return CallbackResult(Verdict.UNKNOWN_ORDER)
    if not provider.has_callbacks:
        return CallbackResult(Verdict.UNKNOWN_ORDER)
    report = provider.parse_callback(params)
    with transaction.atomic():
        payment = _locked(report.reference, provider.id) if report.reference else None
        if not report.signature_valid:
            _reject(provider, kind, report, "bad_signature", payment, now)
            return CallbackResult(Verdict.BAD_SIGNATURE, payment)
        if payment is None:
            _reject(provider, kind, report, "unknown_order", None, now)
            return CallbackResult(Verdict.UNKNOWN_ORDER)
        verdict = _apply(payment, report, kind, now=now)
    return CallbackResult(verdict, payment)


def _reject(provider, kind, report: Report, reason: str, payment, now) -> None:
    if payment is not None:
        _log(payment, kind, now=now, outcome=reason, report=report)
    audit.record(
        "payment.callback_rejected",
        obj=payment,
        summary=f"{provider.id} {kind}: {reason} ({report.reference[:20]})",
        details=mask(report.raw),
    )


def _apply(payment: Payment, report: Report, kind: str, *, now, actor=None) -> Verdict:
    if report.outcome in (Outcome.PENDING, Outcome.UNKNOWN):
        _log(payment, kind, now=now, outcome=report.outcome, report=report)
        return Verdict.ACCEPTED
    if report.amount != payment.amount:
        _log(payment, kind, now=now, outcome="amount_mismatch", report=report)
        audit.record(
            "payment.callback_rejected",
            obj=payment,
            summary=f"{payment.reference}: amount {report.amount} ≠ {payment.amount}",
            details=report.raw,
        )
        return Verdict.AMOUNT_MISMATCH
    if report.outcome == Outcome.SUCCEEDED:
        if payment.status == S.SUCCEEDED:
            _log(payment, kind, now=now, outcome="duplicate", report=report)
            return Verdict.DUPLICATE
        if kind == Kind.RETURN:
            _log(payment, kind, now=now, outcome="awaiting_notification", report=report)
            return Verdict.ACCEPTED
        _succeed(
            payment,
            kind,
            now=now,
            actor=actor,
            provider_reference=report.provider_reference,
            report=report,
        )
        return Verdict.ACCEPTED
    if not payment.is_open:
        _log(payment, kind, now=now, outcome="ignored", report=report)
        return Verdict.DUPLICATE
    payment.failure_code = report.code[:20]
    payment.failure_message = report.message[:300]
    _transition(payment, _FAILURES[report.outcome], kind, now=now, actor=actor, report=report)
    return Verdict.ACCEPTED


# --- the desk -----------------------------------------------------------------------------


def record_counter_payment(
    dossier: Dossier,
    *,
    actor,
    expected_version: int | None,
    method: str,
    receipt_number: str,
    fee_ids: Sequence[int] | None = None,
    now: dt.datetime | None = None,
) -> Payment:
    """Cash or card taken at the desk, with the receipt (biên lai) number. All or nothing: if
    the dossier refuses the payment, no attempt is kept."""
    now = now or timezone.now()
    if method not in (PaymentMethod.CASH, PaymentMethod.CARD):
        raise ValidationError({"method": _("Vui lòng chọn hình thức nộp.")})
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise ValidationError({"receipt_number": _("Vui lòng nhập số biên lai.")})
    with transaction.atomic():
        due = _select_due(dossier, fee_ids)
        payment = Payment.objects.create(
            reference=new_reference(),
            dossier=dossier,
            amount=total(due),
            provider="counter",
            method=method,
            receipt_number=receipt_number[:100],
            created_by=actor,
            confirmed_by=actor,
            created_at=now,
        )
        payment.fees.set(due)
        dossier_services.record_payment(
            dossier,
            actor=actor,
            expected_version=expected_version,
            payment=dossier_services.PaymentData(method=method, receipt_number=receipt_number),
            fee_ids=[f.pk for f in due],
            now=now,
        )
        payment.settlement = Settlement.APPLIED
        _transition(payment, S.SUCCEEDED, Kind.COUNTER, now=now, actor=actor)
        events.publish("payment.succeeded", **_event_payload(payment))
    return payment


def confirm_transfer(
    payment: Payment, *, actor, bank_reference: str, now: dt.datetime | None = None
) -> Payment:
    """An officer saw the transfer in the bank's application: confirm the attempt (also after
    it expired or was replaced — the money is there)."""
    now = now or timezone.now()
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": _("Vui lòng nhập mã giao dịch của ngân hàng.")})
    with transaction.atomic():
        locked = _locked(payment.reference)
        _check_confirmable(locked, actor)
        _taken(locked, bank_reference)
        locked.confirmed_by = actor
        _succeed(locked, Kind.CONFIRM, now=now, actor=actor, provider_reference=bank_reference)
    return locked


def _check_confirmable(payment: Payment, actor) -> None:
    if not registry.get(payment.provider).manual_confirmation:
        raise ValidationError(
            _("Giao dịch này được cổng thanh toán xác nhận, không xác nhận thủ công.")
        )
    if payment.status == S.SUCCEEDED:
        raise ValidationError(_("Giao dịch đã được xác nhận trước đó."))
    authorise(Action.RECORD_PAYMENT, payment.dossier, actor)


def _taken(payment: Payment, bank_reference: str) -> None:
    clash = Payment.objects.filter(provider=payment.provider, provider_reference=bank_reference)
    if clash.exclude(pk=payment.pk).exists():
        raise ValidationError(
            {"bank_reference": _("Mã giao dịch này đã được dùng để xác nhận một khoản khác.")}
        )


# --- bank statements ----------------------------------------------------------------------


@dataclass
class StatementLine:
    row: int
    amount: Decimal | None
    description: str
    bank_reference: str
    result: str  # "applied", "already", "unmatched", "amount_mismatch", "out_of_scope", "error"
    message: str = ""
    payment: Payment | None = None


@dataclass
class StatementReport:
    lines: list[StatementLine] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for line in self.lines if line.result == result)


def import_statement(rows, *, actor, now: dt.datetime | None = None) -> StatementReport:
    """Match credited lines (``statements.StatementRow``) to VietQR attempts by the reference in
    the transfer content; confirm those whose amount matches. Each line stands alone, so one bad
    line does not hold back the others, and importing the same statement again changes nothing."""
    now = now or timezone.now()
    report = StatementReport()
    for row in rows:
        report.lines.append(_statement_line(row, actor, now))
    audit.record(
        "payment.statement_imported",
        actor=actor,
        summary=_("Đối soát sao kê: %(n)s dòng") % {"n": len(report.lines)},
        details={
            r: report.count(r) for r in ("applied", "already", "unmatched", "amount_mismatch")
        },
    )
    return report


def _statement_line(row, actor, now) -> StatementLine:
    line = StatementLine(row.row, row.amount, row.description, row.bank_reference, "unmatched")
    squeezed = re.sub(r"[^0-9A-Z]", "", row.description.upper())
    match = REFERENCE_RE.search(squeezed)
    if match is None:
        line.message = _("Không tìm thấy mã thanh toán trong nội dung chuyển khoản.")
        return line
    with transaction.atomic():
        payment = _locked(match.group(0), "vietqr")
        line.payment = payment
        if payment is None:
            line.message = _("Mã thanh toán %(ref)s không tồn tại.") % {"ref": match.group(0)}
            return line
        if payment.status == S.SUCCEEDED:
            line.result = "already"
            line.message = _("Giao dịch đã được xác nhận trước đó.")
            if row.bank_reference and payment.provider_reference != row.bank_reference:
                line.message = _("Khoản chuyển thêm cho giao dịch đã xác nhận — cần hoàn trả.")
            return line
        if row.amount != payment.amount:
            line.result = "amount_mismatch"
            line.message = _("Số tiền chuyển khác số tiền phải nộp (%(due)s).") % {
                "due": dong(payment.amount)
            }
            _log(
                payment,
                Kind.STATEMENT,
                now=now,
                actor=actor,
                outcome="amount_mismatch",
                data={"row": row.row, "amount": str(row.amount)},
            )
            return line
        try:
            _check_confirmable(payment, actor)
            bank_reference = row.bank_reference or f"SK-{payment.reference}"
            _taken(payment, bank_reference)
        except PermissionDenied:
            line.result = "out_of_scope"
            line.message = _("Hồ sơ ngoài phạm vi bạn được ghi nhận nộp phí.")
            return line
        except ValidationError as exc:
            line.result = "error"
            line.message = _error_text(exc)
            return line
        payment.confirmed_by = actor
        _succeed(
            payment,
            Kind.STATEMENT,
            now=now,
            actor=actor,
            provider_reference=bank_reference,
            data={"row": row.row, "description": row.description[:200]},
        )
        line.result = "applied"
    return line


# --- reconciliation -----------------------------------------------------------------------


@dataclass
class ReconcileReport:
    checked: int = 0
    succeeded: int = 0
    failed: int = 0
    expired: int = 0


def reconcile(now: dt.datetime | None = None) -> ReconcileReport:
    """For every open attempt: ask its gateway when the plug-in can; expire it once its time is
    up and nothing says it was paid. Safe to run as often as wanted (management command
    ``reconcile_payments``, Celery task ``motcua.payments.reconcile``)."""
    now = now or timezone.now()
    result = ReconcileReport()
    for pk, provider_id, reference in Payment.objects.filter(status__in=OPEN_STATUSES).values_list(
        "pk", "provider", "reference"
    ):
        result.checked += 1
        try:
            provider = registry.get(provider_id)
        except LookupError:
            continue
        report = provider.query(Payment.objects.get(pk=pk))  # network call outside the lock
        with transaction.atomic():
            payment = _locked(reference)
            if payment is None or not payment.is_open:
                continue
            if report is not None and report.signature_valid and report.reference == reference:
                _apply(payment, report, Kind.QUERY, now=now)
            if payment.is_open and payment.expires_at and payment.expires_at <= now:
                _transition(payment, S.EXPIRED, Kind.EXPIRE, now=now)
        if payment.status == S.SUCCEEDED:
            result.succeeded += 1
        elif payment.status == S.EXPIRED:
            result.expired += 1
        elif payment.status in (S.FAILED, S.CANCELLED):
            result.failed += 1
    return result
