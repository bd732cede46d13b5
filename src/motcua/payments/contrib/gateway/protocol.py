"""The redirect gateway protocol, in one place (ADR 0010; the fake gateway in the tests speaks
it too). It has the shape Vietnamese gateways and the national payment platform use: a signed
redirect, a signed browser return, a signed server-to-server notification (IPN) and a signed
status query.

- **Amounts** are whole numbers: đồng × ``AMOUNT_SCALE`` (default 100, the two implied decimals
  most Vietnamese gateways carry although the đồng has no minor unit; 1 for gateways that send
  whole đồng). Anything that is not an exact multiple is rejected.
- **Times** are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh.
- **Signature**: ``signature`` = lower-case hex HMAC-SHA512 keyed with the merchant secret over
  every other parameter, sorted by name, written ``name=value`` (form-encoded, UTF-8) and joined
  with ``&``. Unknown parameters are signed too, so nothing can be added unnoticed.

1. **Pay** — browser GET to ``URL``: ``version=1, merchant, order_ref, amount, currency=VND,
   order_info, return_url, locale (vi|en), created_at, expires_at, client_ip, signature``.
2. **Return** (browser GET to ``return_url``) and **IPN** (gateway GET or form POST to the IPN
   address registered with the gateway): ``merchant, order_ref, amount, transaction_no,
   response_code, bank_code, paid_at, signature``. ``response_code``: ``00`` paid, ``11`` payment
   page timed out, ``24`` cancelled by the payer, any other code failed (``51`` insufficient
   funds, ``79`` authentication failed, ``99`` other).
   IPN answer, JSON ``{"code", "message"}``: ``00`` accepted, ``02`` already confirmed,
   ``01`` order not found, ``04`` invalid amount, ``97`` invalid signature, ``99`` other error;
   the gateway retries until it gets ``00`` or ``02``.
3. **Query** — server form POST to ``QUERY_URL``: ``version, merchant, order_ref, request_id,
   created_at, signature``; JSON answer: ``merchant, order_ref, amount, transaction_no,
   response_code (00 paid, 01 no such order, 02 not paid yet, else a failure code as above),
   paid_at, signature``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "1"
SIGNATURE = "signature"
TIME_FORMAT = "%Y%m%d%H%M%S"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PAID = "00"
TIMED_OUT = "11"
CANCELLED = "24"
QUERY_NOT_FOUND = "01"
QUERY_NOT_PAID = "02"

REPLY_ACCEPTED = "00"
REPLY_NOT_FOUND = "01"
REPLY_DUPLICATE = "02"
REPLY_BAD_AMOUNT = "04"
REPLY_BAD_SIGNATURE = "97"
REPLY_ERROR = "99"


def canonical(params: Mapping[str, str]) -> str:
    items = sorted((str(k), str(v)) for k, v in params.items() if k != SIGNATURE)
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in items)


def sign(params: Mapping[str, str], secret: str) -> str:
    message = canonical(params).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha512).hexdigest()


def signed(params: Mapping[str, str], secret: str) -> dict[str, str]:
    return {**params, SIGNATURE: sign(params, secret)}


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get(SIGNATURE, ""))
    return bool(secret) and bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(TZ).strftime(TIME_FORMAT)


def parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=TZ)
    except (TypeError, ValueError):
        return None


def to_minor(amount: Decimal, scale: int) -> str:
    return str(int(amount) * scale)


def from_minor(text: str, scale: int) -> Decimal | None:
    """Đồng from the wire amount; ``None`` when not a whole multiple of the scale."""
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError):
        return None
    if value != value.to_integral_value() or value < 0 or value % scale:
        return None
    return value / scale
