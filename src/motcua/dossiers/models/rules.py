"""Effective-dated lifecycle rules (NĐ 61/2018, NĐ 107/2021, NĐ 118/2025 …) as editable data."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, EffectiveDatedQuerySet

from ..states import NationalStatus, State

CODE_FORMAT_FIELDS = ("agency", "yymmdd", "yyyymmdd", "seq")


class FormSet(models.TextChoices):
    TT01_2018 = "tt01-2018", _("Thông tư 01/2018/TT-VPCP (Mẫu 01–06)")
    TT03_2025 = "tt03-2025", _("Thông tư 03/2025/TT-VPCP (Mẫu 01–07)")


def format_dossier_code(code_format: str, *, agency: str, day: dt.date, seq: int) -> str:
    return code_format.format(
        agency=agency, yymmdd=day.strftime("%y%m%d"), yyyymmdd=day.strftime("%Y%m%d"), seq=seq
    )


class RuleVersion(EffectiveDated):
    """The lifecycle rules in force over a period. A dossier pins the version of its creation day.

    Numbers the law fixes (hours, days, counts) are columns so a province can correct them in the
    admin when the official text says otherwise; ``None`` means "the rule does not exist then".
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    code_format = models.CharField(
        _("cấu trúc mã số hồ sơ"),
        max_length=100,
        default="{agency}-{yymmdd}-{seq:04d}",
        help_text=_(
            "Các trường: {agency} mã định danh Bộ phận Một cửa, {yymmdd} hoặc {yyyymmdd} ngày "
            "tiếp nhận, {seq:04d} số thứ tự trong ngày (quá 9.999 thì tự thêm chữ số)."
        ),
    )
    form_set = models.CharField(
        _("bộ biểu mẫu"), max_length=20, choices=FormSet.choices, default=FormSet.TT01_2018
    )
    applicant_stop_enabled = models.BooleanField(
        _("cho phép dừng theo yêu cầu người nộp"),
        default=False,
        help_text=_("NĐ 118/2025 Điều 21: dừng thực hiện TTHC theo yêu cầu, thay cho rút hồ sơ."),
    )
    online_amendment_enabled = models.BooleanField(
        _("cho phép điều chỉnh hồ sơ trực tuyến"), default=False
    )
    auto_close_missing_supplement = models.BooleanField(
        _("tự động đóng hồ sơ không bổ sung"),
        default=False,
        help_text=_("Số ngày chờ lấy theo phiên bản thủ tục (mặc định 15 ngày)."),
    )
    intake_alert_hours = models.PositiveSmallIntegerField(
        _("cảnh báo tiếp nhận hồ sơ trực tuyến trong (giờ)"), null=True, blank=True
    )
    intake_decision_working_hours = models.PositiveSmallIntegerField(
        _("tiếp nhận hoặc yêu cầu hoàn thiện hồ sơ trực tuyến trong (giờ làm việc)"),
        null=True,
        blank=True,
    )
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=1)
    extension_notice_working_days = models.PositiveSmallIntegerField(
        _("gia hạn chậm nhất trước hạn (ngày làm việc)"), default=1
    )
    appraisal_supplement_working_days = models.PositiveSmallIntegerField(
        _("yêu cầu bổ sung sau tiếp nhận trong (ngày làm việc)"), default=3
    )
    status_mapping = models.JSONField(
        _("ánh xạ trạng thái quốc gia"),
        help_text=_("Trạng thái nội bộ → mã trạng thái đồng bộ Cổng DVC quốc gia (1–10)."),
    )

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản quy định")
        verbose_name_plural = _("phiên bản quy định")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        try:
            if "{seq" not in self.code_format or "{agency" not in self.code_format:
                raise ValueError
            format_dossier_code(
                self.code_format, agency="000.00.00.H48", day=dt.date(2025, 7, 1), seq=1
            )
        except (KeyError, ValueError, IndexError):
            errors["code_format"] = _(
                "Cấu trúc mã không hợp lệ; chỉ dùng các trường {agency}, {yymmdd}, "
                "{yyyymmdd}, {seq}."
            )
        mapping = self.status_mapping if isinstance(self.status_mapping, dict) else {}
        missing = [s for s in State.values if s not in mapping]
        bad = [k for k, v in mapping.items() if v not in NationalStatus.values]
        if missing or bad or not isinstance(self.status_mapping, dict):
            errors["status_mapping"] = _(
                "Phải ánh xạ đủ mọi trạng thái nội bộ (%(states)s) sang mã 1–10."
            ) % {"states": ", ".join(State.values)}
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if errors:
            raise ValidationError(errors)

    def national_status_for(self, state: str) -> int:
        return int(self.status_mapping[state])
