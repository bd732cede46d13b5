"""Worked examples on the seeded calendar (Mon–Fri 07:00–11:30, 13:30–17:00; 8-hour day;
cut-off 15:00) across Tết 2025–2027, Giỗ Tổ, 30/4–1/5, 2/9 and the swapped days."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from motcua.worktime.core import (
    TZ,
    Calendar,
    Duration,
    FinishedStatus,
    OpenStatus,
    Schedule,
    Unit,
    WorktimeError,
)


def at(y, mo, d, h=0, mi=0, s=0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=TZ)


# --- Tết ---------------------------------------------------------------------------------------


def test_tet_2025_is_skipped_and_the_due_time_keeps_its_clock_time(vn):
    # Official days off Mon 27/1 – Fri 31/1/2025 (with the weekends: 25/1 – 2/2).
    due = vn.add(at(2025, 1, 24, 10), "3 ngày làm việc")
    assert due == at(2025, 2, 5, 10)
    skipped = vn.skipped_non_working_days(at(2025, 1, 24, 10), due)
    assert [d for d, _ in skipped] == [date(2025, 1, 25) + timedelta(days=i) for i in range(9)]
    assert dict(skipped)[date(2025, 1, 29)] == "Tết Nguyên Đán"


def test_tet_2026_with_the_cutoff(vn):
    # Paper dossier on Thu 12/2/2026 at 16:10: counts from Fri 13/2 07:00; Tết 16/2 – 20/2.
    result = vn.explain(at(2026, 2, 12, 16, 10), "5 working days")
    assert result.counted_from == at(2026, 2, 13, 7)
    assert result.due == at(2026, 2, 26, 17)
    assert [d for d, _ in result.skipped] == [
        date(2026, 2, 14) + timedelta(days=i) for i in range(9)
    ]


def test_tet_2027_example_of_the_deadline_command(vn):
    # Tết Đinh Mùi: mùng 1 is Sat 6/2/2027; estimated days off Thu 4/2 – Wed 10/2.
    result = vn.explain(at(2027, 2, 3, 16, 10), Duration.parse("5 working days"))
    assert result.counted_from == at(2027, 2, 11, 7)
    assert result.due == at(2027, 2, 17, 17)
    assert result.due.isoformat() == "2027-02-17T17:00:00+07:00"
    assert len(result.skipped) == 9
    online = vn.explain(at(2027, 2, 3, 16, 10), "5 working days", apply_cutoff=False)
    assert online.due == at(2027, 2, 17, 16, 10)


# --- Giỗ Tổ Hùng Vương ------------------------------------------------------------------------


def test_hung_kings_day_2026_on_a_sunday_gives_monday_off_then_30_4_and_1_5(vn):
    assert vn.non_working_reason(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert vn.non_working_reason(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert vn.add(at(2026, 4, 24, 9), "2 ngày làm việc") == at(2026, 4, 29, 9)
    due = vn.add(at(2026, 4, 24, 9), "4 ngày làm việc")
    assert due == at(2026, 5, 5, 9)
    assert [d.day for d, _ in vn.skipped_non_working_days(at(2026, 4, 24, 9), due)] == [
        25,
        26,
        27,
        30,
        1,
        2,
        3,
    ]


def test_hung_kings_day_2027_on_a_friday(vn):
    assert not vn.is_working_day(date(2027, 4, 16))
    assert vn.add(at(2027, 4, 15, 14), "1 ngày làm việc") == at(2027, 4, 19, 14)


# --- 30/4 – 1/5 and 2/9, with swapped days -----------------------------------------------------


def test_30_4_2025_swap_saturday_26_4_is_worked_friday_2_5_is_off(vn):
    assert vn.is_working_day(date(2025, 4, 26))
    assert not vn.is_working_day(date(2025, 5, 2))
    assert vn.add(at(2025, 4, 25, 14), "1 ngày làm việc") == at(2025, 4, 26, 14)
    assert vn.add(at(2025, 4, 25, 14), "2 ngày làm việc") == at(2025, 4, 28, 14)
    assert vn.add(at(2025, 4, 28, 10), "3 ngày làm việc") == at(2025, 5, 6, 10)


def test_national_day_2025(vn):
    assert vn.add(at(2025, 8, 29, 8), "1 ngày làm việc") == at(2025, 9, 3, 8)


def test_national_day_2026_swap_saturday_22_8_for_monday_31_8(vn):
    assert vn.add(at(2026, 8, 21, 10), "1 ngày làm việc") == at(2026, 8, 22, 10)
    assert vn.add(at(2026, 8, 28, 10), "1 ngày làm việc") == at(2026, 9, 3, 10)
    assert vn.non_working_reason(date(2026, 8, 31)).startswith("Ngày nghỉ (thay cho")


def test_new_year_2026_swap_from_the_official_notice(vn):
    # CV 12729/VPCP-KGVX: Fri 2/1/2026 off, Sat 10/1/2026 worked (missing from the package).
    assert not vn.is_working_day(date(2026, 1, 2))
    assert vn.add(at(2025, 12, 31, 16), "1 ngày làm việc") == at(2026, 1, 5, 16)
    assert vn.add(at(2026, 1, 9, 10), "1 ngày làm việc") == at(2026, 1, 10, 10)
    assert vn.office_hours(date(2026, 1, 10))[0][0] == at(2026, 1, 10, 7)


def test_vietnamese_culture_day_from_2026_only(vn):
    assert vn.is_working_day(date(2025, 11, 24))
    assert vn.non_working_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


# --- reception: the 15:00 rule, outside office hours --------------------------------------------


@pytest.mark.parametrize(
    ("received", "counted_from"),
    [
        (at(2026, 3, 2, 15, 0, 0), at(2026, 3, 2, 15)),  # at 15:00 sharp: still today
        (at(2026, 3, 2, 15, 0, 1), at(2026, 3, 3, 7)),  # after 15:00: next working day
        (at(2026, 3, 2, 17, 30), at(2026, 3, 3, 7)),
        (at(2026, 3, 2, 6, 30), at(2026, 3, 2, 7)),  # before opening
        (at(2026, 3, 2, 12, 0), at(2026, 3, 2, 13, 30)),  # lunch break
        (at(2026, 3, 7, 9), at(2026, 3, 9, 7)),  # Saturday
        (at(2026, 2, 13, 16), at(2026, 2, 23, 7)),  # Friday before Tết, after 15:00
        (at(2026, 4, 24, 15, 30), at(2026, 4, 28, 7)),  # before Giỗ Tổ's compensatory Monday
    ],
)
def test_reception_cutoff(vn, received, counted_from):
    assert vn.normalise_reception(received) == counted_from


def test_reception_without_cutoff_only_moves_out_of_closed_hours(vn):
    assert vn.normalise_reception(at(2026, 3, 2, 16), apply_cutoff=False) == at(2026, 3, 2, 16)
    assert vn.normalise_reception(at(2026, 3, 2, 12), apply_cutoff=False) == at(2026, 3, 2, 13, 30)


def test_calendar_without_cutoff():
    calendar = Calendar(
        first_day=date(2026, 1, 1),
        last_day=date(2026, 12, 31),
        schedules=[Schedule.office_hours()],
        reception_cutoff=None,
    )
    assert calendar.normalise_reception(at(2026, 3, 2, 16)) == at(2026, 3, 2, 16)


# --- the lunch break and working hours ---------------------------------------------------------


def test_lunch_break_is_not_working_time(vn):
    assert vn.add(at(2026, 3, 2, 11), "1 giờ làm việc") == at(2026, 3, 2, 14)
    assert vn.add(at(2026, 3, 2, 11), "0.5 working hours") == at(2026, 3, 2, 11, 30)
    assert vn.add(at(2026, 3, 2, 12, 15), "1 giờ làm việc") == at(2026, 3, 2, 14, 30)
    assert vn.working_time_between(at(2026, 3, 2, 11), at(2026, 3, 2, 14)) == timedelta(hours=1)


def test_a_due_moment_on_a_session_boundary_is_the_end_of_the_earlier_session(vn):
    assert vn.add(at(2026, 3, 2, 7), "4.5 giờ làm việc") == at(2026, 3, 2, 11, 30)
    assert vn.add(at(2026, 3, 2, 7), "1 ngày làm việc") == at(2026, 3, 2, 17)
    assert vn.add(at(2026, 3, 2, 7), "5 ngày làm việc") == at(2026, 3, 6, 17)
    # A zero limit is the next working moment.
    assert vn.add(at(2026, 3, 2, 11, 30), "0 giờ làm việc") == at(2026, 3, 2, 13, 30)
    assert vn.add(at(2026, 3, 6, 17), "0 ngày làm việc") == at(2026, 3, 9, 7)


def test_working_hours_roll_over_the_weekend(vn):
    assert vn.add(at(2026, 3, 6, 16), "4 giờ làm việc") == at(2026, 3, 9, 10)
    # Friday 10:00 leaves 5 hours that day; 12 hours end at 16:00 on Monday.
    assert vn.add(at(2026, 3, 6, 10), "1,5 ngày làm việc") == at(2026, 3, 9, 16)
    assert vn.working_time_between(at(2026, 3, 6, 16), at(2026, 3, 9, 10)) == timedelta(hours=4)
    assert vn.next_working_moment(at(2026, 3, 7, 12)) == at(2026, 3, 9, 7)
    assert vn.next_working_moment(at(2026, 3, 6, 10, 15)) == at(2026, 3, 6, 10, 15)


def test_hours_per_day_sets_the_length_of_a_working_day():
    calendar = Calendar(
        first_day=date(2026, 1, 1),
        last_day=date(2026, 12, 31),
        schedules=[Schedule.office_hours()],
        hours_per_day=Decimal("7.5"),
    )
    assert calendar.add(at(2026, 3, 2, 7), "1 ngày làm việc") == at(2026, 3, 2, 16, 30)


# --- calendar days and months ------------------------------------------------------------------


def test_calendar_days_end_on_the_end_of_the_office_day_pushed_off_rest_days(vn):
    assert vn.add(at(2026, 1, 5, 9), "30 ngày") == at(2026, 2, 4, 17)
    assert vn.add(at(2026, 4, 24, 16), "15 ngày") == at(2026, 5, 11, 17)  # Sat 9/5 → Mon
    assert vn.add(at(2026, 4, 24, 16), "15 ngày", push_off_non_working_day=False) == at(
        2026, 5, 8, 17
    )


def test_months_keep_the_day_number_clamped_to_the_month(vn):
    assert vn.add(at(2026, 1, 31, 16), "1 tháng") == at(2026, 3, 2, 17)  # 28/2 is a Saturday
    assert vn.add(at(2025, 12, 16, 9), "2 tháng") == at(2026, 2, 23, 17)  # 16/2 is Tết
    assert vn.add(at(2025, 12, 16, 9), "2 tháng", push_off_non_working_day=False) == at(
        2026, 2, 13, 17
    )
    assert vn.add(at(2027, 5, 31, 9), Duration(1, Unit.MONTHS)) == at(2027, 6, 30, 17)
    # 31/3 + 1 month = 30/4/2027, a holiday, then 1/5 (Sat) with Monday 3/5 off in lieu.
    assert vn.add(at(2027, 3, 31, 9), Duration(1, Unit.MONTHS)) == at(2027, 5, 4, 17)


def test_a_zero_calendar_day_limit_never_ends_before_it_starts(vn):
    assert vn.add(at(2026, 3, 2, 18), "0 ngày") == at(2026, 3, 3, 17)
    assert vn.add(at(2026, 3, 7, 9), "1 ngày", push_off_non_working_day=False) == at(2026, 3, 9, 17)


# --- periods of the year -----------------------------------------------------------------------


def test_summer_and_winter_hours():
    winter = ((time(7, 30), time(12)), (time(13, 30), time(17)))
    calendar = Calendar(
        first_day=date(2026, 1, 1),
        last_day=date(2026, 12, 31),
        schedules=[
            Schedule.office_hours(starts=(4, 15), name="Mùa hè"),
            Schedule.office_hours(winter, starts=(10, 15), name="Mùa đông"),
        ],
    )
    assert calendar.office_hours(date(2026, 1, 5))[0][0] == at(2026, 1, 5, 7, 30)
    assert calendar.office_hours(date(2026, 5, 4))[0][0] == at(2026, 5, 4, 7)
    assert calendar.office_hours(date(2026, 10, 15))[0][1] == at(2026, 10, 15, 12)
    assert calendar.add(at(2026, 4, 14, 16), "1 ngày làm việc") == at(2026, 4, 15, 16)


def test_hours_that_change_from_a_date():
    calendar = Calendar(
        first_day=date(2026, 1, 1),
        last_day=date(2027, 12, 31),
        schedules=[
            Schedule.office_hours(valid_to=date(2027, 1, 1)),
            Schedule.office_hours(
                ((time(7, 30), time(11, 30)), (time(13), time(17))), valid_from=date(2027, 1, 1)
            ),
        ],
    )
    assert calendar.office_hours(date(2026, 12, 31))[0][0] == at(2026, 12, 31, 7)
    assert calendar.office_hours(date(2027, 1, 4))[1][0] == at(2027, 1, 4, 13)


# --- classification ----------------------------------------------------------------------------


def test_classify_finished():
    due = at(2026, 2, 26, 17)
    assert Calendar.classify_finished(at(2026, 2, 25, 16), due) is FinishedStatus.EARLY
    assert Calendar.classify_finished(at(2026, 2, 26, 9), due) == "on_time"
    assert Calendar.classify_finished(due, due) == "on_time"
    assert Calendar.classify_finished(due + timedelta(seconds=1), due) == "late"
    assert FinishedStatus.LATE.label == "Quá hạn"


def test_classify_open(vn):
    due = at(2026, 2, 26, 17)
    assert vn.classify_open(at(2026, 2, 23, 7), due, due_soon="1 ngày làm việc") == "within"
    assert vn.classify_open(at(2026, 2, 23, 7), due, due_soon="4 ngày làm việc") == "due_soon"
    assert vn.classify_open(at(2026, 2, 26, 8), due, due_soon=timedelta(hours=8)) == "due_soon"
    assert vn.classify_open(at(2026, 2, 26, 8), due) is OpenStatus.WITHIN
    assert vn.classify_open(due + timedelta(seconds=1), due) is OpenStatus.OVERDUE
    # On the Tết weekend one working day is left before Monday's due moment.
    assert (
        vn.classify_open(at(2026, 2, 21, 10), at(2026, 2, 23, 17), due_soon="1 ngày làm việc")
        == "due_soon"
    )


# --- durations and errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5 working days", "5", Unit.WORKING_DAYS),
        ("5 ngày làm việc", "5", Unit.WORKING_DAYS),
        ("05 Ngày Làm Việc", "5", Unit.WORKING_DAYS),
        ("5 ngay lam viec", "5", Unit.WORKING_DAYS),
        ("4 giờ làm việc", "4", Unit.WORKING_HOURS),
        ("4 working hours", "4", Unit.WORKING_HOURS),
        ("15 ngày", "15", Unit.CALENDAR_DAYS),
        ("15 days", "15", Unit.CALENDAR_DAYS),
        ("2 tháng", "2", Unit.MONTHS),
        ("1 month", "1", Unit.MONTHS),
        ("1.5 working days", "1.5", Unit.WORKING_DAYS),
        ("1,5 ngày làm việc", "1.5", Unit.WORKING_DAYS),
        ("3 working_days", "3", Unit.WORKING_DAYS),
    ],
)
def test_duration_parse(text, amount, unit):
    duration = Duration.parse(text)
    assert duration == Duration(Decimal(amount), unit)
    assert duration.unit == unit.value


def test_unit_values_match_the_catalogue():
    from motcua.catalog.models import TimeUnit

    assert [u.value for u in Unit] == [u.value for u in TimeUnit]
    assert Duration(Decimal(3), TimeUnit.WORKING_DAYS).unit is Unit.WORKING_DAYS
    assert str(Duration.parse("1.5 working days")) == "1,5 ngày làm việc"


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("-5 ngày", "negative", "không được là số âm"),
        ("− 2 working days", "negative", "không được là số âm"),
        ("5 tuần", "unknown_unit", "“tuần” không hợp lệ"),
        ("5 hours", "unknown_unit", "không hợp lệ"),
        ("5", "missing_unit", "thiếu đơn vị"),
        ("", "unparseable", "Không đọc được thời hạn"),
        ("năm ngày", "unparseable", "Không đọc được thời hạn"),
        ("1.5 tháng", "fractional", "phải là số nguyên"),
        ("2,5 ngày", "fractional", "phải là số nguyên"),
    ],
)
def test_bad_durations_give_clear_errors(text, code, fragment):
    with pytest.raises(WorktimeError) as info:
        Duration.parse(text)
    assert info.value.code == code
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_bad_duration_objects():
    with pytest.raises(WorktimeError, match="không được là số âm"):
        Duration(Decimal(-1), Unit.WORKING_DAYS)
    with pytest.raises(WorktimeError, match="“weeks” không hợp lệ"):
        Duration(1, "weeks")
    with pytest.raises(WorktimeError, match="không phải là một số"):
        Duration("NaN", Unit.WORKING_DAYS)


def test_overlapping_or_empty_sessions_are_refused():
    overlapping = ((time(7), time(11, 30)), (time(11), time(17)))
    with pytest.raises(WorktimeError, match="chồng lên nhau") as info:
        Calendar(
            first_day=date(2026, 1, 1),
            last_day=date(2026, 12, 31),
            schedules=[Schedule.office_hours(overlapping)],
        )
    assert info.value.code == "overlapping_sessions"
    with pytest.raises(WorktimeError, match="phải kết thúc sau khi bắt đầu"):
        Calendar(
            first_day=date(2026, 1, 1),
            last_day=date(2026, 12, 31),
            schedules=[Schedule.office_hours(((time(13), time(12)),))],
        )


def test_dates_outside_the_calendar_and_naive_moments_are_refused(vn):
    with pytest.raises(WorktimeError, match="nằm ngoài phạm vi lịch làm việc") as info:
        vn.add(at(2023, 12, 29, 9), "1 ngày làm việc")
    assert info.value.code == "outside_calendar"
    with pytest.raises(WorktimeError, match="ngoài phạm vi"):
        vn.add(at(2028, 12, 29, 9), "10 ngày làm việc")
    with pytest.raises(WorktimeError, match="ngoài phạm vi"):
        vn.is_working_day(date(2030, 1, 2))
    with pytest.raises(WorktimeError, match="thiếu múi giờ"):
        vn.add(datetime(2026, 3, 2, 9), "1 ngày làm việc")


def test_inconsistent_calendars_are_refused():
    kwargs = {"first_day": date(2026, 1, 1), "last_day": date(2026, 12, 31)}
    with pytest.raises(WorktimeError, match="không có giờ làm việc hằng tuần"):
        Calendar(**kwargs, schedules=[Schedule.office_hours(valid_from=date(2026, 6, 1))])
    with pytest.raises(WorktimeError, match="vừa là ngày nghỉ vừa là ngày làm việc bù"):
        Calendar(
            **kwargs,
            schedules=[Schedule.office_hours()],
            days_off={date(2026, 1, 10): "x"},
            extra_working_days={date(2026, 1, 10): 4},
        )
    with pytest.raises(WorktimeError, match="Số giờ của một ngày làm việc"):
        Calendar(**kwargs, schedules=[Schedule.office_hours()], hours_per_day=0)
    with pytest.raises(WorktimeError, match="cùng áp dụng"):
        Calendar(**kwargs, schedules=[Schedule.office_hours(), Schedule.office_hours()])


def test_calendar_is_immutable(vn):
    with pytest.raises(AttributeError):
        vn.reception_cutoff = None


def test_bad_pauses_are_refused(vn):
    with pytest.raises(WorktimeError, match="không được là số âm"):
        vn.shift(at(2026, 3, 2, 9), timedelta(hours=-1))
    with pytest.raises(WorktimeError, match="không được trước thời điểm tạm dừng"):
        vn.resume(at(2026, 3, 9, 9), at(2026, 3, 3, 9), at(2026, 3, 2, 9))
    with pytest.raises(WorktimeError, match="không quy đổi được"):
        vn.shift(at(2026, 3, 2, 9), "3 ngày")


def test_naive_moments_are_refused_everywhere(vn):
    naive = datetime(2026, 3, 2, 9)
    due = at(2026, 3, 2, 17)
    for call in (
        lambda: vn.explain(naive, "1 ngày", normalise=False),
        lambda: vn.shift(naive, timedelta(0)),
        lambda: vn.classify_finished(naive, due),
        lambda: vn.classify_open(naive, due),
        lambda: vn.normalise_reception(naive),
        lambda: vn.working_time_between(naive, due),
    ):
        with pytest.raises(WorktimeError, match="thiếu múi giờ"):
            call()
