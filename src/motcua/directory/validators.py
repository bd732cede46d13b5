"""Electronic identifier codes of agencies (mã định danh điện tử, QĐ 20/2020/QĐ-TTg)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 35
_GROUPS = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
_LEVEL1 = re.compile(r"^[A-Y][0-9]{2}$")


def validate_identifier_code(value: str) -> None:
    """Accept the dotted form of QĐ 20/2020 in either order seen in use.

    Groups of digits and capital letters separated by dots, at most 35 characters, with the
    level-1 group ``MX1X2`` (a letter A–Y and two digits) at one end: ``000.00.01.H48`` (the
    one-stop systems' V1V2V3.Z1Z2.Y1Y2.MX1X2 form) or ``H48.103.07`` (the national portal's form).
    """
    if not value:
        raise ValidationError(_("Mã định danh không được để trống."), code="required")
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            _("Mã định danh dài tối đa %(max)d ký tự (đang có %(len)d)."),
            code="too_long",
            params={"max": MAX_LENGTH, "len": len(value)},
        )
    if not _GROUPS.match(value):
        raise ValidationError(
            _(
                "Mã định danh “%(value)s” chỉ gồm các nhóm chữ số và chữ in hoa không dấu, "
                "ngăn cách bởi dấu chấm."
            ),
            code="invalid_groups",
            params={"value": value},
        )
    groups = value.split(".")
    if not (_LEVEL1.match(groups[0]) or _LEVEL1.match(groups[-1])):
        raise ValidationError(
            _(
                "Mã định danh “%(value)s” thiếu mã cấp 1 (một chữ cái A–Y và hai chữ số, "
                "ví dụ H48) ở đầu hoặc cuối."
            ),
            code="no_level1",
            params={"value": value},
        )


# The national list uses Vietnamese capitals in some codes (G07-LĐ03 Bảo trợ xã hội), so Đ counts
# as a letter here; other letters with diacritics do not occur.
_FIELD_CODE = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9._-]{0,29}$")


def validate_field_code(value: str) -> None:
    """Field (lĩnh vực) codes such as ``G15-TP07`` or ``G07-LĐ03``: capitals, digits, . - _"""
    if not _FIELD_CODE.match(value or ""):
        raise ValidationError(
            _("Mã lĩnh vực “%(value)s” không hợp lệ (ví dụ hợp lệ: G15-TP07)."),
            code="invalid",
            params={"value": value},
        )
