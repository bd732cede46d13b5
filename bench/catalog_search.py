"""Catalogue search with 5,000 procedures (``python bench/catalog_search.py --db sqlite|postgres``).

Builds a throwaway database (a temporary SQLite file, or the PostgreSQL database
``bench_search``, created and dropped here) holding the sample province's agencies and fields and
``--count`` procedures (5,000 by default): variants of the 51 real procedures of the demo data,
most with one version in force, some with an older expired version, a few draft-only or
inactive. Then it times a realistic mix of queries — with and without diacritics, by national
code, with filters, with no match, no query at all —

* through ``motcua.catalog.search.search_procedures`` as the list page uses it (count plus the
  first page of 20 rows), and
* through the procedure list page itself (``/thu-tuc/?…`` with Django's test client, so the
  figures include rendering but not the network).

It prints p50/p95 and records them with ``common.record`` under ``catalog_search``, one section
per database (``--db both`` runs each in its own process; a single database keeps the other
one's last figures). Evidence for PL4-1 (average response) and PL4-2 (slowest response).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from common import summary

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "motcua" / "demo" / "data"
NAME = "catalog_search"
CRITERIA = ["PL4-1", "PL4-2"]
DEFAULT_PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_search")
# Measure the search, not the look-up limiter of the public list (120 a minute in production).
os.environ.setdefault("MOTCUA_RATE_SEARCH", "1000000/m")
VENDOR = {"sqlite": "sqlite", "postgres": "postgresql"}

# Variants of each real procedure, as provinces publish them: the same procedure for a case,
# a target group or a step of its life (re-issue, amendment, extension, withdrawal).
PREFIXES = ["", "Cấp lại — ", "Điều chỉnh — ", "Gia hạn — ", "Thu hồi — "]
SUFFIXES = [
    "",
    " đối với tổ chức",
    " đối với cá nhân",
    " đối với hộ gia đình",
    " cho người nước ngoài",
    " cho người Việt Nam định cư ở nước ngoài",
    " trong trường hợp bị mất, hư hỏng",
    " trong trường hợp thay đổi thông tin",
    " thực hiện tại cấp xã",
    " thực hiện tại Trung tâm Phục vụ hành chính công tỉnh",
    " (liên thông)",
    " (thủ tục rút gọn)",
    " tại khu kinh tế, khu công nghiệp",
    " đối với doanh nghiệp nhỏ và vừa",
    " theo Nghị định số 118/2025/NĐ-CP",
    " đối với đơn vị sự nghiệp công lập",
    " cho hợp tác xã",
    " khi sáp nhập, hợp nhất",
    " lần đầu",
    " (trường hợp đặc biệt)",
]

QUERIES: list[tuple[str, dict]] = [
    ("no-diacritics", {"q": "giay phep xay dung"}),
    ("no-diacritics", {"q": "dang ky khai sinh"}),
    ("no-diacritics", {"q": "cap lai"}),
    ("no-diacritics", {"q": "ho kinh doanh tam ngung"}),
    ("diacritics", {"q": "Giấy phép xây dựng"}),
    ("diacritics", {"q": "Đăng ký kết hôn"}),
    ("diacritics", {"q": "quyền sử dụng đất"}),
    ("code", {"q": "1.001193"}),
    ("rare", {"q": "karaoke"}),
    ("no-match", {"q": "khong co thu tuc nay"}),
    ("filter", {"field": "G15-TP07"}),
    ("filter+query", {"q": "cap", "field": "G13-TN02"}),
    ("filter+query", {"q": "giay phep", "agency_level": "province", "online_level": "full"}),
    ("agency", {"agency": "000.00.104.H48"}),
    ("agency+query", {"q": "dang ky", "agency": "000.00.104.H48"}),
    ("all", {}),
]


def create_database(db: str, pg_url: str) -> str:
    """A fresh, empty database; returns its URL."""
    if db == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="motcua-bench-search-"))
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    import psycopg

    server, _, name = pg_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url


def drop_database(db: str, url: str) -> None:
    from django.db import connections

    connections.close_all()
    if db == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.rmdir()
        return
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- data ------------------------------------------------------------------------------------


def load_directory() -> dict:
    """The sample province's administrative units, agencies and fields (no hierarchy needed)."""
    from motcua.directory.models import AdministrativeUnit, Agency, Field

    data = json.loads((DATA / "directory.json").read_text(encoding="utf-8"))
    units = {}
    for row in data["administrative_units"]:
        unit = AdministrativeUnit(code=row["code"], name=row["name"], kind=row["kind"])
        unit.save()
        units[row["code"]] = unit
    agencies = {}
    for row in data["agencies"]:
        if row["valid_to"]:
            continue
        agency = Agency(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            kind=row["kind"],
            level=row["level"],
            administrative_unit=units.get(row["administrative_unit"]),
            sort_order=row["sort_order"],
        )
        agency.save()
        agencies[row["code"]] = agency
    fields = {}
    for row in data["fields"]:
        field = Field(code=row["code"], name=row["name"], name_en=row["name_en"])
        field.save()
        fields[row["code"]] = field
    return {"agencies": agencies, "fields": fields}


