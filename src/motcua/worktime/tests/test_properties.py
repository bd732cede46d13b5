"""Properties of the working-time arithmetic (hypothesis), on the seeded Vietnamese calendar and
on random calendars (random sessions per weekday, random days off)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from motcua.worktime.core import TZ, Calendar, Duration, Schedule, Unit, WorktimeError

from .conftest import build_vn_calendar

VN = build_vn_calendar()
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(TZ)
)
# Hundredths of an hour (36 s) keep Decimal amounts exact, so sums are exact too.
working_hours = st.integers(0, 60_000).map(
    lambda n: Duration(Decimal(n).scaleb(-2), Unit.WORKING_HOURS)
)
positive_hours = st.integers(1, 30_000).map(
    lambda n: Duration(Decimal(n).scaleb(-2), Unit.WORKING_HOURS)
)
working_days = st.integers(0, 120).map(lambda n: Duration(Decimal(n), Unit.WORKING_DAYS))
working_durations = st.one_of(working_hours, working_days)
calendar_durations = st.one_of(
    st.integers(0, 300).map(lambda n: Duration(n, Unit.CALENDAR_DAYS)),
    st.integers(0, 12).map(lambda n: Duration(n, Unit.MONTHS)),
)


def hours(duration: Duration) -> Decimal:
    return duration.amount * (8 if duration.unit is Unit.WORKING_DAYS else 1)


@st.composite
def random_calendars(draw) -> Calendar:
    weekly = {}
    for weekday in range(7):
        marks = draw(st.lists(st.integers(0, 47), min_size=0, max_size=6, unique=True).map(sorted))
        marks = marks[: len(marks) // 2 * 2]
        weekly[weekday] = [
            (time(a // 2, a % 2 * 30), time(b // 2, b % 2 * 30))
            for a, b in zip(marks[::2], marks[1::2], strict=True)
        ]
    assume(sum(len(s) for s in weekly.values()) >= 2)
    days_off = draw(
        st.dictionaries(
            st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
            st.just("Nghỉ"),
            max_size=40,
        )
    )
    return Calendar(
        first_day=date(2024, 1, 1),
        last_day=date(2025, 12, 31),
        schedules=[Schedule(weekly=weekly)],
        days_off=days_off,
        hours_per_day=draw(st.sampled_from([Decimal(8), Decimal("7.5"), Decimal(4)])),
    )


random_moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2024, 12, 31), timezones=st.just(TZ)
)
small_hours = st.integers(0, 3_000).map(
    lambda n: Duration(Decimal(n).scaleb(-2), Unit.WORKING_HOURS)
)


def add_or_skip(calendar: Calendar, start: datetime, duration: Duration) -> datetime:
    try:
        return calendar.add(start, duration)
    except WorktimeError as exc:  # a sparse random calendar can run out of range
        assume(exc.code != "outside_calendar")
        raise


@PROPERTY
@given(start=moments, duration=st.one_of(working_durations, calendar_durations))
def test_due_moment_is_inside_office_hours(start, duration):
    due = VN.add(start, duration)
    assert VN.is_office_hours(due)
    assert due >= start


@PROPERTY
@given(start=moments, duration=calendar_durations, push_off=st.booleans())
def test_calendar_day_limits_end_at_the_end_of_an_office_day(start, duration, push_off):
    due = VN.add(start, duration, push_off_non_working_day=push_off)
    assert VN.is_working_day(due.date())
    assert due == VN.office_hours(due.date())[-1][1]


@PROPERTY
@given(start=moments, a=working_durations, b=working_durations)
def test_more_working_time_never_gives_an_earlier_due_moment(start, a, b):
    shorter, longer = sorted((a, b), key=hours)
    assert VN.add(start, shorter) <= VN.add(start, longer)


@PROPERTY
@given(start=moments, a=st.integers(0, 300), b=st.integers(0, 300), push_off=st.booleans())
def test_more_calendar_days_never_give_an_earlier_due_moment(start, a, b, push_off):
    early, late = sorted((a, b))
    assert VN.add(
        start, Duration(early, Unit.CALENDAR_DAYS), push_off_non_working_day=push_off
    ) <= VN.add(start, Duration(late, Unit.CALENDAR_DAYS), push_off_non_working_day=push_off)


@PROPERTY
@given(start=moments, first=working_hours, second=positive_hours)
def test_splitting_a_working_hour_duration_gives_the_same_due_moment(start, first, second):
    whole = Duration(first.amount + second.amount, Unit.WORKING_HOURS)
    assert VN.add(VN.add(start, first), second) == VN.add(start, whole)


@PROPERTY
@given(start=moments, duration=working_durations)
def test_working_time_between_start_and_due_equals_the_duration(start, duration):
    due = VN.add(start, duration)
    assert VN.working_time_between(start, due) == timedelta(hours=float(hours(duration)))
    assert VN.working_time_between(due, start) == -VN.working_time_between(start, due)


@PROPERTY
@given(due=moments, pause=positive_hours)
def test_pausing_shifts_the_due_moment_by_the_paused_working_time(due, pause):
    paused = pause.working_time(8)
    shifted = VN.shift(due, paused)
    assert shifted > due
    assert VN.working_time_between(due, shifted) == paused
    assert VN.is_office_hours(shifted)


@PROPERTY
@given(due=moments, paused_at=moments, stood_still=st.integers(0, 30 * 24 * 3600))
def test_resume_moves_the_due_moment_by_the_working_time_the_clock_stood_still(
    due, paused_at, stood_still
):
    resumed_at = paused_at + timedelta(seconds=stood_still)
    assume(resumed_at.year <= 2027)
    moved = VN.resume(due, paused_at, resumed_at)
    assert VN.working_time_between(due, moved) == VN.working_time_between(paused_at, resumed_at)


@PROPERTY
@given(moment=moments, cutoff=st.booleans())
def test_reception_counts_from_a_working_moment_not_before_it(moment, cutoff):
    start = VN.normalise_reception(moment, apply_cutoff=cutoff)
    assert start >= moment
    assert VN.is_office_hours(start)
    assert VN.next_working_moment(start) == start
    if not cutoff:
        assert VN.working_time_between(moment, start) == timedelta(0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar=random_calendars(), start=random_moments, first=small_hours, second=small_hours)
def test_properties_hold_on_random_calendars(calendar, start, first, second):
    assume(second.amount > 0)
    due_first = add_or_skip(calendar, start, first)
    due = add_or_skip(calendar, due_first, second)
    whole = Duration(first.amount + second.amount, Unit.WORKING_HOURS)
    assert due == add_or_skip(calendar, start, whole)
    assert due_first <= due
    assert calendar.is_office_hours(due)
    assert calendar.working_time_between(start, due) == whole.working_time(8)
    assert calendar.working_time_between(due_first, due) == second.working_time(8)


def test_property_calendar_is_the_seeded_one():
    # Guard for the properties above: they run on real holidays, not on an empty calendar.
    assert not VN.is_working_day(date(2026, 2, 17))
    assert VN.is_working_day(date(2026, 1, 10))


@pytest.mark.parametrize("unit", list(Unit))
def test_every_unit_is_exercised(unit):
    assert VN.add(datetime(2026, 3, 2, 9, tzinfo=TZ), Duration(1, unit)) > datetime(
        2026, 3, 2, 9, tzinfo=TZ
    )
