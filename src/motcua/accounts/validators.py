"""Checks on Vietnamese identity data: personal ID number, enterprise tax code, mobile number.

Each check explains what is wrong in the user's language; none of them proves the number exists
(that needs the national population or business registry, reached through ``integrations``).
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Province codes of the 63 provinces and cities before the 2025 merger (the GSO codes used as
# the first three digits of a personal ID number, Thông tư 59/2021/TT-BCA). Numbers already
# issued keep them for life; the 34 merged provinces kept one of these codes each.
_PROVINCE_CODES_TEXT = """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035
    036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072
    074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096
"""
PROVINCE_CODES = frozenset(_PROVINCE_CODES_TEXT.split())
_ID_NUMBER = re.compile(r"^\d{12}$")
_SEPARATORS = re.compile(r"[\s.\-]+")


@dataclass(frozen=True)
class IdNumberInfo:
    province_code: str
    sex: str  # "male" | "female"
    birth_year: int


def clean_id_number(value: str) -> str:
    """Digits only: people often type the number in groups ("001 099 012 345")."""
    return _SEPARATORS.sub("", value or "")


def parse_id_number(value: str, date_of_birth: datetime.date | None = None) -> IdNumberInfo:
    """Check a 12-digit personal ID number (số định danh cá nhân) and decode it.

    Structure: 3 digits province of birth registration, 1 digit century and sex (0/1 born
    1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199 …), 2 digits year of birth, 6 digits
    sequence. There is no check digit. When ``date_of_birth`` is given its year must match.
    """
    number = clean_id_number(value)
    if not _ID_NUMBER.match(number):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (đang có “%(value)s”)."),
            code="id_number_format",
            params={"value": value},
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "Ba chữ số đầu của số định danh cá nhân là mã tỉnh, thành phố nơi đăng ký khai "
                "sinh (từ 001 đến 096); “%(code)s” không phải mã tỉnh, thành phố."
            ),
            code="id_number_province",
            params={"code": province},
        )
    century_sex = int(number[3])
    birth_year = 1900 + (century_sex // 2) * 100 + int(number[4:6])
    if birth_year > timezone.localdate().year:
        raise ValidationError(
            _(
                "Chữ số thứ tư (mã thế kỷ và giới tính) và hai chữ số tiếp theo cho năm sinh "
                "%(year)d, là năm chưa tới; vui lòng kiểm tra lại số định danh."
            ),
            code="id_number_century",
            params={"year": birth_year},
        )
    if date_of_birth is not None and date_of_birth.year != birth_year:
        raise ValidationError(
            _(
                "Số định danh cá nhân cho biết năm sinh %(encoded)d (chữ số thứ 4 đến thứ 6), "
                "không khớp với ngày sinh đã khai (năm %(declared)d)."
            ),
            code="id_number_birth_year",
            params={"encoded": birth_year, "declared": date_of_birth.year},
        )
    return IdNumberInfo(
        province_code=province,
        sex="female" if century_sex % 2 else "male",
        birth_year=birth_year,
    )


def validate_id_number(value: str) -> None:
    """Model/form field validator (the birth-year match is checked where both are known)."""
    parse_id_number(value)


# --- tax code (mã số thuế) --------------------------------------------------------------------

_TAX_CODE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_check_digit(first_nine: str) -> int:
    """Check digit of a 10-digit tax code: 10 − (Σ dᵢ·wᵢ mod 11), taken mod 10.

    The weights are those of the tax authority's modulo-11 scheme; verified against published
    codes (0100109106, 0100112437, 0101248141). A remainder of 0 would give "10": such bodies
    are not issued, and we accept a final 0 for them rather than refuse a real code.
    """
    total = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True))
    return (10 - total % 11) % 10


def clean_tax_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "").replace("–", "-")


def validate_tax_code(value: str) -> None:
    """An enterprise tax code: 10 digits, or 10 digits + "-" + 3 digits for a dependent unit."""
    code = clean_tax_code(value)
    match = _TAX_CODE.match(code)
    if not match:
        raise ValidationError(
            _(
                "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số viết dạng 0123456789-001 đối với đơn "
                "vị phụ thuộc (đang có “%(value)s”)."
            ),
            code="tax_code_format",
            params={"value": value},
        )
    body, branch = match.groups()
    if branch == "000":
        raise ValidationError(
            _("Ba chữ số của đơn vị phụ thuộc phải từ 001 đến 999."), code="tax_code_branch"
        )
    if tax_check_digit(body[:9]) != int(body[9]):
        raise ValidationError(
            _(
                "Mã số thuế “%(value)s” có chữ số kiểm tra (chữ số thứ 10) không đúng; vui lòng "
                "kiểm tra lại từng chữ số."
            ),
            code="tax_code_check_digit",
            params={"value": value},
        )


# --- mobile phone -----------------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s.\-()]+")
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def normalise_phone(value: str) -> str:
    """A Vietnamese mobile number in national form ``0XXXXXXXXX``; +84/84 prefixes accepted."""
    number = _PHONE_NOISE.sub("", value or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) == 11:
        number = "0" + number[2:]
    if not _MOBILE.match(number):
        raise ValidationError(
            _(
                "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
                "(ví dụ 0912345678); “%(value)s” không hợp lệ."
            ),
            code="phone",
            params={"value": value},
        )
    return number


def phone_to_international(number: str) -> str:
    """``0912345678`` → ``84912345678`` (the form SMS gateways expect)."""
    return "84" + number[1:]
