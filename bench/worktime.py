"""Due-moment computations per second on one core (``python bench/worktime.py``).

Builds the province calendar for 2020–2035 as ``seed_holidays`` does (the ``holidays`` package
plus the bundled Government notices, Mon–Fri 07:00–11:30 and 13:30–17:00), then times
``Calendar.add`` for typical limits from random moments. Target: 100,000 per second.
Writes the figures to ``var/bench/worktime.json`` for the compliance report.
"""

from __future__ import annotations

import json
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from motcua.worktime import core, notices

TARGET_PER_SECOND = 100_000
CALLS = 100_000
REPEATS = 3
LIMITS = [
    "4 giờ làm việc",
    "1 ngày làm việc",
    "5 ngày làm việc",
    "15 ngày làm việc",
    "20 ngày làm việc",
    "30 ngày",
    "3 tháng",
]
OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench" / "worktime.json"


def build_calendar() -> tuple[core.Calendar, float]:
    began = time.perf_counter()
    plan = notices.planned_days(2020, 2035)
    calendar = core.Calendar(
        first_day=date(2020, 1, 1),
        last_day=date(2035, 12, 31),
        schedules=[core.Schedule.office_hours()],
        days_off={d: e.name for d, e in plan.items() if e.kind in notices.DAY_OFF_KINDS},
        extra_working_days={
            d: e.like_weekday for d, e in plan.items() if e.kind == notices.EXTRA_WORKING_DAY
        },
    )
    return calendar, time.perf_counter() - began


def random_moments(count: int) -> list[datetime]:
    rng = random.Random(2027)
    first = datetime(2025, 1, 1, tzinfo=core.TZ)
    span = int(timedelta(days=365 * 9).total_seconds())
    return [first + timedelta(seconds=rng.randrange(span)) for _ in range(count)]


def per_second(operation, starts: list[datetime], argument) -> float:
    """Best of ``REPEATS`` runs of ``CALLS`` calls."""
    best = float("inf")
    n = len(starts)
    for _ in range(REPEATS):
        began = time.perf_counter()
        for i in range(CALLS):
            operation(starts[i % n], argument)
        best = min(best, time.perf_counter() - began)
    return CALLS / best


def main() -> int:
    calendar, build_seconds = build_calendar()
    starts = random_moments(10_000)
    rates = {}
    for text in LIMITS:
        rates[text] = per_second(calendar.add, starts, core.Duration.parse(text))
    mixed = [core.Duration.parse(text) for text in LIMITS]

    def add_mixed(start: datetime, i: list[int]) -> datetime:
        i[0] += 1
        return calendar.add(start, mixed[i[0] % len(mixed)])

    rates["mixed"] = per_second(add_mixed, starts, [0])

    def reception(start: datetime, duration: core.Duration) -> datetime:
        return calendar.add(calendar.normalise_reception(start), duration)

    reception_rate = per_second(reception, starts, core.Duration.parse("5 ngày làm việc"))
    slowest = min(rates.values())
    figures = {
        "due_moments_per_second": {name: round(rate) for name, rate in rates.items()},
        "slowest_limit_per_second": round(slowest),
        "reception_plus_due_per_second": round(reception_rate),
        "target_per_second": TARGET_PER_SECOND,
        "meets_target": slowest >= TARGET_PER_SECOND,
        "index_build_ms": round(build_seconds * 1000, 1),
        "calendar_range": "2020-01-01/2035-12-31",
        "calls_per_run": CALLS,
        "python": platform.python_version(),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(
        json.dumps(
            {
                "name": "worktime",
                "title": "Tính hạn giải quyết theo ngày, giờ làm việc (một lõi CPU)",
                "figures": figures,
                "criteria": ["PL4-1"],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"index built in {figures['index_build_ms']} ms (2020–2035)")
    for name, rate in rates.items():
        print(f"{name:>20}: {rate:>12,.0f} due moments/s")
    print(f"{'reception + 5 days':>20}: {reception_rate:>12,.0f} /s")
    print(f"target {TARGET_PER_SECOND:,}/s: {'met' if figures['meets_target'] else 'NOT met'}")
    print(f"written to {OUTPUT}")
    return 0 if figures["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
