import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from motcua.documents import formats

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_dates_follow_the_leading_zero_rule_of_decree_30():
    assert formats.day_month_year(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert formats.day_month_year(dt.date(2025, 10, 15)) == "ngày 15 tháng 10 năm 2025"
    assert formats.day_month_year(dt.date(2025, 3, 1)) == "ngày 01 tháng 3 năm 2025"
    assert formats.place_and_date("Quảng Ngãi", dt.date(2025, 9, 15)) == (
        "Quảng Ngãi, ngày 15 tháng 9 năm 2025"
    )


def test_times_are_shown_in_vietnam_whatever_the_stored_zone():
    moment = dt.datetime(2025, 10, 5, 7, 30, tzinfo=dt.UTC)  # 14:30 in Asia/Ho_Chi_Minh
    assert formats.time_and_date(moment) == "14 giờ 30 phút, ngày 05 tháng 10 năm 2025"
    assert formats.short_datetime(moment) == "14:30 05/10/2025"
    assert formats.short_date(dt.datetime(2025, 12, 31, 20, 0, tzinfo=dt.UTC)) == "01/01/2026"
    assert formats.time_and_date(None) == ""


def test_quantities_and_money():
    assert formats.quantity(3) == "03"
    assert formats.quantity(Decimal("3.00")) == "03"
    assert formats.quantity(Decimal("1.5")) == "1,5"
    assert formats.quantity(12) == "12"
    assert formats.money(Decimal(1250000)) == "1.250.000 đồng"
