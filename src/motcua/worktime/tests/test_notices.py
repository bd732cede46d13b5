"""The holiday data: the ``holidays`` package checked against the official notices for
2025–2026 (docs: current-law.md §7.2), and the yearly notice formats."""

from datetime import date, timedelta

import holidays
import pytest

from motcua.worktime import notices
from motcua.worktime.core import WorktimeError


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def weekdays_off(plan: dict, year: int) -> set[date]:
    return {
        d
        for d, e in plan.items()
        if d.year == year and d.weekday() < 5 and e.kind in notices.DAY_OFF_KINDS
    }


def test_2025_civil_service_days_off_match_the_notices():
    plan = notices.planned_days(2025, 2025)
    expected = (
        {date(2025, 1, 1)}
        | days(date(2025, 1, 27), date(2025, 1, 31))  # Tết Ất Tỵ, no swap
        | {date(2025, 4, 7)}  # Giỗ Tổ
        | {date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)}  # 2/5 swapped against 26/4
        | {date(2025, 9, 1), date(2025, 9, 2)}
    )
    assert weekdays_off(plan, 2025) == expected
    assert plan[date(2025, 4, 26)].kind == notices.EXTRA_WORKING_DAY
    assert plan[date(2025, 4, 26)].like_weekday == 4  # works Friday 2/5's hours


def test_2026_civil_service_days_off_match_the_notices():
    plan = notices.planned_days(2026, 2026)
    expected = (
        {date(2026, 1, 1), date(2026, 1, 2)}  # CV 12729/VPCP-KGVX: 2/1 off, 10/1 worked
        | days(date(2026, 2, 16), date(2026, 2, 20))  # TB 9441/TB-BNV
        | {date(2026, 4, 27)}  # Giỗ Tổ on Sunday 26/4 → Monday off
        | {date(2026, 4, 30), date(2026, 5, 1)}
        | {date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)}  # 31/8 against Sat 22/8
        | {date(2026, 11, 24)}  # Ngày Văn hóa Việt Nam, NQ 28/2026/QH16
    )
    assert weekdays_off(plan, 2026) == expected
    extra = {d for d, e in plan.items() if e.kind == notices.EXTRA_WORKING_DAY}
    assert extra == {date(2026, 1, 10), date(2026, 8, 22)}
    assert plan[date(2026, 4, 27)].kind == notices.COMPENSATORY
    assert plan[date(2026, 1, 2)].kind == notices.SWAPPED_DAY_OFF


def test_the_package_still_lacks_the_2026_new_year_swap():
    # Why data/notices/2026.json exists; when a package upgrade adds the swap, this test fails
    # and the bundled correction can go.
    calendar = holidays.country_holidays("VN", years=2026)
    assert date(2026, 1, 2) not in calendar
    assert date(2026, 1, 10) not in calendar.weekend_workdays


def test_package_lunar_dates_match_the_computed_table():
    # regs.md §6.3: mùng 1 Tết and Giỗ Tổ (10/3 âm lịch), Hồ Ngọc Đức's algorithm.
    plan = notices.package_days(2025, 2031)
    tet = {e.date for e in plan if e.name == "Tết Nguyên Đán"}
    hung = {e.date for e in plan if e.name == "Ngày Giỗ Tổ Hùng Vương"}
    assert tet == {
        date(2025, 1, 29),
        date(2026, 2, 17),
        date(2027, 2, 6),
        date(2028, 1, 26),
        date(2029, 2, 13),
        date(2030, 2, 2),
        date(2031, 1, 23),
    }
    assert hung == {
        date(2025, 4, 7),
        date(2026, 4, 26),
        date(2027, 4, 16),
        date(2028, 4, 4),
        date(2029, 4, 23),
        date(2030, 4, 12),
        date(2031, 4, 1),
    }


def test_culture_day_starts_in_2026():
    names = {e.date: e.name for e in notices.package_days(2025, 2027)}
    assert date(2025, 11, 24) not in names
    assert names[date(2027, 11, 24)] == "Ngày Văn hóa Việt Nam"


