"""Shared by the benchmark scripts: ``from common import record``.

A script measures, then calls ``record(name, figures, criteria)``, which writes
``var/bench/<name>.json``::

    {"name": ..., "figures": {...}, "criteria": [...], "produced_at": ..., "commit": ...}

The compliance report (``motcua compliance report``) shows those figures as evidence for the
listed criteria and compares them with the targets of the criteria registry
(``src/motcua/compliance/data/criteria.yaml``). Targets match figure names — the dotted path of
a numeric value inside ``figures`` — by suffix, so name figures by what they measure:

    mean_ms, p50_ms, p95_ms, max_ms      response times in milliseconds (PL4-1, PL4-2)
    cpu_percent, memory_percent          server utilisation under load (PL4-3)
    concurrent_users, error_rate         concurrent use (PL4-4)

e.g. ``{"postgresql": {"tracking": {"p50_ms": 8.1, "p95_ms": 21.4}}}``. Other figures (per
second rates, counts) are shown as they are.

The scripts measuring pages at scale share one PostgreSQL database per size, named after it
(``bench_1m`` for 1,000,000 dossiers, ``bench_20k`` for ``--quick``'s 20,000, ``bench_10m`` for
10,000,000 statistics-only dossiers): ``prepare`` builds it with ``motcua migrate``,
``load_demo`` and ``generate-load`` unless ``--keep`` finds it already built (a comment on the
database says what it holds and how long the generation took); without ``--keep`` it is built
afresh and dropped at the end (``finish``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
FULL = 1_000_000
QUICK = 20_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_MARK = "motcua bench"


def record(name: str, figures: dict, criteria: list[str]) -> Path:
    """Write this run's figures to ``var/bench/<name>.json`` and return the path."""
    from django.conf import settings

    from motcua.compliance.evidence import bench_dir, git_state, now_iso, write_json_atomic
    from motcua.compliance.registry import load_registry

    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"bench name {name!r}: use lower-case letters, digits, '_', '-', '.'")
    if not isinstance(figures, dict) or not figures:
        raise ValueError("figures must be a non-empty dict")
    _check_figures(figures)
    registry = load_registry()
    unknown = [c for c in criteria if c not in registry]
    if unknown:
        raise ValueError(f"unknown criterion ID(s) {', '.join(unknown)} (see criteria.yaml)")
    path = bench_dir(settings.VAR_DIR) / f"{name}.json"
    write_json_atomic(
        path,
        {
            "name": name,
            "figures": figures,
            "criteria": list(criteria),
            "produced_at": now_iso(),
            **git_state(Path(__file__).resolve().parent),
        },
    )
    print(f"bench: {name} → {path}")
    return path


def _check_figures(figures: dict, prefix: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            _check_figures(value, f"{prefix}{key}.")
        elif isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"figure {prefix}{key} is not a finite number")
    json.dumps(figures)  # raises on values JSON cannot hold


# --- timing -------------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict:
    """n, mean, median, 95th percentile and maximum of ``samples`` (seconds) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(client, url: str, expect: int = 200) -> float:
    """Seconds the test client takes to answer ``url`` (view and rendering, no network)."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != expect:
        raise SystemExit(f"{url}: HTTP {response.status_code}, expected {expect}")
    return elapsed


def stopwatch(call) -> float:
    """Seconds ``call()`` takes."""
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def print_figures(figures: dict, prefix: str = "") -> None:
    """One line per measured page: p50, p95 and max."""
    for name, values in figures.items():
        if isinstance(values, dict) and "p50_ms" in values:
            print(
                f"{prefix + name:>40}: p50 {values['p50_ms']:9.2f} ms   "
                f"p95 {values['p95_ms']:9.2f} ms   max {values['max_ms']:9.2f} ms"
            )
        elif isinstance(values, dict):
            print_figures(values, f"{prefix}{name}.")


# --- the bench databases ------------------------------------------------------------------------


def size_label(n: int) -> str:
    """1000000 → "1m", 20000 → "20k"."""
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def pg_url_for(dossiers: int) -> str:
    return f"{PG_SERVER}/bench_{size_label(dossiers)}"


def arguments(description: str, *, rounds: int, quick_rounds: int) -> argparse.ArgumentParser:
    """The options every database bench takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dossiers", type=int, default=FULL)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} dossiers, fewer samples")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--keep", action="store_true", help="reuse/keep the bench database")
    parser.add_argument(
        "--pg-url", help="default: bench_<size> on BENCH_PG_SERVER (bench_1m, --quick bench_20k)"
    )
    parser.set_defaults(quick_rounds=quick_rounds)
    return parser


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.quick:
        args.dossiers, args.rounds = QUICK, args.quick_rounds
    args.pg_url = args.pg_url or pg_url_for(args.dossiers)
    return args


@dataclass(frozen=True)
class Built:
    """What a bench database holds and how long ``generate-load`` took to fill it."""

    dossiers: int
    facts_only: bool
    seconds: float  # generate-load alone
    total_seconds: float  # with migrate, load_demo and vacuum

    def figures(self) -> dict:
        return {
            "dossiers": self.dossiers,
            "generation_seconds": round(self.seconds, 1),
            "dossiers_per_second": round(self.dossiers / self.seconds) if self.seconds else None,
        }


def _server_and_name(url: str) -> tuple[str, str]:
    server, _, name = url.rpartition("/")
    return server, name


def _admin(url: str):
    import psycopg

    server, _name = _server_and_name(url)
    return psycopg.connect(f"{server}/postgres", autocommit=True)


def built(url: str) -> Built | None:
    """What the database holds, if it exists and was fully built by ``prepare``."""
    _server, name = _server_and_name(url)
    with _admin(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    if row is None or not row[0] or not row[0].startswith(_MARK):
        return None
    return Built(**json.loads(row[0][len(_MARK) :]))


def mark(url: str, done: Built) -> None:
    from psycopg import sql

    _server, name = _server_and_name(url)
    text = _MARK + json.dumps(asdict(done))
    with _admin(url) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(text))
        )


def exists(url: str) -> bool:
    _server, name = _server_and_name(url)
    with _admin(url) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def _drop_database(url: str, *, create: bool = False) -> None:
    _server, name = _server_and_name(url)
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    from django.db import connections

    connections.close_all()
    _drop_database(url)


def vacuum(url: str) -> None:
    """Vacuum and analyse after the bulk load, as autovacuum would have done by the time anyone
    reads a live database: planner statistics and the visibility map (index-only scans)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def motcua(*args: str, url: str) -> None:
    subprocess.run(_command(args), cwd=ROOT, env=_env(url), check=True)


