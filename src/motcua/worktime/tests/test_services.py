"""Calendars from the database: seeding, overrides, notice import, agency calendars, caching,
and the services the dossier lifecycle calls."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.core.models import AuditEntry
from motcua.directory.models import Agency
from motcua.worktime import notices, services
from motcua.worktime.core import TZ, Duration, WorktimeError
from motcua.worktime.models import (
    Calendar,
    ExtraWorkingDay,
    Holiday,
    HolidayYear,
    SchedulePeriod,
    Source,
    WorkSession,
)

pytestmark = pytest.mark.django_db


def at(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def agency(code: str, name: str, parent: Agency | None = None) -> Agency:
    return Agency.objects.create(
        code=code,
        name=name,
        kind=Agency.Kind.DIVISION if parent else Agency.Kind.DEPARTMENT,
        level=Agency.Level.PROVINCE,
        parent=parent,
    )


# --- seeding -----------------------------------------------------------------------------------


def test_seed_fills_the_province_calendar_and_is_idempotent(seeded):
    province = Calendar.objects.get(agency__isnull=True)
    assert province.reception_cutoff == time(15)
    assert province.hours_per_day == 8
    sessions = WorkSession.objects.filter(period__calendar=province)
    assert sessions.count() == 10
    assert set(sessions.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4}
    assert list(HolidayYear.objects.values_list("year", flat=True)) == list(range(2024, 2029))
    assert set(HolidayYear.objects.filter(confirmed=True).values_list("year", flat=True)) == {
        2025,
        2026,
    }
    counts = (Holiday.objects.count(), ExtraWorkingDay.objects.count())
    swap = Holiday.objects.get(date=date(2026, 1, 2))
    assert (swap.source, swap.kind) == (Source.IMPORTED, Holiday.Kind.SWAPPED)
    assert "12729/VPCP-KGVX" in swap.notice
    assert Holiday.objects.get(date=date(2026, 4, 27)).kind == Holiday.Kind.COMPENSATORY

    report = services.seed_holidays(2024, 2028)
    assert (report.calendar_created, report.years_added, report.days_created) == (False, [], 0)
    assert (Holiday.objects.count(), ExtraWorkingDay.objects.count()) == counts
    assert Calendar.objects.count() == 1
    assert AuditEntry.objects.filter(action="worktime.seeded").count() == 2


def test_the_seeded_database_calendar_equals_the_pure_plan(seeded, vn):
    for start in (at(2025, 1, 24, 10), at(2026, 2, 12, 16, 10), at(2027, 2, 3, 16, 10)):
        for limit in ("4 giờ làm việc", "5 ngày làm việc", "20 ngày làm việc", "15 ngày"):
            assert seeded.add(start, limit) == vn.add(start, limit)
    assert seeded.name == services.PROVINCE_CALENDAR_NAME


def test_seed_extends_years_and_keeps_admin_decisions(seeded):
    row = Holiday.objects.get(date=date(2027, 2, 4))
    services.set_active([row], False)
    report = services.seed_holidays(2024, 2030)
    assert report.years_added == [2029, 2030]
    assert not Holiday.objects.get(date=date(2027, 2, 4)).is_active
    assert Holiday.objects.filter(date=date(2030, 2, 4), is_active=True).exists()


def test_seed_refuses_a_bad_year_range(db):
    with pytest.raises(ValidationError, match="Khoảng năm không hợp lệ"):
        services.seed_holidays(2030, 2020)


# --- overriding seeded data, importing notices -------------------------------------------------


def test_an_override_applies_at_once_and_keeps_history(seeded):
    start = at(2027, 2, 3, 10)
    assert services.due_moment(start, "1 ngày làm việc") == at(2027, 2, 11, 10)
    estimated = Holiday.objects.get(date=date(2027, 2, 4))
    assert services.set_active([estimated], False) == 1
    assert services.due_moment(start, "1 ngày làm việc") == at(2027, 2, 4, 10)
    services.save_record(
        Holiday(date=date(2027, 2, 11), name="Nghỉ Tết (hoán đổi)", kind=Holiday.Kind.SWAPPED)
    )
    assert services.due_moment(start, "2 ngày làm việc") == at(2027, 2, 12, 10)
    assert Holiday.objects.filter(date=date(2027, 2, 4)).count() == 1  # still there, inactive
    actions = list(AuditEntry.objects.values_list("action", flat=True)[:2])
    assert actions == ["worktime.created", "worktime.deactivated"]


def test_seeded_days_cannot_be_deleted_manual_ones_can(seeded):
    with pytest.raises(ValidationError, match="bỏ chọn “đang áp dụng”"):
        services.delete_record(Holiday.objects.get(date=date(2027, 2, 4)))
    manual = services.save_record(Holiday(date=date(2027, 3, 1), name="Nghỉ đột xuất"))
    services.delete_record(manual)
    assert not Holiday.objects.filter(date=date(2027, 3, 1)).exists()
    assert AuditEntry.objects.filter(action="worktime.deleted").count() == 1


def test_one_active_row_per_day_and_no_day_both_off_and_worked(seeded):
    with pytest.raises(ValidationError):
        services.save_record(Holiday(date=date(2026, 2, 17), name="Trùng"))
    with pytest.raises(ValidationError, match="đang là “Tết Nguyên Đán”"):
        services.save_record(ExtraWorkingDay(date=date(2026, 2, 17), name="Làm bù"))
    with pytest.raises(ValidationError, match="đang là “Làm việc bù"):
        services.save_record(Holiday(date=date(2026, 8, 22), name="Nghỉ"))
    inactive = Holiday(date=date(2026, 2, 17), name="Cũ", is_active=False)
    services.save_record(inactive)  # inactive history rows may repeat a date


NOTICE_2027 = (
    "date,kind,name,like_weekday\n"
    "2027-02-04,đi làm bình thường,,\n"
    "2027-02-11,nghỉ hoán đổi,Nghỉ Tết Đinh Mùi (làm bù thứ Bảy 20/02),\n"
    "2027-02-20,làm bù,Làm việc bù cho thứ Năm 11/02/2027,3\n"
)


def test_import_a_yearly_notice(seeded):
    notice = notices.parse_notice(NOTICE_2027, filename="2027.csv").amended(
        reference="TB 1234/TB-BNV ngày 01/10/2026", year=2027
    )
    report = services.import_notice(notice)
    assert (report.created, report.deactivated, report.unchanged) == (2, 1, 0)
    assert not Holiday.objects.get(date=date(2027, 2, 4)).is_active
    assert "TB 1234/TB-BNV" in Holiday.objects.get(date=date(2027, 2, 4)).note
    year = HolidayYear.objects.get(year=2027)
    assert year.confirmed and "TB 1234/TB-BNV" in year.reference
    calendar = services.calendar_for()
    assert calendar.is_working_day(date(2027, 2, 4))
    assert not calendar.is_working_day(date(2027, 2, 11))
    assert calendar.office_hours(date(2027, 2, 20))[0][0] == at(2027, 2, 20, 7)

    again = services.import_notice(notice)
    assert (again.created, again.deactivated, again.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.filter(action="worktime.notice_imported").count() >= 2


def test_import_needs_a_reference_and_loaded_years(seeded):
    notice = notices.parse_notice(NOTICE_2027, filename="2027.csv")
    with pytest.raises(ValidationError, match="số, ngày của văn bản"):
        services.import_notice(notice)
    later = notices.parse_notice(
        "date,kind,name\n2031-01-02,nghỉ khác,Nghỉ\n", reference="TB 5/TB-BNV"
    )
    with pytest.raises(ValidationError, match="Chưa nạp lịch cho năm 2031"):
        services.import_notice(later)
    assert not Holiday.objects.filter(date=date(2031, 1, 2)).exists()


# --- agency calendars --------------------------------------------------------------------------


def test_agency_calendars_and_their_units(seeded):
    department = agency("000.00.10.H48", "Sở Tư pháp")
    division = agency("000.01.10.H48", "Phòng Hành chính tư pháp", parent=department)
    other = agency("000.00.11.H48", "Sở Xây dựng")
    own = services.save_record(
        Calendar(name="Lịch Sở Tư pháp", agency=department, reception_cutoff=time(16))
    )
    services.save_record(Holiday(date=date(2026, 3, 4), name="Nghỉ riêng", calendar=own))
    services.save_record(
        ExtraWorkingDay(date=date(2026, 11, 24), name="Trực Ngày Văn hóa", calendar=own)
    )

    mine = services.calendar_for(department, on=date(2026, 3, 2))
    assert mine.name == "Lịch Sở Tư pháp"
    assert services.calendar_for(division, on=date(2026, 3, 2)) is mine
    assert services.calendar_for(other.pk, on=date(2026, 3, 2)).name == (
        services.PROVINCE_CALENDAR_NAME
    )
    # Sessions come from the province calendar; the cut-off and the extra days are its own.
    assert mine.normalise_reception(at(2026, 3, 2, 15, 30)) == at(2026, 3, 2, 15, 30)
    assert not mine.is_working_day(date(2026, 3, 4))
    assert mine.is_working_day(date(2026, 11, 24))
    assert services.calendar_for().is_working_day(date(2026, 3, 4))
    assert services.due_moment(at(2026, 3, 3, 9), "1 ngày làm việc", agency=division) == at(
        2026, 3, 5, 9
    )


def test_an_agency_calendar_applies_only_while_in_force(seeded):
    department = agency("000.00.12.H48", "Sở Y tế")
    services.save_record(Calendar(name="Lịch mới", agency=department, valid_from=date(2027, 1, 1)))
    assert services.calendar_for(department, on=date(2026, 6, 1)).name != "Lịch mới"
    assert services.calendar_for(department, on=date(2027, 6, 1)).name == "Lịch mới"


def test_an_agency_calendar_with_its_own_hours(seeded):
    department = agency("000.00.13.H48", "Trung tâm Phục vụ hành chính công")
    own = services.save_record(Calendar(name="Lịch Trung tâm", agency=department))
    period = services.save_record(SchedulePeriod(calendar=own, name="Cả năm"))
    for weekday in range(6):  # Monday to Saturday mornings
        services.save_record(
            WorkSession(period=period, weekday=weekday, start=time(7, 30), end=time(11, 30))
        )
    calendar = services.calendar_for(department)
    assert calendar.is_working_day(date(2026, 3, 7))
    assert calendar.add(at(2026, 3, 6, 10), "2 giờ làm việc") == at(2026, 3, 7, 8)


def test_calendar_rows_are_validated(seeded):
    period = SchedulePeriod.objects.get()
    with pytest.raises(ValidationError, match="chồng lên"):
        services.save_record(WorkSession(period=period, weekday=0, start=time(11), end=time(12)))
    with pytest.raises(ValidationError, match="Giờ kết thúc phải sau giờ bắt đầu"):
        services.save_record(WorkSession(period=period, weekday=5, start=time(12), end=time(8)))
    with pytest.raises(ValidationError, match="không tồn tại"):
        services.save_record(
            SchedulePeriod(calendar=period.calendar, starts_month=2, starts_day=30)
        )
    with pytest.raises(ValidationError, match="Lịch của tỉnh luôn có hiệu lực"):
        province = Calendar.objects.get()
        province.valid_from = date(2027, 1, 1)
        services.save_record(province)
    with pytest.raises(ValidationError):
        services.save_record(Calendar(name="Lịch tỉnh thứ hai"))


# --- errors when the data are incomplete -------------------------------------------------------


def test_clear_errors_without_data(db):
    with pytest.raises(WorktimeError, match="Chưa có lịch làm việc của tỉnh"):
        services.calendar_for()
    services.ensure_province_calendar()
    with pytest.raises(WorktimeError, match="Chưa nạp lịch nghỉ lễ"):
        services.calendar_for()
    HolidayYear.objects.create(year=2025)
    HolidayYear.objects.create(year=2027)
    with pytest.raises(WorktimeError, match="Thiếu lịch nghỉ lễ các năm 2026") as info:
        services.calendar_for()
    error = services.as_validation_error(info.value)
    assert error.code == "holiday_year_gap"
    assert "2026" in error.messages[0]


def test_a_rolled_back_change_never_reaches_the_cache(seeded):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_record(Holiday(date=date(2026, 3, 4), name="Thử"))
        assert not services.calendar_for().is_working_day(date(2026, 3, 4))
        raise RuntimeError
    assert services.calendar_for().is_working_day(date(2026, 3, 4))


def test_calendars_are_reused_until_the_data_change(seeded, django_assert_num_queries):
    first = services.calendar_for()
    with django_assert_num_queries(1):  # only the revision token
        assert services.calendar_for() is first
    services.save_record(Holiday(date=date(2026, 3, 4), name="Nghỉ"))
    assert services.calendar_for() is not first


# --- what the lifecycle engine calls -----------------------------------------------------------


def test_explain_due_for_paper_and_online_dossiers(seeded):
    paper = services.explain_due(at(2027, 2, 3, 16, 10), "5 ngày làm việc")
    assert (paper.counted_from, paper.due) == (at(2027, 2, 11, 7), at(2027, 2, 17, 17))
    assert paper.moved_by_reception_rule
    online = services.explain_due(at(2027, 2, 3, 16, 10), "5 ngày làm việc", apply_cutoff=False)
    assert online.due == at(2027, 2, 17, 16, 10)
    data = paper.as_dict()
    assert data["due"] == "2027-02-17T17:00:00+07:00"
    assert data["skipped"][0] == {"date": "2027-02-04", "weekday": "Thứ Năm", "reason": "29 Tết"}


def test_supplement_pause_shifts_or_restarts_the_clock(seeded):
    due = at(2026, 2, 26, 17)
    # Paused Wed 11/2 10:00, resumed Mon 23/2 10:00: 5 + 8 + 8 + 3 = 24 working hours stood
    # still (Tết 16/2 – 20/2 does not count), so the due moment moves 3 working days.
    shifted = services.resume_due(due, at(2026, 2, 11, 10), at(2026, 2, 23, 10))
    assert shifted == at(2026, 3, 3, 17)
    restarted = services.resume_due(
        due, at(2026, 2, 11, 10), at(2026, 2, 23, 10), restart=Duration.parse("5 ngày làm việc")
    )
    assert restarted == at(2026, 3, 2, 10)


@pytest.mark.criterion("PL2-1.3")
def test_step_time_limits_in_working_hours_chain_to_the_procedure_limit(seeded):
    """An internal process of five steps budgeted in working hours (4 + 16 + 8 + 4 + 8 = 40 h)
    ends exactly at the procedure's 5-working-day due moment, across Tết 2026."""
    steps = [
        ("Tiếp nhận, chuyển hồ sơ", "4 giờ làm việc"),
        ("Chuyên viên thẩm định", "16 giờ làm việc"),
        ("Lãnh đạo phòng xem xét", "8 giờ làm việc"),
        ("Lãnh đạo cơ quan ký duyệt", "4 giờ làm việc"),
        ("Trả kết quả", "1 ngày làm việc"),
    ]
    reception = services.explain_due(at(2026, 2, 12, 16, 10), "5 ngày làm việc")
    moment = reception.counted_from
    dues = []
    for _name, budget in steps:
        moment = services.due_moment(moment, budget)
        dues.append(moment)
    assert dues == [
        at(2026, 2, 13, 11),
        at(2026, 2, 24, 11),
        at(2026, 2, 25, 11),
        at(2026, 2, 25, 17),
        at(2026, 2, 26, 17),
    ]
    assert dues[-1] == reception.due
    calendar = services.calendar_for()
    assert calendar.working_time_between(reception.counted_from, dues[1]) == timedelta(hours=20)


