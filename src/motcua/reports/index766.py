"""The QĐ 766/QĐ-TTg service index per settling agency and for the province.

Formulas and coefficients come from the ``ScoringScheme`` in force on the period's last day
(``scheme_data.py`` seeds them); this module only knows how to *measure* each named ratio. A
measure returns a numerator and a denominator (and the figures listing the dossiers behind
them), or ``None`` when the system does not hold the data (publication dates on the national
procedure database, synchronisation with the national portal, certified electronic copies):
such an indicator scores 0 and says why, rather than inventing a number.

All agencies are scored from a handful of queries: the day/month sums grouped by settling
agency and procedure, the catalogue in force, and the period's feedback.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import OnlineLevel, ProcedureVersion
from motcua.catalog.search import versions_in_force
from motcua.directory.models import Agency
from motcua.feedback.models import Feedback
from motcua.worktime.core import Duration, Unit
from motcua.worktime.services import Calendars

from . import services
from .models import ScoringScheme
from .periods import Period
from .scoring import points, quantize, scheme_for
from .services import Figures, Filters

ONLINE_LEVELS = frozenset({OnlineLevel.PARTIAL, OnlineLevel.FULL})


@dataclass
class Measured:
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    ratio: Decimal | None = None
    figures: tuple[str, str] | None = None  # drill-down figure names (numerator, denominator)

    def __post_init__(self) -> None:
        if self.ratio is None and self.denominator:
            self.ratio = Decimal(self.numerator) / Decimal(self.denominator)


@dataclass
class Indicator:
    code: str
    name: str
    max_points: Decimal
    points: Decimal
    measured: Measured | None
    status: str  # "ok", "empty" (nothing to count), "no_data" (not held by the system)

    @property
    def percent(self) -> Decimal | None:
        ratio = self.measured.ratio if self.measured else None
        return None if ratio is None else quantize(ratio * 100, 2)


@dataclass
class Group:
    code: str
    name: str
    max_points: Decimal
    points: Decimal
    indicators: list[Indicator]


@dataclass
class Score:
    agency: Agency | None  # None: the province
    groups: list[Group]

    @property
    def points(self) -> Decimal:
        return sum((g.points for g in self.groups), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))


@dataclass
class Index:
    scheme: ScoringScheme
    period: Period
    province: Score
    agencies: list[Score] = field(default_factory=list)


# --- what is measured ---------------------------------------------------------------------------


@dataclass
class Unit766:
    """Everything the measures of one agency (or the province) read."""

    period: Period
    figures: Figures
    procedures: set[int]  # procedures under its authority (a version in force)
    online_procedures: set[int]
    fee_procedures: set[int]
    citizen_procedures: set[int]
    complete_procedures: set[int]
    by_procedure: dict[int, Figures]
    feedback: list[Feedback]


def _ratio(num, den, figures=None) -> Measured:
    return Measured(num, den, figures=figures)


def _used(u: Unit766, procedures: set[int], counter: str) -> int:
    return sum(1 for p in procedures if u.by_procedure.get(p, Figures())[counter] > 0)


def feedback_on_time(
    item: Feedback, end: dt.datetime, params: dict, calendars: Calendars | None = None
) -> bool:
    """Accepted or refused within ``receive_days``, answered within ``answer_days`` of
    acceptance, published within ``publish_days`` of the answer (working days); an item still
    within its time at the period's end counts as on time. Pass one ``calendars`` for a batch."""
    calendar = (calendars or Calendars()).for_agency(
        item.agency_id, timezone.localdate(item.received_at)
    )

    def by(start: dt.datetime, days: int) -> dt.datetime:
        return calendar.add(start, Duration(Decimal(days), Unit.WORKING_DAYS))

    checks = [(item.received_at, item.accepted_at, params.get("receive_days", 2))]
    if item.accepted_at and item.status != Feedback.Status.REFUSED:
        checks.append((item.accepted_at, item.answered_at, params.get("answer_days", 15)))
    if item.answered_at:
        checks.append((item.answered_at, item.published_at, params.get("publish_days", 2)))
    for start, done, days in checks:
        limit = by(start, days)
        if (done or end) > limit:
            return False
    return True


def _no_data(_u: Unit766, _params: dict) -> None:
    return None


def _progress(u: Unit766, _p) -> Measured:
    f = u.figures
    return _ratio(int(f.processed_on_time), int(f.processed), ("processed_on_time", "processed"))


