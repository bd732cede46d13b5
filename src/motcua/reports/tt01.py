"""Evaluation of staff and agencies under TT 01/2018/TT-VPCP Điều 12–15 (regs.md §2.6).

Per-dossier indices (1, 2, 3, 4, 6, 7) come from the satisfaction ratings of the period (1 and 2
computed from the dossier's timing when the rating was recorded, the others given by the
applicant); the score of an index is the mean over the dossiers rated on it, rounded to one
decimal. Agency-level indices are computed from the system's data:

- 5 (one-stop reception): 1 when every dossier the agency received in the period came in through
  a one-stop desk. The 2 points need the share of procedures settled entirely at the desk, which
  the system does not record, so 2 is never given;
- 8 (feedback): no feedback, or all handled on time → 2; at least the configured share (90 %) on
  time → 1; otherwise 0 (the on-time test of ``index766``);
- 9 (online services): enough online procedures and online dossiers and no online dossier late
  → 2; some online procedures, a smaller online share and none late → 1; otherwise 0.

Thresholds and grades come from the ``ScoringScheme`` of kind ``tt01`` in force.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from motcua.directory.models import Agency
from motcua.feedback.models import Feedback, SatisfactionRating
from motcua.worktime.services import Calendars

from . import services
from .index766 import agency_roots, catalogue_in_force, feedback_on_time
from .models import ScoringScheme
from .periods import Period
from .scoring import quantize, scheme_for
from .services import ONLINE, Figures, Filters

RATING_INDEX = {
    1: "index_processing_time",
    2: "index_body_time",
    3: "index_contacts",
    4: "index_bodies",
    6: "index_publicity",
    7: "index_attitude",
}


@dataclass
class Evaluation:
    subject: object  # a User or an Agency
    dossiers: int
    indices: dict[int, Decimal | None]
    total: Decimal
    grade: str


@dataclass
class Result:
    scheme: ScoringScheme
    period: Period
    staff: list[Evaluation]
    agencies: list[Evaluation]

    @property
    def index_names(self) -> dict[int, str]:
        return {int(k): v for k, v in self.scheme.definition["indices"].items()}


def _means(ratings: list[dict], places: int) -> dict[int, Decimal | None]:
    out: dict[int, Decimal | None] = {}
    for index, column in RATING_INDEX.items():
        values = [r[column] for r in ratings if r[column] is not None]
        out[index] = quantize(Decimal(sum(values)) / len(values), places) if values else None
    return out


def _grade(total: Decimal, grades: list[dict]) -> str:
    for grade in sorted(grades, key=lambda g: -g["min"]):
        if total >= Decimal(str(grade["min"])):
            return grade["label"]
    return grades[-1]["label"]


def _total(indices: dict[int, Decimal | None], chosen: list[int]) -> Decimal:
    return sum((indices.get(i) or Decimal(0) for i in chosen), Decimal(0))


def evaluate(period: Period, *, scope_ids: frozenset[int] | None = None) -> Result:
    scheme = scheme_for(ScoringScheme.Kind.TT01, period.last_day)
    rules = scheme.definition
    places = int(rules.get("rounding", 1))
    roots = agency_roots()
    ratings = SatisfactionRating.objects.filter(
        rated_at__gte=period.start_moment, rated_at__lt=period.end_moment
    )
    if scope_ids is not None:
        ratings = ratings.filter(agency_id__in=sorted(scope_ids))
    columns = ["dossier_id", "staff_id", "agency_id", *RATING_INDEX.values()]
    rows = list(ratings.values(*columns))

    by_staff: dict[int, list[dict]] = defaultdict(list)
    by_agency: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        if row["staff_id"] is not None:
            by_staff[row["staff_id"]].append(row)
        by_agency[roots.get(row["agency_id"], row["agency_id"])].append(row)

    users = get_user_model().objects.in_bulk(list(by_staff))
    staff = []
    for user_id, items in by_staff.items():
        indices = {i: v for i, v in _means(items, places).items() if i in rules["staff_indices"]}
        total = _total(indices, rules["staff_indices"])
        staff.append(
            Evaluation(
                users[user_id],
                len({r["dossier_id"] for r in items}),
                indices,
                total,
                _grade(total, rules["staff_grades"]),
            )
        )
    staff.sort(key=lambda e: (-e.total, str(e.subject)))

    unit_level = _unit_level(period, rules, scope_ids, roots, set(by_agency))
    agency_ids = set(unit_level)
    agencies = Agency.objects.in_bulk(list(agency_ids))
    evaluations = []
    for agency_id in agency_ids:
        indices = _means(by_agency.get(agency_id, []), places)
        indices.update(unit_level[agency_id])
        indices = {i: indices.get(i) for i in rules["unit_indices"]}
        total = _total(indices, rules["unit_indices"])
        evaluations.append(
            Evaluation(
                agencies[agency_id],
                len({r["dossier_id"] for r in by_agency.get(agency_id, [])}),
                indices,
                total,
                _grade(total, rules["unit_grades"]),
            )
        )
    evaluations.sort(key=lambda e: (-e.total, e.subject.name))
    return Result(scheme, period, staff, evaluations)


def _unit_level(period, rules, scope_ids, roots, rated) -> dict[int, dict[int, Decimal]]:
    """Indices 5, 8 and 9 of every settling agency with dossiers, ratings (``rated``) or
    feedback in the period."""
    cells = services.grouped(
        period,
        Filters(scope_ids=scope_ids),
        ["settling_agency_id", "receiving_agency_id", "channel"],
    )
    desks = set(Agency.objects.filter(receives_dossiers=True).values_list("pk", flat=True))
    figures: dict[int, dict[str, Figures]] = defaultdict(lambda: defaultdict(Figures))
    for (agency, desk, channel), fig in cells.items():
        figures[agency]["all"].add(fig)
        figures[agency]["desk" if desk in desks else "elsewhere"].add(fig)
        if channel in ONLINE:
            figures[agency]["online"].add(fig)
    feedback = Feedback.objects.filter(
        Q(received_at__gte=period.start_moment, received_at__lt=period.end_moment)
    )
    items: dict[int, list[Feedback]] = defaultdict(list)
    for item in feedback:
        if scope_ids is None or item.agency_id in scope_ids:
            items[roots.get(item.agency_id, item.agency_id)].append(item)
    catalogue = catalogue_in_force(period.last_day)
    out = {}
    for agency_id in set(figures) | set(items) | rated:
        parts = {name: fig.finish() for name, fig in figures[agency_id].items()}
        everything = parts.get("all", Figures().finish())
        received = everything["received"]
        elsewhere = parts.get("elsewhere", Figures().finish())["received"]
        index5 = Decimal(1) if received and not elsewhere else Decimal(0)
        out[agency_id] = {
            5: index5,
            8: _index8(items.get(agency_id, []), period, rules),
            9: _index9(agency_id, parts, catalogue, rules),
        }
    return out


def _index8(items: list[Feedback], period: Period, rules: dict) -> Decimal:
    if not items:
        return Decimal(2)
    params = {"answer_days": rules["feedback"]["answer_days"]}
    calendars = Calendars()
    on_time = sum(1 for i in items if feedback_on_time(i, period.end_moment, params, calendars))
    if on_time == len(items):
        return Decimal(2)
    share = Decimal(on_time) / len(items)
    threshold = Decimal(str(rules["feedback"]["on_time_share_for_1"]))
    return Decimal(1) if share >= threshold else Decimal(0)


def _index9(agency_id: int, parts: dict, catalogue: dict, rules: dict) -> Decimal:
    procedures = [row for row in catalogue.values() if agency_id in row["agencies"]]
    if not procedures:
        return Decimal(0)
    online_procedures = sum(1 for row in procedures if row["online"])
    everything = parts.get("all", Figures().finish())
    online = parts.get("online", Figures().finish())
    if not online_procedures or not everything["received"]:
        return Decimal(0)
    late = online["late"] + online["in_progress_overdue"]
    share = Decimal(online["received"]) / Decimal(everything["received"])
    procedure_share = Decimal(online_procedures) / len(procedures)
    limits = {k: Decimal(str(v)) for k, v in rules["online"].items()}
    if late:
        return Decimal(0)
    if (
        procedure_share >= limits["procedures_share_for_2"]
        and share >= limits["online_share_for_2"]
    ):
        return Decimal(2)
    if share >= limits["online_share_for_1"]:
        return Decimal(1)
    return Decimal(0)
