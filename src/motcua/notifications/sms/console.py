"""Writes each SMS to the log instead of sending it (the embedded default)."""

import logging

from ..channels.base import Receipt
from .base import SmsBackend

logger = logging.getLogger("motcua.sms")


class ConsoleSmsBackend(SmsBackend):
    def send(self, *, to: str, text: str, reference: str) -> Receipt:
        logger.info("SMS to %s [%s]: %s", to, reference, text)
        return Receipt(provider_message_id=f"console-{reference}")
