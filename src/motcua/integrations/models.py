"""What the integrations keep: the outbox of messages to external systems and the dossiers
received from the national portal. Written only by ``outbox`` and the plug-ins' services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierChannel


class System(models.TextChoices):
    DVCQG = "dvcqg", _("Cổng Dịch vụ công quốc gia")


class OutboxMessage(models.Model):
    """One packet to deliver to an external system, written after the dossier change it reports
    and retried with back-off until the system acknowledges it.

    ``message_id`` is derived from the dossier code, the history line and the kind, so the same
    change can never be queued twice, and the receiver can drop a packet it already has when a
    lost answer makes us send it again. Messages of one dossier leave in ``position`` order; one
    that failed holds back the later ones until an administrator resends or skips it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        RETRYING = "retrying", _("Lỗi tạm thời, sẽ gửi lại")
        FAILED = "failed", _("Lỗi, cần xử lý")
        SENT = "sent", _("Đã gửi")
        SKIPPED = "skipped", _("Đã bỏ qua")

    # Not yet delivered: later messages of the same dossier wait behind these.
    OPEN = (State.PENDING, State.RETRYING, State.FAILED)

    message_id = models.CharField(_("mã gói tin"), max_length=120, unique=True)
    system = models.CharField(_("hệ thống"), max_length=20, choices=System.choices)
    kind = models.CharField(_("loại gói tin"), max_length=30)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    position = models.PositiveIntegerField(_("thứ tự gửi"))
    payload = models.JSONField(_("nội dung"))
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần gửi lỗi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)
    # A lease, not a lock: one delivery at a time per row without holding a transaction open
    # across the network call.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("gói tin gửi đi")
        verbose_name_plural = _("gói tin gửi đi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "dossier", "position"], name="integrations_outbox_position"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="integrations_due")]

    def __str__(self) -> str:
        return self.message_id


class InboundDossier(models.Model):
    """A dossier filed on the national portal (or VNeID) that we pulled: accepted (it then has
    our dossier, created through the one online intake path) or rejected with the reason."""

    class State(models.TextChoices):
        ACCEPTED = "accepted", _("Đã tiếp nhận vào hệ thống")
        REJECTED = "rejected", _("Gói tin không hợp lệ")

    national_code = models.CharField(_("mã hồ sơ trên Cổng DVC quốc gia"), max_length=120)
    channel = models.CharField(_("kênh nộp"), max_length=20, choices=DossierChannel.choices)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="national_inbound",
    )
    error = models.TextField(_("lỗi"), blank=True)
    received_at = models.DateTimeField(_("nhận lúc"))
    acknowledged = models.BooleanField(_("đã báo nhận"), default=False)

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVC quốc gia")
        verbose_name_plural = _("hồ sơ nhận từ Cổng DVC quốc gia")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["national_code"], name="integrations_inbound_code")
        ]

    def __str__(self) -> str:
        return self.national_code
