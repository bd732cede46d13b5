"""Read side of the back office: the lists each role works from, search, the leader dashboard.

Every list is built on ``visible_dossiers`` or on the lifecycle's ``inbox`` and is ordered on
indexed columns, so a page costs the same with a thousand dossiers or a million.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Membership, User
from motcua.accounts.validators import clean_id_number, normalise_phone
from motcua.catalog.models import Procedure, TimeUnit
from motcua.core.text import search_terms
from motcua.directory.models import Agency
from motcua.dossiers import selectors as lifecycle_selectors
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFile,
    DossierResult,
    Task,
)
from motcua.dossiers.permissions import scope_of
from motcua.dossiers.states import OPEN_STATES, State
from motcua.reports import services as reports
from motcua.reports.periods import Period
from motcua.worktime.core import Duration
from motcua.worktime.services import calendar_for

from .access import units_for
from .navigation import ADMINS, LEADERS

# A dossier or task is "due soon" when at most this much working time is left.
DUE_SOON = Duration(Decimal(1), TimeUnit.WORKING_DAYS)
# Waiting on the applicant: the clock is paused or the next move is theirs.
WAITING_STATES = frozenset(
    {State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT, State.WITHDRAWAL_REQUESTED}
)
LIST_RELATED = ("procedure_version__procedure", "case", "receiving_agency", "settling_agency")


@dataclass(frozen=True)
class Moments:
    """``now`` and the end of the due-soon window, computed once per request on the province
    calendar so that every badge and count of a page agrees."""

    now: dt.datetime
    soon_until: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime | None = None) -> Moments:
        now = now or timezone.now()
        return cls(now, calendar_for(None, on=timezone.localdate(now)).add(now, DUE_SOON))

    def timing(self, due: dt.datetime | None) -> str:
        if due is None:
            return ""
        if due < self.now:
            return "overdue"
        if due <= self.soon_until:
            return "due_soon"
        return ""


# --- visibility ----------------------------------------------------------------------------


def visible_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers in ``user``'s official scope (``dossiers.permissions``: receiving desk, settling
    agency or a task's unit in scope; everything for province administrators).

    The same rule as ``dossiers.selectors.dossiers_visible_to`` for officials, written with a
    correlated ``EXISTS`` on the tasks instead of ``IN (subquery)`` so that PostgreSQL can
    combine it with a selective search at a million dossiers; an official's own filings as a
    citizen belong to the portal, not here."""
    qs = Dossier.objects.all()
    scope = scope_of(user)
    if user.is_superuser or scope.is_province_admin:
        return qs
    ids = scope.agency_ids
    if not ids:
        return qs.none()
    in_tasks = Task.objects.filter(dossier=OuterRef("pk"), agency_id__in=ids)
    return qs.filter(
        Q(receiving_agency_id__in=ids) | Q(settling_agency_id__in=ids) | Exists(in_tasks)
    )


def dossier_for_page(user, code: str) -> Dossier | None:
    """The dossier with everything its page shows, or ``None`` when it does not exist or the
    user may not see it (the page then answers 404 without revealing which)."""
    return (
        visible_dossiers(user)
        .filter(code=code)
        .select_related(
            *LIST_RELATED,
            "rule_version",
            "owner",
            "applicant",
        )
        .prefetch_related(
            Prefetch(
                "components",
                DossierComponent.objects.prefetch_related(
                    Prefetch(
                        "files",
                        DossierFile.objects.filter(superseded_by__isnull=True).order_by(
                            "uploaded_at", "id"
                        ),
                    )
                ),
            ),
            "fees",
            Prefetch("results", DossierResult.objects.select_related("result_type", "signer")),
            Prefetch(
                "tasks",
                Task.objects.select_related("agency", "assignee", "process_step").order_by(
                    "started_at", "order", "id"
                ),
            ),
            "supplements",
            "extensions",
        )
        .first()
    )


# --- queues --------------------------------------------------------------------------------


def intake_queue(user) -> QuerySet[Dossier]:
    """Online dossiers in status 1 at the desks where ``user`` receives, the decision deadline
    (8 working hours, NĐ 118 Điều 17.2) first."""
    desks = units_for(user, {"reception"})
    qs = Dossier.objects.filter(state=State.SUBMITTED).select_related(*LIST_RELATED)
    if desks is not None:
        qs = qs.filter(receiving_agency_id__in=desks)
    return qs.order_by(F("intake_due_at").asc(nulls_last=True), "submitted_at", "id")


def return_desk(user) -> QuerySet[Dossier]:
    """Dossiers whose result (or refusal notice) is ready at the desks where ``user`` returns
    results, longest waiting first."""
    desks = units_for(user, {"reception", "clerk"})
    qs = Dossier.objects.filter(state=State.FINISHED).select_related(*LIST_RELATED)
    if desks is not None:
        qs = qs.filter(receiving_agency_id__in=desks)
    return qs.order_by("finished_at", "id")


