"""Parallel archiving (PostgreSQL): numbers stay continuous and unique; the same dossier
archived twice at once gives one record and leaves no stray package."""

import pytest
from django.core.files.storage import default_storage

from motcua.archive import services
from motcua.archive.models import ArchiveRecord
from motcua.dossiers.states import State
from motcua.dossiers.tests.test_concurrency import _run_in_threads
from motcua.dossiers.tests.world import Clock, build_world, drive

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.criterion("D3.9", "PL2-4"),
    pytest.mark.django_db(transaction=True),
]


def test_parallel_archiving_numbers_without_gaps_or_duplicates():
    world, clock = build_world(), Clock()
    dossiers = [drive(world, clock, State.RETURNED) for _ in range(6)]
    results = _run_in_threads(
        [lambda d=d: services.archive_dossier(d, actor=world.clerk) for d in dossiers]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.number for r in results) == [1, 2, 3, 4, 5, 6]


def test_one_dossier_archived_twice_at_once_gives_one_record():
    world, clock = build_world(), Clock()
    dossier = drive(world, clock, State.RETURNED)
    results = _run_in_threads([lambda: services.archive_dossier(dossier, actor=world.clerk)] * 2)
    records = [r for r in results if isinstance(r, ArchiveRecord)]
    assert len(records) == 1 and records[0].number == 1
    assert ArchiveRecord.objects.count() == 1
    folder = f"archive/{world.department.code}/2026"
    assert default_storage.listdir(folder)[1] == [records[0].package.name.rsplit("/", 1)[-1]]
