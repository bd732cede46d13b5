"""The requests register: agencies' requests and complaints about the software itself.

The province's letter (item 2a) asks the supplier to answer each agency's request one by one
and to prove every fix; each entry therefore links the tests (and so their screenshots) that
show the fix, and the criteria it concerns. Written only through ``compliance.services``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.core.text import fold

from .registry import load_registry


def validate_criterion_ids(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Danh sách mã tiêu chí không hợp lệ."), code="invalid")
    registry = load_registry()
    unknown = [v for v in value if v not in registry]
    if unknown:
        raise ValidationError(
            _("Mã tiêu chí không có trong sổ tiêu chí: %(ids)s."),
            code="unknown_criterion",
            params={"ids": ", ".join(unknown)},
        )


def validate_test_ids(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Danh sách kiểm thử không hợp lệ."), code="invalid")
    malformed = [v for v in value if "::" not in v or any(ch.isspace() for ch in v)]
    if malformed:
        raise ValidationError(
            _(
                "Mã kiểm thử phải có dạng đường_dẫn/test_x.py::test_ten (không có khoảng trắng): "
                "%(ids)s."
            ),
            code="malformed_test_id",
            params={"ids": ", ".join(malformed)},
        )


class SoftwareRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        REQUEST = "request", _("Kiến nghị, đề xuất")
        DEFECT = "defect", _("Phản ánh lỗi, bất cập")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mới tiếp nhận")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        RESOLVED = "resolved", _("Đã khắc phục")
        DECLINED = "declined", _("Không thực hiện (có giải trình)")

    CLOSED = (Status.RESOLVED, Status.DECLINED)

    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan, đơn vị kiến nghị"),
        on_delete=models.PROTECT,
        related_name="software_requests",
    )
    reference = models.CharField(
        _("văn bản kiến nghị"),
        max_length=200,
        blank=True,
        help_text=_("Số, ký hiệu văn bản hoặc nơi ghi nhận, ví dụ: Công văn 1376/VP-TTHC, mục 3."),
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.REQUEST)
    subject = models.CharField(_("nội dung tóm tắt"), max_length=300)
    description = models.TextField(_("nội dung kiến nghị"))
    search_text = models.CharField(max_length=600, editable=False, db_index=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    answer = models.TextField(
        _("kết quả xử lý, trả lời"),
        blank=True,
        help_text=_("Bắt buộc khi đã khắc phục hoặc không thực hiện."),
    )
    resolved_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    criteria = models.JSONField(
        _("tiêu chí liên quan"),
        default=list,
        blank=True,
        validators=[validate_criterion_ids],
        help_text=_("Mã tiêu chí theo Thông tư 22/2019/TT-BTTTT, ví dụ PL2-2.7."),
    )
    evidence_tests = models.JSONField(
        _("kiểm thử minh chứng"),
        default=list,
        blank=True,
        validators=[validate_test_ids],
        help_text=_(
            "Mã kiểm thử tự động chứng minh việc khắc phục; kết quả và ảnh chụp màn hình của "
            "chúng được đưa vào báo cáo."
        ),
    )

    class Meta:
        verbose_name = _("kiến nghị về phần mềm")
        verbose_name_plural = _("kiến nghị về phần mềm")
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["status", "received_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}" if self.pk else self.subject

    def clean(self) -> None:
        errors: dict[str, list] = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors.setdefault("received_on", []).append(
                _("Ngày tiếp nhận không được sau ngày hôm nay.")
            )
        if self.status in self.CLOSED:
            if not self.answer:
                errors.setdefault("answer", []).append(
                    _("Cần ghi kết quả xử lý, trả lời khi kiến nghị đã được giải quyết.")
                )
            if not self.resolved_on:
                errors.setdefault("resolved_on", []).append(
                    _("Cần ghi ngày giải quyết xong khi kiến nghị đã được giải quyết.")
                )
        elif self.resolved_on:
            errors.setdefault("resolved_on", []).append(
                _("Kiến nghị chưa giải quyết xong thì chưa có ngày giải quyết.")
            )
        if self.resolved_on and self.received_on and self.resolved_on < self.received_on:
            errors.setdefault("resolved_on", []).append(
                _("Ngày giải quyết xong không được trước ngày tiếp nhận.")
            )
        if self.resolved_on and self.resolved_on > today:
            errors.setdefault("resolved_on", []).append(
                _("Ngày giải quyết xong không được sau ngày hôm nay.")
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.reference} {self.subject}")[:600]
        super().save(*args, **kwargs)
