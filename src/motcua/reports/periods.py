"""Reporting periods: whole local days (Asia/Ho_Chi_Minh), ``start`` inclusive, ``end``
exclusive, so consecutive periods never overlap and a month is [1st, 1st of next month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    kind: str = "custom"  # "month", "quarter", "year", "custom"

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValidationError(_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))

    # --- constructors ---------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = dt.date(year, month, 1)
        return cls(start, _next_month(start), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValidationError(_("Quý phải từ 1 đến 4."))
        start = dt.date(year, 3 * quarter - 2, 1)
        return cls(start, _next_month(_next_month(_next_month(start))), "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year")

    @classmethod
    def days(cls, first: dt.date, last: dt.date) -> Period:
        """A custom period from ``first`` to ``last``, both included."""
        return cls(first, last + dt.timedelta(days=1), "custom")

    @classmethod
    def current_month(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls.month(today.year, today.month)

    @classmethod
    def year_to_date(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(dt.date(today.year, 1, 1), today + dt.timedelta(days=1), "custom")

    # --- derived values ---------------------------------------------------------------------

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_moment(self) -> dt.datetime:
        return local_midnight(self.start)

    @property
    def end_moment(self) -> dt.datetime:
        return local_midnight(self.end)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Tháng %(month)02d/%(year)d") % {
                "month": self.start.month,
                "year": self.start.year,
            }
        if self.kind == "quarter":
            return _("Quý %(quarter)d/%(year)d") % {
                "quarter": (self.start.month + 2) // 3,
                "year": self.start.year,
            }
        if self.kind == "year":
            return _("Năm %(year)d") % {"year": self.start.year}
        return _("Từ %(first)s đến %(last)s") % {
            "first": self.start.strftime("%d/%m/%Y"),
            "last": self.last_day.strftime("%d/%m/%Y"),
        }

    @property
    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.last_day:%Y%m%d}"


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def split_by_month(start: dt.date, end: dt.date) -> tuple[list[tuple[dt.date, dt.date]], list]:
    """Cover [start, end) with whole months and loose days: (day ranges, month starts).

    The day ranges are the partial months at either end, the month list the months lying wholly
    inside, so a sum over the period reads few monthly rows and at most two months of daily rows.
    """
    days: list[tuple[dt.date, dt.date]] = []
    months: list[dt.date] = []
    cursor = start
    while cursor < end:
        following = _next_month(month_start(cursor))
        if cursor.day == 1 and following <= end:
            months.append(cursor)
            cursor = following
        else:
            stop = min(following, end)
            days.append((cursor, stop))
            cursor = stop
    return days, months
