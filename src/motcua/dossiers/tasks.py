"""Celery tasks of the lifecycle engine (inline in the embedded default)."""

from celery import shared_task

from .services import run_timers as _run_timers


@shared_task(name="motcua.dossiers.run_timers")
def run_timers() -> dict:
    """Periodic lifecycle timers (scheduled by ``CELERY_BEAT_SCHEDULE``)."""
    return vars(_run_timers())
