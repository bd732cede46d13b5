"""Statistics read from the sums (``DailyStat``) and the dossiers behind each figure
(``DossierFact``); see ADR 0008.

Figures of a period [start, end) — local days:

- ``carried_over``: received before the start, not ended before it;
- ``received`` (and per channel), ``ended`` = ``early`` + ``on_time`` + ``late``
  = ``finished`` + ``refused`` + ``stopped`` + ``withdrawn`` (received dossiers only);
- ``in_progress`` at the end = ``carried_over`` + ``received`` − ``ended``, split into
  ``in_progress_within`` and ``in_progress_overdue``;
- ``not_received`` (refused at the desk), ``supplements`` (requests after reception),
  ``avg_processing_days`` (finished or refused, working days net of supplement pauses);
- ``on_time_rate`` (QĐ 766): (early + on time + in progress within time) / (carried over +
  received).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from motcua.catalog.models import Procedure
from motcua.directory.models import Agency, Field
from motcua.dossiers.models import DossierChannel, SupplementRequest
from motcua.dossiers.permissions import scope_of

from .models import COUNTERS, DailyStat, DossierFact, EndKind, Timeliness
from .periods import Period, month_start, split_by_month

GROUPS = {
    "settling_agency": gettext_lazy("Cơ quan giải quyết"),
    "receiving_agency": gettext_lazy("Nơi tiếp nhận"),
    "unit": gettext_lazy("Đơn vị xử lý"),
    "field": gettext_lazy("Lĩnh vực"),
    "procedure": gettext_lazy("Thủ tục"),
    "channel": gettext_lazy("Kênh nộp"),
}
DIMENSION_COLUMNS = {
    "settling_agency": "settling_agency_id",
    "receiving_agency": "receiving_agency_id",
    "unit": "unit_id",
    "field": "field_id",
    "procedure": "procedure_id",
    "channel": "channel",
}
FIGURES = {
    "carried_over": gettext_lazy("Kỳ trước chuyển sang"),
    "received": gettext_lazy("Tiếp nhận trong kỳ"),
    "received_online": gettext_lazy("Tiếp nhận trực tuyến"),
    "received_counter": gettext_lazy("Tiếp nhận trực tiếp"),
    "received_post": gettext_lazy("Tiếp nhận qua bưu chính"),
    "ended": gettext_lazy("Đã giải quyết"),
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
    "in_progress": gettext_lazy("Đang giải quyết"),
    "in_progress_within": gettext_lazy("Đang giải quyết trong hạn"),
    "in_progress_overdue": gettext_lazy("Đang giải quyết quá hạn"),
    "supplements": gettext_lazy("Lượt yêu cầu bổ sung"),
    "refused": gettext_lazy("Từ chối giải quyết"),
    "not_received": gettext_lazy("Không tiếp nhận"),
    "withdrawn": pgettext_lazy("thống kê", "Rút hồ sơ"),
    "stopped": gettext_lazy("Dừng xử lý"),
    "finished": gettext_lazy("Giải quyết xong"),
    "avg_processing_days": gettext_lazy("Thời gian xử lý bình quân (ngày làm việc)"),
    "on_time_rate": gettext_lazy("Tỷ lệ đúng hạn (%)"),
}
# Figures of the main table, in column order.
TABLE_FIGURES = (
    "carried_over",
    "received",
    "received_online",
    "received_counter",
    "received_post",
    "ended",
    "early",
    "on_time",
    "late",
    "in_progress_within",
    "in_progress_overdue",
    "supplements",
    "refused",
    "stopped",
    "withdrawn",
    "not_received",
    "avg_processing_days",
    "on_time_rate",
)
ONLINE = frozenset(DossierChannel.online())


@dataclass(frozen=True)
class Filters:
    """What to count. ``agency_ids``: dossiers received, settled or handled by these agencies
    (an agency and its units); ``scope_ids``: the same test for what the user may see (``None``
    = everything)."""

    agency_ids: frozenset[int] | None = None
    field_ids: frozenset[int] | None = None
    procedure_ids: frozenset[int] | None = None
    channels: frozenset[str] | None = None
    scope_ids: frozenset[int] | None = None

    def q(self) -> Q:
        q = Q()
        for ids in (self.agency_ids, self.scope_ids):
            if ids is not None:
                ids = sorted(ids)
                q &= (
                    Q(settling_agency_id__in=ids)
                    | Q(receiving_agency_id__in=ids)
                    | Q(unit_id__in=ids)
                )
        if self.field_ids is not None:
            q &= Q(field_id__in=sorted(self.field_ids))
        if self.procedure_ids is not None:
            q &= Q(procedure_id__in=sorted(self.procedure_ids))
        if self.channels is not None:
            q &= Q(channel__in=sorted(self.channels))
        return q

    def restricted_to(self, scope_ids: frozenset[int] | None) -> Filters:
        return Filters(
            self.agency_ids, self.field_ids, self.procedure_ids, self.channels, scope_ids
        )


def scope_for(user) -> frozenset[int] | None:
    """Agencies whose dossiers ``user`` may count; ``None`` for province administrators."""
    if getattr(user, "is_superuser", False):
        return None
    scope = scope_of(user)
    if scope.is_province_admin:
        return None
    return scope.agency_ids


def agency_subtree(agency_ids) -> frozenset[int]:
    ids: set[int] = set()
    for agency in Agency.objects.filter(pk__in=list(agency_ids)):
        ids |= agency.descendant_ids()
    return frozenset(ids)


# --- reading the sums ---------------------------------------------------------------------------


def _range_q(start: dt.date, end: dt.date) -> Q:
    """``DailyStat`` rows covering [start, end) exactly once (whole months from month rows)."""
    days, months = split_by_month(start, end)
    q = Q(pk__in=[])
    for first, stop in days:
        q |= Q(grain="d", day__gte=first, day__lt=stop)
    if months:
        q |= Q(grain="m", day__gte=months[0], day__lte=months[-1])
    return q


def _before_q(day: dt.date) -> Q:
    """Rows covering every day before ``day``."""
    first = month_start(day)
    return Q(grain="m", day__lt=first) | Q(grain="d", day__gte=first, day__lt=day)


@dataclass
class Figures:
    """The figures of one row of a statistics table."""

    values: dict[str, float] = field(default_factory=lambda: defaultdict(int))

    def __getitem__(self, name: str):
        return self.values[name]

    def add(self, other: Figures) -> None:
        for name, value in other.values.items():
            self.values[name] += value

    def finish(self) -> Figures:
        v = self.values
        v["in_progress"] = v["carried_over"] + v["received"] - v["ended"]
        v["in_progress_overdue"] = v["open_overdue"]
        v["in_progress_within"] = v["in_progress"] - v["open_overdue"]
        v["supplements"] = v["supplement_requests"]
        v["avg_processing_days"] = (
            round(v["processing_days"] / v["processing_count"], 1)
            if v["processing_count"]
            else None
        )
        rate = self.on_time_rate
        v["on_time_rate"] = None if rate is None else float(round(rate * 100, 2))
        return self

    @property
    def processed(self) -> float:
        return self.values["carried_over"] + self.values["received"]

    @property
    def processed_on_time(self) -> float:
        v = self.values
        return v["early"] + v["on_time"] + v["in_progress"] - v["open_overdue"]

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.processed:
            return None
        return Decimal(int(self.processed_on_time)) / Decimal(int(self.processed))


def _sum_kwargs(period: Period) -> dict:
    s = period.start
    inside = Q(day__gte=s)
    before_start = Q(day__lt=s)
    # Aliases differ from the column names: Django refuses an aggregate named like a column
    # that another aggregate of the same query reads.
    kwargs = {f"s_{name}": Sum(name, filter=inside) for name in (*COUNTERS, "processing_days")}
    kwargs["received_before"] = Sum("received", filter=before_start)
    kwargs["ended_before"] = Sum("ended", filter=before_start)
    # Overdue dossiers still open at the end: became overdue before it, minus those that ended.
    kwargs["overdue_started_all"] = Sum("overdue_started")
    kwargs["overdue_ended_all"] = Sum("overdue_ended")
    return kwargs


def _rows(period: Period, filters: Filters, keys: list[str]):
    """Grouped sums: every period counter plus what is needed for stocks at its bounds."""
    # Rows up to the end: the cumulative part before the start, then the period itself.
    where = (_before_q(period.start) | _range_q(period.start, period.end)) & filters.q()
    return DailyStat.objects.filter(where).values(*keys).annotate(**_sum_kwargs(period))


def _figures_of(row: dict) -> Figures:
    fig = Figures()
    v = fig.values
    for name in (*COUNTERS, "processing_days"):
        v[name] += row[f"s_{name}"] or 0
    v["carried_over"] += (row["received_before"] or 0) - (row["ended_before"] or 0)
    v["open_overdue"] += (row["overdue_started_all"] or 0) - (row["overdue_ended_all"] or 0)
    channel = row.get("channel")
    if channel is not None:
        bucket = "received_online" if channel in ONLINE else f"received_{channel}"
        v[bucket] += row["s_received"] or 0
    return fig


@dataclass
class Row:
    key: object
    label: str
    figures: Figures


@dataclass
class Table:
    period: Period
    group_by: str
    rows: list[Row]
    total: Figures


def grouped(period: Period, filters: Filters, columns: list[str]) -> dict[tuple, Figures]:
    """Unfinished figures per combination of ``columns`` (``DIMENSION_COLUMNS`` values)."""
    keys = columns if "channel" in columns else [*columns, "channel"]
    out: dict[tuple, Figures] = defaultdict(Figures)
    for row in _rows(period, filters, keys):
        out[tuple(row[c] for c in columns)].add(_figures_of(row))
    return out


def statistics(period: Period, filters: Filters, group_by: str = "settling_agency") -> Table:
    """One row per value of ``group_by`` (see ``GROUPS``) and the total."""
    if group_by not in GROUPS:
        raise ValidationError(_("Tiêu chí tổng hợp không hợp lệ."))
    groups = {
        key[0]: fig for key, fig in grouped(period, filters, [DIMENSION_COLUMNS[group_by]]).items()
    }
    total = Figures()
    for fig in groups.values():
        total.add(fig)
    labels = labels_for(group_by, groups.keys())
    rows = [
        Row(key, labels.get(key, str(key)), fig.finish())
        for key, fig in groups.items()
        if fig.processed or fig["not_received"] or fig["rated"]
    ]
    rows.sort(key=lambda r: r.label)
    return Table(period, group_by, rows, total.finish())


def totals(period: Period, filters: Filters) -> Figures:
    return statistics(period, filters, "channel").total


def labels_for(group_by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group_by in ("settling_agency", "receiving_agency", "unit"):
        return dict(Agency.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "field":
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "procedure":
        return {
            pk: f"{code} — {name}"
            for pk, code, name in Procedure.objects.filter(pk__in=keys).values_list(
                "pk", "national_code", "name"
            )
        }
    return {value: str(label) for value, label in DossierChannel.choices}


def monthly_series(period: Period, filters: Filters) -> list[tuple[dt.date, Figures]]:
    """The period's months, each with its figures (for charts), from one grouped query."""
    where = (_before_q(period.start) | _range_q(period.start, period.end)) & filters.q()
    rows = (
        DailyStat.objects.filter(where)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**{f"s_{name}": Sum(name) for name in (*COUNTERS, "processing_days")})
        .order_by("month")
    )
    received = ended = started = stopped_overdue = 0.0
    series = []
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        fig = Figures()
        v = fig.values
        v["carried_over"] = received - ended
        for name in (*COUNTERS, "processing_days"):
            v[name] = row[f"s_{name}"] or 0
        received += v["received"]
        ended += v["ended"]
        started += v["overdue_started"]
        stopped_overdue += v["overdue_ended"]
        v["open_overdue"] = started - stopped_overdue
        if month >= month_start(period.start):
            series.append((month, fig.finish()))
    return series


