"""Channels in use, loaded from ``MOTCUA_NOTIFICATION_CHANNELS`` (dotted class paths)."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Channel

_channels: dict[str, Channel] = {}


def register(channel: Channel) -> None:
    _channels[channel.code] = channel


def load_from_settings() -> None:
    _channels.clear()
    for path in settings.MOTCUA_NOTIFICATION_CHANNELS:
        register(import_string(path)())


def get(code: str) -> Channel:
    try:
        return _channels[code]
    except KeyError:
        raise LookupError(f"notification channel {code!r} is not configured") from None


def codes() -> list[str]:
    return list(_channels)


def choices() -> list[tuple[str, str]]:
    return [(code, str(channel.label)) for code, channel in _channels.items()]
