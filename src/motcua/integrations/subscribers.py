"""Queue and send the national-portal messages of a dossier after each status change (after
commit, in a Celery task: inline in the embedded default, on a worker in production)."""

from __future__ import annotations

from motcua.core.events import Event, subscribe

from .contrib.dvcqg.settings import is_enabled


@subscribe("dossier.status_changed")
def sync_on_status_change(event: Event) -> None:
    if not is_enabled():
        return  # off: nothing is queued, nothing is sent
    from .tasks import sync_dossier

    sync_dossier.delay(event["dossier_id"])