@dataclass(frozen=True)
class RateResult:
    """The QĐ 766 on-time rate of a period: ``on_time`` of ``total`` processed dossiers;
    ``rate`` is None when nothing was processed."""

    on_time: int
    total: int
    rate: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.01"))


def on_time_rate(agency_ids, period: Period | None = None) -> RateResult:
    """The on-time rate of the dossiers of ``agency_ids`` (and their units) in ``period``
    (default: this month) — for the leaders' dashboard."""
    period = period or Period.current_month()
    figures = totals(period, Filters(agency_ids=agency_subtree(agency_ids)))
    return RateResult(int(figures.processed_on_time), int(figures.processed), figures.on_time_rate)


# --- the dossiers behind a figure ---------------------------------------------------------------

DRILLABLE = {
    *TABLE_FIGURES,
    "in_progress",
    "finished",
    "processed",
    "processed_on_time",
    "processed_overdue",
    "online_766",
    "fee_dossiers",
    "paid_online",
    "paper_result",
    "electronic_result",
    "digitised",
    "reused",
    "citizen_store",
    "citizen_data",
    "complaints",
    "rated",
    "very_satisfied",
    "satisfied",
    "unsatisfied",
} - {"on_time_rate"}
_RECEIVED_FLAGS = {
    "online_766": "online_counted",
    "fee_dossiers": "has_fee",
    "paid_online": "paid_online",
    "paper_result": "paper_result",
    "digitised": "digitised",
    "reused": "reused",
    "citizen_store": "citizen_store",
    "citizen_data": "citizen_data",
    "complaints": "complaint",
}


