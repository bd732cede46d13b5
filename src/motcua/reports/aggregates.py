"""Keeping ``DossierFact`` and ``DailyStat`` in step with the dossiers.

``refresh(dossier_id)`` recomputes one dossier's fact under the dossier's row lock and adds the
difference of its contributions to the sums (an upsert that increments), so it is idempotent —
running it twice, or for a dossier that did not change, adds nothing — and events may be
repeated or arrive late. ``rebuild_period`` recomputes the facts of the dossiers active in a
period and then the period's sums from the facts; ``rebuild_all`` recomputes every sum.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Q

from motcua.dossiers.models import Dossier
from motcua.feedback.models import SatisfactionRating

from .facts import Key, compute_fact, contributions, difference, load_source
from .models import COUNTERS, DIMENSIONS, SUMS, DailyStat, DossierFact
from .periods import Period, month_start, split_by_month

FACT_FIELDS = [f.attname for f in DossierFact._meta.concrete_fields if f.attname != "dossier_id"]
_VALUE_COLUMNS = (*COUNTERS, *SUMS)
_KEY_COLUMNS = ("grain", "day", *DIMENSIONS)


def fact_values(fact: DossierFact) -> dict:
    return {name: getattr(fact, name) for name in FACT_FIELDS}


@transaction.atomic
def refresh(dossier_id: int) -> bool:
    """Recompute one dossier's fact and apply the change to the sums; True if it changed."""
    # The dossier's row lock serialises this with the lifecycle writers and with another
    # refresh of the same dossier (two workers must not both add the same difference).
    locked = Dossier.objects.select_for_update(of=("self",)).filter(pk=dossier_id)
    if not locked.exists():
        return False
    stored = DossierFact.objects.filter(pk=dossier_id).first()
    source = load_source(dossier_id)
    new = compute_fact(source) if source is not None else None
    old = fact_values(stored) if stored is not None else None
    if _normalised(old) == _normalised(new):
        return False
    add_to_sums(difference(old, new))
    if new is None:
        DossierFact.objects.filter(pk=dossier_id).delete()
    else:
        DossierFact.objects.update_or_create(dossier_id=dossier_id, defaults=new)
    return True


def _normalised(values: dict | None) -> dict | None:
    # Stored floats and datetimes come back from the database in the same form they were
    # written, except the processing days' rounding; compare those at the stored precision.
    if values is None:
        return None
    out = dict(values)
    if out.get("processing_days") is not None:
        out["processing_days"] = round(out["processing_days"], 4)
    return out


# Above this many rows a PostgreSQL upsert goes through COPY and one statement (a rebuild, the
# benchmark generator); the per-event path changes a handful of rows.
BULK_ROWS = 1000


def add_to_sums(delta: dict[Key, dict[str, float]]) -> None:
    """Increment ``DailyStat`` rows by ``delta``, creating missing rows."""
    if not delta:
        return
    q = connection.ops.quote_name
    table = q(DailyStat._meta.db_table)
    columns = ", ".join(q(c) for c in (*_KEY_COLUMNS, *_VALUE_COLUMNS))
    updates = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in _VALUE_COLUMNS)
    conflict = ", ".join(q(c) for c in _KEY_COLUMNS)
    rows = [
        (
            *key,
            *(int(amounts.get(c, 0)) for c in COUNTERS),
            *(float(amounts.get(c, 0)) for c in SUMS),
        )
        for key, amounts in sorted(delta.items(), key=lambda item: _sort_key(item[0]))
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > BULK_ROWS:
            # One COPY and one upsert instead of a statement per row for the large deltas; the
            # rows are still upserted in one fixed (the database's) key order, so two bulk
            # writers cannot deadlock.
            staged = q("reports_stat_delta")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staged} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
            )
            with cursor.copy(f"COPY {staged} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staged} "  # noqa: S608
                f"ORDER BY {conflict} ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
            )
            cursor.execute(f"DROP TABLE {staged}")
            return
        # One short statement repeated: psycopg pipelines it, and no giant query text is parsed.
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * (len(_KEY_COLUMNS) + len(_VALUE_COLUMNS)))}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
            rows,
        )


