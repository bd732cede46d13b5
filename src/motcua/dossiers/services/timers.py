"""Periodic, idempotent checks (``motcua run_timers`` and a Celery beat entry)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from motcua.core import audit, events

from ..exceptions import LifecycleError
from ..models import Dossier, SupplementRequest
from ..states import INTAKE_STATES, State
from .supplement import close_missing_supplement

logger = logging.getLogger(__name__)


@dataclass
class TimerReport:
    intake_alerts: int = 0
    intake_overdue: int = 0
    closed_missing_supplement: int = 0


def run_timers(now: dt.datetime | None = None) -> TimerReport:
    """Alert the desk of online dossiers waiting for reception (NĐ 118 Điều 17.2: within 2 hours
    of arrival), flag those not handled within 8 working hours, and close dossiers whose
    requested supplement did not arrive in time (2025 rules). Running it twice changes nothing
    the second time."""
    now = now or timezone.now()
    report = TimerReport()
    waiting = Dossier.objects.filter(state__in=INTAKE_STATES)
    for dossier_id in waiting.filter(
        intake_alert_due_at__isnull=False, intake_alerted_at__isnull=True
    ).values_list("pk", flat=True):
        report.intake_alerts += _flag(dossier_id, "intake_alerted_at", "dossier.intake_alert", now)
    for dossier_id in waiting.filter(
        intake_due_at__lt=now, intake_overdue_notified_at__isnull=True
    ).values_list("pk", flat=True):
        report.intake_overdue += _flag(
            dossier_id, "intake_overdue_notified_at", "dossier.intake_overdue", now
        )
    expired = SupplementRequest.objects.filter(
        status=SupplementRequest.Status.OPEN,
        stage=SupplementRequest.Stage.PROCESSING,
        deadline__lt=now,
        dossier__state=State.SUPPLEMENT_REQUESTED,
        dossier__rule_version__auto_close_missing_supplement=True,
    ).values_list("dossier_id", flat=True)
    for dossier_id in list(expired):
        try:
            close_missing_supplement(dossier_id, now=now)
            report.closed_missing_supplement += 1
        except LifecycleError as exc:  # changed meanwhile (e.g. the supplement arrived)
            logger.info("Dossier %s not closed: %s", dossier_id, exc.message)
    return report


def _flag(dossier_id: int, flag: str, event: str, now: dt.datetime) -> int:
    """Set a timer flag once and publish its event (alerts are not status changes, so they go to
    the audit trail, not the process history)."""
    with transaction.atomic():
        updated = Dossier.objects.filter(pk=dossier_id, **{f"{flag}__isnull": True}).update(
            **{flag: now}
        )
        if not updated:
            return 0
        dossier = Dossier.objects.get(pk=dossier_id)
        audit.record(event, obj=dossier, summary=dossier.code)
        events.publish(
            event,
            dossier_id=dossier.pk,
            code=dossier.code,
            receiving_agency_id=dossier.receiving_agency_id,
            at=now.isoformat(),
        )
    return 1