def _received_share(counter: str, figure: str | None = None):
    def measure(u: Unit766, _p) -> Measured:
        return _ratio(u.figures[counter], u.figures["received"], (figure or counter, "received"))

    return measure


def _satisfaction(u: Unit766, _p) -> Measured | None:
    f = u.figures
    if not f.processed:
        return Measured(None, None)
    overdue = Decimal(int(f.processed - f.processed_on_time)) / Decimal(int(f.processed))
    complaints = Decimal(f["complaints"]) / Decimal(f["received"]) if f["received"] else 0
    return Measured(None, None, ratio=max(Decimal(0), 1 - overdue - complaints))


def _feedback_measure(handled: bool):
    def measure(u: Unit766, params: dict) -> Measured:
        end = u.period.end_moment
        items = u.feedback
        calendars = Calendars()
        late = [i for i in items if not feedback_on_time(i, end, params, calendars)]
        if not handled:
            return Measured(len(items) - len(late), len(items))
        bad = {i.pk for i in late}
        bad |= {i.pk for i in items if i.sender_satisfied is False or i.repeated}
        return Measured(len(items) - len(bad), len(items))

    return measure


MEASURES: dict[str, Callable[[Unit766, dict], Measured | None]] = {
    "catalog.publish_on_time": _no_data,
    "catalog.update_on_time": _no_data,
    "catalog.content_full": lambda u, _p: _ratio(len(u.complete_procedures), len(u.procedures)),
    "dossiers.synced": _no_data,
    "progress.on_time": _progress,
    "online.procedures": lambda u, _p: _ratio(len(u.online_procedures), len(u.procedures)),
    "online.services_used": lambda u, _p: _ratio(
        _used(u, u.online_procedures, "online_766"), len(u.online_procedures)
    ),
    "online.dossiers": _received_share("online_766"),
    "payment.dossiers": lambda u, _p: _ratio(
        u.figures["paid_online"], u.figures["fee_dossiers"], ("paid_online", "fee_dossiers")
    ),
    "payment.procedures": lambda u, _p: _ratio(
        _used(u, u.fee_procedures, "paid_online"), len(u.fee_procedures)
    ),
    "payment.fee_data_synced": _no_data,
    "satisfaction.dossiers": _satisfaction,
    "satisfaction.feedback_on_time": _feedback_measure(handled=False),
    "satisfaction.feedback_handled": _feedback_measure(handled=True),
    "digitisation.electronic_result": lambda u, _p: _ratio(
        u.figures["electronic_result"],
        u.figures["paper_result"],
        ("electronic_result", "paper_result"),
    ),
    "digitisation.digitised": _received_share("digitised"),
    "digitisation.reused": _received_share("reused"),
    "digitisation.citizen_store": _received_share("citizen_store"),
    "digitisation.citizen_data_dossiers": _received_share("citizen_data"),
    "digitisation.citizen_data_procedures": lambda u, _p: _ratio(
        _used(u, u.citizen_procedures, "citizen_data"), len(u.citizen_procedures)
    ),
    "digitisation.certified_copies": _no_data,
}
NO_DATA_REASON = {
    "catalog.publish_on_time": _("Cần ngày ban hành quyết định công bố trên CSDL quốc gia."),
    "catalog.update_on_time": _("Cần thời điểm công khai trên CSDL quốc gia về TTHC."),
    "dossiers.synced": _("Chưa có kết nối đồng bộ với Cổng Dịch vụ công quốc gia."),
    "payment.fee_data_synced": _("Cần dữ liệu đồng bộ phí, lệ phí trên CSDL quốc gia."),
    "digitisation.certified_copies": _("Hệ thống chưa quản lý chứng thực bản sao điện tử."),
}


def no_data_reason(measure: str) -> str:
    return str(NO_DATA_REASON.get(measure, ""))


def score(definition: dict, unit: Unit766, agency: Agency | None) -> Score:
    places = int(definition.get("rounding", 2))
    groups = []
    for g in definition["groups"]:
        indicators = []
        for ind in g.get("indicators", []):
            maximum = Decimal(str(ind["max_points"]))
            measured = MEASURES[ind["measure"]](unit, ind.get("params") or {})
            if measured is None:
                status, earned = "no_data", Decimal(0)
            elif measured.ratio is None:
                status = "empty"
                empty = ind.get("when_empty")
                earned = Decimal(str(empty)) if empty is not None else Decimal(0)
            else:
                status = "ok"
                earned = points(measured.ratio, ind["max_points"], ind["full_at"])
            indicators.append(
                Indicator(
                    ind["code"], ind["name"], maximum, quantize(earned, places), measured, status
                )
            )
        maximum = Decimal(str(g["max_points"]))
        earned = min(maximum, sum((i.points for i in indicators), Decimal(0)))
        groups.append(Group(g["code"], g["name"], maximum, quantize(earned, places), indicators))
    return Score(agency, groups)