def figure_q(figure: str, period: Period) -> Q:
    """The ``DossierFact`` condition of ``figure`` in ``period`` (see the module docstring)."""
    s, t = period.start_moment, period.end_moment
    received_in = Q(received_at__gte=s, received_at__lt=t)
    ended_in = Q(received_at__isnull=False, end_at__gte=s, end_at__lt=t)
    open_at_end = Q(received_at__lt=t) & (Q(end_at__isnull=True) | Q(end_at__gte=t))
    overdue_at_end = Q(overdue_from__lt=t)
    processed = Q(received_at__lt=t) & (Q(end_at__isnull=True) | Q(end_at__gte=s))
    on_time_ended = ended_in & Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME])
    within = open_at_end & ~overdue_at_end
    conditions = {
        "carried_over": Q(received_at__lt=s) & (Q(end_at__isnull=True) | Q(end_at__gte=s)),
        "received": received_in,
        "received_online": received_in & Q(channel__in=sorted(ONLINE)),
        "received_counter": received_in & Q(channel="counter"),
        "received_post": received_in & Q(channel="post"),
        "ended": ended_in,
        "in_progress": open_at_end,
        "in_progress_within": within,
        "in_progress_overdue": open_at_end & overdue_at_end,
        "supplements": Q(
            dossier__supplements__stage=SupplementRequest.Stage.PROCESSING,
            dossier__supplements__requested_at__gte=s,
            dossier__supplements__requested_at__lt=t,
        ),
        "not_received": Q(end_kind=EndKind.NOT_RECEIVED, end_at__gte=s, end_at__lt=t),
        "avg_processing_days": ended_in & Q(processing_days__isnull=False),
        "processed": processed,
        # Received before the end, spelled out: the database walks that index range.
        "processed_on_time": Q(received_at__lt=t) & (on_time_ended | within),
        "processed_overdue": processed & ~(on_time_ended | within),
        "electronic_result": received_in & Q(paper_result=True, electronic_result=True),
        "rated": Q(rated_at__gte=s, rated_at__lt=t) & ~Q(satisfaction=""),
    }
    if figure in conditions:
        return conditions[figure]
    if figure in Timeliness.values:
        return ended_in & Q(timeliness=figure)
    if figure in (EndKind.FINISHED, EndKind.REFUSED, EndKind.STOPPED, EndKind.WITHDRAWN):
        return ended_in & Q(end_kind=figure)
    if figure in _RECEIVED_FLAGS:
        return received_in & Q(**{_RECEIVED_FLAGS[figure]: True})
    if figure in ("very_satisfied", "satisfied", "unsatisfied"):
        return Q(rated_at__gte=s, rated_at__lt=t, satisfaction=figure)
    raise ValidationError(_("Không có danh sách hồ sơ cho số liệu này."))


