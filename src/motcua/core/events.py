"""Domain events: ``publish`` inside a transaction, handlers run after it commits.

One mechanism for notifications, national-portal sync and statistics. A service calls
``publish("dossier.received", dossier_id=…, code=…)`` in its transaction; every handler
subscribed to that name (or to ``"*"``) is queued with ``transaction.on_commit`` and so runs only
if the change is committed, never for a rolled-back one. Payloads must be JSON-serialisable
(ids, codes, ISO dates) so that a handler can pass them straight to a Celery task, which runs
inline in the embedded default and on a worker in production.

Register handlers in ``AppConfig.ready()`` (import the module that holds the decorated functions).
A failing handler is logged and does not stop the others: the change it reacts to is already
committed, and handlers must be retryable on their own (Celery) rather than undo it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[["Event"], None]
ALL = "*"

_handlers: dict[str, list[Handler]] = defaultdict(list)


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.payload[key]


def subscribe(name: str) -> Callable[[Handler], Handler]:
    """Decorator: call the function with each committed ``Event`` named ``name`` (``"*"``: all)."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[name]:
            _handlers[name].append(handler)
        return handler

    return register


def unsubscribe(name: str, handler: Handler) -> None:
    if handler in _handlers.get(name, []):
        _handlers[name].remove(handler)


def publish(name: str, /, **payload: Any) -> Event:
    """Queue ``name`` for every subscriber, to run after the current transaction commits
    (immediately when called outside a transaction)."""
    event = Event(name, payload)
    for handler in [*_handlers.get(name, []), *_handlers.get(ALL, [])]:
        transaction.on_commit(_runner(handler, event))
    return event


def _runner(handler: Handler, event: Event) -> Callable[[], None]:
    def run() -> None:
        try:
            handler(event)
        except Exception:
            logger.exception("Event handler %r failed for %s", handler, event.name)

    return run


@contextmanager
def detached() -> Iterator[None]:
    """Run without any subscriber, e.g. to benchmark a write path alone; restored on exit."""
    saved = {name: list(handlers) for name, handlers in _handlers.items()}
    _handlers.clear()
    try:
        yield
    finally:
        _handlers.clear()
        _handlers.update(saved)


class capture:
    """Context manager collecting the events committed inside it (tests, debugging)::

    with capture() as events:
        ...
    assert [e.name for e in events] == [...]
    """

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.events: list[Event] = []

    def _collect(self, event: Event) -> None:
        if event.name.startswith(self.prefix):
            self.events.append(event)

    def __enter__(self) -> list[Event]:
        subscribe(ALL)(self._collect)
        return self.events

    def __exit__(self, *exc) -> None:
        unsubscribe(ALL, self._collect)
