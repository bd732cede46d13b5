"""The back office's own data: the province's navigation settings for both faces, and files
kept between two submissions of a form that failed validation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Face(models.TextChoices):
    BACKOFFICE = "backoffice", _("Hệ thống một cửa điện tử")
    PORTAL = "portal", _("Cổng Dịch vụ công")


class NavSetting(models.Model):
    """The province's choice for one function group or item of a face: its order, its label
    (Vietnamese and English; empty keeps the built-in label) and whether it is shown.

    What exists and who may use it is code (``navigation.REGISTRY``); these rows only override
    the defaults, so a face renders the same with no row at all."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Nhóm chức năng")
        ITEM = "item", _("Chức năng")

    face = models.CharField(_("phân hệ"), max_length=20, choices=Face.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("mã"), max_length=50)
    group = models.CharField(
        _("thuộc nhóm"), max_length=50, blank=True, help_text=_("Chỉ dùng cho chức năng.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label_vi = models.CharField(_("tên hiển thị (tiếng Việt)"), max_length=100, blank=True)
    label_en = models.CharField(_("tên hiển thị (tiếng Anh)"), max_length=100, blank=True)
    visible = models.BooleanField(_("hiển thị"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cấu hình điều hướng")
        verbose_name_plural = _("cấu hình điều hướng")
        ordering = ["face", "kind", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["face", "kind", "key"], name="backoffice_nav_unique")
        ]

    def __str__(self) -> str:
        return f"{self.face}/{self.kind}/{self.key}"


def _stash_path(instance: "StashedUpload", filename: str) -> str:
    return f"backoffice/stash/{instance.user_id}/{instance.token}"


class StashedUpload(models.Model):
    """A file uploaded with a form that was refused (e.g. a missing applicant name): kept for
    the same user and browser session so the officer does not scan it again. Removed when the
    form succeeds or after ``STASH_TTL``."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=_stash_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tệp tạm khi tiếp nhận")
        verbose_name_plural = _("tệp tạm khi tiếp nhận")

    def __str__(self) -> str:
        return self.original_name
