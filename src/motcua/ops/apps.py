from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "motcua.ops"
    verbose_name = _("Vận hành hệ thống")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from motcua.core.models import AuditEntry

        from . import exports  # noqa: F401 — registers the export operations
        from .signals import log_audit_entry

        post_save.connect(log_audit_entry, sender=AuditEntry, dispatch_uid="motcua.ops.audit-log")
