"""The channel plugin interface: how a notification reaches a person.

A channel decides whether a recipient can be reached on it (``address_for``) and delivers one
rendered message (``send``). Failures that may pass (timeouts, gateway 5xx) raise
``TemporaryDeliveryError`` and are retried with back-off; anything else is final.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from django.utils.functional import Promise


@dataclass(frozen=True)
class Recipient:
    """Who is told, with the addresses that may be used (already checked for consent/proof)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "vi"
    user: object | None = None  # the account, when there is one (in-app messages need it)


@dataclass(frozen=True)
class OutgoingMessage:
    address: str
    subject: str
    body: str
    reference: str  # our notification id, echoed to gateways for delivery reports


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str = ""


class DeliveryError(Exception):
    """Delivery failed and trying again will not help (bad address, refused by the provider)."""


class TemporaryDeliveryError(DeliveryError):
    """Delivery failed for now (network, provider overloaded): retry later."""


class Channel(ABC):
    code: ClassVar[str]
    label: ClassVar[str | Promise]
    # In-app messages are delivered by being stored; other channels hand the message on.
    delivers: ClassVar[bool] = True

    @abstractmethod
    def address_for(self, recipient: Recipient) -> str | None:
        """The address to use, ``""`` when none is needed, or ``None`` if not reachable here."""

    def send(self, message: OutgoingMessage) -> Receipt:
        raise NotImplementedError(f"channel {self.code} does not send")

    def check_template(self, subject: str, body: str) -> None:  # noqa: B027  (optional hook)
        """Raise ``ValidationError`` if a rendered sample cannot be sent on this channel."""
