"""Vietnamese working-time arithmetic: pure Python, no Django.

A ``Calendar`` is built once from weekly office sessions (per period of the year), days off and
extra working days over a closed range of dates, and precomputes a *working-time index*: every
office session in the range with the working time elapsed before it. A moment maps to a
*position* (working time since the first day of the range, in microseconds) and back with one
bisection, so every operation is O(log n) and exact (integer arithmetic, no drift).

Conversion rules (see docs/adr/0003-working-time.md):

* ``working_hours``: working time, counted only inside sessions (the lunch break, evenings, rest
  days and days off do not count).
* ``working_days``: one working day is ``hours_per_day`` working hours. With the standard
  schedules (sessions totalling ``hours_per_day``) N working days from a moment therefore land on
  the same clock time N working days later; a shorter day counts for the hours it actually has.
* A working-time due moment that falls exactly on a session boundary is the *end* of the earlier
  session ("by 17:00 on Friday", not "at 07:00 on Monday"); a zero duration gives the next
  working moment.
* ``calendar_days`` and ``months`` (Bộ luật Dân sự 2015 Điều 147–148): the day of the start is not
  counted; the limit ends on the date N days (or the same day number N months, clamped to the end
  of the month) later, at the end of that date's office day. If that date is not a working day
  the due moment is the end of the next working day (``push_off_non_working_day=True``, the
  default) or else the end of the last working day before it.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
_US_PER_DAY = 24 * _US_PER_HOUR


def _(message: str) -> str:
    """Mark ``message`` for translation (extracted by makemessages) without importing Django.

    The core keeps Vietnamese text; callers with Django translate ``WorktimeError.template``.
    """
    return message


WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)
WEEKLY_REST = _("Nghỉ hằng tuần")


class WorktimeError(ValueError):
    """Bad input for the working-time arithmetic, with a clear Vietnamese message.

    ``template`` is the untranslated message with ``%(name)s`` placeholders filled from
    ``params`` (the same convention as Django's ``ValidationError``).
    """

    def __init__(self, template: str, *, code: str, **params: object) -> None:
        self.template = template
        self.code = code
        self.params = params
        super().__init__(template % params if params else template)


class Unit(StrEnum):
    """Units of time limits; the values equal ``motcua.catalog.models.TimeUnit``."""

    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]

    @property
    def is_working_time(self) -> bool:
        return self in (Unit.WORKING_HOURS, Unit.WORKING_DAYS)


_UNIT_LABELS = {
    Unit.WORKING_HOURS: _("giờ làm việc"),
    Unit.WORKING_DAYS: _("ngày làm việc"),
    Unit.CALENDAR_DAYS: _("ngày"),
    Unit.MONTHS: _("tháng"),
}


def _fold(text: str) -> str:
    # Same key as motcua.core.text.fold, repeated here because the core must not import Django
    # settings through the motcua package; only letters, digits and single spaces remain.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", stripped).split())


_UNIT_WORDS = {
    Unit.WORKING_HOURS: ("working hour", "working hours", "working_hours", "gio lam viec"),
    Unit.WORKING_DAYS: (
        "working day",
        "working days",
        "working_days",
        "business day",
        "business days",
        "ngay lam viec",
    ),
    Unit.CALENDAR_DAYS: (
        "day",
        "days",
        "calendar day",
        "calendar days",
        "calendar_days",
        "ngay",
        "ngay lich",
    ),
    Unit.MONTHS: ("month", "months", "thang"),
}
_WORD_TO_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_DURATION_TEXT = re.compile(
    r"^\s*(?P<sign>[-−–]?)\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>.*?)\s*$"
)


@dataclass(frozen=True)
class Duration:
    """A time limit: a non-negative ``amount`` of a ``unit``.

    Calendar days and months must be whole numbers; working hours and days may be fractional
    ("1,5 ngày làm việc" = 12 working hours with an 8-hour day).
    """

    amount: Decimal
    unit: Unit

    def __post_init__(self) -> None:
        try:
            unit = Unit(self.unit)
        except ValueError:
            raise WorktimeError(
                _(
                    "Đơn vị thời hạn “%(unit)s” không hợp lệ; dùng giờ làm việc, ngày làm việc, "
                    "ngày hoặc tháng."
                ),
                code="unknown_unit",
                unit=self.unit,
            ) from None
        try:
            amount = self.amount
            if not isinstance(amount, Decimal):
                amount = Decimal(str(amount))
        except InvalidOperation:
            raise WorktimeError(
                _("Độ dài thời hạn “%(amount)s” không phải là một số."),
                code="invalid_amount",
                amount=self.amount,
            ) from None
        if not amount.is_finite():
            raise WorktimeError(
                _("Độ dài thời hạn “%(amount)s” không phải là một số."),
                code="invalid_amount",
                amount=self.amount,
            )
        if amount < 0:
            raise WorktimeError(
                _("Thời hạn không được là số âm (đang có %(amount)s)."),
                code="negative",
                amount=amount,
            )
        if not unit.is_working_time and amount != amount.to_integral_value():
            raise WorktimeError(
                _("Thời hạn tính theo %(unit)s phải là số nguyên (đang có %(amount)s)."),
                code="fractional",
                unit=unit.label,
                amount=amount,
            )
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", unit)

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read "5 working days", "5 ngày làm việc", "4 giờ làm việc", "15 ngày", "2 tháng"…"""
        match = _DURATION_TEXT.match(text or "")
        if not match:
            raise WorktimeError(
                _(
                    "Không đọc được thời hạn “%(text)s”; viết như “5 ngày làm việc”, "
                    "“4 giờ làm việc”, “15 ngày” hoặc “2 tháng”."
                ),
                code="unparseable",
                text=text,
            )
        if match["sign"]:
            raise WorktimeError(
                _("Thời hạn không được là số âm (đang có %(amount)s)."),
                code="negative",
                amount=f"-{match['amount']}",
            )
        unit = _WORD_TO_UNIT.get(_fold(match["unit"]))
        if not match["unit"]:
            raise WorktimeError(
                _(
                    "Thời hạn “%(text)s” thiếu đơn vị; viết như “5 ngày làm việc”, "
                    "“4 giờ làm việc”, “15 ngày” hoặc “2 tháng”."
                ),
                code="missing_unit",
                text=text,
            )
        if unit is None:
            raise WorktimeError(
                _(
                    "Đơn vị thời hạn “%(unit)s” không hợp lệ; dùng giờ làm việc, ngày làm việc, "
                    "ngày hoặc tháng."
                ),
                code="unknown_unit",
                unit=match["unit"],
            )
        return cls(Decimal(match["amount"].replace(",", ".")), unit)

    @classmethod
    def coerce(cls, value: Duration | str) -> Duration:
        return value if isinstance(value, Duration) else cls.parse(value)

    def working_time(self, hours_per_day: Decimal | int) -> timedelta:
        """The working time of a working-hours or working-days limit."""
        return timedelta(microseconds=self._working_us(Decimal(hours_per_day)))

    def _working_us(self, hours_per_day: Decimal) -> int:
        if not self.unit.is_working_time:
            raise WorktimeError(
                _("Thời hạn tính theo %(unit)s không quy đổi được ra thời gian làm việc."),
                code="not_working_time",
                unit=self.unit.label,
            )
        hours = self.amount * hours_per_day if self.unit is Unit.WORKING_DAYS else self.amount
        return int((hours * _US_PER_HOUR).to_integral_value(ROUND_HALF_UP))

    def __str__(self) -> str:
        amount = format(self.amount.normalize(), "f").replace(".", ",")
        return f"{amount} {self.unit.label}"


class FinishedStatus(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": _("Trước hạn"), "on_time": _("Đúng hạn"), "late": _("Quá hạn")}[self]


class OpenStatus(StrEnum):
    WITHIN = "within"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "within": _("Trong hạn"),
            "due_soon": _("Sắp đến hạn"),
            "overdue": _("Quá hạn"),
        }[self]


Session = tuple[time, time]
DEFAULT_SESSIONS: tuple[Session, ...] = ((time(7), time(11, 30)), (time(13, 30), time(17)))
_CLOCK_TEXT = re.compile(r"^\s*(\d{1,2})\s*[:hg]\s*(\d{2})?\s*$")


def parse_clock(text: str) -> time:
    """Read a clock time: "15:00", "7h30", "15h", "24:00" (the end of the day)."""
    match = _CLOCK_TEXT.match(text or "")
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if (hour, minute) == (24, 0):
            return time.max
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise WorktimeError(
        _("Không đọc được giờ “%(text)s”; viết như “07:30” hoặc “15:00”."),
        code="invalid_clock",
        text=text,
    )


def parse_sessions(text: str) -> tuple[Session, ...]:
    """Read "07:00-11:30, 13:30-17:00" into sessions (also "7h00-11h30")."""
    sessions = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) != 2:
            raise WorktimeError(
                _("Không đọc được buổi làm việc “%(text)s”; viết như “07:00-11:30”."),
                code="invalid_session",
                text=part,
            )
        sessions.append((parse_clock(bounds[0]), parse_clock(bounds[1])))
    return tuple(sessions)


