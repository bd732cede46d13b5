"""Process execution helpers shared by the services: which steps a dossier follows, opening
and closing tasks. Only called inside ``perform`` (the dossier row is locked)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.catalog.models import ProcessStep

from .. import deadlines
from ..models import Dossier, Task

DEFAULT_STEP_NAME = _("Giải quyết hồ sơ")


def steps_for(dossier: Dossier) -> list[ProcessStep]:
    """The internal process of the dossier's case: the steps specific to its case when it has
    any, otherwise the version's general steps, in order."""
    cached = getattr(dossier, "_steps", None)
    if cached is None:
        steps = list(
            ProcessStep.objects.filter(version_id=dossier.procedure_version_id)
            .select_related("handling_unit")
            .order_by("order", "id")
        )
        specific = [s for s in steps if s.case_id == dossier.case_id]
        cached = specific or [s for s in steps if s.case_id is None]
        dossier._steps = cached
    return cached


def step_agency(dossier: Dossier, step: ProcessStep | None):
    if step is not None and step.handling_unit_id:
        return step.handling_unit
    if step is not None and step.role == Role.RECEPTION:
        return dossier.receiving_agency
    return dossier.settling_agency


def open_step(
    dossier: Dossier, step: ProcessStep | None, now: dt.datetime, *, assignee=None
) -> Task:
    """Open the task of ``step`` (``None``: the single default step of a version without a
    configured process; its due moment is the dossier's)."""
    agency = step_agency(dossier, step)
    if step is None:
        budget, due = None, dossier.due_at
    else:
        budget = step.time_budget_hours
        due = deadlines.add_working_hours(agency, now, budget)
    return Task.objects.create(
        dossier=dossier,
        kind=Task.Kind.STEP,
        process_step=step,
        order=step.order if step else 1,
        name=step.name if step else DEFAULT_STEP_NAME,
        agency=agency,
        role=step.role if step else Role.SPECIALIST,
        assignee=assignee,
        started_at=now,
        budget_hours=budget,
        due_at=due,
    )


def close(task: Task, now: dt.datetime, status: str = Task.Status.DONE, outcome: str = "") -> None:
    task.status = status
    task.finished_at = now
    if outcome:
        task.outcome = outcome
    task.save(update_fields=["status", "finished_at", "outcome"])


def next_step(dossier: Dossier, task: Task | None) -> ProcessStep | None:
    if task is None or task.process_step_id is None:
        return None
    later = [s for s in steps_for(dossier) if s.order > task.order]
    return later[0] if later else None


def earlier_steps(dossier: Dossier, task: Task | None) -> list[ProcessStep]:
    if task is None or task.process_step_id is None:
        return []
    return [s for s in steps_for(dossier) if s.order < task.order and s.role != Role.RECEPTION]


def open_or_pending_legs(dossier: Dossier, kind: str) -> list[Task]:
    return list(dossier.tasks.filter(kind=kind, status__in=[Task.Status.OPEN, Task.Status.PENDING]))


def end_all_tasks(dossier: Dossier, now: dt.datetime, *, current_outcome: str = "") -> None:
    """Close the current step (done) and cancel every other open or pending task: the dossier
    leaves processing (finished, refused, stopped, withdrawn)."""
    for task in dossier.tasks.filter(status__in=[Task.Status.OPEN, Task.Status.PENDING]):
        if task.kind == Task.Kind.STEP:
            close(task, now, Task.Status.DONE, current_outcome)
        else:
            close(task, now, Task.Status.CANCELLED)


def shift_open_tasks(dossier: Dossier, paused_from: dt.datetime, now: dt.datetime) -> None:
    """Move the due moments of open tasks by the working time the dossier was paused."""
    for task in dossier.tasks.filter(status=Task.Status.OPEN, due_at__isnull=False):
        seconds = deadlines.working_seconds_between(task.agency, paused_from, now)
        task.due_at = deadlines.shift(task.agency, task.due_at, seconds)
        task.save(update_fields=["due_at"])


def restart_open_tasks(dossier: Dossier, now: dt.datetime) -> None:
    """Restart the clocks of open tasks from ``now`` (supplement with restart-from-zero)."""
    for task in dossier.tasks.filter(status=Task.Status.OPEN):
        if task.budget_hours is None:
            task.due_at = dossier.due_at
        else:
            task.due_at = deadlines.add_working_hours(task.agency, now, Decimal(task.budget_hours))
        task.started_at = now
        task.save(update_fields=["due_at", "started_at"])
