"""Deadlines of dossiers and tasks, computed by ``motcua.worktime`` on each agency's calendar.

The lifecycle engine never does date arithmetic itself: everything goes through the agency's
working calendar (working hours, holidays and swaps, the 15:00 rule).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.catalog.models import TimeUnit
from motcua.worktime.core import Duration
from motcua.worktime.services import calendar_for

from .models import Dossier
from .rules import local_date


def processing_start(dossier: Dossier, received_at: dt.datetime) -> dt.datetime:
    """When the processing clock starts: the reception moment normalised to working time, with
    the 15:00 rule for paper dossiers (counter, post)."""
    calendar = calendar_for(dossier.receiving_agency, on=local_date(received_at))
    return calendar.normalise_reception(received_at, apply_cutoff=not dossier.is_online)


def dossier_due(dossier: Dossier, start: dt.datetime) -> dt.datetime | None:
    """The due moment from the case's time limit on the settling agency's calendar
    (``None`` for cases without a limit)."""
    case = dossier.case
    if case.time_limit is None:
        return None
    calendar = calendar_for(dossier.settling_agency, on=local_date(start))
    return calendar.add(
        start,
        Duration(case.time_limit, case.time_unit),
        push_off_non_working_day=case.push_off_non_working_day,
    )


def add_working_hours(agency, start: dt.datetime, hours: Decimal | int) -> dt.datetime:
    return calendar_for(agency, on=local_date(start)).add(
        start, Duration(Decimal(hours), TimeUnit.WORKING_HOURS)
    )


def add_working_days(agency, start: dt.datetime, days: int) -> dt.datetime:
    return calendar_for(agency, on=local_date(start)).add(
        start, Duration(Decimal(days), TimeUnit.WORKING_DAYS)
    )


def working_seconds_between(agency, start: dt.datetime, end: dt.datetime) -> int:
    calendar = calendar_for(agency, on=local_date(start))
    return int(calendar.working_time_between(start, end).total_seconds())


def shift(agency, due: dt.datetime, paused_seconds: int) -> dt.datetime:
    """``due`` moved later by ``paused_seconds`` of working time (a supplement pause)."""
    return calendar_for(agency, on=local_date(due)).shift(due, dt.timedelta(seconds=paused_seconds))