@dataclass(frozen=True)
class Schedule:
    """Weekly office sessions for a period of the year.

    The period starts every year on ``starts`` (month, day) and lasts until the next period of
    the same calendar starts (e.g. summer hours from 15/4, winter hours from 15/10). ``valid_from``
    (inclusive) and ``valid_to`` (exclusive) limit the years it applies to when hours change.
    ``weekly`` maps a weekday (0 = Monday) to its sessions; a weekday without sessions is a
    weekly rest day.
    """

    weekly: Mapping[int, Sequence[Session]]
    starts: tuple[int, int] = (1, 1)
    name: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    @classmethod
    def office_hours(
        cls,
        sessions: Sequence[Session] = DEFAULT_SESSIONS,
        weekdays: Iterable[int] = range(5),
        **kw,
    ) -> Schedule:
        return cls(weekly={wd: tuple(sessions) for wd in weekdays}, **kw)

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


def _time_us(value: time) -> int:
    if value == time.max:
        return _US_PER_DAY
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return seconds * _US_PER_SECOND + value.microsecond


def check_sessions(sessions: Sequence[Session], where: str) -> tuple[tuple[int, int], ...]:
    """Sorted (start, end) microsecond spans of one day's sessions; empty or overlapping
    sessions raise, naming ``where`` in the message."""
    spans = sorted((_time_us(start), _time_us(end)) for start, end in sessions)
    for start, end in spans:
        if start >= end:
            raise WorktimeError(
                _("Buổi làm việc %(where)s phải kết thúc sau khi bắt đầu."),
                code="empty_session",
                where=where,
            )
    for (_s1, end1), (start2, _e2) in pairwise(spans):
        if start2 < end1:
            raise WorktimeError(
                _("Các buổi làm việc %(where)s bị chồng lên nhau."),
                code="overlapping_sessions",
                where=where,
            )
    return tuple(spans)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise WorktimeError(
            _("Thời điểm %(moment)s thiếu múi giờ; cần giờ Việt Nam (+07:00)."),
            code="naive_datetime",
            moment=moment.isoformat(sep=" "),
        )
    return moment


