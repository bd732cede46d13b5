"""The payment plug-ins known to this installation and which of them are offered."""

from __future__ import annotations

from .base import PaymentProvider
from .conf import config

_classes: dict[str, type[PaymentProvider]] = {}


def register(cls: type[PaymentProvider]) -> type[PaymentProvider]:
    """Class decorator used by each ``contrib/<name>/plugin.py``."""
    _classes[cls.id] = cls
    return cls


def _instance(provider_id: str, conf: dict) -> PaymentProvider:
    cls = _classes[provider_id]
    return cls(conf.get(provider_id.upper(), {}), conf)


def get(provider_id: str) -> PaymentProvider:
    """The plug-in, whether or not it is offered now (a callback for an attempt made before a
    plug-in was switched off must still be understood). ``LookupError`` when unknown."""
    if provider_id not in _classes:
        raise LookupError(provider_id)
    return _instance(provider_id, config())


def find(provider_id: str) -> PaymentProvider | None:
    try:
        return get(provider_id)
    except LookupError:
        return None


def enabled() -> list[PaymentProvider]:
    """Plug-ins listed in ``PROVIDERS`` and configured, in that order."""
    conf = config()
    providers = [_instance(pid, conf) for pid in conf["PROVIDERS"] if pid in _classes]
    return [p for p in providers if p.is_configured()]


def for_citizens() -> list[PaymentProvider]:
    return [p for p in enabled() if p.citizen_selectable]


def is_enabled(provider_id: str) -> bool:
    return any(p.id == provider_id for p in enabled())
