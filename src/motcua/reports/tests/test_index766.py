"""QĐ 766 index and TT 01/2018 evaluation of the hand-built March (conftest.py, ``march_766``)."""

from decimal import Decimal

import pytest

from motcua.reports import index766, services, tt01
from motcua.reports.periods import Period
from motcua.reports.services import Filters

MARCH = Period.month(2026, 3)


def _scores(score):
    return {g.code: g.points for g in score.groups}


def _indicator(score, code):
    return next(i for g in score.groups for i in g.indicators if i.code == code)


@pytest.mark.criterion("PL2-3", "PL2-3.2")
def test_the_766_index_worked_out_by_hand(march_766):
    index = index766.compute(MARCH)
    assert index.scheme.code == "qd766-2022"
    (agency,) = index.agencies
    assert agency.agency == march_766.world.department
    for score in (index.province, agency):
        groups = _scores(score)
        # 11 processed (I carried over + 10 received), 8 on time (I A B D K L ended within
        # time, G H open within time): 20 × 8/11 = 14.545… → 14.55.
        assert groups["TDGQ"] == Decimal("14.55")
        # Online: the one procedure is online (2, full at 80 %) and had an online dossier (4);
        # L is the only online dossier of 10 received: 6 × 0.1 / 0.5 = 1.2.
        assert groups["ONLINE"] == Decimal("7.20")
        # Paid online: 1 of 10 dossiers with fees (6 × 0.1) + the procedure had an online
        # payment (2); fee data synchronisation is not held by the system (0).
        assert groups["TTTT"] == Decimal("2.60")
        # 100 % − (3/11 overdue + 1/10 with a complaint) = 69/110; 6 × 69/110 / 0.9 = 4.18;
        # feedback on time 1 of 2 (3); handled well 0 of 2 (one late, one dissatisfied).
        assert groups["MDHL"] == Decimal("7.18")
        # Electronic result for 1 of 10 dossiers whose result is a paper: 6 × 0.1.
        assert groups["MDSH"] == Decimal("0.60")
        # Steps of the procedure are not published: content incomplete; the rest not held.
        assert groups["CKMB"] == Decimal("0.00")
        assert score.points == Decimal("32.13")
        assert score.max_points == Decimal("100")
    sync = _indicator(index.province, "DOSSIER_SYNC")
    assert sync.status == "no_data" and sync.points == 0
    progress = _indicator(index.province, "ON_TIME")
    assert (progress.measured.numerator, progress.measured.denominator) == (8, 11)
    assert progress.percent == Decimal("72.73")


@pytest.mark.criterion("PL2-3.2")
def test_766_figures_drill_down_to_the_dossiers(march_766):
    index = index766.compute(MARCH)
    w = march_766.world
    filters = Filters(agency_ids=frozenset(w.department.descendant_ids()))
    for group in index.province.groups:
        for indicator in group.indicators:
            measured = indicator.measured
            if measured is None or measured.figures is None:
                continue
            numerator, denominator = measured.figures
            assert services.dossiers_behind(numerator, MARCH, filters).count() == int(
                measured.numerator
            ), indicator.code
            assert services.dossiers_behind(denominator, MARCH, filters).count() == int(
                measured.denominator
            ), indicator.code


@pytest.mark.criterion("PL2-3.2")
def test_tt01_evaluation_of_staff_and_agency(march_766):
    w = march_766.world
    result = tt01.evaluate(MARCH)
    (staff,) = result.staff
    assert staff.subject == w.reception
    assert staff.dossiers == 2
    # Index 1: A early (2), C late (0); index 2: the first step of A and of C overran (0, 0);
    # applicant's answers for A / C: contacts 2/1, bodies 1/1, attitude 0/1.
    assert staff.indices == {
        1: Decimal("1.0"),
        2: Decimal("0.0"),
        3: Decimal("1.5"),
        4: Decimal("1.0"),
        7: Decimal("0.5"),
    }
    assert staff.total == Decimal("4.0")
    assert staff.grade == "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"
    (agency,) = result.agencies
    assert agency.subject == w.department
    # Same per-dossier means, publicity (2 + 1) / 2; all received at the desk (5: 1);
    # feedback 1 of 2 on time (8: 0); online share 1/10 < 15 % (9: 0).
    assert agency.indices == {
        1: Decimal("1.0"),
        2: Decimal("0.0"),
        3: Decimal("1.5"),
        4: Decimal("1.0"),
        5: Decimal("1"),
        6: Decimal("1.5"),
        7: Decimal("0.5"),
        8: Decimal("0"),
        9: Decimal("0"),
    }
    assert agency.total == Decimal("6.5")
    assert agency.grade == "Trung bình"


def test_a_scheme_version_in_force_decides_the_coefficients(march_766):
    from motcua.reports.models import ScoringScheme
    from motcua.reports.scheme_data import QD766_2022

    corrected = {**QD766_2022, "groups": [dict(g) for g in QD766_2022["groups"]]}
    progress = next(g for g in corrected["groups"] if g["code"] == "TDGQ")
    progress["indicators"] = [{**progress["indicators"][0], "full_at": 0.8}]
    ScoringScheme.objects.create(
        kind="qd766",
        code="qd766-test",
        name="Hệ số hiệu chỉnh",
        valid_from=MARCH.start,
        definition=corrected,
    )
    index = index766.compute(MARCH)
    assert index.scheme.code == "qd766-test"
    # 20 × (8/11) / 0.8 = 18.18; February is still scored with the 2022 scheme.
    assert _scores(index.province)["TDGQ"] == Decimal("18.18")
    assert index766.compute(Period.month(2026, 2)).scheme.code == "qd766-2022"
