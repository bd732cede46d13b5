"""The pattern every lifecycle action follows, written once.

``perform(action, dossier, actor=…, expected_version=…)`` opens a transaction, locks the dossier
row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers with IMMEDIATE
transactions), compares the version (optimistic locking), checks permission, transition and the
action's preconditions, and yields an ``Act`` to the service body. When the body returns without
raising, the version is bumped, the national status re-derived, one history entry appended, the
audit trail written and the events queued for after commit — all in the same transaction, so a
failure anywhere leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit, events
from motcua.directory.models import Agency

from ..exceptions import ConflictError, TransitionError
from ..models import Dossier, HistoryEntry, Task
from ..permissions import Authorisation, authorise
from ..states import ALLOWED_FROM, Action, State

Precondition = Callable[["Act"], None]
_PRECONDITIONS: dict[str, list[Precondition]] = {}

# Event published for each action (besides ``dossier.status_changed`` on every status change).
EVENT_FOR: dict[str, str] = {
    Action.SUBMIT: "dossier.submitted",
    Action.RESUBMIT: "dossier.resubmitted",
    Action.AMEND: "dossier.amended",
    Action.RECEIVE: "dossier.received",
    Action.REQUEST_INTAKE_FIX: "dossier.supplement_requested",
    Action.REFUSE_RECEPTION: "dossier.not_received",
    Action.ASSIGN: "task.assigned",
    Action.FORWARD: "task.forwarded",
    Action.RETURN_BACK: "task.returned",
    Action.CONSULT: "dossier.consultation_requested",
    Action.ANSWER_CONSULTATION: "dossier.consultation_answered",
    Action.TRANSFER: "dossier.transferred",
    Action.COMPLETE_TRANSFER: "dossier.transfer_completed",
    Action.APPROVE: "dossier.approved",
    Action.RECORD_RESULT: "dossier.result_recorded",
    Action.SIGN_RESULT: "dossier.result_signed",
    Action.REFUSE_AFTER_APPRAISAL: "dossier.refused",
    Action.REQUEST_SUPPLEMENT: "dossier.supplement_requested",
    Action.RECEIVE_SUPPLEMENT: "dossier.supplement_received",
    Action.CLOSE_MISSING_SUPPLEMENT: "dossier.stopped",
    Action.REQUEST_PAYMENT: "dossier.payment_requested",
    Action.RECORD_PAYMENT: "dossier.payment_recorded",
    Action.EXTEND: "dossier.extended",
    Action.STOP: "dossier.stopped",
    Action.STOP_AT_APPLICANT_REQUEST: "dossier.stopped",
    Action.REQUEST_WITHDRAWAL: "dossier.withdrawal_requested",
    Action.CONFIRM_WITHDRAWAL: "dossier.withdrawn",
    Action.FINISH: "dossier.finished",
    Action.RETURN_RESULT: "dossier.returned",
}


def precondition(*actions: str) -> Callable[[Precondition], Precondition]:
    """Register a check that must hold before ``actions`` (and for ``available_actions``).
    It raises ``TransitionError`` with the reason; it must not depend on the caller's input."""

    def register(check: Precondition) -> Precondition:
        for action in actions:
            _PRECONDITIONS.setdefault(action, []).append(check)
        return check

    return register


@dataclass
class Act:
    """One action in progress: the locked dossier and what the history entry will say."""

    action: str
    dossier: Dossier
    actor: Any
    now: dt.datetime
    auth: Authorisation = field(default_factory=Authorisation)
    state_before: str = ""
    status_before: int | None = None
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    task: Task | None = None
    extra_events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def rules(self):
        return self.dossier.rule_version

    def set_state(self, state: str) -> None:
        self.dossier.state = state

    def emit(self, name: str, **payload: Any) -> None:
        """Publish an additional event after commit (besides the action's own)."""
        self.extra_events.append((name, payload))

    def commit(self) -> None:
        """Bump the version, save, append history, audit, queue events. Called by ``perform``."""
        d = self.dossier
        d.version += 1
        d.save()
        d._current_step = False  # the cached current step may have changed
        task = self.task or self.auth.task
        last_seq = d.history.aggregate(m=Max("seq"))["m"] or 0
        actor = self.actor
        unit = self.auth.unit_id
        HistoryEntry.objects.create(
            dossier=d,
            seq=last_seq + 1,
            at=self.now,
            actor=actor,
            actor_name=str(actor) if actor is not None else _("Hệ thống"),
            actor_title=getattr(actor, "title", "") or "",
            actor_role=self.auth.role,
            actor_unit_id=unit,
            actor_unit_name=_unit_name(unit),
            action=self.action,
            state_before=self.state_before,
            state_after=d.state,
            status_before=self.status_before,
            status_after=d.national_status,
            note=self.note,
            task=task,
            step_started_at=task.started_at if task else None,
            step_due_at=task.due_at if task else None,
            step_finished_at=task.finished_at if task else None,
            data=self.data,
        )
        audit.record(
            f"dossier.{self.action}",
            actor=actor,
            obj=d,
            summary=f"{d.code}: {Action(self.action).label}",
            details={"state_before": self.state_before, "state_after": d.state, **self.data},
        )
        base = {
            "dossier_id": d.pk,
            "code": d.code,
            "action": self.action,
            "actor_id": getattr(actor, "pk", None),
            "at": self.now.isoformat(),
            "state": d.state,
            "national_status": d.national_status,
            "receiving_agency_id": d.receiving_agency_id,
            "settling_agency_id": d.settling_agency_id,
            "procedure_version_id": d.procedure_version_id,
            "due_at": d.due_at.isoformat() if d.due_at else None,
        }
        events.publish(EVENT_FOR[self.action], **{**base, **self.payload})
        if d.state != self.state_before:
            events.publish(
                "dossier.status_changed",
                **{**base, "state_before": self.state_before, "status_before": self.status_before},
            )
        for name, payload in self.extra_events:
            events.publish(name, **{**base, **payload})


def _unit_name(unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    return Agency.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""


def lock(dossier_or_id: Dossier | int) -> Dossier:
    pk = dossier_or_id.pk if isinstance(dossier_or_id, Dossier) else dossier_or_id
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related(
            "rule_version", "procedure_version", "case", "receiving_agency", "settling_agency"
        )
        .get(pk=pk)
    )


def check(act: Act) -> None:
    """Transition, permission and preconditions, in that order (also used by
    ``available_actions``). The transition comes first so that an action impossible in the
    current status says so, rather than blaming the actor's rights."""
    d = act.dossier
    if d.state not in ALLOWED_FROM[act.action]:
        raise TransitionError(
            _("Không thể thực hiện “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": Action(act.action).label, "state": State(d.state).label}
        )
    act.auth = authorise(act.action, d, act.actor)
    for rule in _PRECONDITIONS.get(act.action, []):
        rule(act)


@contextmanager
def perform(
    action: str,
    dossier_or_id: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    now: dt.datetime | None = None,
) -> Iterator[Act]:
    """Run one action on an existing dossier (see the module docstring).

    ``expected_version`` is the ``version`` the caller last saw; ``None`` skips the comparison
    and is reserved for the system itself (timers, integrations).
    """
    with transaction.atomic():
        dossier = lock(dossier_or_id)
        if expected_version is not None and dossier.version != expected_version:
            raise ConflictError()
        act = Act(
            action=action,
            dossier=dossier,
            actor=actor,
            now=now or timezone.now(),
            state_before=dossier.state,
            status_before=dossier.national_status,
        )
        check(act)
        yield act
        act.commit()


def refuse(message: str) -> None:
    raise TransitionError(message)
