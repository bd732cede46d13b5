"""Celery tasks of fee payment (inline in the embedded default)."""

from celery import shared_task

from .services import reconcile as _reconcile


@shared_task(name="motcua.payments.reconcile")
def reconcile() -> dict:
    """Ask gateways about open attempts, expire stale ones (schedule it every few minutes)."""
    return vars(_reconcile())
