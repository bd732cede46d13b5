"""SMS through the configured gateway backend (``MOTCUA_SMS_BACKEND``).

Vietnamese with diacritics needs UCS-2, which fits only 70 characters in one SMS; brand-name
SMS in Vietnam is therefore usually sent without diacritics (GSM 7-bit, 160 characters).
``MOTCUA_SMS_ASCII`` (default on) strips them before sending and before the length check.
"""

import math
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..sms.base import get_backend
from .base import Channel, OutgoingMessage, Receipt, Recipient

# GSM 03.38 default alphabet; the extension table's characters take two septets.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" | "UCS-2"
    units: int
    single_limit: int
    segments: int


def without_diacritics(text: str) -> str:
    """ "Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan" (case kept, unlike core.text.fold)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def prepare(text: str) -> str:
    text = " ".join(text.split())  # an SMS is one paragraph; template line breaks are layout
    return without_diacritics(text) if settings.MOTCUA_SMS_ASCII else text


def measure(text: str) -> SmsLength:
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else math.ceil(units / multi)
    return SmsLength(encoding=encoding, units=units, single_limit=single, segments=segments)


class SmsChannel(Channel):
    code = "sms"
    label = _("Tin nhắn SMS")

    def address_for(self, recipient: Recipient) -> str | None:
        return recipient.phone or None

    def send(self, message: OutgoingMessage) -> Receipt:
        return get_backend().send(
            to=message.address, text=prepare(message.body), reference=message.reference
        )

    def check_template(self, subject: str, body: str) -> None:
        length = measure(prepare(body))
        if length.segments > 1:
            raise ValidationError(
                _(
                    "Tin nhắn mẫu dài %(units)d ký tự (%(encoding)s), vượt giới hạn một tin "
                    "%(limit)d ký tự; vui lòng rút gọn."
                ),
                code="sms_too_long",
                params={
                    "units": length.units,
                    "encoding": length.encoding,
                    "limit": length.single_limit,
                },
            )
