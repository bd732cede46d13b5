"""Amounts of money as the interface shows them: "8.000 đồng" (English: "VND 8,000")."""

from decimal import Decimal

from django.utils import formats, numberformat
from django.utils.translation import gettext as _


def dong(amount: Decimal | int | None) -> str:
    if amount is None:
        return ""
    # Grouped by thousands with the language's separator; Django's Vietnamese formats set the
    # separator but no grouping, and "8000 đồng" reads worse than the "8.000 đồng" of receipts.
    number = numberformat.format(
        int(amount),
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return _("%(amount)s đồng") % {"amount": number}
