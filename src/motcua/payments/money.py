"""Amounts of money as the interface shows them: "8.000 đồng" (English: "VND 8,000")."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _


def dong(amount: Decimal | int | None) -> str:
    if amount is None:
        return ""
    number = formats.number_format(int(amount), decimal_pos=0, force_grouping=True)
    return _("%(amount)s đồng") % {"amount": number}
