"""Keep the statistics in step with dossier, rating and feedback events (after commit)."""

from __future__ import annotations

from motcua.core.events import ALL, Event, subscribe

# Every lifecycle action publishes its own event; ``dossier.status_changed`` repeats one of
# them, so it is skipped rather than refreshing the same dossier twice.
_PREFIXES = ("dossier.", "task.", "feedback.")
_SKIPPED = frozenset({"dossier.status_changed"})


@subscribe(ALL)
def refresh_on_event(event: Event) -> None:
    if event.name in _SKIPPED or not event.name.startswith(_PREFIXES):
        return
    dossier_id = event.payload.get("dossier_id")
    if dossier_id is None:
        return
    from .tasks import refresh_dossier

    refresh_dossier.delay(dossier_id)
