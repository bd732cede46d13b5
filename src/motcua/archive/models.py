"""Electronic archive of closed dossiers: retention rules (effective-dated data), one archive
record per dossier with its package (ZIP) and, after review, its destruction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from motcua.core.models import EffectiveDated
from motcua.core.text import clean_text, fold

INFERRED_NOTE = _(
    "[inferred] Thời hạn mặc định do hệ thống đề xuất, chưa đối chiếu bảng thời hạn bảo quản "
    "theo quy định; tỉnh cần rà soát, sửa lại cho đúng."
)


class RetentionRule(EffectiveDated):
    """How long archived dossiers are kept. The most specific rule in force on the dossier's
    closing date wins: the procedure's, else its field's, else the province default."""

    field_code = models.CharField(
        _("mã lĩnh vực"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("Để trống nếu quy định theo thủ tục hoặc là mặc định của tỉnh."),
    )
    procedure_code = models.CharField(
        _("mã thủ tục"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Để trống nếu quy định theo lĩnh vực hoặc là mặc định của tỉnh."),
    )
    years = models.PositiveSmallIntegerField(
        _("thời hạn bảo quản (năm)"),
        null=True,
        blank=True,
        help_text=_(
            "Tính từ năm kết thúc hồ sơ: hết hạn vào ngày 31/12 của năm kết thúc cộng số năm."
        ),
    )
    permanent = models.BooleanField(_("bảo quản vĩnh viễn"), default=False)
    basis = models.CharField(
        _("căn cứ"),
        max_length=500,
        blank=True,
        help_text=_("Văn bản quy định thời hạn bảo quản (số, ký hiệu, điều, khoản)."),
    )
    inferred = models.BooleanField(
        _("chưa đối chiếu quy định [inferred]"),
        default=False,
        help_text=INFERRED_NOTE,
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thời hạn bảo quản hồ sơ")
        verbose_name_plural = _("thời hạn bảo quản hồ sơ")
        ordering = ["procedure_code", "field_code", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(permanent=True, years__isnull=True))
                | (models.Q(permanent=False, years__gte=1)),
                name="archive_rule_years_or_permanent",
            ),
            models.CheckConstraint(
                condition=models.Q(field_code="") | models.Q(procedure_code=""),
                name="archive_rule_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_label}: {self.period_label}"

    @property
    def scope_label(self) -> str:
        if self.procedure_code:
            return str(_("Thủ tục %(code)s") % {"code": self.procedure_code})
        if self.field_code:
            return str(_("Lĩnh vực %(code)s") % {"code": self.field_code})
        return str(_("Mặc định của tỉnh"))

    @property
    def period_label(self) -> str:
        return retention_label(self.years, self.permanent)

    def clean(self) -> None:
        from motcua.catalog.models import Procedure
        from motcua.directory.models import Field

        self.field_code = (self.field_code or "").strip()
        self.procedure_code = (self.procedure_code or "").strip()
        errors: dict[str, str] = {}
        if self.field_code and self.procedure_code:
            errors["procedure_code"] = _("Chỉ chọn một trong hai: lĩnh vực hoặc thủ tục.")
        if self.permanent and self.years:
            errors["years"] = _("Bảo quản vĩnh viễn thì không ghi số năm.")
        if not self.permanent and not self.years:
            errors["years"] = _("Ghi số năm bảo quản hoặc chọn bảo quản vĩnh viễn.")
        if self.field_code and not Field.objects.filter(code=self.field_code).exists():
            errors["field_code"] = _("Không có lĩnh vực mã “%(code)s”.") % {"code": self.field_code}
        if (
            self.procedure_code
            and not Procedure.objects.filter(national_code=self.procedure_code).exists()
        ):
            errors["procedure_code"] = _("Không có thủ tục mã “%(code)s”.") % {
                "code": self.procedure_code
            }
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        if errors:
            raise ValidationError(errors)
        if self._overlapping().exists():
            raise ValidationError(
                _(
                    "Đã có quy định thời hạn cho cùng phạm vi có hiệu lực trùng thời gian; "
                    "hãy cho quy định cũ hết hiệu lực trước ngày bắt đầu của quy định mới."
                )
            )

    def _overlapping(self) -> models.QuerySet[RetentionRule]:
        """Rules of the same scope whose validity periods intersect this one's."""
        same = RetentionRule.objects.filter(
            field_code=self.field_code, procedure_code=self.procedure_code
        ).exclude(pk=self.pk)
        if self.valid_to is not None:
            same = same.filter(
                models.Q(valid_from__isnull=True) | models.Q(valid_from__lt=self.valid_to)
            )
        if self.valid_from is not None:
            same = same.filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=self.valid_from)
            )
        return same


