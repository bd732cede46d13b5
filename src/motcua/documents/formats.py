"""How dates, times and quantities are written on official Vietnamese papers.

NĐ 30/2020/NĐ-CP (văn thư): a day below 10 and the months January and February carry a leading
zero ("ngày 05 tháng 02 năm 2026", but "tháng 10"), so a handwritten figure cannot be prefixed
later. Times are written "14 giờ 30 phút". Everything is shown in Asia/Ho_Chi_Minh.

These are notations of official papers, not interface text: they are not translated (another
app's catalogue translating "%(amount)s đồng" must not reach a receipt).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def _local(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return moment


def day_month_year(moment: dt.date | dt.datetime) -> str:
    """ "ngày 05 tháng 02 năm 2026" (the NĐ 30 leading-zero rule)."""
    day = _local(moment)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, moment: dt.date | dt.datetime) -> str:
    """The line under the national motto: "Quảng Ngãi, ngày 05 tháng 10 năm 2025"."""
    return f"{place}, {day_month_year(moment)}" if place else day_month_year(moment).capitalize()


def time_and_date(moment: dt.datetime | None) -> str:
    """ "14 giờ 30 phút, ngày 05 tháng 10 năm 2025"; empty when there is no moment."""
    if moment is None:
        return ""
    local = _local(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {day_month_year(local)}"


def short_date(moment: dt.date | dt.datetime | None) -> str:
    """ "05/10/2025" for table cells."""
    return "" if moment is None else f"{_local(moment):%d/%m/%Y}"


def short_datetime(moment: dt.datetime | None) -> str:
    """ "14:30 05/10/2025" for table cells."""
    return "" if moment is None else f"{_local(moment):%H:%M %d/%m/%Y}"


def quantity(value: int | Decimal | float | None) -> str:
    """Counts as printed on forms: whole numbers below 10 get a leading zero ("03"), fractions
    use the Vietnamese decimal comma ("1,5")."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        return f"{int(number):02d}"
    return format(number, "f").replace(".", ",")


def money(amount: int | Decimal | None) -> str:
    """ "1.250.000 đồng" (dot as the thousands separator)."""
    if amount is None:
        return ""
    return f"{int(amount):,} đồng".replace(",", ".")
