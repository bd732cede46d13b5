"""Concurrency and atomicity: parallel receptions get distinct consecutive codes; two officials
acting at once on one dossier — one wins, the other gets a conflict; nothing is half-written."""

import threading

import pytest
from django.db import connection

from motcua.dossiers import services as s
from motcua.dossiers.exceptions import ConflictError
from motcua.dossiers.models import Dossier, HistoryEntry, Task
from motcua.dossiers.states import State

from .world import Clock, build_world, counter_dossier, drive, v


def _run_in_threads(functions):
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # collected and asserted on by the caller
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres_only
@pytest.mark.criterion("PL2-2.2")
@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_receptions_get_sixteen_consecutive_codes():
    world = build_world()
    clock = Clock()
    now = clock.tick()
    results = _run_in_threads([lambda: counter_dossier(world, clock, now=now)] * 16)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    codes = sorted(d.code for d in results)
    assert codes == [f"{world.desk.code}-260302-{n:04d}" for n in range(1, 17)]
    assert Dossier.objects.filter(receiving_agency=world.desk).count() == 16


@pytest.mark.postgres_only
@pytest.mark.criterion("PL2-7")
@pytest.mark.django_db(transaction=True)
def test_two_officials_acting_at_once_one_wins_the_other_gets_a_conflict():
    world = build_world()
    clock = Clock()
    d = counter_dossier(world, clock)
    version, history = d.version, d.history.count()
    results = _run_in_threads(
        [
            lambda: s.forward(
                d,
                actor=world.division_leader,
                expected_version=version,
                assignee=world.specialist,
                now=clock.tick(),
            ),
            lambda: s.stop(
                d,
                actor=world.agency_leader,
                expected_version=version,
                reason="Dừng",
                now=clock.tick(),
            ),
        ]
    )
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, ConflictError)]
    assert (len(winners), len(losers)) == (1, 1), results
    assert "vừa được người khác cập nhật" in losers[0].message
    d.refresh_from_db()
    assert d.version == version + 1
    assert d.history.count() == history + 1
    assert d.state == winners[0].state
    if d.state == State.STOPPED:
        assert not d.tasks.filter(status=Task.Status.OPEN).exists()
    else:
        assert d.tasks.filter(status=Task.Status.OPEN).count() == 1


def test_a_failure_midway_leaves_nothing_half_written(world, monkeypatch):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    before = (d.version, d.history.count(), list(d.tasks.values_list("pk", "status")))

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("motcua.core.audit.record", broken)
    with pytest.raises(RuntimeError):
        s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    d.refresh_from_db()
    assert (d.version, d.history.count(), list(d.tasks.values_list("pk", "status"))) == before
    assert d.state == State.PROCESSING
    assert HistoryEntry.objects.filter(dossier=d, action="forward").count() == 1  # drive's only
