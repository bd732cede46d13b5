"""Working calendars as data: office sessions, days off and make-up working days.

The province calendar (no agency) applies to every agency that has no calendar of its own.
Days off and extra working days without a calendar are province-wide and apply to every
calendar; rows with a calendar apply to that calendar only and win over province-wide rows on the
same date. Rows are never deleted to change a seeded or imported day: an administrator switches
``is_active`` off and adds a manual row, so the history of what applied stays readable.
The arithmetic lives in ``core``; ``services.calendar_for`` turns these rows into a
``core.Calendar``.
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, EffectiveDatedQuerySet, TimeStampedModel
from motcua.core.text import clean_text

from . import notices


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


class Source(models.TextChoices):
    SEEDED = "seeded", _("Nạp sẵn từ thư viện holidays")
    IMPORTED = "imported", _("Nhập từ thông báo của Chính phủ")
    MANUAL = "manual", _("Quản trị viên nhập")


class Calendar(TimeStampedModel, EffectiveDated):
    """A working calendar: the province's (no agency) or one agency's own."""

    name = models.CharField(_("tên lịch"), max_length=200)
    agency = models.OneToOneField(
        "directory.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_calendar",
        help_text=_(
            "Để trống: lịch làm việc chung của tỉnh. Cơ quan và các đơn vị trực thuộc không có "
            "lịch riêng dùng lịch của tỉnh."
        ),
    )
    hours_per_day = models.DecimalField(
        _("số giờ một ngày làm việc"),
        max_digits=4,
        decimal_places=2,
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Một ngày làm việc bằng bấy nhiêu giờ làm việc khi quy đổi thời hạn."),
    )
    reception_cutoff = models.TimeField(
        _("giờ chốt tiếp nhận"),
        null=True,
        blank=True,
        default=time(15),
        help_text=_(
            "Hồ sơ giấy nhận sau giờ này được tính từ đầu ngày làm việc tiếp theo. "
            "Để trống: không áp dụng."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        ordering = ["agency__name", "name"]
        constraints = [
            # One province calendar: the agency-less row maps to 0 in this unique index.
            models.UniqueConstraint(
                Coalesce("agency", Value(0)), name="worktime_one_calendar_per_scope"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.agency_id is None

    def clean(self) -> None:
        self.name = clean_text(self.name or "")
        if self.is_province and (self.valid_from or self.valid_to):
            raise ValidationError(
                _("Lịch của tỉnh luôn có hiệu lực; chỉ lịch riêng của cơ quan mới có thời hạn.")
            )
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError(
                {"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")}
            )


class SchedulePeriod(EffectiveDated):
    """Weekly office hours for a period of the year (e.g. summer hours from 15/4).

    The period starts every year on its start day and runs until the next period of the same
    calendar starts. ``valid_from``/``valid_to`` bound the years when the hours themselves change.
    """

    calendar = models.ForeignKey(
        Calendar, verbose_name=_("lịch"), on_delete=models.CASCADE, related_name="periods"
    )
    name = models.CharField(_("tên giai đoạn"), max_length=100, default=_("Cả năm"))
    starts_month = models.PositiveSmallIntegerField(
        _("bắt đầu từ tháng"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    starts_day = models.PositiveSmallIntegerField(
        _("bắt đầu từ ngày"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giờ làm việc theo giai đoạn")
        verbose_name_plural = _("giờ làm việc theo giai đoạn")
        ordering = ["calendar", "starts_month", "starts_day"]

    def __str__(self) -> str:
        return f"{self.calendar} — {self.name} ({self.starts_day:02d}/{self.starts_month:02d})"

    def clean(self) -> None:
        try:
            date(2024, self.starts_month or 1, self.starts_day or 1)  # a leap year allows 29/2
        except ValueError:
            raise ValidationError(_("Ngày bắt đầu giai đoạn không tồn tại.")) from None
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError(
                {"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")}
            )


class WorkSession(models.Model):
    """One office session on a weekday, e.g. Monday 07:00–11:30."""

    period = models.ForeignKey(
        SchedulePeriod,
        verbose_name=_("giai đoạn"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    start = models.TimeField(_("từ"))
    end = models.TimeField(_("đến"))

    class Meta:
        verbose_name = _("buổi làm việc")
        verbose_name_plural = _("buổi làm việc")
        ordering = ["period", "weekday", "start"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is None or self.end is None:
            return
        if self.end <= self.start:
            raise ValidationError({"end": _("Giờ kết thúc phải sau giờ bắt đầu.")})
        if self.period_id is None:
            return
        overlapping = (
            WorkSession.objects.filter(
                period_id=self.period_id,
                weekday=self.weekday,
                start__lt=self.end,
                end__gt=self.start,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping:
            raise ValidationError(
                _("Buổi làm việc này chồng lên buổi %(other)s."), params={"other": overlapping}
            )


class ScopedDay(TimeStampedModel):
    """A dated row that applies province-wide (no calendar) or to one calendar."""

    calendar = models.ForeignKey(
        Calendar,
        verbose_name=_("chỉ áp dụng cho lịch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: áp dụng cho toàn tỉnh."),
    )
    date = models.DateField(_("ngày"), db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(
        _("nguồn"), max_length=20, choices=Source.choices, default=Source.MANUAL, editable=False
    )
    notice = models.CharField(
        _("văn bản"), max_length=300, blank=True, help_text=_("Số, ngày của thông báo, công văn.")
    )
    is_active = models.BooleanField(
        _("đang áp dụng"),
        default=True,
        help_text=_("Bỏ chọn để thôi áp dụng mà vẫn giữ lại lịch sử."),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["date"]

    def clean(self) -> None:
        self.name = clean_text(self.name or "")
        if not self.is_active or self.date is None:
            return
        other = ExtraWorkingDay if isinstance(self, Holiday) else Holiday
        clash = other.objects.filter(
            date=self.date, is_active=True, calendar_id=self.calendar_id
        ).first()
        if clash:
            raise ValidationError(
                _(
                    "Ngày %(day)s đang là “%(other)s”; thôi áp dụng dòng đó trước khi thêm dòng "
                    "này."
                ),
                params={"day": self.date.strftime("%d/%m/%Y"), "other": clash.name},
            )

    @property
    def scope_label(self) -> str:
        return str(self.calendar) if self.calendar_id else str(_("Toàn tỉnh"))


def _one_active_per_day(model: str) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(
            fields=["date"],
            condition=Q(is_active=True, calendar__isnull=True),
            name=f"worktime_{model}_one_active_province",
            violation_error_message=_("Ngày này đã có một dòng đang áp dụng cho toàn tỉnh."),
        ),
        models.UniqueConstraint(
            fields=["calendar", "date"],
            condition=Q(is_active=True, calendar__isnull=False),
            name=f"worktime_{model}_one_active_per_calendar",
            violation_error_message=_("Ngày này đã có một dòng đang áp dụng cho lịch này."),
        ),
    ]


class Holiday(ScopedDay):
    """A whole day off: a public holiday, a compensatory day, a swapped day off or other."""

    class Kind(models.TextChoices):
        PUBLIC_HOLIDAY = notices.PUBLIC_HOLIDAY, _("Nghỉ lễ, Tết")
        COMPENSATORY = notices.COMPENSATORY, _("Nghỉ bù")
        SWAPPED = notices.SWAPPED_DAY_OFF, _("Nghỉ hoán đổi")
        OTHER = notices.OTHER_DAY_OFF, _("Nghỉ khác")

    kind = models.CharField(
        _("loại"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC_HOLIDAY
    )

    class Meta(ScopedDay.Meta):
        verbose_name = _("ngày nghỉ")
        verbose_name_plural = _("ngày nghỉ lễ, nghỉ bù")
        constraints = _one_active_per_day("holiday")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


class ExtraWorkingDay(ScopedDay):
    """A day that is normally a rest day but is worked (a swapped Saturday)."""

    like_weekday = models.PositiveSmallIntegerField(
        _("làm việc theo giờ của"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("Ngày này dùng các buổi làm việc của thứ được chọn."),
    )

    class Meta(ScopedDay.Meta):
        verbose_name = _("ngày làm việc bù")
        verbose_name_plural = _("ngày làm việc bù")
        constraints = _one_active_per_day("extraworkingday")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


class HolidayYear(TimeStampedModel):
    """A year whose days off are loaded; calendars cover exactly the loaded years.

    ``confirmed`` records that the year was checked against the Government's notices (the
    package's dates for lunar holidays and swaps are only an estimate until then).
    """

    year = models.PositiveSmallIntegerField(
        _("năm"), unique=True, validators=[MinValueValidator(1975), MaxValueValidator(2100)]
    )
    confirmed = models.BooleanField(
        _("đã đối chiếu thông báo chính thức"),
        default=False,
        help_text=_("Bỏ trống: ngày nghỉ lấy theo dự kiến của thư viện holidays."),
    )
    reference = models.CharField(_("văn bản đã đối chiếu"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("năm lịch nghỉ")
        verbose_name_plural = _("năm lịch nghỉ")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarRevision(models.Model):
    """One row whose token changes in the same transaction as any calendar data.

    Every process caches built calendars under the token it read; a rolled-back change rolls
    the token back too, so no process keeps a calendar built from data that never committed.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("phiên bản dữ liệu lịch")
        verbose_name_plural = _("phiên bản dữ liệu lịch")

    def __str__(self) -> str:
        return self.token
