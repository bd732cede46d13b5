"""Write the audit trail. Call from services, inside the transaction of the change."""

from typing import Any

from django.db import models

from .models import AuditEntry
from .request_context import current_ip


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    summary: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        details=details or {},
        ip_address=current_ip(),
    )
