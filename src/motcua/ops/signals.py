"""Every audit entry also goes to the ``motcua.audit`` logger, so the province's security
operations centre collects it with the other logs (TT 31/2017 Điều 5, docs/vi/an-toan-thong-tin.md).
"""

import logging

from django.db import transaction

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
