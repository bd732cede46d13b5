"""Statistics of the hand-built March 2026 (see conftest.py for every dossier and why it counts
where it does)."""

from decimal import Decimal

import pytest

from motcua.reports import aggregates, services
from motcua.reports.models import DailyStat, DossierFact
from motcua.reports.periods import Period
from motcua.reports.services import Filters

MARCH = Period.month(2026, 3)


def figures(world, period=MARCH, **filters):
    scope = frozenset(world.department.descendant_ids() | world.desk.descendant_ids())
    return services.totals(period, Filters(agency_ids=scope, **filters))


@pytest.mark.criterion("PL2-3", "PL2-3.1")
def test_march_figures_worked_out_by_hand(march):
    f = figures(march.world)
    # Received in March: A B C D E F G H K (J was refused at the desk); I came from February.
    assert f["carried_over"] == 1
    assert f["received"] == 9
    assert f["received_counter"] == 9
    assert f["not_received"] == 1
    # Ended: I A D K early, B on time, C and E late; K was stopped.
    assert (f["early"], f["on_time"], f["late"]) == (4, 1, 2)
    assert f["ended"] == 7
    assert (f["finished"], f["stopped"], f["refused"], f["withdrawn"]) == (6, 1, 0, 0)
    # Still open on 31 March: F overdue; G within time; H waiting for a supplement asked before
    # its due moment, so within time.
    assert f["in_progress"] == 3
    assert (f["in_progress_within"], f["in_progress_overdue"]) == (2, 1)
    # Supplement requests after reception: D once, E twice, H once.
    assert f["supplements"] == 4
    # QĐ 766: (early + on time + open within time) / (carried over + received) = 7 / 10.
    assert f.on_time_rate == Decimal("0.7")
    assert f["on_time_rate"] == 70.0


@pytest.mark.criterion("PL2-3.1")
def test_the_citizens_supplement_time_is_subtracted(march):
    fact = DossierFact.objects.get(pk=march.dossiers["D"].pk)
    # Due Thu 5/3 9:00 + 5 working days waited (3/3 9:00 → 10/3 9:00) = Thu 12/3 9:00.
    assert fact.due_at.day == 12
    assert fact.timeliness == "early"
    # Worked from 2/3 9:00 to 11/3 10:00 = 7 days and 1 hour of working time, less the 5 days
    # waited: 2 days and 1 hour = 2.125 working days.
    assert fact.processing_days == pytest.approx(2.125)


@pytest.mark.criterion("PL2-3.1")
def test_a_second_supplement_request_counts_as_overdue(march):
    fact = DossierFact.objects.get(pk=march.dossiers["E"].pk)
    assert fact.end_at < fact.due_at  # finished before the due moment …
    assert fact.timeliness == "late"  # … and still late: two supplement requests
    assert fact.supplement_count == 2
    assert fact.overdue_from.day == 4  # overdue from the second request on


@pytest.mark.criterion("PL2-3.1")
def test_open_dossiers_at_the_end_of_an_earlier_period(march):
    # 1–3 March: A B C D E F K received (on 2/3); I, A and K ended. Open at the end of 3/3:
    # B C D E F, none overdue yet (due 5 March; D waits for a supplement asked within time).
    f = figures(march.world, Period.days(MARCH.start, MARCH.start.replace(day=3)))
    assert f["carried_over"] == 1
    assert f["received"] == 7
    assert f["ended"] == 3
    assert f["in_progress"] == 5
    assert f["in_progress_overdue"] == 0


@pytest.mark.criterion("PL2-3.1")
def test_grouping_by_unit_field_procedure_and_channel(march):
    w = march.world
    scope = frozenset(w.department.descendant_ids() | w.desk.descendant_ids())
    by_unit = services.statistics(MARCH, Filters(agency_ids=scope), "unit")
    units = {row.key: row.figures for row in by_unit.rows}
    # Every received dossier's first step is at the division; J never reached a step.
    assert units[w.division.pk]["received"] == 9
    by_agency = services.statistics(MARCH, Filters(agency_ids=scope), "settling_agency")
    assert [row.figures["received"] for row in by_agency.rows] == [9]
    assert by_agency.rows[0].label == w.department.name
    by_channel = services.statistics(MARCH, Filters(agency_ids=scope), "channel")
    channels = {row.key: row.figures for row in by_channel.rows}
    assert channels["counter"]["received"] == 9
    assert channels["online_portal"]["not_received"] == 1
    by_procedure = services.statistics(MARCH, Filters(agency_ids=scope), "procedure")
    assert by_procedure.total["received"] == 9
    none = services.totals(MARCH, Filters(agency_ids=scope, channels=frozenset({"post"})))
    assert none["received"] == 0 and none.on_time_rate is None


@pytest.mark.criterion("PL2-3.1")
def test_every_figure_drills_down_to_the_dossiers_counted(march):
    w = march.world
    scope = frozenset(w.department.descendant_ids() | w.desk.descendant_ids())
    filters = Filters(agency_ids=scope)
    f = services.totals(MARCH, filters)
    names = {k: d.pk for k, d in march.dossiers.items()}
    for figure in services.TABLE_FIGURES:
        if figure in ("on_time_rate", "avg_processing_days", "supplements"):
            continue
        behind = services.dossiers_behind(figure, MARCH, filters)
        assert behind.count() == f[figure], figure
    codes = lambda figure: {  # noqa: E731
        k
        for k, pk in names.items()
        if services.dossiers_behind(figure, MARCH, filters).filter(pk=pk).exists()
    }
    assert codes("carried_over") == {"I"}
    assert codes("late") == {"C", "E"}
    assert codes("in_progress_overdue") == {"F"}
    assert codes("in_progress_within") == {"G", "H"}
    assert codes("supplements") == {"D", "E", "H"}
    assert codes("processed_on_time") == {"I", "A", "B", "D", "K", "G", "H"}


@pytest.mark.criterion("PL2-3.1")
def test_on_time_rate_for_the_leaders_dashboard(march):
    w = march.world
    rate = services.on_time_rate([w.department.pk], MARCH)
    assert (rate.on_time, rate.total, rate.percent) == (7, 10, Decimal("70.00"))
    empty = services.on_time_rate([w.other_department.pk], MARCH)
    assert (empty.total, empty.rate, empty.percent) == (0, None, None)


def test_refresh_is_idempotent_and_rebuilds_agree(march):
    before = sorted(DailyStat.objects.values_list("grain", "day", "received", "ended", "late"))
    assert not aggregates.refresh(march.dossiers["D"].pk)  # nothing changed: nothing added
    aggregates.rebuild_period(MARCH)
    assert sorted(DailyStat.objects.values_list("grain", "day", "received", "ended", "late")) == (
        before
    )
    aggregates.rebuild_all(refresh_facts=True)
    after = sorted(DailyStat.objects.values_list("grain", "day", "received", "ended", "late"))
    assert [r for r in after if any(r[2:])] == [r for r in before if any(r[2:])]


def test_a_month_is_read_from_month_rows(march):
    f_month = figures(march.world)
    f_days = figures(march.world, Period.days(MARCH.start, MARCH.last_day))
    assert f_days.values == f_month.values