# --- gathering the data -------------------------------------------------------------------------


def catalogue_in_force(on: dt.date) -> dict[int, dict]:
    """Per procedure with a version in force: its agencies and flags."""
    out: dict[int, dict] = {}
    versions = (
        versions_in_force(on)
        .select_related("procedure")
        .prefetch_related("procedure__agencies", "components", "cases", "fees")
    )
    for v in versions:
        if v.procedure_id in out or not v.procedure.is_active:
            continue  # the most recently effective version comes first
        out[v.procedure_id] = {
            "agencies": {a.pk for a in v.procedure.agencies.all()},
            "online": v.online_level in ONLINE_LEVELS,
            "fee": any(f.amount > 0 for f in v.fees.all()),
            "citizen": "citizen" in (v.target_groups or []),
            "complete": _complete(v),
        }
    return out


def _complete(v: ProcedureVersion) -> bool:
    """All constituent parts published (NĐ 63/2010 Điều 8.2): name, steps, channels,
    components, time limit, target groups, implementing body."""
    return bool(
        v.procedure.name
        and v.steps_text.strip()
        and v.channels
        and list(v.components.all())
        and any(c.time_limit is not None or c.time_limit_note for c in v.cases.all())
        and v.target_groups
        and v.implementing_body.strip()
    )


def agency_roots() -> dict[int, int]:
    """Agency id → the id of the agency it belongs to (divisions belong to their agency)."""
    rows = {a.pk: a for a in Agency.objects.all()}
    out = {}
    for pk, agency in rows.items():
        node = agency
        while node.kind == Agency.Kind.DIVISION and node.parent_id in rows:
            node = rows[node.parent_id]
        out[pk] = node.pk
    return out


def compute(period: Period, *, scope_ids: frozenset[int] | None = None) -> Index:
    """The index of every settling agency visible in ``scope_ids`` and of the province."""
    scheme = scheme_for(ScoringScheme.Kind.QD766, period.last_day)
    filters = Filters(scope_ids=scope_ids)
    cells = services.grouped(period, filters, ["settling_agency_id", "procedure_id"])
    catalogue = catalogue_in_force(period.last_day)
    roots = agency_roots()
    feedback = list(
        Feedback.objects.filter(
            Q(received_at__gte=period.start_moment, received_at__lt=period.end_moment)
        ).order_by("pk")
    )
    if scope_ids is not None:
        feedback = [f for f in feedback if f.agency_id in scope_ids]
    agency_ids = {agency for agency, _p in cells}
    agency_ids |= {roots.get(f.agency_id, f.agency_id) for f in feedback}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}

    def unit(agency_id: int | None) -> Unit766:
        figures = Figures()
        by_procedure: dict[int, Figures] = defaultdict(Figures)
        for (agency, procedure), fig in cells.items():
            if agency_id is None or agency == agency_id:
                figures.add(fig)
                by_procedure[procedure].add(fig)
        procedures = {
            p for p, row in catalogue.items() if agency_id is None or agency_id in row["agencies"]
        }
        if agency_id is None and scope_ids is not None:
            procedures = {p for p in procedures if catalogue[p]["agencies"] & scope_ids}
        return Unit766(
            period=period,
            figures=figures.finish(),
            procedures=procedures,
            online_procedures={p for p in procedures if catalogue[p]["online"]},
            fee_procedures={p for p in procedures if catalogue[p]["fee"]},
            citizen_procedures={p for p in procedures if catalogue[p]["citizen"]},
            complete_procedures={p for p in procedures if catalogue[p]["complete"]},
            by_procedure=by_procedure,
            feedback=[
                f
                for f in feedback
                if agency_id is None or roots.get(f.agency_id, f.agency_id) == agency_id
            ],
        )

    index = Index(scheme, period, score(scheme.definition, unit(None), None))
    for agency_id in sorted(agencies, key=lambda pk: agencies[pk].name):
        index.agencies.append(score(scheme.definition, unit(agency_id), agencies[agency_id]))
    return index
