"""Every audit entry also goes to the ``motcua.audit`` logger, so the province's security
operations centre collects it with the other logs (TT 31/2017 Điều 5, docs/vi/an-toan-thong-tin.md).
"""

import logging

from django.db import transaction

from motcua.core import audit
from motcua.core.models import AuditEntry

logger = logging.getLogger("motcua.audit")


def log_audit_entry(sender, instance: AuditEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    fields = {
        "audit_id": instance.pk,
        "action": instance.action,
        "actor": instance.actor.username if instance.actor_id else None,
        "object_type": instance.object_type,
        "object_id": instance.object_id,
        "ip": instance.ip_address,
    }
    # Logged once the change is committed: a rolled-back action never happened.
    transaction.on_commit(
        lambda: logger.info("audit %s %s", instance.action, instance.summary, extra=fields)
    )


# Sign-in events come from Django and django-axes, whatever the login page or backend (password,
# VNeID); recording them here covers every way in without touching each view.


def _username(credentials: dict | None) -> str:
    return str((credentials or {}).get("username", ""))[:150]


def log_in(sender, request, user, **kwargs) -> None:
    audit.record("auth.logged_in", actor=user, obj=user, summary=user.get_username())


def log_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record("auth.logged_out", actor=user, obj=user, summary=user.get_username())


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit.record("auth.login_failed", summary=_username(credentials))


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit.record("auth.locked_out", summary=str(username or "")[:150])