WORK_TABS = ("all", "overdue", "due_soon", "waiting")


@dataclass
class WorkFilters:
    tab: str = "all"
    procedure: int | None = None
    status: int | None = None
    unit: int | None = None


def my_work(user, filters: WorkFilters, moments: Moments) -> tuple[QuerySet[Task], dict]:
    """The user's open tasks (``dossiers.selectors.inbox``: assigned to them, or unassigned in a
    unit where they hold the task's role), soonest due first, filtered; and the count per tab
    (one query)."""
    base = lifecycle_selectors.inbox(user).select_related(
        "dossier__procedure_version__procedure", "dossier__case", "process_step"
    )
    if filters.procedure:
        base = base.filter(dossier__procedure_version__procedure_id=filters.procedure)
    if filters.status:
        base = base.filter(dossier__national_status=filters.status)
    if filters.unit:
        base = base.filter(agency_id=filters.unit)
    waiting = Q(dossier__state__in=WAITING_STATES)
    tab_filters = {
        "all": Q(),
        "overdue": ~waiting & Q(due_at__lt=moments.now),
        "due_soon": ~waiting & Q(due_at__gte=moments.now, due_at__lte=moments.soon_until),
        "waiting": waiting,
    }
    counts = base.order_by().aggregate(
        **{tab: Count("pk", filter=q) if q else Count("pk") for tab, q in tab_filters.items()}
    )
    tab = filters.tab if filters.tab in WORK_TABS else "all"
    return base.filter(tab_filters[tab]), counts


def my_work_choices(user) -> dict[str, list[tuple[int, str]]]:
    """The procedures and units present in the user's work, for the filter selects."""
    base = lifecycle_selectors.inbox(user).order_by()
    procedures = (
        base.values_list(
            "dossier__procedure_version__procedure_id",
            "dossier__procedure_version__procedure__name",
        )
        .distinct()
        .order_by("dossier__procedure_version__procedure__name")
    )
    units = base.values_list("agency_id", "agency__name").distinct().order_by("agency__name")
    return {"procedures": list(procedures[:200]), "units": list(units[:200])}


# --- search --------------------------------------------------------------------------------

DATE_FIELDS = {
    "submitted": "submitted_at",
    "received": "received_at",
    "due": "due_at",
    "finished": "finished_at",
}


@dataclass
class SearchFilters:
    q: str = ""
    procedure: str = ""
    status: int | None = None
    channel: str = ""
    date_field: str = "submitted"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # Drill-downs from the leader dashboard.
    holder_unit: int | None = None
    holder: str = ""  # a user id, "none" (unassigned step) or "any" (in a steered unit)
    steered: bool = False  # settled by a unit the user steers (leaders, administrators)
    timing: str = ""  # overdue | due_soon (the dossier's due moment)
    step_late: bool = False
    on_time: str = ""  # "yes" | "no": finished within / after the due moment
    extra: dict = field(default_factory=dict)


