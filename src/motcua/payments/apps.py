from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self):
        # Importing the plug-ins registers them (registry.register).
        from .contrib.counter import plugin as _counter  # noqa: F401
        from .contrib.gateway import plugin as _gateway  # noqa: F401
        from .contrib.vietqr import plugin as _vietqr  # noqa: F401