def _sort_key(key: Key) -> tuple:
    # A fixed order of row updates: two transactions touching the same rows take their locks in
    # the same order and cannot deadlock.
    return tuple("" if part is None else str(part) for part in key)


# --- rebuilding ---------------------------------------------------------------------------------


def _batched_ids(queryset, size: int = 2000) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def refresh_many(dossier_ids: Iterable[int]) -> int:
    changed = 0
    for dossier_id in dossier_ids:
        changed += refresh(dossier_id)
    return changed


def active_dossiers(period: Period):
    """Dossiers with anything to count in ``period``: submitted before its end and not ended
    before its start, or rated during it."""
    start, end = period.start_moment, period.end_moment
    ended_before = Q(finished_at__lt=start) | Q(finished_at__isnull=True, closed_at__lt=start)
    rated = SatisfactionRating.objects.filter(rated_at__gte=start, rated_at__lt=end)
    return Dossier.objects.filter(
        (Q(submitted_at__lt=end) & ~ended_before) | Q(pk__in=rated.values("dossier_id"))
    )


def rebuild_period(period: Period) -> dict[str, int]:
    """Recompute the facts of the dossiers active in ``period``, then the period's sums (day
    rows, and the month rows of every month it touches) from the facts."""
    refreshed = 0
    for ids in _batched_ids(active_dossiers(period)):
        refreshed += refresh_many(ids)
    with transaction.atomic():
        start, end = period.start, period.end
        DailyStat.objects.filter(grain="d", day__gte=start, day__lt=end).delete()
        totals: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        moments = (period.start_moment, period.end_moment)
        for fact in _facts_touching(*moments).iterator(chunk_size=5000):
            for key, amounts in contributions(fact).items():
                if key[0] == "d" and start <= key[1] < end:
                    row = totals[key]
                    for name, amount in amounts.items():
                        row[name] += amount
        add_to_sums(totals)
        months = _roll_up_months(start, end)
    return {"refreshed": refreshed, "day_rows": len(totals), "month_rows": months}


def _facts_touching(start: dt.datetime, end: dt.datetime):
    open_in = Q(received_at__lt=end) & (Q(end_at__isnull=True) | Q(end_at__gte=start))
    closed_in = Q(end_at__gte=start, end_at__lt=end)
    rated_in = Q(rated_at__gte=start, rated_at__lt=end)
    return DossierFact.objects.filter(open_in | closed_in | rated_in).values(*FACT_FIELDS)


def _roll_up_months(start: dt.date, end: dt.date) -> int:
    """Month rows of the months touching [start, end) = the sum of their day rows."""
    first = month_start(start)
    _days, months = split_by_month(first, _month_after(end - dt.timedelta(days=1)))
    DailyStat.objects.filter(grain="m", day__in=months).delete()
    totals: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rows = DailyStat.objects.filter(grain="d", day__gte=months[0], day__lt=_month_after(months[-1]))
    for row in rows.values(*_KEY_COLUMNS, *_VALUE_COLUMNS).iterator(chunk_size=5000):
        key = ("m", month_start(row["day"]), *(row[d] for d in DIMENSIONS))
        target = totals[key]
        for name in _VALUE_COLUMNS:
            target[name] += row[name]
    add_to_sums(totals)
    return len(totals)


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def rebuild_all(*, refresh_facts: bool = False) -> dict[str, int]:
    """Every sum from the facts (after recomputing every fact if ``refresh_facts``)."""
    refreshed = 0
    if refresh_facts:
        for ids in _batched_ids(Dossier.objects.all()):
            refreshed += refresh_many(ids)
    with transaction.atomic():
        DailyStat.objects.all().delete()
        totals = accumulate(DossierFact.objects.values(*FACT_FIELDS).iterator(chunk_size=5000))
        add_to_sums(totals)
    return {"refreshed": refreshed, "rows": len(totals)}


def accumulate(facts: Iterable[dict], into: dict | None = None) -> dict[Key, dict[str, float]]:
    """The summed contributions of ``facts`` (added to ``into`` when given)."""
    totals = into if into is not None else defaultdict(lambda: defaultdict(float))
    for fact in facts:
        for key, amounts in contributions(fact).items():
            row = totals[key]
            for name, amount in amounts.items():
                row[name] += amount
    return totals
