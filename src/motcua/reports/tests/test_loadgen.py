"""``motcua generate-load``: synthetic dossiers keep the lifecycle's invariants and feed the
statistics exactly as a rebuild from the facts does."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count, F, OuterRef, Subquery

from motcua.dossiers.models import Dossier, DossierCodeCounter, HistoryEntry, Task
from motcua.reports import aggregates
from motcua.reports.models import COUNTERS, DailyStat, DossierFact

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\d{3}\.\d{2,3}\.\d{2,3}\.H48-\d{6}-\d{4,}$")


def _sums() -> dict:
    """Every counter per (grain, day, every dimension), without zeros."""
    sums: dict = {}
    for row in DailyStat.objects.values():
        key = tuple(v for k, v in row.items() if k not in COUNTERS and k != "id")
        for name in COUNTERS:
            if row[name]:
                sums[(*key, name)] = row[name]
    return sums


def test_generated_dossiers_keep_the_invariants_and_feed_the_statistics():
    out = io.StringIO()
    call_command(
        "generate-load", dossiers=120, years=2, seed=7, end=dt.date(2026, 10, 30), stdout=out
    )
    assert "120" in out.getvalue()
    assert Dossier.objects.count() == 120
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == 120 and all(CODE.match(c) for c in codes)
    last = HistoryEntry.objects.filter(dossier=OuterRef("pk")).order_by("-seq")
    annotated = Dossier.objects.annotate(
        last_state=Subquery(last.values("state_after")[:1]),
        last_status=Subquery(last.values("status_after")[:1]),
        entries=Count("history", distinct=True),
    )
    assert not annotated.exclude(last_state=F("state")).exists()
    assert not annotated.exclude(last_status=F("national_status")).exists()
    assert not annotated.exclude(entries=F("version")).exists()
    # History in time order, seq without gaps.
    for dossier_id in Dossier.objects.values_list("pk", flat=True)[:20]:
        entries = list(HistoryEntry.objects.filter(dossier_id=dossier_id).order_by("seq"))
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert Task.objects.exists()
    # The desks' counters moved past every generated number.
    for code in codes[:20]:
        desk, day, seq = code.rsplit("-", 2)
        counter = DossierCodeCounter.objects.get(
            agency__code=desk, day=dt.datetime.strptime(day, "%y%m%d").date()
        )
        assert counter.last_value >= int(seq)
    assert DossierFact.objects.count() == 120
    generated = _sums()
    assert generated
    aggregates.rebuild_all(refresh_facts=True)
    assert _sums() == generated


def test_a_second_run_continues_the_codes():
    call_command("generate-load", dossiers=30, years=1, seed=1, stdout=io.StringIO())
    call_command("generate-load", dossiers=30, years=1, seed=1, stdout=io.StringIO())
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 60


def test_bulk_upserts_of_the_sums_agree_with_row_by_row(monkeypatch):
    # On PostgreSQL, large deltas go through COPY and one upsert: creating rows on the first
    # run, incrementing them on the second; a row-by-row rebuild must find the same sums.
    monkeypatch.setattr(aggregates, "BULK_ROWS", 10)
    for seed in (3, 4):
        call_command(
            "generate-load", dossiers=80, years=1, seed=seed, facts_only=True, stdout=io.StringIO()
        )
    bulk = _sums()
    assert sum(v for k, v in bulk.items() if k[0] == "d" and k[-1] == "received") > 100
    monkeypatch.setattr(aggregates, "BULK_ROWS", 10**9)
    aggregates.rebuild_all()
    assert _sums() == bulk
