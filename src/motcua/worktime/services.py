"""Working calendars from the database, and every write to calendar data.

Reading: ``calendar_for`` builds a ``core.Calendar`` from the rows and keeps it per process until
the data change (``CalendarRevision``); ``due_moment``, ``explain_due`` and ``resume_due`` are
thin wrappers for the dossier lifecycle. Writing: ``save_record``, ``delete_record``,
``set_active``, ``import_notice`` and ``seed_holidays`` validate, write and audit in one
transaction.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit
from motcua.directory.models import Agency

from . import core, notices
from .core import DueExplanation, Duration, WorktimeError
from .models import (
    Calendar,
    CalendarRevision,
    ExtraWorkingDay,
    Holiday,
    HolidayYear,
    SchedulePeriod,
    Source,
    WorkSession,
)

PROVINCE_CALENDAR_NAME = "Lịch làm việc chung của tỉnh"
SEED_FIRST_YEAR = 2020
SEED_LAST_YEAR = 2035


def as_validation_error(error: WorktimeError) -> ValidationError:
    """The same error for forms and services, translated into the active language."""
    return ValidationError(_(error.template), code=error.code, params=error.params or None)


# --- reading -----------------------------------------------------------------------------------


@dataclass
class _Cache:
    token: str | None = None
    rows: list[Calendar] = field(default_factory=list)
    built: dict[int, core.Calendar] = field(default_factory=dict)


_cache = _Cache()
_cache_lock = threading.Lock()


def _current_token() -> str:
    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def bump_revision() -> None:
    """Mark calendar data as changed (inside the writer's transaction)."""
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _fresh_cache() -> _Cache:
    global _cache
    token = _current_token()
    with _cache_lock:
        if _cache.token != token:
            _cache = _Cache(token=token, rows=list(Calendar.objects.all()))
        return _cache


def _resolve_row(cache: _Cache, agency: Agency | int | None, on: date) -> Calendar:
    province = next((row for row in cache.rows if row.is_province), None)
    if province is None:
        raise WorktimeError(
            core._("Chưa có lịch làm việc của tỉnh; chạy lệnh “motcua seed_holidays”."),
            code="no_province_calendar",
        )
    own = {row.agency_id: row for row in cache.rows if not row.is_province and row.in_force_on(on)}
    if agency is None or not own:
        return province
    node = agency if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
    while node is not None:
        if node.pk in own:
            return own[node.pk]
        node = node.parent
    return province


def _loaded_years() -> list[int]:
    years = list(HolidayYear.objects.order_by("year").values_list("year", flat=True))
    if not years:
        raise WorktimeError(
            core._("Chưa nạp lịch nghỉ lễ; chạy lệnh “motcua seed_holidays”."),
            code="no_holiday_years",
        )
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        raise WorktimeError(
            core._("Thiếu lịch nghỉ lễ các năm %(years)s; nạp bổ sung trước khi tính hạn."),
            code="holiday_year_gap",
            years=", ".join(map(str, missing)),
        )
    return years


def _schedules(row: Calendar) -> list[core.Schedule]:
    """The weekly hours of ``row``: its own periods, or the province's if it has none."""
    periods = list(row.periods.prefetch_related("sessions"))
    if not periods and not row.is_province:
        province = Calendar.objects.filter(agency__isnull=True).first()
        periods = list(province.periods.prefetch_related("sessions")) if province else []
    schedules = []
    for period in periods:
        weekly: dict[int, list[tuple[time, time]]] = {}
        for session in period.sessions.all():
            weekly.setdefault(session.weekday, []).append((session.start, session.end))
        schedules.append(
            core.Schedule(
                weekly=weekly,
                starts=(period.starts_month, period.starts_day),
                name=period.name,
                valid_from=period.valid_from,
                valid_to=period.valid_to,
            )
        )
    return schedules


def _check_schedules(row: Calendar) -> None:
    """Refuse weekly hours that no deadline could be computed with (overlapping sessions, days
    without any period, two periods at once) before they are committed."""
    schedules = _schedules(row)
    if not schedules:
        return  # not configured yet: calendar_for says so clearly
    years = list(HolidayYear.objects.values_list("year", flat=True)) or [timezone.localdate().year]
    try:
        core.Calendar(
            first_day=date(min(years), 1, 1),
            last_day=date(max(years), 12, 31),
            schedules=schedules,
        )
    except WorktimeError as exc:
        raise as_validation_error(exc) from None


def _build(row: Calendar) -> core.Calendar:
    years = _loaded_years()
    schedules = _schedules(row)
    scopes = [None] if row.is_province else [None, row.pk]
    days_off: dict[date, str] = {}
    extra: dict[date, int] = {}
    # Province-wide rows first, the calendar's own rows after: the more specific scope wins.
    for scope in scopes:
        for day, name in Holiday.objects.filter(is_active=True, calendar_id=scope).values_list(
            "date", "name"
        ):
            days_off[day] = name
            extra.pop(day, None)
        for day, like in ExtraWorkingDay.objects.filter(
            is_active=True, calendar_id=scope
        ).values_list("date", "like_weekday"):
            extra[day] = like
            days_off.pop(day, None)
    return core.Calendar(
        first_day=date(years[0], 1, 1),
        last_day=date(years[-1], 12, 31),
        schedules=schedules,
        days_off=days_off,
        extra_working_days=extra,
        hours_per_day=row.hours_per_day,
        reception_cutoff=row.reception_cutoff,
        name=row.name,
    )


def _calendar(cache: _Cache, agency: Agency | int | None, on: date) -> core.Calendar:
    row = _resolve_row(cache, agency, on)
    built = cache.built.get(row.pk)
    if built is None:
        built = _build(row)
        with _cache_lock:
            cache.built[row.pk] = built
    return built


def calendar_for(agency: Agency | int | None = None, *, on: date | None = None) -> core.Calendar:
    """The working calendar of ``agency`` on ``on`` (default today).

    The agency's own calendar if it has one in force, else the nearest parent agency's, else the
    province calendar. Built once per process and data revision.
    """
    return _calendar(_fresh_cache(), agency, on or timezone.localdate())


class Calendars:
    """Calendars of many agencies and days against one read of the calendar data: a batch
    computation (an index over thousands of feedback items) checks the data revision once
    instead of once per item, and resolves each agency and day once."""

    def __init__(self) -> None:
        self._cache = _fresh_cache()
        self._resolved: dict[tuple[int | None, date], core.Calendar] = {}

    def for_agency(self, agency: Agency | int | None, on: date) -> core.Calendar:
        key = (agency.pk if isinstance(agency, Agency) else agency, on)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = _calendar(self._cache, agency, on)
        return found


def _on(moment: datetime) -> date:
    return timezone.localtime(moment, core.TZ).date()


def due_moment(
    start: datetime,
    duration: Duration | str,
    *,
    agency: Agency | int | None = None,
    push_off_non_working_day: bool = True,
) -> datetime:
    """The due moment of ``duration`` counted from ``start`` in the agency's calendar."""
    return calendar_for(agency, on=_on(start)).add(
        start, duration, push_off_non_working_day=push_off_non_working_day
    )


def explain_due(
    received_at: datetime,
    duration: Duration | str,
    *,
    agency: Agency | int | None = None,
    apply_cutoff: bool = True,
    push_off_non_working_day: bool = True,
) -> DueExplanation:
    """A reception's due moment with when counting started and which days were skipped.

    ``apply_cutoff``: True for paper dossiers (the cut-off rule), False for online ones, which
    are only moved to the next working moment.
    """
    return calendar_for(agency, on=_on(received_at)).explain(
        received_at,
        duration,
        apply_cutoff=apply_cutoff,
        push_off_non_working_day=push_off_non_working_day,
    )


def resume_due(
    due: datetime,
    paused_at: datetime,
    resumed_at: datetime,
    *,
    agency: Agency | int | None = None,
    restart: Duration | str | None = None,
) -> datetime:
    """The due moment after a supplement pause: shifted by the paused working time, or, with
    ``restart`` (the procedure version's setting), the full limit counted again."""
    return calendar_for(agency, on=_on(paused_at)).resume(
        due, paused_at, resumed_at, restart=restart
    )


# --- writing -----------------------------------------------------------------------------------

_AUDITED = (Calendar, SchedulePeriod, WorkSession, Holiday, ExtraWorkingDay, HolidayYear)


def _schedule_owner(obj: models.Model) -> Calendar | None:
    """The calendar whose weekly hours ``obj`` is part of, if any."""
    if isinstance(obj, Calendar):
        return obj
    if isinstance(obj, SchedulePeriod):
        return obj.calendar
    if isinstance(obj, WorkSession):
        return obj.period.calendar
    return None


def _summary(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name}: {obj}"


@transaction.atomic
def save_record(obj: models.Model, *, actor=None) -> models.Model:
    """Validate and save one calendar row (any model of this app), with an audit entry."""
    if not isinstance(obj, _AUDITED):
        raise TypeError(f"not a calendar model: {type(obj).__name__}")
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    if (schedule_of := _schedule_owner(obj)) is not None:
        _check_schedules(schedule_of)
    audit.record(
        "worktime.created" if created else "worktime.changed",
        actor=actor,
        obj=obj,
        summary=_summary(obj),
    )
    return obj


@transaction.atomic
def delete_record(obj: models.Model, *, actor=None) -> None:
    """Delete a row typed in by hand; seeded and imported days are switched off instead."""
    if getattr(obj, "source", Source.MANUAL) != Source.MANUAL:
        raise ValidationError(
            _("Không xóa ngày nạp sẵn hoặc nhập từ thông báo; hãy bỏ chọn “đang áp dụng”.")
        )
    if (
        isinstance(obj, SchedulePeriod)
        and obj.calendar.is_province
        and not obj.calendar.periods.exclude(pk=obj.pk).exists()
    ):
        raise ValidationError(_("Lịch của tỉnh phải có ít nhất một giai đoạn giờ làm việc."))
    audit.record("worktime.deleted", actor=actor, obj=obj, summary=_summary(obj))
    schedule_of = _schedule_owner(obj)
    obj.delete()
    if schedule_of is not None and schedule_of.pk is not None:
        _check_schedules(schedule_of)


@transaction.atomic
def set_active(rows: Iterable[Holiday | ExtraWorkingDay], active: bool, *, actor=None) -> int:
    """Switch days on or off (all or nothing); returns how many changed."""
    changed = 0
    for row in rows:
        if row.is_active == active:
            continue
        row.is_active = active
        row.full_clean()
        row.save(update_fields=["is_active", "updated_at"])
        audit.record(
            "worktime.activated" if active else "worktime.deactivated",
            actor=actor,
            obj=row,
            summary=_summary(row),
        )
        changed += 1
    return changed


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    deactivated: int = 0
    years: list[int] = field(default_factory=list)


def _active_row(model, day: date, calendar: Calendar | None):
    return model.objects.filter(date=day, is_active=True, calendar=calendar).first()


def _deactivate(row, reason: str) -> None:
    row.is_active = False
    row.note = reason[:500]
    row.save(update_fields=["is_active", "note", "updated_at"])


def _apply_entry(
    entry: notices.DayEntry,
    *,
    source: str,
    reference: str,
    calendar: Calendar | None,
    report: ImportReport,
) -> None:
    kind = entry.kind
    model = ExtraWorkingDay if kind == notices.EXTRA_WORKING_DAY else Holiday
    if source == Source.IMPORTED and (
        Holiday.objects.filter(date=entry.date, calendar=calendar, notice=reference[:300]).exists()
        or ExtraWorkingDay.objects.filter(
            date=entry.date, calendar=calendar, notice=reference[:300]
        ).exists()
    ):
        # Already imported from this notice: an administrator's later decision stands.
        report.unchanged += 1
        return
    replaced_by = _("Thay theo %(ref)s") % {"ref": reference or _("thông báo")}
    replaced = False
    for other_model in (Holiday, ExtraWorkingDay):
        current = _active_row(other_model, entry.date, calendar)
        if current is None:
            continue
        same = (
            kind != notices.NORMAL_DAY
            and other_model is model
            and current.name == entry.name
            and getattr(current, "kind", kind) == kind
        )
        if same:
            report.unchanged += 1
            return
        _deactivate(current, replaced_by)
        report.deactivated += 1
        replaced = True
    if kind == notices.NORMAL_DAY:
        if not replaced:
            report.unchanged += 1
        return
    row = model(
        date=entry.date,
        name=entry.name,
        calendar=calendar,
        source=source,
        notice=reference[:300],
    )
    if model is Holiday:
        row.kind = kind
    else:
        row.like_weekday = entry.like_weekday
    row.full_clean()
    row.save()
    report.created += 1


@transaction.atomic
def import_notice(
    notice: notices.Notice, *, actor=None, calendar: Calendar | None = None
) -> ImportReport:
    """Apply a Government notice: its days replace whatever applied on those dates.

    Replaced rows are switched off, not deleted. Importing the same notice again changes nothing
    (an administrator may have switched one of its days off since). A notice with ``year`` and
    ``confirmed`` marks that year as checked.
    """
    if not notice.reference:
        raise ValidationError(_("Cần ghi số, ngày của văn bản thông báo."), code="no_reference")
    report = ImportReport()
    years = HolidayYear.objects.values_list("year", flat=True)
    outside = sorted({e.date.year for e in notice.days} - set(years))
    if outside:
        raise ValidationError(
            _("Chưa nạp lịch cho năm %(years)s; chạy “motcua seed_holidays” cho các năm đó trước."),
            params={"years": ", ".join(map(str, outside))},
            code="year_not_loaded",
        )
    for entry in notice.days:
        _apply_entry(
            entry,
            source=Source.IMPORTED,
            reference=notice.reference,
            calendar=calendar,
            report=report,
        )
    report.years = sorted({e.date.year for e in notice.days})
    if notice.year is not None and calendar is None:
        year, _created = HolidayYear.objects.get_or_create(year=notice.year)
        if notice.reference not in year.reference:
            year.reference = "; ".join(filter(None, [year.reference, notice.reference]))[:500]
        year.confirmed = year.confirmed or notice.confirmed
        if notice.note and notice.note not in year.note:
            year.note = "\n".join(filter(None, [year.note, notice.note]))
        year.save()
    bump_revision()
    audit.record(
        "worktime.notice_imported",
        actor=actor,
        obj=calendar,
        summary=_("Nhập thông báo %(ref)s: %(created)d dòng mới, %(deactivated)d dòng thôi áp dụng")
        % {"ref": notice.reference, "created": report.created, "deactivated": report.deactivated},
        details={
            "reference": notice.reference,
            "created": report.created,
            "deactivated": report.deactivated,
            "unchanged": report.unchanged,
        },
    )
    return report


@dataclass
class SeedReport:
    calendar_created: bool = False
    years_added: list[int] = field(default_factory=list)
    days_created: int = 0
    notices: list[str] = field(default_factory=list)


def ensure_province_calendar(
    *,
    sessions: Iterable[tuple[time, time]] = core.DEFAULT_SESSIONS,
    weekdays: Iterable[int] = range(5),
    reception_cutoff: time | None = time(15),
    actor=None,
) -> tuple[Calendar, bool]:
    """The province calendar, created with the given weekly sessions if there is none."""
    existing = Calendar.objects.filter(agency__isnull=True).first()
    if existing is not None:
        return existing, False
    spans = list(sessions)
    days = list(weekdays)
    try:  # checked once for the whole week rather than row by row
        core.Calendar(
            first_day=date(2000, 1, 3),
            last_day=date(2000, 1, 9),
            schedules=[core.Schedule.office_hours(spans, days)],
        )
    except WorktimeError as exc:
        raise as_validation_error(exc) from None
    calendar = save_record(
        Calendar(name=PROVINCE_CALENDAR_NAME, reception_cutoff=reception_cutoff), actor=actor
    )
    period = save_record(SchedulePeriod(calendar=calendar, name="Cả năm"), actor=actor)
    WorkSession.objects.bulk_create(
        WorkSession(period=period, weekday=weekday, start=start, end=end)
        for weekday in days
        for start, end in spans
    )
    bump_revision()  # bulk_create sends no signals
    return calendar, True


@transaction.atomic
def seed_holidays(
    first_year: int = SEED_FIRST_YEAR,
    last_year: int = SEED_LAST_YEAR,
    *,
    sessions: Iterable[tuple[time, time]] = core.DEFAULT_SESSIONS,
    reception_cutoff: time | None = time(15),
    actor=None,
) -> SeedReport:
    """Fill the province calendar and its days off for the given years; safe to run again.

    Days come from the ``holidays`` package (lunar Tết, Giỗ Tổ, compensatory days, known swaps)
    and are then corrected by the bundled Government notices. A date that already has a row is
    left alone, so days an administrator switched off stay off.
    """
    if not (1975 <= first_year <= last_year <= 2100):
        raise ValidationError(
            _("Khoảng năm không hợp lệ: %(first)s – %(last)s."),
            params={"first": first_year, "last": last_year},
        )
    report = SeedReport()
    _calendar, report.calendar_created = ensure_province_calendar(
        sessions=sessions, reception_cutoff=reception_cutoff, actor=actor
    )
    loaded = set(HolidayYear.objects.values_list("year", flat=True))
    for year in range(first_year, last_year + 1):
        if year not in loaded:
            HolidayYear.objects.create(
                year=year,
                note=_("Nạp sẵn theo dự kiến của thư viện %(src)s.")
                % {"src": notices.PACKAGE_SOURCE},
            )
            report.years_added.append(year)
    taken_days = {
        day
        for model in (Holiday, ExtraWorkingDay)
        for day in model.objects.filter(
            calendar__isnull=True, date__year__gte=first_year, date__year__lte=last_year
        ).values_list("date", flat=True)
    }
    new_off, new_extra = [], []
    for entry in notices.package_days(first_year, last_year):
        if entry.date in taken_days:
            continue
        if entry.kind == notices.EXTRA_WORKING_DAY:
            new_extra.append(
                ExtraWorkingDay(
                    date=entry.date,
                    name=entry.name,
                    like_weekday=entry.like_weekday,
                    source=Source.SEEDED,
                    notice=notices.PACKAGE_SOURCE,
                )
            )
        else:
            new_off.append(
                Holiday(
                    date=entry.date,
                    name=entry.name,
                    kind=entry.kind,
                    source=Source.SEEDED,
                    notice=notices.PACKAGE_SOURCE,
                )
            )
    Holiday.objects.bulk_create(new_off)
    ExtraWorkingDay.objects.bulk_create(new_extra)
    report.days_created = len(new_off) + len(new_extra)
    for notice in notices.bundled_notices():
        if notice.year is None or first_year <= notice.year <= last_year:
            import_notice(notice, actor=actor)
            report.notices.append(notice.reference)
    bump_revision()
    audit.record(
        "worktime.seeded",
        actor=actor,
        summary=_("Nạp lịch nghỉ %(first)s – %(last)s: %(days)d ngày mới")
        % {"first": first_year, "last": last_year, "days": report.days_created},
        details={"years_added": report.years_added, "days_created": report.days_created},
    )
    return report
