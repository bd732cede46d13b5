"""The officials' back office with 1,000,000 dossiers on PostgreSQL (``bench/backoffice.py``).

Uses the PostgreSQL database of ``--dossiers`` synthetic dossiers shared by the benches
(``bench_1m``, see ``common.prepare``: built here unless ``--keep`` finds it, dropped afterwards
without ``--keep``). The generated tasks are unassigned and sit in the process steps' handling
units, so the officials measured are posted where the work is: a specialist and a division
leader in the unit holding the most open specialist steps, the leader of the agency it belongs
to (created here, idempotently, as ``bench-*`` accounts) and the demo province administrator.
After a warm-up, times through Django's test client (rendering included, network not):

* ``my_work_specialist``, ``my_work_division_leader``: "Việc của tôi" (``/mot-cua/viec-cua-toi/``),
  every tab, the first page and random deeper ones;
* ``dossier_page``: the dossier page (``/mot-cua/ho-so/<code>/``) of random dossiers, as the
  province administrator;
* ``search_*``: ``/mot-cua/tra-cuu/`` by whole code, by applicant name typed without
  diacritics, by ID number, by a month of submission dates and a status — as the agency leader
  (``search_leader``, their scope) and as the province administrator (``search_province``, every
  dossier);
* ``dashboard``: the agency leader's "Bảng điều hành" (``/mot-cua/dieu-hanh/``).

Prints p50/p95/max and records them with ``common.record`` under ``backoffice`` (evidence for
PL4-1, PL4-2). ``--quick`` uses 20,000 dossiers and fewer samples.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import common
from common import summary, timed

NAME = "backoffice"
CRITERIA = ["PL4-1", "PL4-2"]
WARM_UP = 5


@dataclass
class Officials:
    specialist: object
    division_leader: object
    agency_leader: object
    province_admin: object
    unit: object  # the busy unit
    agency: object  # the agency it belongs to


def officials() -> Officials:
    """The bench officials of the unit holding the most open specialist steps; idempotent."""
    from django.db.models import Count

    from motcua.accounts.models import Membership, Role, User
    from motcua.directory.models import Agency
    from motcua.dossiers.models import Task

    busiest = (
        Task.objects.filter(status=Task.Status.OPEN, role=Role.SPECIALIST)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency_id")
        .first()
    )
    if busiest is None:
        raise SystemExit("bench: no open specialist step in the database")
    unit = Agency.objects.get(pk=busiest["agency_id"])
    agency = unit.root_agency()

    def official(username: str, full_name: str, role: str, where) -> User:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        Membership.objects.get_or_create(user=user, agency=where, role=role)
        return user

    admin = common.province_admin()
    return Officials(
        specialist=official(
            "bench-chuyenvien", "Chuyên viên (đo hiệu năng)", Role.SPECIALIST, unit
        ),
        division_leader=official(
            "bench-truongphong", "Lãnh đạo phòng (đo hiệu năng)", Role.DIVISION_LEADER, unit
        ),
        agency_leader=official(
            "bench-lanhdao", "Lãnh đạo cơ quan (đo hiệu năng)", Role.AGENCY_LEADER, agency
        ),
        province_admin=admin,
        unit=unit,
        agency=agency,
    )


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def sample(client, urls: list[str]) -> dict:
    """Warm up on the first URLs, then time every URL."""
    for url in urls[:WARM_UP]:
        timed(client, url)
    return summary([timed(client, url) for url in urls])


def work_urls(user, rounds: int, rng: random.Random) -> tuple[list[str], dict]:
    """My-work pages over every tab: each tab's first page, then random pages; and the tabs'
    sizes."""
    from motcua.backoffice import selectors
    from motcua.backoffice.views.common import PAGE_SIZE

    _tasks, counts = selectors.my_work(user, selectors.WorkFilters(), selectors.Moments.at())
    urls = []
    for n in range(rounds):
        tab = selectors.WORK_TABS[n % len(selectors.WORK_TABS)]
        pages = max(1, -(-counts[tab] // PAGE_SIZE))
        page = 1 if n % 2 == 0 else rng.randint(1, pages)
        urls.append(f"/mot-cua/viec-cua-toi/?{urlencode({'tab': tab, 'page': page})}")
    return urls, counts


def random_dossiers(rounds: int, rng: random.Random, where=None) -> list[dict]:
    """``rounds`` random dossiers (matching ``where``): the first at or after a random id."""
    from django.db.models import Q

    from motcua.dossiers.models import Dossier

    qs = Dossier.objects.filter(where or Q()).values(
        "code", "applicant_name", "applicant_id_number", "submitted_at", "national_status"
    )
    top = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
    found = []
    for _n in range(rounds):
        start = rng.randint(1, top)
        row = (
            qs.filter(id__gte=start).order_by("id").first()
            or qs.filter(id__lt=start).order_by("-id").first()
        )
        if row is None:
            raise SystemExit("bench: no dossier to sample")
        found.append(row)
    return found


def search_urls(dossiers: list[dict]) -> dict[str, list[str]]:
    """The four kinds of search, each from a real dossier's data."""
    from django.utils import timezone

    from motcua.core.text import fold
    from motcua.reports.periods import Period

    def url(**params) -> str:
        return f"/mot-cua/tra-cuu/?{urlencode(params)}"

    by_month = []
    for d in dossiers:
        day = timezone.localdate(d["submitted_at"])
        month = Period.month(day.year, day.month)
        by_month.append(
            url(
                date_field="submitted",
                date_from=month.start.isoformat(),
                date_to=month.last_day.isoformat(),
                status=d["national_status"],
            )
        )
    return {
        "code": [url(q=d["code"]) for d in dossiers],
        "name_without_diacritics": [url(q=fold(d["applicant_name"])) for d in dossiers],
        "id_number": [url(q=d["applicant_id_number"]) for d in dossiers],
        "month_and_status": by_month,
    }


def measure(rounds: int) -> dict:
    from django.db.models import Q

    from motcua.dossiers.models import Dossier

    rng = random.Random(2026)
    people = officials()
    figures: dict = {
        "dossiers": Dossier.objects.count(),
        "unit": people.unit.code,
        "agency": people.agency.code,
    }
    for label, user in (
        ("specialist", people.specialist),
        ("division_leader", people.division_leader),
    ):
        urls, counts = work_urls(user, rounds, rng)
        figures[f"my_work_{label}"] = {**sample(client_for(user), urls), "open_tasks": counts}

    admin = client_for(people.province_admin)
    pages = [f"/mot-cua/ho-so/{d['code']}/" for d in random_dossiers(rounds, rng)]
    figures["dossier_page"] = sample(admin, pages)

    leader = client_for(people.agency_leader)
    scope = people.agency.descendant_ids()
    in_scope = Q(settling_agency_id__in=scope) | Q(receiving_agency_id__in=scope)
    figures["scope_dossiers"] = Dossier.objects.filter(in_scope).count()
    searches = {
        "leader": (leader, random_dossiers(rounds, rng, in_scope)),
        "province": (admin, random_dossiers(rounds, rng)),
    }
    for who, (client, dossiers) in searches.items():
        for kind, urls in search_urls(dossiers).items():
            figures[f"search_{who}_{kind}"] = sample(client, urls)

    figures["dashboard"] = sample(leader, ["/mot-cua/dieu-hanh/"] * max(10, rounds // 4))
    return figures


def main(argv: list[str]) -> int:
    parser = common.arguments(__doc__.splitlines()[0], rounds=200, quick_rounds=30)
    args = common.parse(parser, argv)
    return common.run_on_bench_database(NAME, CRITERIA, args, lambda: measure(args.rounds))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
