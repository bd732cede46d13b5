"""Celery tasks of the statistics (inline in the embedded default)."""

from celery import shared_task

from . import aggregates


@shared_task(name="motcua.reports.refresh_dossier")
def refresh_dossier(dossier_id: int) -> bool:
    """Bring one dossier's figures up to date (idempotent, so safe to retry)."""
    return aggregates.refresh(dossier_id)
