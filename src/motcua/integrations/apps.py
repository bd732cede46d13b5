from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    verbose_name = _("Kết nối, liên thông")

    def ready(self) -> None:
        from . import subscribers  # noqa: F401  (register the event handler)