def _command(args) -> list[str]:
    return [sys.executable, "-m", "motcua", *args]


def _env(url: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.conf.base"}


def generate(url: str, dossiers: int, *, facts_only: bool) -> None:
    """``generate-load``; statistics-only data in one process per CPU, each with its own seed
    (full dossiers take their codes from in-process counters, so they are made by one)."""
    if not facts_only:
        motcua("generate-load", "--dossiers", str(dossiers), url=url)
        return
    workers = max(1, min(os.cpu_count() or 1, dossiers // 10_000))
    # The generator seeds the holiday years it spans; done once first, the workers do not race
    # to create the same years.
    motcua("seed_holidays", "--from", str(time.localtime().tm_year - 11), url=url)
    shares = [dossiers // workers + (n < dossiers % workers) for n in range(workers)]
    running = [
        subprocess.Popen(
            _command(["generate-load", "--facts-only", "--dossiers", str(share), "--seed", str(n)]),
            cwd=ROOT,
            env=_env(url),
        )
        for n, share in enumerate(shares, start=1)
    ]
    failed = [p.args for p in running if p.wait() != 0]
    if failed:
        raise SystemExit(f"bench: generation failed: {failed}")


def fill(url: str, dossiers: int, *, facts_only: bool = False) -> Built:
    """Create the database afresh with the sample province and ``dossiers`` synthetic ones."""
    _drop_database(url, create=True)
    started = time.perf_counter()
    motcua("migrate", "--noinput", "-v", "0", url=url)
    motcua("load_demo", "--quiet", url=url)
    generating = time.perf_counter()
    generate(url, dossiers, facts_only=facts_only)
    generated = time.perf_counter()
    vacuum(url)
    result = Built(dossiers, facts_only, generated - generating, time.perf_counter() - started)
    mark(url, result)
    print(
        f"bench: {_server_and_name(url)[1]}: {dossiers:,} "
        f"{'facts' if facts_only else 'dossiers'} generated in "
        f"{result.seconds:.0f} s ({dossiers / result.seconds:,.0f}/s), "
        f"{result.total_seconds:.0f} s with migrate, load_demo and vacuum",
        flush=True,
    )
    return result


def prepare(url: str, dossiers: int, *, keep: bool, facts_only: bool = False) -> Built:
    """The bench database of ``dossiers``: reused with ``keep`` when it holds exactly that
    (migrated to the current code), else built afresh. A database of the same name holding
    something else (another size, a fill that was interrupted) is never reused: without ``keep``
    it is rebuilt, with it the run stops rather than drop what may have taken an hour to build."""
    found = built(url)
    wanted = (dossiers, facts_only)
    if keep and found is not None and (found.dossiers, found.facts_only) == wanted:
        print(f"bench: reusing {url.rpartition('/')[2]} ({dossiers:,} dossiers)", flush=True)
        motcua("migrate", "--noinput", "-v", "0", url=url)  # the code may have moved on
        return found
    if keep and exists(url):
        raise SystemExit(
            f"bench: {url} exists but does not hold {dossiers:,} "
            f"{'facts' if facts_only else 'dossiers'} built by a bench ({found}); drop it or "
            "run without --keep"
        )
    return fill(url, dossiers, facts_only=facts_only)


def finish(url: str, *, keep: bool) -> None:
    """Drop the database unless it is to be kept."""
    if not keep:
        drop(url)


def run_on_bench_database(name: str, criteria: list[str], args, measure) -> int:
    """The usual bench on the shared database: prepare it, set Django up on it, ``measure()``
    (its figures), drop it unless kept, print and record the figures under ``postgresql``."""
    built = prepare(args.pg_url, args.dossiers, keep=args.keep)
    setup_django(args.pg_url)
    try:
        figures = {"data": built.figures(), **measure()}
    finally:
        finish(args.pg_url, keep=args.keep)
    print_figures(figures)
    record(name, {"postgresql": figures}, criteria)
    return 0


def province_admin():
    """The first active province administrator of the demo data (Django set up)."""
    from motcua.accounts.models import Role, User

    admin = (
        User.objects.filter(memberships__role=Role.PROVINCE_ADMIN, is_active=True)
        .order_by("pk")
        .first()
    )
    if admin is None:
        raise SystemExit("bench: no province administrator (load the demo data)")
    return admin


def in_fresh_process(function, *args):
    """``function(*args)`` in a new interpreter (a Django set up on another database); returns
    its result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.conf.base"
    os.environ["MOTCUA_RATE_TRACKING"] = "1000000/m"  # measure the look-up, not the limiter
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # expected 404s
