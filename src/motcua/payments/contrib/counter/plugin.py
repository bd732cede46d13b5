"""Cash or card at the one-stop desk: the officer records the receipt (biên lai) number."""

from django.utils.translation import gettext as _

from ...base import PaymentProvider
from ...models import PaymentMethod
from ...registry import register


@register
class CounterProvider(PaymentProvider):
    id = "counter"
    method = PaymentMethod.CASH
    citizen_selectable = False  # recorded by the desk, never started by the payer

    @property
    def label(self) -> str:
        return _("Nộp trực tiếp tại Bộ phận Một cửa")
