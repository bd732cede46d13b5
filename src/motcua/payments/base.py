"""What a payment plug-in is (Open Forms' ``base.py`` + ``registry.py`` + ``contrib/<name>/``).

A plug-in knows one way of paying: how to start an attempt (send the browser to a gateway, or
show transfer instructions), how to read what its gateway reports (``parse_callback``) and, when
it can, how to ask the gateway about an attempt (``query``). It never writes: the services take
what it reports and move the attempt and the dossier through their one write path.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .models import Payment


class Outcome(enum.StrEnum):
    """What a gateway or bank says about an attempt."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    PENDING = "pending"
    UNKNOWN = "unknown"  # the gateway has no such order


class Verdict(enum.StrEnum):
    """Our answer to a server-to-server notification; each plug-in renders it in its protocol."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # already confirmed: the gateway may stop retrying
    UNKNOWN_ORDER = "unknown_order"
    AMOUNT_MISMATCH = "amount_mismatch"
    BAD_SIGNATURE = "bad_signature"
    ERROR = "error"


@dataclass(frozen=True)
class Redirect:
    """Send the browser to the gateway's payment page."""

    url: str


@dataclass(frozen=True)
class Instructions:
    """Show the payer what to do (template included on the attempt page)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """A gateway's statement about one attempt (from a callback or a query), already checked
    against the shared secret (``signature_valid``)."""

    reference: str
    outcome: Outcome
    signature_valid: bool
    amount: Decimal | None = None  # in đồng
    provider_reference: str = ""
    code: str = ""
    message: str = ""
    paid_at: dt.datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # masked


class PaymentProvider:
    """Base class of the plug-ins. ``options`` is this plug-in's part of ``conf.config()``."""

    id: ClassVar[str]
    method: ClassVar[str]
    citizen_selectable: ClassVar[bool] = True
    # Officers may confirm that the money arrived (bank transfers).
    manual_confirmation: ClassVar[bool] = False
    # Callbacks arrive at /thanh-toan/cong/<id>/… (return and IPN).
    has_callbacks: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any], config: Mapping[str, Any]):
        self.options = options
        self.config = config

    @property
    def label(self) -> str:
        raise NotImplementedError

    @property
    def description(self) -> str:
        return ""

    @property
    def online(self) -> bool:
        return False

    @property
    def online_channel(self) -> str:
        return ""

    def is_configured(self) -> bool:
        return True

    def attempt_ttl(self) -> dt.timedelta:
        return dt.timedelta(minutes=int(self.config.get("GATEWAY_TTL_MINUTES", 30)))

    def allowed_form_targets(self) -> list[str]:
        """Origins the payment form may be sent on to (added to CSP ``form-action``)."""
        return []

    def start(
        self, payment: Payment, *, return_url: str, client_ip: str, language: str
    ) -> Redirect | Instructions | None:
        """What the payer does next. Must give the same answer for the same attempt (a
        repeated form submission re-uses the attempt)."""
        return None

    def parse_callback(self, params: Mapping[str, str]) -> Report:
        raise NotImplementedError

    def query(self, payment: Payment) -> Report | None:
        """Ask the gateway; ``None`` when this plug-in cannot."""
        return None

    def callback_reply(self, verdict: Verdict) -> tuple[str, str]:
        """(content type, body) answering a server-to-server notification."""
        raise NotImplementedError


_SECRET_WORDS = ("signature", "secret", "password", "token", "hash")
_CARD_WORDS = ("card", "pan")


def mask(params: Mapping[str, Any]) -> dict[str, Any]:
    """Callback data as it may be stored: signatures and secrets cut to a prefix, card numbers
    to their last four digits."""
    masked: dict[str, Any] = {}
    for key, value in params.items():
        text = str(value)
        lower = key.lower()
        if any(word in lower for word in _SECRET_WORDS):
            masked[key] = text[:6] + "…" if text else ""
        elif any(word in lower for word in _CARD_WORDS) and len(text) > 4:
            masked[key] = "*" * (len(text) - 4) + text[-4:]
        else:
            masked[key] = text[:500]
    return masked
