"""Operations data: maintenance notices, aggregated access statistics, long operations."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel


class MaintenanceNotice(TimeStampedModel):
    """A planned interruption, announced on every page of both faces before it starts.

    ``announced_at`` is when the current start and end became public; the notice must give at
    least one working day between it and ``starts_at`` (TT 32/2017 Điều 11.2.e). Written only
    through ``services.save_maintenance_notice`` / ``cancel_maintenance_notice``.
    """

    title = models.CharField(_("tiêu đề"), max_length=200)
    message = models.TextField(
        _("nội dung"),
        blank=True,
        help_text=_("Những chức năng bị ảnh hưởng, cách liên hệ trong thời gian bảo trì."),
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc dự kiến"))
    announced_at = models.DateTimeField(_("thông báo lúc"), editable=False)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("thông báo bảo trì")
        verbose_name_plural = _("thông báo bảo trì")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="ops_maintenance_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"


class AgentClass(models.TextChoices):
    BROWSER = "browser", _("Trình duyệt máy tính")
    MOBILE = "mobile", _("Thiết bị di động")
    BOT = "bot", _("Máy tìm kiếm, chương trình tự động")
    OTHER = "other", _("Khác")


class PageViewDaily(models.Model):
    """Requests of one day to one URL name with one outcome, counted (PL3-14).

    One row per (day, URL name, status, signed in, agent class), incremented in batches by the
    access-log middleware: no row per request and nothing that identifies a visitor.
    """

    day = models.DateField(_("ngày"))
    url_name = models.CharField(_("trang"), max_length=150, blank=True)
    status = models.PositiveSmallIntegerField(_("mã trạng thái HTTP"))
    authenticated = models.BooleanField(_("đã đăng nhập"))
    agent = models.CharField(_("loại thiết bị"), max_length=10, choices=AgentClass.choices)
    hits = models.PositiveIntegerField(_("số lượt"), default=0)
    duration_ms_total = models.BigIntegerField(_("tổng thời gian xử lý (ms)"), default=0)
    duration_ms_max = models.PositiveIntegerField(_("thời gian xử lý lâu nhất (ms)"), default=0)

    class Meta:
        verbose_name = _("thống kê truy cập theo ngày")
        verbose_name_plural = _("thống kê truy cập theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "url_name", "status", "authenticated", "agent"],
                name="ops_pageviewdaily_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.url_name or '-'} {self.status}: {self.hits}"


class DailyVisitor(models.Model):
    """A distinct visitor of one day, as a keyed hash that changes every day.

    The hash covers the truncated address (IPv4 /24, IPv6 /48) and the browser; its key is
    derived from SECRET_KEY and the date, so visitors cannot be followed from one day to the next
    and no address is stored.
    """

    day = models.DateField(_("ngày"))
    visitor = models.CharField(_("mã khách truy cập ẩn danh"), max_length=32)

    class Meta:
        verbose_name = _("khách truy cập trong ngày")
        verbose_name_plural = _("khách truy cập trong ngày")
        constraints = [
            models.UniqueConstraint(fields=["day", "visitor"], name="ops_dailyvisitor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.visitor}"


class LongOperation(models.Model):
    """Work that may take longer than 10 s (exports, reports), run by a Celery worker.

    The worker writes ``progress`` as it goes; the owner's page polls it (htmx, or a page refresh
    without JavaScript) and offers ``result`` when it is done (TT 32/2017 Điều 11.2.đ).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang thực hiện")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại thao tác"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("đang làm"), max_length=300, blank=True)
    result = models.FileField(_("kết quả"), upload_to="ops/ket-qua/%Y/%m/", blank=True)
    result_name = models.CharField(_("tên tệp kết quả"), max_length=200, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thao tác chạy nền")
        verbose_name_plural = _("thao tác chạy nền")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("ops:operation", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