def search_dossiers(user, f: SearchFilters, moments: Moments) -> QuerySet[Dossier]:
    qs = visible_dossiers(user).select_related(*LIST_RELATED)
    if f.q.strip():
        qs = qs.filter(text_filter(f.q))
    if f.procedure.strip():
        qs = qs.filter(procedure_version__procedure__in=_procedures_matching(f.procedure))
    if f.status:
        qs = qs.filter(national_status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    column = DATE_FIELDS.get(f.date_field, "submitted_at")
    if f.date_from:
        qs = qs.filter(**{f"{column}__gte": _day_start(f.date_from)})
    if f.date_to:
        qs = qs.filter(**{f"{column}__lt": _day_start(f.date_to + dt.timedelta(days=1))})
    if f.timing in ("overdue", "due_soon"):
        qs = qs.filter(state__in=OPEN_STATES, **_due_range(f.timing, moments))
    if f.on_time == "yes":
        qs = qs.filter(finished_at__isnull=False).filter(
            Q(due_at__isnull=True) | Q(finished_at__lte=F("due_at"))
        )
    elif f.on_time == "no":
        qs = qs.filter(finished_at__isnull=False, finished_at__gt=F("due_at"))
    steered = units_for(user, LEADERS | ADMINS) if f.steered or f.holder == "any" else None
    if f.steered and steered is not None:
        qs = qs.filter(settling_agency_id__in=steered)
    if f.holder_unit or f.holder or f.step_late:
        # The dashboard's step figures: open steps of dossiers not waiting on the applicant.
        steps = Task.objects.filter(
            dossier=OuterRef("pk"), kind=Task.Kind.STEP, status=Task.Status.OPEN
        )
        if f.holder_unit:
            steps = steps.filter(agency_id=f.holder_unit)
        if f.holder == "none":
            steps = steps.filter(assignee__isnull=True)
        elif f.holder == "any" and steered is not None:
            steps = steps.filter(agency_id__in=steered)
        elif f.holder.isdigit():
            steps = steps.filter(assignee_id=int(f.holder))
        if f.step_late:
            steps = steps.filter(due_at__lt=moments.now)
        qs = qs.filter(Exists(steps)).exclude(state__in=WAITING_STATES)
    return qs.order_by("-submitted_at", "-id")


def text_filter(text: str) -> Q:
    """Code (any part), ID number or tax code, mobile number, or the applicant's name with or
    without diacritics (every word must occur)."""
    raw = text.strip()
    q = Q(code__icontains=raw)
    number = clean_id_number(raw)
    if number.isdigit() or re.fullmatch(r"\d{10}(-\d{3})?", number):
        q |= Q(applicant_id_number=number)
    with contextlib.suppress(ValidationError):
        q |= Q(applicant_phone=normalise_phone(raw))
    terms = search_terms(raw)
    if terms:
        name = Q()
        for term in terms:
            name &= Q(applicant_name_search__contains=term)
        q |= name
    return q


def _procedures_matching(text: str) -> QuerySet[Procedure]:
    qs = Procedure.objects.all()
    for term in search_terms(text):
        qs = qs.filter(name_search__contains=term)
    return qs.values("pk")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _due_range(timing: str, moments: Moments) -> dict:
    if timing == "overdue":
        return {"due_at__lt": moments.now}
    return {"due_at__gte": moments.now, "due_at__lte": moments.soon_until}


# --- dashboard -----------------------------------------------------------------------------


@dataclass
class Dashboard:
    units: list[dict]
    people: list[dict]
    totals: dict
    month: dict
    period: Period


def dashboard(user, moments: Moments) -> Dashboard:
    """Open steps by holding unit and by person (workload, dossiers overdue or due soon by
    their due moment, steps past their own budget), this month's on-time rate and the
    dossiers of the user's units still open past their due moment."""
    units = units_for(user, LEADERS | ADMINS)
    now = moments.now
    steps = Task.objects.filter(kind=Task.Kind.STEP, status=Task.Status.OPEN).exclude(
        dossier__state__in=WAITING_STATES
    )
    dossiers = Dossier.objects.all()
    if units is not None:
        steps = steps.filter(agency_id__in=units)
        dossiers = dossiers.filter(settling_agency_id__in=units)
    measures = {
        "total": Count("pk"),
        "overdue": Count("pk", filter=Q(dossier__due_at__lt=now)),
        "due_soon": Count(
            "pk", filter=Q(dossier__due_at__gte=now, dossier__due_at__lte=moments.soon_until)
        ),
        "step_late": Count("pk", filter=Q(due_at__lt=now)),
    }
    by_unit = list(
        steps.values("agency_id", "agency__name").annotate(**measures).order_by("agency__name")
    )
    by_person = list(
        steps.values("agency_id", "agency__name", "assignee_id")
        .annotate(**measures)
        .order_by("agency__name", "assignee_id")
    )
    names = dict(
        (u.pk, str(u))
        for u in User.objects.filter(pk__in={r["assignee_id"] for r in by_person} - {None})
    )
    for row in by_person:
        row["name"] = names.get(row["assignee_id"], "")
    totals = steps.aggregate(**measures)
    # This month's on-time rate is the province's index (QĐ 766), from the statistics app's
    # sums, over what the user may count — the same figures its drill-down lists.
    period = Period.current_month(timezone.localdate(now))
    figures = reports.totals(period, reports.Filters(scope_ids=reports.scope_for(user)))
    rate = figures.on_time_rate
    month = {
        "processed": int(figures.processed),
        "on_time": int(figures.processed_on_time),
        "late": int(figures.processed - figures.processed_on_time),
        "rate": None if rate is None else round(float(rate) * 100, 1),
        "open_overdue": dossiers.filter(state__in=OPEN_STATES, due_at__lt=now).count(),
    }
    return Dashboard(by_unit, by_person, totals, month, period)


# --- people ---------------------------------------------------------------------------------


def officials_holding(agency: Agency, role: str) -> list[User]:
    """Active officials holding ``role`` over ``agency`` (posted there or in a unit above it):
    the people a step may be assigned to."""
    chain = [agency.pk, *(a.pk for a in agency.ancestors())]
    memberships = Membership.objects.filter(
        role=role, agency_id__in=chain, is_active=True, user__is_active=True
    ).in_force(timezone.localdate())
    return list(
        User.objects.filter(pk__in=memberships.values("user_id")).order_by("full_name", "username")
    )
