"""Citizen-facing look-ups with 1,000,000 dossiers on PostgreSQL (``python bench/portal.py``).

Uses the PostgreSQL database of ``--dossiers`` synthetic dossiers shared by the benches
(``bench_1m``, see ``common.prepare``: built here unless ``--keep`` finds it, dropped afterwards
without ``--keep``), gives 20,000 citizens about 20 dossiers each and one heavy filer
(a business filing daily) 2,000, then times through Django's test client (rendering included,
network not):

* ``tracking``: the public look-up ``/tra-cuu/?ma=<code>`` of random existing codes, and of
  codes that do not exist (``tracking_unknown``);
* ``my_dossiers``: the "Hồ sơ của tôi" list (first page, count, drafts) of random citizens, of
  the heavy filer (``my_dossiers_heavy``, also paging deep), and one dossier's detail page
  (``my_dossier_detail``).

Prints p50/p95/max and records them with ``common.record`` under ``portal`` (evidence for PL4-1,
PL4-2). ``--quick`` uses 20,000 dossiers.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import common
from common import summary, timed

NAME = "portal"
CRITERIA = ["PL4-1", "PL4-2"]
CITIZENS = 20_000
HEAVY_DOSSIERS = 2_000


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
    parser = common.arguments(__doc__.splitlines()[0], rounds=400, quick_rounds=100)
    args = common.parse(parser, argv)

    def run() -> dict:
        citizens, heavy = give_owners()
        return measure(args.rounds, citizens, heavy)

    return common.run_on_bench_database(NAME, CRITERIA, args, run)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
