"""Payment attempts and their append-only log. Write them only through ``payments.services``.

A ``Payment`` is one attempt to pay some of a dossier's fees through one plug-in. Its status
follows ``TRANSITIONS``: money reported received after the attempt failed, was cancelled or
expired still counts (the gateway or the bank is the authority on money), and a succeeded attempt
never goes back. Whether the money reached the dossier is a separate question (``settlement``):
fees may have been paid another way meanwhile, or the dossier closed, and then the money is to be
refunded rather than silently lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Mới tạo")
    PENDING = "pending", _("Đang chờ xác nhận")
    SUCCEEDED = "succeeded", _("Thành công")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã hủy")
    EXPIRED = "expired", _("Hết hạn")


S = PaymentStatus
OPEN_STATUSES = frozenset({S.CREATED, S.PENDING})
# A late success is accepted from every non-final status; nothing leaves SUCCEEDED.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.CREATED: frozenset({S.PENDING, S.SUCCEEDED, S.FAILED, S.CANCELLED, S.EXPIRED}),
    S.PENDING: frozenset({S.SUCCEEDED, S.FAILED, S.CANCELLED, S.EXPIRED}),
    S.FAILED: frozenset({S.SUCCEEDED}),
    S.CANCELLED: frozenset({S.SUCCEEDED}),
    S.EXPIRED: frozenset({S.SUCCEEDED}),
    S.SUCCEEDED: frozenset(),
}


class Settlement(models.TextChoices):
    NONE = "", _("Chưa có tiền")
    APPLIED = "applied", _("Đã ghi nhận vào hồ sơ")
    REFUND = "refund", _("Cần hoàn trả")


class PaymentMethod(models.TextChoices):
    """Written to ``DossierFee.method`` (regs.md §1.7: direct, to the agency's account,
    online through the one-stop system's payment function)."""

    CASH = "cash", _("Tiền mặt tại Bộ phận Một cửa")
    CARD = "card", _("Thẻ ngân hàng tại Bộ phận Một cửa")
    BANK_TRANSFER = "bank_transfer", _("Chuyển khoản vào tài khoản của cơ quan")
    ONLINE = "online", _("Thanh toán trực tuyến")


class OnlineChannel(models.TextChoices):
    """Written to ``DossierFee.online_channel``; the national sync reports it as
    ``DuocThanhToanTrucTuyen`` (regs.md §5.4): see ``services.online_payment_flag``."""

    NATIONAL = (
        "national_platform",
        _("Nền tảng thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia"),
    )
    LOCAL = "local_gateway", _("Cổng thanh toán trực tuyến của tỉnh")


class Payment(models.Model):
    reference = models.CharField(_("mã thanh toán"), max_length=20, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    fees = models.ManyToManyField(
        "dossiers.DossierFee", verbose_name=_("các khoản nộp"), related_name="payments"
    )
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    provider = models.CharField(_("hình thức thanh toán"), max_length=30, db_index=True)
    method = models.CharField(_("phương thức"), max_length=20, choices=PaymentMethod.choices)
    online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    online_channel = models.CharField(
        _("kênh thanh toán trực tuyến"), max_length=30, choices=OnlineChannel.choices, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PaymentStatus.choices, default=S.CREATED
    )
    settlement = models.CharField(
        _("ghi nhận"), max_length=10, choices=Settlement.choices, blank=True, default=""
    )
    refund_amount = models.DecimalField(
        _("số tiền cần hoàn trả (đồng)"), max_digits=14, decimal_places=0, default=0
    )
    settlement_note = models.TextField(_("ghi chú ghi nhận"), blank=True)
    provider_reference = models.CharField(
        _("mã giao dịch của ngân hàng, cổng thanh toán"), max_length=100, blank=True
    )
    receipt_number = models.CharField(_("số biên lai"), max_length=100, blank=True)
    failure_code = models.CharField(_("mã lỗi"), max_length=20, blank=True)
    failure_message = models.CharField(_("lý do không thành công"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("thành công lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("kết thúc lúc"), null=True, blank=True, help_text=_("Không thành công, hủy, hết hạn.")
    )

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="payments_status_created"),
            models.Index(fields=["dossier", "status"], name="payments_dossier_status"),
        ]
        constraints = [
            # One bank or gateway transaction pays one attempt, however often it is reported.
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="payments_unique_provider_reference",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PaymentEvent(models.Model):
    """What happened to an attempt: start, browser return, IPN, query, confirmation, import.
    Append-only; callback parameters are stored masked (``base.mask``)."""

    class Kind(models.TextChoices):
        START = "start", _("Bắt đầu thanh toán")
        RETURN = "return", _("Người dùng quay lại từ cổng thanh toán")
        IPN = "ipn", _("Thông báo kết quả từ cổng thanh toán")
        QUERY = "query", _("Tra vấn kết quả giao dịch")
        CONFIRM = "confirm", _("Cán bộ xác nhận đã nhận tiền")
        STATEMENT = "statement", _("Đối soát sao kê ngân hàng")
        COUNTER = "counter", _("Thu tại Bộ phận Một cửa")
        SUPERSEDED = "superseded", _("Thay bằng giao dịch mới")
        EXPIRE = "expire", _("Hết thời hạn chờ")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("lúc"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(_("kết quả xử lý"), max_length=40, blank=True)
    signature_valid = models.BooleanField(_("chữ ký hợp lệ"), null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(_("dữ liệu (đã che)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký giao dịch")
        verbose_name_plural = _("nhật ký giao dịch")
        ordering = ["payment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Payment events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Payment events are append-only.")
