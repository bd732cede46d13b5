"""Citizen-facing look-ups with 1,000,000 dossiers on PostgreSQL (``python bench/portal.py``).

Fills the PostgreSQL database ``bench_portal`` (created here; kept for the next run with
``--keep``, dropped otherwise) with the sample province and ``--dossiers`` synthetic dossiers
(``motcua generate-load``), gives 20,000 citizens about 20 dossiers each and one heavy filer
(a business filing daily) 2,000, then times through Django's test client (rendering included,
network not):

* ``tracking``: the public look-up ``/tra-cuu/?ma=<code>`` of random existing codes, and of
  codes that do not exist (``tracking_unknown``);
* ``my_dossiers``: the "Hồ sơ của tôi" list (first page, count, drafts) of random citizens, of
  the heavy filer (``my_dossiers_heavy``, also paging deep), and one dossier's detail page
  (``my_dossier_detail``).

Prints p50/p95 and records them with ``common.record`` under ``portal`` (evidence for PL4-1,
PL4-2). ``--quick`` uses 20,000 dossiers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "portal"
CRITERIA = ["PL4-1", "PL4-2"]
DEFAULT_PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_portal")
CITIZENS = 20_000
HEAVY_DOSSIERS = 2_000


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def database(url: str, *, keep: bool) -> bool:
    """Create the database unless ``keep`` and it exists; return whether it was kept."""
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def drop(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def motcua(*args: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.conf.base"}
    command = [sys.executable, "-m", "motcua", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def fill(url: str, dossiers: int) -> None:
    started = time.perf_counter()
    motcua("migrate", "--noinput", "-v", "0", url=url)
    motcua("load_demo", "--quiet", url=url)
    motcua("generate-load", "--dossiers", str(dossiers), url=url)
    print(f"bench: {dossiers:,} dossiers in {time.perf_counter() - started:.0f} s", flush=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.conf.base"
    os.environ["MOTCUA_RATE_TRACKING"] = "1000000/m"  # measure the look-up, not the limiter
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the unknown codes' 404s


def give_owners() -> tuple[list[int], int]:
    """Citizens owning the dossiers, as if they had filed them on the portal; idempotent."""
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.accounts.models import User

    with transaction.atomic():
        existing = list(
            User.objects.filter(username__startswith="bench-citizen-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not existing:
            now = timezone.now()
            User.objects.bulk_create(
                [
                    User(
                        username=f"bench-citizen-{n}",
                        full_name=f"Công dân {n}",
                        email_verified_at=now,
                    )
                    for n in range(CITIZENS + 1)
                ],
                batch_size=5000,
            )
            existing = list(
                User.objects.filter(username__startswith="bench-citizen-")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            heavy, citizens = existing[0], existing[1:]
            with connection.cursor() as cursor:
                # ~40 % of dossiers were filed online by an account (20 each on average)...
                cursor.execute(
                    "UPDATE dossiers_dossier SET owner_id = %s + (id %% %s) WHERE id %% 5 < 2",
                    [citizens[0], len(citizens)],
                )
                # ...and one business filed 2,000.
                cursor.execute(
                    "UPDATE dossiers_dossier SET owner_id = %s WHERE id IN "
                    "(SELECT id FROM dossiers_dossier WHERE id %% 5 = 4 ORDER BY id LIMIT %s)",
                    [heavy, HEAVY_DOSSIERS],
                )
                cursor.execute("ANALYZE dossiers_dossier")
    return existing[1:], existing[0]


def timed(client, url: str, expect: int = 200) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != expect:
        raise SystemExit(f"{url}: HTTP {response.status_code}, expected {expect}")
    return elapsed


def measure(rounds: int, citizens: list[int], heavy: int) -> dict:
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

    rng = random.Random(2026)
    total = Dossier.objects.count()
    top = Dossier.objects.order_by("-id").values_list("id", flat=True).first()
    ids = rng.sample(range(1, top + 1), min(rounds * 3, top))
    codes = list(Dossier.objects.filter(id__in=ids).values_list("code", flat=True))[:rounds]
    public = Client()
    for code in codes[:20]:  # warm-up: connections, templates, caches
        public.get(f"/tra-cuu/?ma={code}")
    tracking = [timed(public, f"/tra-cuu/?ma={code}") for code in codes]
    unknown = [
        timed(public, f"/tra-cuu/?ma=000.90.01.H48-{rng.randint(100000, 999999)}-99{n:02d}", 404)
        for n in range(min(rounds, 100) // 2)
    ]

    mine, detail = [], []
    for pk in rng.sample(citizens, min(rounds, len(citizens))):
        client = Client()
        client.force_login(User.objects.get(pk=pk))
        mine.append(timed(client, "/ho-so-cua-toi/"))
        code = Dossier.objects.filter(owner_id=pk).values_list("code", flat=True).first()
        if code and len(detail) < rounds // 2:
            detail.append(timed(client, f"/ho-so-cua-toi/{code}/"))
    client = Client()
    client.force_login(User.objects.get(pk=heavy))
    pages = HEAVY_DOSSIERS // 20
    heavy_samples = [
        timed(client, f"/ho-so-cua-toi/?page={rng.randint(1, pages)}")
        for _ in range(max(10, rounds // 4))
    ]
    return {
        "dossiers": total,
        "tracking": summary(tracking),
        "tracking_unknown": summary(unknown),
        "my_dossiers": summary(mine),
        "my_dossiers_heavy": summary(heavy_samples),
        "my_dossier_detail": summary(detail),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 dossiers, fewer samples")
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="reuse/keep the bench database")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args(argv)
    if args.quick:
        args.dossiers, args.rounds = 20_000, 100
    kept = database(args.pg_url, keep=args.keep)
    if not kept:
        fill(args.pg_url, args.dossiers)
    setup_django(args.pg_url)
    try:
        citizens, heavy = give_owners()
        figures = measure(args.rounds, citizens, heavy)
    finally:
        if not args.keep:
            drop(args.pg_url)
    for name, values in figures.items():
        if isinstance(values, dict):
            print(f"{name:>20}: p50 {values['p50_ms']:8.2f} ms   p95 {values['p95_ms']:8.2f} ms")
    from common import record

    record(NAME, {"postgresql": figures}, CRITERIA)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