def retention_label(years: int | None, permanent: bool) -> str:
    if permanent:
        return str(_("Vĩnh viễn"))
    count = years or 0
    return ngettext("%(years)d năm", "%(years)d năm", count) % {"years": count}


class ArchiveCounter(models.Model):
    """Last archive number given by an agency in a year (numbers are continuous)."""

    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số lưu trữ")
        verbose_name_plural = _("bộ đếm số lưu trữ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="archive_counter_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_value}"


class ArchiveRecord(models.Model):
    """One archived dossier. The dossier itself is never changed; what the list shows is a
    snapshot taken at archiving, and the retention in force then stays with the record."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="archive_record",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan lưu trữ"),
        on_delete=models.PROTECT,
        related_name="archive_records",
    )
    year = models.PositiveSmallIntegerField(_("năm hồ sơ"), db_index=True)
    number = models.PositiveIntegerField(_("số lưu trữ"))
    code = models.CharField(_("mã lưu trữ"), max_length=80, unique=True)

    # Snapshot of the dossier for the list, search and filters.
    dossier_code = models.CharField(_("mã số hồ sơ"), max_length=60, db_index=True)
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_search = models.CharField(max_length=255, editable=False, db_index=True)
    field_code = models.CharField(_("mã lĩnh vực"), max_length=30, blank=True, db_index=True)
    field_name = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=10, blank=True, db_index=True)
    procedure_name = models.CharField(_("thủ tục"), max_length=1000, blank=True)
    outcome = models.CharField(_("tình trạng khi kết thúc"), max_length=30)
    closed_on = models.DateField(_("ngày kết thúc"))

    retention_rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("quy định thời hạn áp dụng"),
        null=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    retention_years = models.PositiveSmallIntegerField(_("thời hạn (năm)"), null=True)
    retention_permanent = models.BooleanField(_("vĩnh viễn"), default=False)
    disposal_due_on = models.DateField(
        _("đến hạn xem xét hủy"), null=True, blank=True, db_index=True
    )

    package = models.FileField(_("gói lưu trữ"), max_length=300, blank=True)
    package_sha256 = models.CharField(_("mã băm SHA-256 của gói"), max_length=64)
    package_size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    file_count = models.PositiveIntegerField(_("số tệp"), default=0)

    archived_at = models.DateTimeField(_("lưu trữ lúc"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu trữ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destroyed_at = models.DateTimeField(pgettext_lazy("lưu trữ", "hủy lúc"), null=True, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destruction_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ lưu trữ")
        verbose_name_plural = _("hồ sơ lưu trữ")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="archive_record_agency_year_number"
            )
        ]
        indexes = [models.Index(fields=["agency", "year"], name="archive_agency_year")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.applicant_name = clean_text(self.applicant_name)
        self.applicant_search = fold(self.applicant_name)
        super().save(*args, **kwargs)

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years, self.retention_permanent)

    @property
    def destroyed(self) -> bool:
        return self.destroyed_at is not None

    def due_for_disposal(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            not self.destroyed
            and self.disposal_due_on is not None
            and self.disposal_due_on <= today
        )