@pytest.mark.criterion("PL2-1.3")
def test_step_time_limits_follow_the_handling_agency_calendar(seeded):
    department = agency("000.00.14.H48", "Sở Tài chính")
    own = services.save_record(Calendar(name="Lịch Sở Tài chính", agency=department))
    services.save_record(Holiday(date=date(2026, 3, 3), name="Nghỉ riêng", calendar=own))
    start = at(2026, 3, 2, 16)
    assert services.due_moment(start, "4 giờ làm việc") == at(2026, 3, 3, 10)
    assert services.due_moment(start, "4 giờ làm việc", agency=department) == at(2026, 3, 4, 10)


@pytest.mark.criterion("PL2-2.7")
def test_extension_sets_a_new_due_moment_in_working_time(seeded):
    """A late dossier gets one extension: the new appointment counts on from the old due moment
    in working days (Giỗ Tổ 2026 and 30/4–1/5 skipped), or in calendar days."""
    old_due = at(2026, 4, 24, 17)
    new = services.explain_due(old_due, "3 ngày làm việc", apply_cutoff=False)
    assert new.due == at(2026, 5, 4, 17)
    assert [d for d, _ in new.skipped] == [
        date(2026, 4, 25),
        date(2026, 4, 26),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 5, 2),
        date(2026, 5, 3),
    ]
    assert services.due_moment(old_due, "10 ngày") == at(2026, 5, 4, 17)
    calendar = services.calendar_for()
    assert calendar.working_time_between(old_due, new.due) == timedelta(hours=24)


