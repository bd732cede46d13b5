"""Satisfaction ratings (TT 01/2018 Điều 12–15 indices, TT 32/2017 3-level scale), feedback
(phản ánh, kiến nghị — PAKN) and the portal's frequently asked questions. Write ratings and
feedback only through ``motcua.feedback.services``; the statistics (``motcua.reports``) read
these rows."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RatingChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng Dịch vụ công của tỉnh")
    KIOSK = "kiosk", _("Thiết bị đánh giá tại Bộ phận Một cửa")
    PAPER = "paper", _("Phiếu đánh giá giấy")
    NATIONAL_PORTAL = "national_portal", _("Cổng Dịch vụ công quốc gia")


class Satisfaction(models.TextChoices):
    """The 3-level scale of TT 32/2017 Điều 11.3 (overall and each detailed criterion)."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    UNSATISFIED = "unsatisfied", _("Chưa hài lòng")


SCORE_CHOICES = [(2, "2"), (1, "1"), (0, "0")]


def _index(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, choices=SCORE_CHOICES, validators=[MaxValueValidator(2)]
    )


class SatisfactionRating(models.Model):
    """One evaluation of how a dossier was handled, by its applicant (or computed by the system).

    The per-dossier indices of TT 01/2018 Điều 13 are scored 2/1/0: 1 and 2 are computed from
    the dossier's timing when the rating is recorded, 3, 4, 6 and 7 come from the applicant.
    Indices 5, 8 and 9 are unit-level and computed by ``motcua.reports`` from the system's data.
    """

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_ratings",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan, đơn vị được đánh giá"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    channel = models.CharField(_("kênh đánh giá"), max_length=20, choices=RatingChannel.choices)
    rated_at = models.DateTimeField(_("đánh giá lúc"), db_index=True)

    overall = models.CharField(
        _("mức độ hài lòng chung"), max_length=20, choices=Satisfaction.choices
    )
    ease_of_use = models.CharField(
        _("mức độ dễ sử dụng"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    response_time = models.CharField(
        _("thời gian phản hồi"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    timeliness = models.CharField(
        _("tiến độ giải quyết"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    staff_attitude = models.CharField(
        _("thái độ của cán bộ"), max_length=20, choices=Satisfaction.choices, blank=True
    )

    index_processing_time = _index(_("chỉ số 1 — tổng thời gian giải quyết"))
    index_body_time = _index(_("chỉ số 2 — thời gian của từng cơ quan tham gia"))
    index_contacts = _index(_("chỉ số 3 — số lần liên hệ để hoàn thiện hồ sơ"))
    index_bodies = _index(_("chỉ số 4 — số cơ quan phải liên hệ"))
    index_publicity = _index(_("chỉ số 6 — công khai thủ tục hành chính"))
    index_attitude = _index(_("chỉ số 7 — thái độ của cán bộ"))
    comment = models.TextField(_("ý kiến khác"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-rated_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "rated_at"], name="feedback_rating_agency"),
            models.Index(fields=["staff", "rated_at"], name="feedback_rating_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_overall_display()}"


class Feedback(models.Model):
    """A feedback or complaint (phản ánh, kiến nghị) about a procedure, a dossier or an official."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Phản ánh, kiến nghị về quy định hành chính")
        CONDUCT = "conduct", _("Phản ánh về hành vi hành chính, thái độ của cán bộ")
        PROCESSING = "processing", _("Phản ánh về tiến độ, kết quả giải quyết hồ sơ")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mới tiếp nhận")
        PROCESSING = "processing", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        REFUSED = "refused", pgettext_lazy("phản ánh, kiến nghị", "Từ chối tiếp nhận")

    class Outcome(models.TextChoices):
        NONE = "", _("Chưa có")
        JUSTIFIED = "justified", _("Phản ánh đúng, đã khắc phục")
        PARTLY = "partly", _("Phản ánh đúng một phần")
        UNJUSTIFIED = "unjustified", _("Phản ánh không đúng")
        EXPLAINED = "explained", _("Đã giải thích, hướng dẫn")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=RatingChannel.choices)
    kind = models.CharField(_("phân loại"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung"))
    sender_name = models.CharField(_("người gửi"), max_length=200)
    sender_contact = models.CharField(_("liên hệ"), max_length=200, blank=True)
    # The account that sent it, when signed in: lists it on their account, lets them say
    # whether the answer satisfied them.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_sent",
    )
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("nhận lúc"), db_index=True)
    accepted_at = models.DateTimeField(_("tiếp nhận hoặc từ chối lúc"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    refusal_reason = models.TextField(_("lý do từ chối tiếp nhận"), blank=True)
    outcome = models.CharField(
        _("kết quả xử lý"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    sender_satisfied = models.BooleanField(
        _("người gửi hài lòng với kết quả"), null=True, blank=True
    )
    repeated = models.BooleanField(
        _("phản ánh lặp lại"), default=False, help_text=_("Cùng nội dung đã được trả lời trước đó.")
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "received_at"], name="feedback_agency_received")]

    def __str__(self) -> str:
        return self.subject

    @property
    def reference(self) -> str:
        """What the sender quotes when asking about it."""
        return f"PAKN-{self.pk:06d}"


class FaqEntry(models.Model):
    """A question and answer of the portal's help page, edited in the Django admin."""

    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    question = models.CharField(_("câu hỏi"), max_length=300)
    answer = models.TextField(_("trả lời"), help_text=_("Văn bản thường; dòng trống tách đoạn."))
    published = models.BooleanField(_("hiển thị trên Cổng"), default=True)

    class Meta:
        verbose_name = _("câu hỏi thường gặp")
        verbose_name_plural = _("câu hỏi thường gặp")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.question
