"""Celery tasks of the integrations (inline in the embedded default)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from celery import shared_task

from .base import IntegrationError
from .contrib.dvcqg import services as dvcqg
from .models import System
from .outbox import deliver

logger = logging.getLogger(__name__)


@shared_task(name="motcua.integrations.sync_dossier")
def sync_dossier(dossier_id: int) -> dict:
    """Queue what changed on one dossier and send its due messages."""
    return asdict(dvcqg.sync_dossier(dossier_id))


@shared_task(name="motcua.integrations.sync")
def sync() -> dict:
    """The periodic round: pull dossiers filed on the national portal, then send every due
    message (retries included). A portal that does not answer the pull does not stop sending."""
    pulled = {}
    try:
        pulled = asdict(dvcqg.pull_dossiers())
    except IntegrationError as exc:
        logger.warning("Pulling national-portal dossiers failed: %s", exc)
    return {"pulled": pulled, "sent": asdict(deliver(System.DVCQG))}