def generate(count: int, seed: int = 2026) -> dict:
    """``count`` procedures built from the demo procedures; returns what was made."""
    from django.db import transaction

    from motcua.catalog.models import (
        Case,
        ComponentRequirement,
        Fee,
        Procedure,
        ProcedureVersion,
    )
    from motcua.directory.models import Agency

    rng = random.Random(seed)
    seeds = json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))["procedures"]
    variants = [(p, s) for p in PREFIXES for s in SUFFIXES]
    if count > len(seeds) * len(variants):
        raise SystemExit(f"--count at most {len(seeds) * len(variants)}")
    began = time.perf_counter()
    with transaction.atomic():
        directory = load_directory()
        communes = [
            a
            for a in directory["agencies"].values()
            if a.level == Agency.Level.COMMUNE and a.kind == Agency.Kind.PEOPLES_COMMITTEE
        ]
        departments = [
            a for a in directory["agencies"].values() if a.kind == Agency.Kind.DEPARTMENT
        ]
        procedures, agency_links, plans = [], [], []
        for i in range(count):
            base = seeds[i % len(seeds)]
            prefix, suffix = variants[i // len(seeds)]
            first_variant = i < len(seeds)
            name = base["name"]
            if prefix:
                name = prefix + name[0].lower() + name[1:]
            procedure = Procedure(
                national_code=base["national_code"] if first_variant else f"4.{i:06d}",
                name=name + suffix,
                field=directory["fields"][base["field"]],
                agency_level=base["agency_level"],
                is_active=first_variant or rng.random() > 0.02,
            )
            procedure.save()  # the model derives the folded search column
            procedures.append(procedure)
            if base["agency_level"] == "commune":
                chosen = rng.sample(communes, rng.randint(1, len(communes)))
            else:
                chosen = [rng.choice(departments)]
            agency_links += [
                Procedure.agencies.through(procedure=procedure, agency=a) for a in chosen
            ]
            plans.append((procedure, base["versions"][0]))

        versions, parts = [], []
        today = date.today()
        for procedure, template in plans:
            roll = rng.random()
            online = rng.choices(["full", "partial", "information"], [25, 60, 15])[0]
            common = {
                "procedure": procedure,
                "decision_number": template["decision_number"],
                "steps_text": template["steps_text"],
                "channels": template["channels"],
                "online_level": online,
                "target_groups": template["target_groups"],
                "implementing_body": template["implementing_body"],
                "submission_place": template["submission_place"],
                "legal_basis": template["legal_basis"],
                "result_description": template["result_description"],
            }
            if roll < 0.10:  # replaced on 1 July 2025: an expired version before the current one
                versions.append(
                    ProcedureVersion(
                        number=1,
                        status=ProcedureVersion.Status.PUBLISHED,
                        effective_from=date(2021, 1, 1),
                        effective_to=date(2025, 7, 1),
                        **{**common, "online_level": "information"},
                    )
                )
            if roll > 0.97:  # still a draft: not public
                versions.append(ProcedureVersion(number=1, **common))
                continue
            versions.append(
                ProcedureVersion(
                    number=2 if roll < 0.10 else 1,
                    status=ProcedureVersion.Status.PUBLISHED,
                    effective_from=date(2025, 7, 1) if rng.random() < 0.9 else today,
                    published_at=datetime(2025, 6, 20, 8, 0).astimezone(),
                    **common,
                )
            )
            parts.append((versions[-1], template))
        Procedure.agencies.through.objects.bulk_create(agency_links, batch_size=2000)
        ProcedureVersion.objects.bulk_create(versions, batch_size=1000)

        cases, components, fees = [], [], []
        for version, template in parts:
            for row in template["cases"]:
                cases.append(
                    Case(
                        version=version,
                        name=row["name"],
                        time_limit=row["time_limit"],
                        time_unit=row["time_unit"],
                        time_limit_note=row["time_limit_note"],
                    )
                )
            for n, row in enumerate(template["components"]):
                components.append(
                    ComponentRequirement(
                        version=version,
                        name=row["name"],
                        form=row["form"],
                        quantity=row["quantity"],
                        required=row["required"],
                        template_name=row["template_name"],
                        sort_order=n,
                    )
                )
            for row in template["fees"]:
                fees.append(
                    Fee(
                        version=version,
                        name=row["name"],
                        kind=row["kind"],
                        amount=row["amount"],
                        exemptions=row["exemptions"],
                    )
                )
        Case.objects.bulk_create(cases, batch_size=2000)
        ComponentRequirement.objects.bulk_create(components, batch_size=2000)
        Fee.objects.bulk_create(fees, batch_size=2000)
    return {
        "procedures": count,
        "versions": len(versions),
        "agency_links": len(agency_links),
        "generate_seconds": round(time.perf_counter() - began, 1),
    }


# --- measurements ------------------------------------------------------------------------------


def _arguments(params: dict) -> dict:
    return {("query" if k == "q" else k): v for k, v in params.items()}


def time_search(repeat: int) -> tuple[dict, dict]:
    from motcua.catalog.search import search_procedures

    by_kind: dict[str, list[float]] = {}
    found = {}
    for kind, params in QUERIES:

        def run(params=params) -> int:
            """What the list page asks: the number of hits and the first page."""
            procedures = search_procedures(**_arguments(params))
            hits = procedures.count()
            list(procedures[:20])
            return hits

        found[json.dumps(params, ensure_ascii=False)] = run()  # warm-up, and the hit count
        for _ in range(repeat):
            began = time.perf_counter()
            run()
            by_kind.setdefault(kind, []).append(time.perf_counter() - began)
    return by_kind, found


def time_list_page(repeat: int) -> dict[str, list[float]]:
    from django.test import Client

    client = Client()
    by_kind: dict[str, list[float]] = {}
    for kind, params in QUERIES:
        response = client.get("/thu-tuc/", params)  # warm-up
        if response.status_code != 200:
            raise SystemExit(f"/thu-tuc/ {params} answered {response.status_code}")
        for _ in range(repeat):
            began = time.perf_counter()
            client.get("/thu-tuc/", params)
            by_kind.setdefault(kind, []).append(time.perf_counter() - began)
    return by_kind


def trigram_index() -> dict | None:
    """PostgreSQL only: can the trigram index serve a term filter, and does the planner pick it?

    At a few thousand rows a sequential scan is often cheaper and the planner rightly takes it;
    the index pays off as the catalogue grows.
    """
    from django.db import connection, transaction

    from motcua.catalog.search import search_procedures

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    chosen = "name_search_trgm" in search_procedures("karaoke").explain()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # only bitmap scans remain
        cursor.execute("SET LOCAL enable_indexscan = off")
        usable = "name_search_trgm" in search_procedures("karaoke").explain()
    return {"usable": usable, "chosen_by_planner": chosen}


def measure(db: str, count: int, repeat: int, pg_url: str) -> dict:
    url = create_database(db, pg_url)
    try:
        setup_django(url)
        made = generate(count)
        print(
            f"  {db}: {made['procedures']} procedures in {made['generate_seconds']} s",
            file=sys.stderr,
            flush=True,
        )
        search, found = time_search(repeat)
        page = time_list_page(max(3, repeat // 3))
        from motcua.catalog.search import search_procedures

        return {
            **made,
            "in_force": search_procedures().count(),
            "trigram_index": trigram_index(),
            "search": summary([s for samples in search.values() for s in samples]),
            "list_page": summary([s for samples in page.values() for s in samples]),
            "search_by_kind": {kind: summary(samples) for kind, samples in search.items()},
            "list_page_by_kind": {kind: summary(samples) for kind, samples in page.items()},
            "hits": found,
            "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
    finally:
        drop_database(db, url)


def previous_figures() -> dict:
    from django.conf import settings

    from motcua.compliance.evidence import bench_dir

    path = bench_dir(settings.VAR_DIR) / f"{NAME}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["figures"]
    except (OSError, ValueError, KeyError):
        return {}


def report(figures: dict) -> None:
    for vendor, section in figures.items():
        print(f"{vendor}: {section['procedures']} procedures, {section['in_force']} in force")
        for what in ("search", "list_page"):
            s = section[what]
            print(
                f"  {what:<10} p50 {s['p50_ms']:>7.2f} ms   p95 {s['p95_ms']:>7.2f} ms   "
                f"max {s['max_ms']:>7.2f} ms   (n={s['n']})"
            )
        for kind, s in section["search_by_kind"].items():
            print(f"    search {kind:<14} p50 {s['p50_ms']:>7.2f} ms   p95 {s['p95_ms']:>7.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--quick", action="store_true", help="fewer runs (smoke test)")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # child output
    args = parser.parse_args()
    repeat = 5 if args.quick else args.repeat

    if args.db == "both":
        figures = {}
        for db in ("sqlite", "postgres"):
            command = [sys.executable, __file__, "--db", db, "--count", str(args.count)]
            command += ["--repeat", str(repeat), "--pg-url", args.pg_url, "--json"]
            child = subprocess.run(command, capture_output=True, text=True, check=False)
            sys.stderr.write(child.stderr)
            if child.returncode:
                return child.returncode
            figures.update(json.loads(child.stdout.splitlines()[-1]))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
        import django

        django.setup()
    else:
        section = measure(args.db, args.count, repeat, args.pg_url)
        if args.json:
            print(json.dumps({VENDOR[args.db]: section}))
            return 0
        figures = {**previous_figures(), VENDOR[args.db]: section}

    from common import record

    report(figures)
    record(NAME, figures, CRITERIA)
    return 0


if __name__ == "__main__":
    sys.exit(main())