@pytest.mark.criterion("PL2-2.7")
def test_extended_dossier_is_judged_against_the_new_due_moment(seeded):
    calendar = services.calendar_for()
    old_due = at(2026, 2, 13, 17)
    new_due = services.due_moment(old_due, "2 ngày làm việc")
    assert new_due == at(2026, 2, 24, 17)
    finished = at(2026, 2, 24, 9)
    assert calendar.classify_finished(finished, old_due) == "late"
    assert calendar.classify_finished(finished, new_due) == "on_time"
    assert calendar.classify_open(at(2026, 2, 23, 8), new_due, due_soon="1 ngày làm việc") == (
        "within"
    )


def test_weekly_hours_that_break_the_calendar_are_refused(seeded):
    province = Calendar.objects.get()
    with pytest.raises(ValidationError, match="cùng áp dụng"):
        services.save_record(SchedulePeriod(calendar=province, name="Trùng giai đoạn"))
    only = SchedulePeriod.objects.get()
    only.valid_from = date(2026, 1, 1)
    with pytest.raises(ValidationError, match="không có giờ làm việc hằng tuần"):
        services.save_record(only)
    with pytest.raises(ValidationError, match="ít nhất một giai đoạn"):
        services.delete_record(SchedulePeriod.objects.get())
    assert services.calendar_for().is_working_day(date(2025, 3, 3))


def test_summer_hours_added_through_the_services(seeded):
    province = Calendar.objects.get()
    summer = services.save_record(
        SchedulePeriod(calendar=province, name="Mùa hè", starts_month=5, starts_day=1)
    )
    for weekday in range(5):
        for start, end in ((time(6, 30), time(11)), (time(13, 30), time(17))):
            services.save_record(WorkSession(period=summer, weekday=weekday, start=start, end=end))
    calendar = services.calendar_for()
    assert calendar.office_hours(date(2026, 6, 1))[0][0] == at(2026, 6, 1, 6, 30)
    assert calendar.office_hours(date(2026, 3, 2))[0][0] == at(2026, 3, 2, 7)
