"""Delivery of outbox messages: in order per dossier, one delivery at a time per message,
retried with exponential back-off on temporary failures, stopped for an administrator on a
refusal or after the last try.

Each external system is a ``Destination``: whether it is switched on, how it sends one message
(raising ``base.IntegrationError``) and its retry settings. Delivery runs in a Celery task after
the dossier change (inline in the embedded default), from the periodic task and from
``motcua integrations_sync``; all three may overlap safely.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .base import IntegrationError
from .models import OutboxMessage, System

logger = logging.getLogger(__name__)

# How long a claimed message is left to its sender before another delivery may take it (longer
# than any client time-out).
LEASE = dt.timedelta(minutes=5)
State = OutboxMessage.State


@dataclass(frozen=True)
class Destination:
    system: str
    enabled: Callable[[], bool]
    send: Callable[[OutboxMessage], None]
    # (maximum tries, first delay in seconds, longest delay in seconds)
    retry: Callable[[], tuple[int, int, int]]


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def destinations() -> dict[str, Destination]:
    from .contrib.dvcqg import services as dvcqg

    return {System.DVCQG: dvcqg.DESTINATION}


def retry_delay(attempts: int, first: int, longest: int) -> int:
    """Seconds before the next try after ``attempts`` failures in a row: doubling, capped."""
    return min(first * 2 ** max(0, attempts - 1), longest)


def deliver(
    system: str, *, dossier_ids: Iterable[int] | None = None, now: dt.datetime | None = None
) -> DeliveryReport:
    """Send the due messages of ``system`` (of ``dossier_ids`` only, when given)."""
    report = DeliveryReport()
    destination = destinations()[system]
    if not destination.enabled():
        return report
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(system=system, state__in=(State.PENDING, State.RETRYING))
    due = due.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if dossier_ids is not None:
        due = due.filter(dossier_id__in=list(dossier_ids))
    for dossier_id in due.values_list("dossier_id", flat=True).distinct().order_by("dossier_id"):
        _deliver_dossier(destination, dossier_id, now, report)
    return report


def _deliver_dossier(
    destination: Destination, dossier_id: int, now: dt.datetime, report: DeliveryReport
) -> None:
    """The dossier's open messages in order, until one is not sent: a later status must never
    overtake an earlier one."""
    messages = OutboxMessage.objects.filter(
        system=destination.system, dossier_id=dossier_id, state__in=OutboxMessage.OPEN
    ).order_by("position")
    for message in messages:
        if message.state == State.FAILED:
            return
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            return
        if not _claim(message, now):
            return  # another delivery has it
        try:
            destination.send(message)
        except IntegrationError as exc:
            _failed(destination, message, str(exc), exc.temporary, report)
            return
        except Exception as exc:  # a fault of ours: keep the message, say what happened
            logger.exception("Sending %s failed", message.message_id)
            _failed(destination, message, f"{type(exc).__name__}: {exc}", True, report)
            return
        message.state = State.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.next_attempt_at = message.locked_until = None
        message.save(
            update_fields=["state", "sent_at", "last_error", "next_attempt_at", "locked_until"]
        )
        report.sent += 1


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take the message for one delivery (compare-and-set, on any database)."""
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    taken = (
        OutboxMessage.objects.filter(pk=message.pk, state__in=(State.PENDING, State.RETRYING))
        .filter(free)
        .update(locked_until=now + LEASE)
    )
    return taken == 1


def _failed(
    destination: Destination,
    message: OutboxMessage,
    error: str,
    temporary: bool,
    report: DeliveryReport,
) -> None:
    """A temporary failure is retried after the back-off delay until the last try; a refusal or
    the last try leaves the message, and the dossier's later ones, for an administrator."""
    max_attempts, first, longest = destination.retry()
    now = timezone.now()
    message.attempts += 1
    message.last_error = error[:2000]
    message.locked_until = None
    if temporary and message.attempts < max_attempts:
        message.state = State.RETRYING
        message.next_attempt_at = now + dt.timedelta(
            seconds=retry_delay(message.attempts, first, longest)
        )
        report.retrying += 1
    else:
        message.state = State.FAILED
        message.next_attempt_at = None
        report.failed += 1
        logger.error("Message %s needs an administrator: %s", message.message_id, error)
    message.save(
        update_fields=["attempts", "last_error", "locked_until", "state", "next_attempt_at"]
    )


def resend(messages: Iterable[OutboxMessage]) -> int:
    """Put failed or waiting messages back in line for a new round of tries."""
    ids = [m.pk for m in messages if m.state in OutboxMessage.OPEN]
    return OutboxMessage.objects.filter(pk__in=ids).update(
        state=State.PENDING, attempts=0, next_attempt_at=None, locked_until=None
    )


def skip(messages: Iterable[OutboxMessage]) -> int:
    """Give up on messages (the data were entered on the other side by hand, or are obsolete),
    which lets the dossier's later messages go."""
    ids = [m.pk for m in messages if m.state in OutboxMessage.OPEN]
    return OutboxMessage.objects.filter(pk__in=ids).update(
        state=State.SKIPPED, next_attempt_at=None, locked_until=None
    )
