"""Statistics at 1 and 10 million dossiers on PostgreSQL (``python bench/reports.py``).

Two databases (see ``common.prepare``: built here unless ``--keep`` finds them, dropped
afterwards without ``--keep``):

* ``bench_1m``, shared by the benches: ``--dossiers`` synthetic dossiers with everything;
* ``bench_10m``: ``--facts`` dossiers written as statistics only (``generate-load
  --facts-only``: each dossier's ``DossierFact`` and the day/month sums, no dossier rows — the
  statistics never read the dossiers, and ten million full dossiers would not fit the disk),
  in one process per CPU (``common.generate``). Ten million took 86 minutes on two CPUs shared
  with other work (1,932 a second; ~5,800 a second while the machine was otherwise quiet).
  Facts-only data has no citizen feedback, so the QĐ 766 index there leaves out the cost of its
  feedback indicators.

On each, for the last whole year and as the province administrator, after a warm-up:

* ``statistics_service``: ``reports.services.statistics`` for the whole province, one row per
  settling agency; ``statistics_page``: the page behind it (``/mot-cua/thong-ke/``, which also
  draws the monthly series), through Django's test client (rendering included, network not);
* ``index766_service``: ``reports.index766.compute`` (QĐ 766) for the province and every
  agency; ``index766_agency_service``: the same restricted to one agency, as its leader sees
  it; ``index766_page`` and ``index766_agency_page`` (``/mot-cua/thong-ke/chi-so-766/[<code>/]``);
* ``drilldown_page``: the dossiers behind a figure (``/mot-cua/thong-ke/ho-so/``), for the
  province or one agency's row, first and random later pages. The lists read the facts, so they
  work on the statistics-only database too.

Prints p50/p95/max and records them with ``common.record`` under ``reports``, one section per
database (``postgresql_1m``, ``postgresql_10m`` or the size built; evidence for PL2-3, PL4-1,
PL4-2). Target: the statistics and the index under 2 s at ten million. ``--quick`` uses 20,000
dossiers and 50,000 facts.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from urllib.parse import urlencode

import common
from common import stopwatch, summary, timed

NAME = "reports"
CRITERIA = ["PL2-3", "PL4-1", "PL4-2"]
FACTS = 10_000_000
QUICK_FACTS = 50_000
WARM_UP = 2
# Figures whose dossier lists are opened from the statistics table and the QĐ 766 index.
DRILLABLE = [
    "received",
    "ended",
    "late",
    "in_progress_overdue",
    "processed",
    "processed_on_time",
    "processed_overdue",
    "online_766",
    "rated",
]


def sample(call, rounds: int) -> dict:
    for _n in range(WARM_UP):
        call()
    return summary([stopwatch(call) for _n in range(rounds)])


def pages(client, urls: list[str]) -> dict:
    for url in urls[:WARM_UP]:
        timed(client, url)
    return summary([timed(client, url) for url in urls])


def measure(url: str, rounds: int) -> dict:
    """Every figure of one database (run in a process of its own: Django set up on ``url``)."""
    common.setup_django(url)
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from motcua.directory.models import Agency
    from motcua.reports import index766, services
    from motcua.reports.models import DailyStat, DossierFact
    from motcua.reports.periods import Period

    rng = random.Random(2026)
    year = timezone.localdate().year - 1
    period = Period.year(year)
    admin = common.province_admin()
    client = Client()
    client.force_login(admin)
    year_query = {"ky": "year", "nam": year}
    # The agencies settling most of the year's dossiers, as the index lists them.
    busiest = [
        row["settling_agency_id"]
        for row in DossierFact.objects.filter(received_at__year=year)
        .values("settling_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    ]
    agencies = list(Agency.objects.filter(pk__in=busiest))
    figures: dict = {
        "year": year,
        "facts": DossierFact.objects.count(),
        "facts_in_year": DossierFact.objects.filter(received_at__year=year).count(),
        "daily_stat_rows": DailyStat.objects.count(),
    }
    service_rounds = max(5, rounds // 4)
    figures["statistics_service"] = sample(
        lambda: services.statistics(period, services.Filters(), "settling_agency"),
        service_rounds,
    )
    figures["statistics_page"] = pages(
        client, [f"/mot-cua/thong-ke/?{urlencode(year_query)}"] * service_rounds
    )
    figures["index766_service"] = sample(lambda: index766.compute(period), service_rounds)
    scopes = [services.agency_subtree([a.pk]) for a in agencies]
    figures["index766_agency_service"] = sample(
        lambda: index766.compute(period, scope_ids=rng.choice(scopes)), service_rounds
    )
    figures["index766_page"] = pages(
        client, [f"/mot-cua/thong-ke/chi-so-766/?{urlencode(year_query)}"] * service_rounds
    )
    figures["index766_agency_page"] = pages(
        client,
        [
            f"/mot-cua/thong-ke/chi-so-766/{rng.choice(agencies).code}/?{urlencode(year_query)}"
            for _n in range(service_rounds)
        ],
    )
    drill = []
    for n in range(rounds):
        query = {**year_query, "so_lieu": DRILLABLE[n % len(DRILLABLE)]}
        if n % 2:
            query.update(theo="settling_agency", gia_tri=rng.choice(agencies).pk)
        query["page"] = 1 if n % 3 == 0 else rng.randint(2, 40)
        drill.append(f"/mot-cua/thong-ke/ho-so/?{urlencode(query)}")
    figures["drilldown_page"] = pages(client, drill)
    return figures


def main(argv: list[str]) -> int:
    parser = common.arguments(__doc__.splitlines()[0], rounds=100, quick_rounds=20)
    parser.add_argument("--facts", type=int, default=FACTS, help="dossiers of the second database")
    parser.add_argument("--facts-pg-url", help="default: bench_<size> (bench_10m)")
    args = common.parse(parser, argv)
    if args.quick:
        args.facts = QUICK_FACTS
    args.facts_pg_url = args.facts_pg_url or common.pg_url_for(args.facts)
    scales = [
        (args.pg_url, common.prepare(args.pg_url, args.dossiers, keep=args.keep)),
        (
            args.facts_pg_url,
            common.prepare(args.facts_pg_url, args.facts, keep=args.keep, facts_only=True),
        ),
    ]
    figures = {}
    try:
        for url, built in scales:
            label = f"postgresql_{common.size_label(built.dossiers)}"
            print(f"bench: measuring {label}", flush=True)
            measured = common.in_fresh_process(measure, url, args.rounds)
            figures[label] = {"data": built.figures(), **measured}
    finally:
        for url, _built in scales:
            common.finish(url, keep=args.keep)
    common.print_figures(figures)
    common.record(NAME, figures, CRITERIA)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
