from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "motcua.ops"
    verbose_name = _("Vận hành hệ thống")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth
        from django.db.models.signals import post_save

        from motcua.core.models import AuditEntry

        from . import (
            exports,  # noqa: F401 — registers the export operations
            signals,
        )

        post_save.connect(signals.log_audit_entry, sender=AuditEntry, dispatch_uid="ops.audit")
        auth.user_logged_in.connect(signals.log_in, dispatch_uid="ops.login")
        auth.user_logged_out.connect(signals.log_out, dispatch_uid="ops.logout")
        auth.user_login_failed.connect(signals.login_failed, dispatch_uid="ops.login-failed")
        user_locked_out.connect(signals.locked_out, dispatch_uid="ops.locked-out")