def test_every_year_has_its_statutory_days():
    plan = notices.package_days(2020, 2035)
    for year in range(2020, 2036):
        names = {e.name for e in plan if e.date.year == year}
        assert {"Tết Dương lịch", "Tết Nguyên Đán", "Ngày Giỗ Tổ Hùng Vương", "Quốc khánh"} <= names


def test_parse_json_notice():
    notice = notices.parse_notice(
        '{"reference": "TB 1/TB-BNV", "year": 2027, "confirmed": true, "days": ['
        '{"date": "2027-02-11", "kind": "nghỉ hoán đổi", "name": "Nghỉ Tết"},'
        '{"date": "20/02/2027", "kind": "làm bù", "name": "Làm bù", "like_weekday": 3},'
        '{"date": "2027-02-04", "kind": "đi làm bình thường"}]}'
    )
    assert notice.reference == "TB 1/TB-BNV"
    assert notice.year == 2027 and notice.confirmed
    assert [(e.date, e.kind) for e in notice.days] == [
        (date(2027, 2, 4), notices.NORMAL_DAY),
        (date(2027, 2, 11), notices.SWAPPED_DAY_OFF),
        (date(2027, 2, 20), notices.EXTRA_WORKING_DAY),
    ]
    assert notice.days[2].like_weekday == 3
    amended = notice.amended(reference="TB 2/TB-BNV", year=2028)
    assert (amended.reference, amended.year, amended.confirmed) == ("TB 2/TB-BNV", 2028, True)


def test_parse_csv_notice():
    content = (
        "date,kind,name,like_weekday\n"
        "2027-02-04,nghỉ lễ,29 Tết,\n"
        "2027-02-20,extra_working_day,Làm bù cho 11/02,3\n"
    ).encode()
    notice = notices.parse_notice(content, filename="tet-2027.csv", reference="TB 9/TB-BNV")
    assert [e.kind for e in notice.days] == [notices.PUBLIC_HOLIDAY, notices.EXTRA_WORKING_DAY]
    assert notice.reference == "TB 9/TB-BNV"


@pytest.mark.parametrize(
    ("content", "filename", "fragment"),
    [
        (
            "date,kind,name\n2027-02-31,nghỉ lễ,X\n",
            "x.csv",
            "Dòng 2: ngày “2027-02-31” không hợp lệ",
        ),
        ("date,kind,name\n2027-02-03,nghỉ phép,X\n", "x.csv", "loại ngày “nghỉ phép” không hợp lệ"),
        ("date,kind,name\n2027-02-03,nghỉ lễ,\n", "x.csv", "thiếu tên"),
        ("ngay,loai\n", "x.csv", "dòng tiêu đề"),
        ('{"days": [{"date": "2027-02-03"}]}', "x.json", "Mục 1: loại ngày"),
        ('{"days": 3}', "x.json", "danh sách “days”"),
        ('{"days": [', "x.json", "JSON không hợp lệ"),
        (
            "date,kind,name\n2027-02-03,nghỉ lễ,A\n03/02/2027,nghỉ bù,B\n",
            "x.csv",
            "xuất hiện nhiều lần",
        ),
        (
            "date,kind,name,like_weekday\n2027-02-03,làm bù,A,9\n",
            "x.csv",
            "từ 0 (Thứ Hai) đến 6",
        ),
        ("date,kind,name\n".encode("utf-16"), "x.csv", "UTF-8"),
    ],
)
def test_bad_notices_give_clear_errors(content, filename, fragment):
    with pytest.raises(WorktimeError) as info:
        notices.parse_notice(content, filename=filename)
    assert fragment in str(info.value)


def test_bundled_notices_are_valid_and_cited():
    bundled = notices.bundled_notices()
    assert [n.year for n in bundled] == [2025, 2026]
    assert all(n.reference and n.confirmed and n.note for n in bundled)