def _fmt_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class DueExplanation:
    """How a due moment was reached, for people: what counted, what was skipped."""

    received_at: datetime
    counted_from: datetime
    due: datetime
    duration: Duration
    skipped: tuple[tuple[date, str], ...] = field(default=())

    @property
    def moved_by_reception_rule(self) -> bool:
        return self.counted_from != self.received_at

    def as_dict(self) -> dict:
        return {
            "received_at": self.received_at.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "due": self.due.isoformat(),
            "duration": {"amount": str(self.duration.amount), "unit": str(self.duration.unit)},
            "duration_label": str(self.duration),
            "skipped": [
                {"date": day.isoformat(), "weekday": WEEKDAY_NAMES[day.weekday()], "reason": why}
                for day, why in self.skipped
            ],
        }


class Calendar:
    """An immutable working calendar over ``first_day`` … ``last_day`` with its time index."""

    __slots__ = (
        "_day_pos",
        "_day_spans",
        "_epoch",
        "_hours_per_day",
        "_last_day",
        "_non_working",
        "_off_labels",
        "_ord0",
        "_sess_end_pos",
        "_sess_start_abs",
        "_sess_start_pos",
        "_unit_cache",
        "_working_days",
        "first_day",
        "name",
        "reception_cutoff",
    )

    def __init__(
        self,
        *,
        first_day: date,
        last_day: date,
        schedules: Sequence[Schedule],
        days_off: Mapping[date, str] | None = None,
        extra_working_days: Mapping[date, int] | None = None,
        hours_per_day: Decimal | int | str = 8,
        reception_cutoff: time | None = time(15),
        name: str = "",
    ) -> None:
        """``extra_working_days`` maps a date to the weekday whose sessions apply on it."""
        days_off = dict(days_off or {})
        extra = dict(extra_working_days or {})
        hours = Decimal(str(hours_per_day))
        if not (0 < hours <= 24):
            raise WorktimeError(
                _("Số giờ của một ngày làm việc phải lớn hơn 0 và không quá 24 (đang có %(h)s)."),
                code="invalid_hours_per_day",
                h=hours_per_day,
            )
        if last_day < first_day:
            raise WorktimeError(
                _("Phạm vi lịch không hợp lệ: %(first)s sau %(last)s."),
                code="invalid_range",
                first=_fmt_date(first_day),
                last=_fmt_date(last_day),
            )
        if clash := sorted(set(days_off) & set(extra)):
            raise WorktimeError(
                _("Ngày %(day)s vừa là ngày nghỉ vừa là ngày làm việc bù."),
                code="off_and_extra",
                day=_fmt_date(clash[0]),
            )
        fixed = {
            "name": name,
            "first_day": first_day,
            "_last_day": last_day,
            "_hours_per_day": hours,
            "reception_cutoff": reception_cutoff,
            "_ord0": first_day.toordinal(),
            "_epoch": datetime.combine(first_day, time(0), tzinfo=TZ),
            "_unit_cache": {},
        }
        for attr, value in fixed.items():
            object.__setattr__(self, attr, value)
        for attr, value in self._index(list(schedules), days_off, extra).items():
            object.__setattr__(self, attr, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Calendar is immutable; build a new one from the changed data.")

    # --- construction -------------------------------------------------------------------------

    def _index(self, schedules: list[Schedule], days_off: dict, extra: dict) -> dict:
        checked: dict[int, dict[int, tuple[tuple[int, int], ...]]] = {}
        for i, schedule in enumerate(schedules):
            label = schedule.name or str(i + 1)
            checked[i] = {
                wd: check_sessions(sessions, f"({label}, {WEEKDAY_NAMES[wd]})")
                for wd, sessions in schedule.weekly.items()
            }
        n_days = self._last_day.toordinal() - self._ord0 + 1
        day_pos, day_spans, working, non_working, labels = [0], [], [], [], {}
        start_pos, end_pos, start_abs = [], [], []
        pos = 0
        for index in range(n_days):
            day = self.first_day + timedelta(days=index)
            schedule_index = self._schedule_for(schedules, day)
            weekday = extra.get(day, day.weekday())
            spans = () if day in days_off else checked[schedule_index].get(weekday, ())
            rows = []
            for start, end in spans:
                rows.append((start, end, pos))
                start_pos.append(pos)
                start_abs.append(index * _US_PER_DAY + start)
                pos += end - start
                end_pos.append(pos)
            day_spans.append(tuple(rows))
            day_pos.append(pos)
            if rows:
                working.append(index)
            else:
                non_working.append(index)
                labels[index] = days_off.get(day, WEEKLY_REST)
        return {
            "_day_pos": day_pos,
            "_day_spans": day_spans,
            "_working_days": working,
            "_non_working": non_working,
            "_off_labels": labels,
            "_sess_start_pos": start_pos,
            "_sess_end_pos": end_pos,
            "_sess_start_abs": start_abs,
        }

    @staticmethod
    def _schedule_for(schedules: list[Schedule], day: date) -> int:
        candidates = [i for i, s in enumerate(schedules) if s.applies_on(day)]
        if not candidates:
            raise WorktimeError(
                _("Lịch không có giờ làm việc hằng tuần áp dụng cho ngày %(day)s."),
                code="no_schedule",
                day=_fmt_date(day),
            )
        key = (day.month, day.day)
        started = [i for i in candidates if schedules[i].starts <= key]
        # Before the first period's start date in a year, the last period of the previous year
        # (e.g. winter hours from 15/10) is still running.
        pool = started or candidates
        latest = max(schedules[i].starts for i in pool)
        chosen = [i for i in pool if schedules[i].starts == latest]
        if len(chosen) > 1:
            raise WorktimeError(
                _("Có nhiều lịch làm việc hằng tuần cùng áp dụng cho ngày %(day)s."),
                code="ambiguous_schedule",
                day=_fmt_date(day),
            )
        return chosen[0]

    # --- conversions --------------------------------------------------------------------------

    @property
    def last_day(self) -> date:
        return self._last_day

    @property
    def hours_per_day(self) -> Decimal:
        return self._hours_per_day

    def _local(self, moment: datetime) -> tuple[datetime, int, int]:
        """(local moment, day index, microseconds since local midnight), checking the range."""
        local = _aware(moment).astimezone(TZ)
        index = local.toordinal() - self._ord0
        if index < 0 or index >= len(self._day_spans):
            raise self._out_of_range(local.date())
        us = (local.hour * 3600 + local.minute * 60 + local.second) * _US_PER_SECOND
        return local, index, us + local.microsecond

    def _out_of_range(self, day: date) -> WorktimeError:
        return WorktimeError(
            _(
                "Ngày %(day)s nằm ngoài phạm vi lịch làm việc%(name)s (%(first)s – %(last)s); "
                "cần nạp lịch nghỉ lễ cho năm đó."
            ),
            code="outside_calendar",
            day=_fmt_date(day),
            name=f" “{self.name}”" if self.name else "",
            first=_fmt_date(self.first_day),
            last=_fmt_date(self._last_day),
        )

    def _position(self, moment: datetime) -> int:
        _local, index, us = self._local(moment)
        pos = self._day_pos[index]
        for start, end, before in self._day_spans[index]:
            if us >= end:
                pos = before + end - start
            else:
                if us > start:
                    pos = before + us - start
                break
        return pos

    def _moment(self, pos: int, *, at_end: bool) -> datetime:
        """The moment at working position ``pos``: on a session boundary, the end of the
        earlier session if ``at_end`` else the start of the later one."""
        ends = self._sess_end_pos
        k = bisect_left(ends, pos) if at_end else bisect_right(ends, pos)
        if k >= len(ends):
            raise self._out_of_range(self._last_day + timedelta(days=1))
        return self._epoch + timedelta(
            microseconds=self._sess_start_abs[k] + pos - self._sess_start_pos[k]
        )

    def _working_us(self, duration: Duration) -> int:
        us = self._unit_cache.get(duration)
        if us is None:
            us = self._unit_cache[duration] = duration._working_us(self._hours_per_day)
        return us

    # --- days ---------------------------------------------------------------------------------

    def _day_index(self, day: date) -> int:
        index = day.toordinal() - self._ord0
        if index < 0 or index >= len(self._day_spans):
            raise self._out_of_range(day)
        return index

    def is_working_day(self, day: date) -> bool:
        return bool(self._day_spans[self._day_index(day)])

    def office_hours(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The sessions of ``day`` as aware datetimes (empty on a non-working day)."""
        index = self._day_index(day)
        base = index * _US_PER_DAY
        return tuple(
            (
                self._epoch + timedelta(microseconds=base + start),
                self._epoch + timedelta(microseconds=base + end),
            )
            for start, end, _before in self._day_spans[index]
        )

    def is_office_hours(self, moment: datetime) -> bool:
        """True if ``moment`` lies in a session, both ends included."""
        _local, index, us = self._local(moment)
        return any(start <= us <= end for start, end, _b in self._day_spans[index])

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name or weekly rest), None if it is one."""
        return self._off_labels.get(self._day_index(day))

    def _end_of_day(self, index: int) -> datetime:
        return self._epoch + timedelta(
            microseconds=index * _US_PER_DAY + self._day_spans[index][-1][1]
        )

    def _working_day_at_or_after(self, index: int) -> int:
        k = bisect_left(self._working_days, index)
        if k >= len(self._working_days):
            raise self._out_of_range(self._last_day + timedelta(days=1))
        return self._working_days[k]

    def skipped_non_working_days(self, start: datetime, end: datetime) -> list[tuple[date, str]]:
        """Non-working days from the date of ``start`` to the date of ``end``, with the reason."""
        first = self._local(start)[1]
        last = self._local(end)[1]
        lo = bisect_left(self._non_working, first)
        hi = bisect_right(self._non_working, last)
        return [
            (self.first_day + timedelta(days=i), self._off_labels[i])
            for i in self._non_working[lo:hi]
        ]

    # --- moments ------------------------------------------------------------------------------

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` itself inside a session (its end excluded), else the next session start."""
        return self._moment(self._position(moment), at_end=False)

    def normalise_reception(self, moment: datetime, *, apply_cutoff: bool = True) -> datetime:
        """When a received dossier starts counting.

        Outside office hours → the start of the next session (lunch break → afternoon). With
        ``apply_cutoff`` and a cut-off time (15:00 by default), a reception strictly after the
        cut-off counts from the start of the next working day (NĐ 61/2018 Điều 18).
        """
        local, index, us = self._local(moment)
        if (
            apply_cutoff
            and self.reception_cutoff is not None
            and us > _time_us(self.reception_cutoff)
            and self._day_spans[index]
        ):
            following = self._working_day_at_or_after(index + 1)
            return self._epoch + timedelta(
                microseconds=following * _US_PER_DAY + self._day_spans[following][0][0]
            )
        return self.next_working_moment(local)

    def add(
        self, start: datetime, duration: Duration | str, *, push_off_non_working_day: bool = True
    ) -> datetime:
        """The due moment of ``duration`` counted from ``start`` (see the module's rules)."""
        duration = Duration.coerce(duration)
        unit = duration.unit
        if unit is Unit.WORKING_HOURS or unit is Unit.WORKING_DAYS:
            amount = self._working_us(duration)
            pos = self._position(start)
            return self._moment(pos + amount, at_end=amount > 0)
        local = self._local(start)[0]
        n = int(duration.amount)
        if unit is Unit.CALENDAR_DAYS:
            target = local.date() + timedelta(days=n)
        else:
            months = local.month - 1 + n
            year, month = local.year + months // 12, months % 12 + 1
            target = date(year, month, min(local.day, _stdlib_calendar.monthrange(year, month)[1]))
        day = self._day_index(target)
        if not self._day_spans[day]:
            if push_off_non_working_day:
                day = self._working_day_at_or_after(day)
            else:
                k = bisect_right(self._working_days, day) - 1
                day = self._working_days[k] if k >= 0 else day
        # A limit never ends before the office day on which counting can start (only a zero
        # limit, or a short one pulled back off a rest day, would otherwise).
        first_possible = self._local(self.next_working_moment(local))[1]
        return self._end_of_day(max(day, first_possible))

    def explain(
        self,
        received_at: datetime,
        duration: Duration | str,
        *,
        normalise: bool = True,
        apply_cutoff: bool = True,
        push_off_non_working_day: bool = True,
    ) -> DueExplanation:
        """The due moment of a reception with the moment counting started and the days skipped."""
        duration = Duration.coerce(duration)
        received_at = self._local(received_at)[0]
        counted_from = (
            self.normalise_reception(received_at, apply_cutoff=apply_cutoff)
            if normalise
            else received_at
        )
        due = self.add(counted_from, duration, push_off_non_working_day=push_off_non_working_day)
        return DueExplanation(
            received_at=received_at,
            counted_from=counted_from,
            due=due,
            duration=duration,
            skipped=tuple(self.skipped_non_working_days(received_at, due)),
        )

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (negative if ``end`` is earlier)."""
        return timedelta(microseconds=self._position(end) - self._position(start))

    def shift(self, due: datetime, paused: timedelta | Duration | str) -> datetime:
        """Move ``due`` later by ``paused`` working time (a supplement request stops the clock)."""
        if isinstance(paused, timedelta):
            if paused < timedelta(0):
                raise WorktimeError(
                    _("Thời gian tạm dừng không được là số âm."), code="negative_pause"
                )
            amount = (paused.days * 86400 + paused.seconds) * _US_PER_SECOND + paused.microseconds
        else:
            amount = self._working_us(Duration.coerce(paused))
        if not amount:
            return self._local(due)[0]
        return self._moment(self._position(due) + amount, at_end=True)

    def resume(
        self,
        due: datetime,
        paused_at: datetime,
        resumed_at: datetime,
        *,
        restart: Duration | str | None = None,
    ) -> datetime:
        """The due moment after a pause from ``paused_at`` to ``resumed_at``.

        Without ``restart`` the due moment moves by the working time the clock stood still;
        with ``restart`` (the procedure's full limit) the count starts again from zero at the
        next working moment after ``resumed_at`` (NĐ 61/2018 Điều 19.4, appraisal stage).
        """
        if resumed_at < paused_at:
            raise WorktimeError(
                _("Thời điểm tiếp tục xử lý không được trước thời điểm tạm dừng."),
                code="resume_before_pause",
            )
        if restart is not None:
            return self.add(self.next_working_moment(resumed_at), restart)
        return self.shift(due, self.working_time_between(paused_at, resumed_at))

    # --- classification -----------------------------------------------------------------------

    @staticmethod
    def classify_finished(finished: datetime, due: datetime) -> FinishedStatus:
        """Late after the due moment; on time on the due date; early on an earlier date."""
        if _aware(finished) > _aware(due):
            return FinishedStatus.LATE
        if finished.astimezone(TZ).date() == due.astimezone(TZ).date():
            return FinishedStatus.ON_TIME
        return FinishedStatus.EARLY

    def classify_open(
        self, now: datetime, due: datetime, *, due_soon: timedelta | Duration | str = timedelta(0)
    ) -> OpenStatus:
        """Overdue after the due moment; due soon when at most ``due_soon`` working time is left."""
        if _aware(now) > _aware(due):
            return OpenStatus.OVERDUE
        if isinstance(due_soon, timedelta):
            threshold = due_soon
        else:
            threshold = Duration.coerce(due_soon).working_time(self._hours_per_day)
        if threshold and self.working_time_between(now, due) <= threshold:
            return OpenStatus.DUE_SOON
        return OpenStatus.WITHIN