def dossiers_behind(
    figure: str, period: Period, filters: Filters, *, group_by: str = "", key=None
) -> QuerySet[DossierFact]:
    """The facts of the dossiers counted in ``figure`` (optionally one row of a table)."""
    q = figure_q(figure, period) & filters.q()
    if group_by:
        if group_by not in GROUPS:
            raise ValidationError(_("Tiêu chí tổng hợp không hợp lệ."))
        column = DIMENSION_COLUMNS[group_by]
        q &= Q(**{column: key})
    queryset = DossierFact.objects.filter(q)
    if figure == "supplements":
        queryset = queryset.distinct()
    return queryset.order_by(f"-{_list_order(figure)}", "-dossier_id")


def _list_order(figure: str) -> str:
    """The moment that put a dossier in ``figure``: its list runs newest first by it. The
    database then walks that moment's index back from the period's end; ordering every list by
    reception instead walked past every later dossier to find, say, last year's late ones."""
    if figure in _ENDED_FIGURES or figure in Timeliness.values or figure in EndKind.values:
        return "end_at"
    if figure in _RATED_FIGURES:
        return "rated_at"
    if figure == "in_progress_overdue":
        return "overdue_from"
    return "received_at"


_ENDED_FIGURES = {"ended", "avg_processing_days"}
_RATED_FIGURES = {"rated", "very_satisfied", "satisfied", "unsatisfied"}


def figure_label(name: str) -> str:
    return str(FIGURES.get(name, name))
