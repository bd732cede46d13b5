"""Lifecycle engine benchmark (``python bench/lifecycle.py --db sqlite|postgres``).

1. ``--count`` dossiers (10,000 by default) received at the counter and taken through the whole
   process — forward to the specialist, forward to the leader, approve, record the result,
   forward to the clerk, record the fee, finish, return — one service call per action; the
   median and 95th percentile of each action are reported.
2. PostgreSQL only: dossier codes allocated by 16 workers at once at one desk on one day
   (each allocation its own transaction, as at the counter): codes per second (target ≥ 300)
   and a check that they are distinct and consecutive; then 16 workers doing whole counter
   receptions at that desk (code, dossier, components, fees, first task, history, audit).

The write path is measured alone: event subscribers (notifications, statistics), which run on
Celery workers in production, are detached. Runs against a fresh database of its own
(``var/bench/lifecycle.sqlite3`` or PostgreSQL database ``motcua_bench_lifecycle``, or
``BENCH_PG_URL``) and records the figures with ``common.record`` (``var/bench/lifecycle.json``,
one section per database). ``--quick``: 300 dossiers.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
NAME = "lifecycle"
CRITERIA = ["PL2-2.2"]
VENDOR = {"sqlite": "sqlite", "postgres": "postgresql"}
TARGET_CODES_PER_SECOND = 300
WORKERS = 16
DEFAULT_PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_lifecycle"
)


def configure(db: str, pg_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = OUT / "lifecycle.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base, _, name = pg_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
    }


def lifecycle(count: int) -> dict:
    from motcua.dossiers import services as s
    from motcua.dossiers.tests.world import Clock, build_world, counter_dossier, v

    world = build_world()
    result_type = world.version.result_types.get().pk
    clock = Clock()
    timings: dict[str, list[float]] = defaultdict(list)

    def timed(name, call):
        began = time.perf_counter()
        value = call()
        timings[name].append(time.perf_counter() - began)
        return value

    began = time.perf_counter()
    for i in range(count):
        clock.tick(1)
        d = timed("receive (counter)", lambda: counter_dossier(world, clock, now=clock.now))
        d = timed(
            "forward+assign",
            lambda d=d: s.forward(
                d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.now
            ),
        )
        d = timed(
            "forward", lambda d=d: s.forward(d, actor=world.specialist, **v(d), now=clock.now)
        )
        d = timed(
            "approve", lambda d=d: s.approve(d, actor=world.agency_leader, **v(d), now=clock.now)
        )
        d = timed(
            "record_result",
            lambda d=d, i=i: s.record_result(
                d,
                actor=world.agency_leader,
                **v(d),
                result_type_id=result_type,
                document_number=f"{i}/GKS",
                now=clock.now,
            ),
        )
        d = timed(
            "forward (to clerk)",
            lambda d=d: s.forward(d, actor=world.agency_leader, **v(d), now=clock.now),
        )
        d = timed(
            "record_payment",
            lambda d=d: s.record_payment(
                d, actor=world.reception, **v(d), payment=s.PaymentData("cash"), now=clock.now
            ),
        )
        d = timed("finish", lambda d=d: s.finish(d, actor=world.clerk, **v(d), now=clock.now))
        timed(
            "return_result",
            lambda d=d: s.return_result(
                d, actor=world.reception, **v(d), early_return_notified=True, now=clock.now
            ),
        )
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} dossiers, {time.perf_counter() - began:.0f} s", flush=True)
    total = time.perf_counter() - began
    return {
        "dossiers": count,
        "seconds": round(total, 1),
        "dossiers_per_second": round(count / total, 1),
        "actions": {name: summary(samples) for name, samples in timings.items()},
    }


def parallel(function, per_worker: int) -> tuple[float, list, list]:
    from django.db import connection

    barrier = threading.Barrier(WORKERS + 1)
    results, errors = [], []
    lock = threading.Lock()

    def worker():
        barrier.wait()
        try:
            mine = [function() for _ in range(per_worker)]
            with lock:
                results.extend(mine)
        except Exception as exc:  # reported in the figures
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, results, errors


def concurrency(per_worker_codes: int, per_worker_receptions: int = 20) -> dict:
    import datetime as dt

    from django.db import transaction

    from motcua.dossiers.codes import next_sequence
    from motcua.dossiers.tests.world import HCM, Clock, build_world, counter_dossier

    world = build_world()
    day = dt.date(2026, 6, 1)

    def allocate():
        with transaction.atomic():
            return next_sequence(world.desk.pk, day)

    seconds, numbers, errors = parallel(allocate, per_worker_codes)
    n = WORKERS * per_worker_codes
    codes = {
        "workers": WORKERS,
        "codes": len(numbers),
        "seconds": round(seconds, 2),
        "codes_per_second": round(len(numbers) / seconds, 1),
        "duplicates": len(numbers) - len(set(numbers)),
        "consecutive": sorted(numbers) == list(range(1, n + 1)),
        "errors": errors[:3],
        "target_per_second": TARGET_CODES_PER_SECOND,
    }
    clock = Clock(dt.datetime(2026, 6, 2, 9, 0, tzinfo=HCM))
    seconds, dossiers, errors = parallel(
        lambda: counter_dossier(world, clock, now=clock.now), per_worker_receptions
    )
    dossier_codes = [d.code for d in dossiers]
    receptions = {
        "workers": WORKERS,
        "receptions": len(dossiers),
        "seconds": round(seconds, 2),
        "receptions_per_second": round(len(dossiers) / seconds, 1),
        "duplicates": len(dossier_codes) - len(set(dossier_codes)),
        "errors": errors[:3],
    }
    return {"code_allocation": codes, "counter_receptions": receptions}


def previous_figures() -> dict:
    """The figures of the other database from an earlier run (one file holds both)."""
    from django.conf import settings

    from motcua.compliance.evidence import bench_dir

    try:
        path = bench_dir(settings.VAR_DIR) / f"{NAME}.json"
        return json.loads(path.read_text(encoding="utf-8"))["figures"]
    except (OSError, ValueError, KeyError):
        return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="300 dossiers (smoke test)")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()
    count = 300 if args.quick else args.count
    configure(args.db, args.pg_url)
    from motcua.core import events

    vendor = VENDOR[args.db]
    section: dict = {"python": platform.python_version(), "cpus": os.cpu_count()}
    print(f"lifecycle: {count} dossiers on {args.db}", flush=True)
    logging.disable(logging.INFO)
    ok = True
    with events.detached():
        section["lifecycle"] = lifecycle(count)
        if args.db == "postgres":
            print(f"concurrency: {WORKERS} workers", flush=True)
            section.update(concurrency(per_worker_codes=100 if args.quick else 500))
            codes = section["code_allocation"]
            ok = (
                codes["codes_per_second"] >= TARGET_CODES_PER_SECOND
                and codes["duplicates"] == 0
                and codes["consecutive"]
                and section["counter_receptions"]["duplicates"] == 0
            )
    section["meets_targets"] = ok
    from common import record

    print(json.dumps(section, indent=2, ensure_ascii=False))
    record(NAME, {**previous_figures(), vendor: section}, CRITERIA)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
