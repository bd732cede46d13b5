"""Keeps sent SMS in ``outbox`` (like Django's locmem mail backend) for tests and demos."""

from dataclasses import dataclass

from ..channels.base import Receipt
from .base import SmsBackend


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str
    reference: str


outbox: list[SentSms] = []


class LocmemSmsBackend(SmsBackend):
    def send(self, *, to: str, text: str, reference: str) -> Receipt:
        outbox.append(SentSms(to=to, text=text, reference=reference))
        return Receipt(provider_message_id=f"locmem-{len(outbox)}")
