from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from . import kinds, subscribers  # noqa: F401  (register kinds and event handlers)
        from .channels import registry
        from .services import ensure_default_templates

        registry.load_from_settings()
        post_migrate.connect(ensure_default_templates, sender=self)
