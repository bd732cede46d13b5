"""Message templates (versioned, per kind, channel and language) and the log of every message."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageTemplate(models.Model):
    """One version of the text sent for ``kind`` on ``channel`` in ``language``.

    Versions are never edited: saving a change adds the next version, and the highest version is
    the one in use. A highest version that is not active switches that channel off for the kind.
    """

    kind = models.CharField(_("loại thông báo"), max_length=100)
    channel = models.CharField(_("kênh"), max_length=30)
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("phiên bản"))
    subject = models.CharField(
        _("tiêu đề"),
        max_length=200,
        blank=True,
        help_text=_("Tiêu đề thư điện tử hoặc thông báo trên cổng; tin nhắn SMS không dùng."),
    )
    body = models.TextField(
        _("nội dung"),
        help_text=_(
            "Cú pháp mẫu Django, ví dụ {{ dossier_code }}; xem danh sách biến khi xem trước."
        ),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    note = models.CharField(_("ghi chú thay đổi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["kind", "channel", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language", "version"],
                name="notifications_template_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} / {self.channel} / {self.language} v{self.version}"


class Notification(models.Model):
    """One message to one address on one channel, with its delivery outcome.

    In-app messages are delivered by being stored; ``read_at`` is set when the citizen reads them.
    Secret parts (codes, links) are masked in ``body``: the log never holds a usable secret.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    recipient_name = models.CharField(_("tên người nhận"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ nhận"), max_length=254, blank=True)
    channel = models.CharField(_("kênh"), max_length=30)
    kind = models.CharField(_("loại thông báo"), max_length=100, db_index=True)
    template = models.ForeignKey(
        MessageTemplate,
        verbose_name=_("mẫu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin tại nhà cung cấp"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    related_type = models.CharField(_("loại đối tượng liên quan"), max_length=100, blank=True)
    related_id = models.CharField(_("mã đối tượng liên quan"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["related_type", "related_id"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address or self.recipient_name} ({self.channel})"
