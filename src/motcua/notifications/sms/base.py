"""The SMS gateway plugin interface."""

from abc import ABC, abstractmethod

from django.conf import settings
from django.utils.module_loading import import_string

from ..channels.base import Receipt


class SmsBackend(ABC):
    @abstractmethod
    def send(self, *, to: str, text: str, reference: str) -> Receipt:
        """Hand one SMS to the gateway; ``to`` is a national mobile number (0XXXXXXXXX)."""


def get_backend() -> SmsBackend:
    return import_string(settings.MOTCUA_SMS_BACKEND)()
