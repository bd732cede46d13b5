"""Supplement requests after reception and the processing clock (NĐ 61 Điều 19.4; NĐ 118
Điều 19.5): pause or restart-from-zero per procedure version, a second request flagged
because the national index counts it as overdue, automatic closing after the waiting period
(2025 rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import SupplementClock

from .. import deadlines
from ..models import Dossier, SupplementRequest
from ..states import Action, State, StopReason
from . import _process
from ._base import Act, perform, precondition, refuse
from ._components import clean_items, store_components
from .inputs import ComponentData


def _open_request(dossier: Dossier) -> SupplementRequest | None:
    return dossier.supplements.filter(
        status=SupplementRequest.Status.OPEN, stage=SupplementRequest.Stage.PROCESSING
    ).first()


def request_supplement(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    items: Sequence[str],
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Ask, once and completely, for what is missing (Mẫu 02, status 5). The clock pauses.

    Due within ``appraisal_supplement_working_days`` (3) of reception — a later request is
    allowed but marked ``late``; a second request after reception is marked
    ``counts_as_overdue``."""
    with perform(
        Action.REQUEST_SUPPLEMENT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        items = clean_items(items)
        if not items or not reason.strip():
            raise ValidationError(
                _("Phải nêu đầy đủ, một lần các giấy tờ cần bổ sung, hoàn thiện và lý do.")
            )
        window_end = deadlines.add_working_days(
            d.settling_agency,
            d.processing_started_at,
            d.rule_version.appraisal_supplement_working_days,
        )
        request = SupplementRequest.objects.create(
            dossier=d,
            stage=SupplementRequest.Stage.PROCESSING,
            requested_at=act.now,
            requested_by=actor,
            items=items,
            reason=reason.strip(),
            deadline=act.now + dt.timedelta(days=d.procedure_version.supplement_wait_days),
            state_before=act.state_before,
            counts_as_overdue=d.supplement_count_after_reception >= 1,
            late=act.now > window_end,
        )
        d.supplement_count_after_reception += 1
        d.paused_at = act.now
        act.set_state(State.SUPPLEMENT_REQUESTED)
        act.note = reason.strip()
        act.data.update(
            {
                "items": items,
                "deadline": request.deadline.isoformat(),
                "counts_as_overdue": request.counts_as_overdue,
                "late": request.late,
            }
        )
        act.payload.update({"items": items, "deadline": request.deadline.isoformat()})
    return act.dossier


def receive_supplement(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    components: Sequence[ComponentData] = (),
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """The supplement arrived: processing resumes. With ``SupplementClock.PAUSE`` the due
    moments move by the working time spent waiting; with ``RESTART`` the time limit counts again
    from zero (NĐ 61/118: appraisal-stage supplements)."""
    with perform(
        Action.RECEIVE_SUPPLEMENT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        request = _open_request(d)
        store_components(d, components, actor=actor, now=act.now, supplemented=True)
        request.status = SupplementRequest.Status.ANSWERED
        request.answered_at = act.now
        request.answer_note = note
        request.save(update_fields=["status", "answered_at", "answer_note"])
        old_due = d.due_at
        if d.procedure_version.supplement_clock == SupplementClock.RESTART:
            d.processing_started_at = deadlines.processing_start(d, act.now)
            d.due_at = deadlines.dossier_due(d, d.processing_started_at)
            _process.restart_open_tasks(d, act.now)
        else:
            paused = deadlines.working_seconds_between(d.settling_agency, d.paused_at, act.now)
            d.paused_working_seconds += paused
            if d.due_at is not None:
                d.due_at = deadlines.shift(d.settling_agency, d.due_at, paused)
            _process.shift_open_tasks(d, d.paused_at, act.now)
            act.data["paused_working_seconds"] = paused
        d.paused_at = None
        act.set_state(request.state_before)
        act.note = note
        act.data.update(
            {
                "clock": d.procedure_version.supplement_clock,
                "due_before": old_due.isoformat() if old_due else None,
                "due_after": d.due_at.isoformat() if d.due_at else None,
            }
        )
    return act.dossier


@precondition(Action.CLOSE_MISSING_SUPPLEMENT)
def _supplement_expired(act: Act) -> None:
    if not act.dossier.rule_version.auto_close_missing_supplement:
        refuse(_("Quy định áp dụng cho hồ sơ này không tự động đóng hồ sơ chưa bổ sung."))
    request = _open_request(act.dossier)
    if request is None or request.deadline is None or act.now <= request.deadline:
        refuse(_("Chưa hết thời hạn chờ bổ sung hồ sơ."))


def close_missing_supplement(dossier: Dossier | int, *, now: dt.datetime | None = None) -> Dossier:
    """Close a dossier whose requested supplement did not arrive within the waiting period
    (NĐ 118 Điều 19.5; ``ProcedureVersion.supplement_wait_days``, 15 by default). Run by
    ``run_timers`` as the system."""
    with perform(
        Action.CLOSE_MISSING_SUPPLEMENT, dossier, actor=None, expected_version=None, now=now
    ) as act:
        d = act.dossier
        request = _open_request(d)
        request.status = SupplementRequest.Status.EXPIRED
        request.save(update_fields=["status"])
        _process.end_all_tasks(d, act.now)
        d.stop_reason = StopReason.MISSING_SUPPLEMENT
        d.closed_at = act.now
        d.closing_note = str(StopReason.MISSING_SUPPLEMENT.label)
        act.set_state(State.STOPPED)
        act.note = d.closing_note
        act.data["supplement_request_id"] = request.pk
        act.payload["stop_reason"] = d.stop_reason
    return act.dossier
