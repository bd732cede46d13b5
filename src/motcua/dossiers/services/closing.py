"""Apology and extension, stopping, withdrawal, finishing and returning the result
(NĐ 61 Điều 19.9, 20; NĐ 118 Điều 19.6, 21, 22)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines
from ..models import (
    Dossier,
    DossierFee,
    DossierResult,
    Extension,
    ReturnMethod,
    SupplementRequest,
)
from ..states import INTAKE_STATES, Action, Decision, State, StopReason
from . import _process
from ._base import Act, perform, precondition, refuse


@precondition(Action.EXTEND)
def _extension_possible(act: Act) -> None:
    d = act.dossier
    if d.due_at is None:
        refuse(_("Hồ sơ không có thời hạn giải quyết nên không gia hạn."))
    if d.extension_count >= d.rule_version.max_extensions:
        refuse(_("Hồ sơ đã được gia hạn; chỉ được hẹn lại ngày trả kết quả một lần."))
    days = d.rule_version.extension_notice_working_days
    if deadlines.add_working_days(d.settling_agency, act.now, days) > d.due_at:
        refuse(
            _("Phải xin lỗi và gia hạn chậm nhất %(days)d ngày làm việc trước hạn trả kết quả.")
            % {"days": days}
        )


def extend(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    new_due_at: dt.datetime,
    reason: str,
    apology_text: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Apologise and set a new return date (Mẫu 04), at most once, no later than one working
    day before the due moment; the applicant is notified (event ``dossier.extended``)."""
    with perform(
        Action.EXTEND, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        if not reason.strip() or not apology_text.strip():
            raise ValidationError(_("Vui lòng nêu lý do chậm trễ và nội dung xin lỗi."))
        if new_due_at is None or timezone.is_naive(new_due_at) or new_due_at <= d.due_at:
            raise ValidationError(
                {"new_due_at": _("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")}
            )
        Extension.objects.create(
            dossier=d,
            old_due_at=d.due_at,
            new_due_at=new_due_at,
            reason=reason.strip(),
            apology_text=apology_text.strip(),
            requested_by=actor,
            at=act.now,
        )
        act.data.update({"old_due_at": d.due_at.isoformat(), "new_due_at": new_due_at.isoformat()})
        d.due_at = new_due_at
        d.extension_count += 1
        act.note = reason.strip()
        act.payload.update(act.data)
    return act.dossier


def _close(act: Act, state: str, reason: str, stop_reason: str = "") -> None:
    d = act.dossier
    _process.end_all_tasks(d, act.now)
    d.supplements.filter(status=SupplementRequest.Status.OPEN).update(
        status=SupplementRequest.Status.CANCELLED
    )
    d.paused_at = None
    d.closed_at = act.now
    d.closing_note = reason
    d.stop_reason = stop_reason
    act.set_state(state)
    act.note = reason


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Vui lòng nêu rõ lý do.")})
    return reason.strip()


def stop(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Stop processing by decision of the competent authority (status 8)."""
    with perform(
        Action.STOP, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        _close(act, State.STOPPED, _reason(reason), StopReason.AUTHORITY)
        act.payload["stop_reason"] = StopReason.AUTHORITY
    return act.dossier


@precondition(Action.STOP_AT_APPLICANT_REQUEST)
def _applicant_stop_allowed(act: Act) -> None:
    if not act.dossier.rule_version.applicant_stop_enabled:
        refuse(
            _("Quy định áp dụng cho hồ sơ này chưa có thủ tục dừng theo yêu cầu; hãy rút hồ sơ.")
        )
    if act.dossier.decision:
        refuse(_("Đã có quyết định giải quyết; không thể dừng theo yêu cầu."))


def stop_at_applicant_request(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Stop at the applicant's request, up to the decision (NĐ 118 Điều 21; notice Mẫu 05)."""
    with perform(
        Action.STOP_AT_APPLICANT_REQUEST,
        dossier,
        actor=actor,
        expected_version=expected_version,
        now=now,
    ) as act:
        _close(act, State.STOPPED, _reason(reason), StopReason.APPLICANT_REQUEST)
        act.payload["stop_reason"] = StopReason.APPLICANT_REQUEST
    return act.dossier


@precondition(Action.REQUEST_WITHDRAWAL)
def _withdrawal_allowed(act: Act) -> None:
    d = act.dossier
    if d.decision:
        refuse(_("Đã có quyết định giải quyết; không thể rút hồ sơ."))
    if d.rule_version.applicant_stop_enabled and d.state not in INTAKE_STATES:
        refuse(
            _(
                "Hồ sơ đã được tiếp nhận: theo quy định hiện hành, người nộp yêu cầu dừng "
                "giải quyết hồ sơ thay cho rút hồ sơ."
            )
        )


def request_withdrawal(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """The applicant asks to withdraw the dossier (status 7); the desk confirms it."""
    with perform(
        Action.REQUEST_WITHDRAWAL, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        act.set_state(State.WITHDRAWAL_REQUESTED)
        act.note = _reason(reason)
    return act.dossier


def confirm_withdrawal(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """The desk hands the papers back and closes the dossier as withdrawn."""
    with perform(
        Action.CONFIRM_WITHDRAWAL, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        _close(act, State.WITHDRAWN, note.strip())
    return act.dossier


@precondition(Action.FINISH)
def _ready_to_finish(act: Act) -> None:
    d = act.dossier
    if d.decision != Decision.APPROVED:
        refuse(_("Hồ sơ chưa được phê duyệt."))
    if not d.results.filter(kind=DossierResult.Kind.RESULT).exists():
        refuse(_("Chưa có kết quả giải quyết."))


def finish(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """The result is ready at the desk (status 9). Open consultations are cancelled."""
    with perform(
        Action.FINISH, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        act.task = act.auth.task
        _process.end_all_tasks(d, act.now, current_outcome=note)
        d.finished_at = act.now
        act.set_state(State.FINISHED)
        act.note = note
        act.data["late"] = bool(d.due_at and act.now > d.due_at)
    return act.dossier


def return_result(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    method: str | None = None,
    early_return_notified: bool = False,
    recipient_name: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Hand the result over (status 10) at the counter, by post or online. Returning before
    the appointment day requires the applicant to have been told beforehand."""
    with perform(
        Action.RETURN_RESULT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        method = method or d.return_method
        if method not in ReturnMethod.values:
            raise ValidationError({"method": _("Hình thức trả kết quả không hợp lệ.")})
        if d.fees.filter(status=DossierFee.Status.DUE).exists():
            raise ValidationError(_("Còn khoản phí, lệ phí chưa nộp."))
        early = bool(d.due_at and timezone.localdate(act.now) < timezone.localtime(d.due_at).date())
        if early and not early_return_notified:
            raise ValidationError(
                _("Trả kết quả trước ngày hẹn phải thông báo trước cho người nộp hồ sơ.")
            )
        d.return_method = method
        d.returned_at = act.now
        act.set_state(State.RETURNED)
        act.note = note
        act.data.update({"method": method, "early": early, "recipient_name": recipient_name})
        act.payload["method"] = method
    return act.dossier
