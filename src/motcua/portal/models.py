"""What the portal keeps besides the dossier itself: submissions being prepared (drafts), the
citizen's store of documents, and the record of every online intake (idempotency)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierChannel, ReturnMethod


class Submission(models.Model):
    """A dossier being prepared in the wizard and, once submitted, the link between the dossier
    and the account (and organisation) that filed it.

    ``key`` names the draft in URLs and is the idempotency key of its submission: however often
    "Nộp hồ sơ" is pressed (double click, back button, two tabs), one dossier results."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="portal_submissions",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("thay mặt tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_submissions",
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "catalog.Case",
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settling_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("nơi tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    return_method = models.CharField(
        _("hình thức nhận kết quả"), max_length=20, choices=ReturnMethod.choices, blank=True
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=300, blank=True)
    step = models.CharField(_("bước đã tới"), max_length=20, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_submission",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nộp trực tuyến")
        verbose_name_plural = _("hồ sơ nộp trực tuyến")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "status", "-updated_at"], name="portal_sub_owner"),
            models.Index(fields=["organisation", "status"], name="portal_sub_org"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_version.procedure.national_code} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def _document_path(instance: "StoredDocument", filename: str) -> str:
    return f"portal/documents/{instance.owner_id}/{instance.sha256[:2]}/{instance.sha256}"


class StoredDocument(models.Model):
    """A file in the citizen's own store ("Giấy tờ của tôi"): every upload lands here first and
    can be attached to later dossiers again; results of their dossiers are listed beside."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="portal_documents",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("của tổ chức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_documents",
    )
    title = models.CharField(_("tên giấy tờ"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    hidden_at = models.DateTimeField(_("bỏ khỏi kho lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giấy tờ của công dân")
        verbose_name_plural = _("giấy tờ của công dân")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["owner", "-uploaded_at"], name="portal_doc_owner")]

    def __str__(self) -> str:
        return self.title


class SubmissionFile(models.Model):
    """A file attached to a draft for one required component: an upload (kept in the store) or
    an earlier result of the applicant's."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    requirement = models.ForeignKey(
        "catalog.ComponentRequirement",
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        StoredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.ForeignKey(
        "dossiers.DossierResult", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reused = models.BooleanField(_("chọn từ kho giấy tờ"), default=False)
    added_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        verbose_name = _("tệp của hồ sơ đang soạn")
        verbose_name_plural = _("tệp của hồ sơ đang soạn")
        ordering = ["submission", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False, result__isnull=True)
                | models.Q(document__isnull=True, result__isnull=False),
                name="portal_subfile_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.document_id:
            return self.document.original_name
        return self.result.name


class OnlineIntake(models.Model):
    """One submission accepted under the sender's key — online (this portal, the national portal,
    VNeID) or a counter form's one-time token: a key seen again returns the same dossier."""

    channel = models.CharField(_("kênh nộp"), max_length=20, choices=DossierChannel.choices)
    key = models.CharField(_("khóa chống trùng"), max_length=100)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="online_intake"
    )
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"))

    class Meta:
        verbose_name = _("hồ sơ trực tuyến đã nhận")
        verbose_name_plural = _("hồ sơ trực tuyến đã nhận")
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="portal_intake_channel_key")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.key}"
