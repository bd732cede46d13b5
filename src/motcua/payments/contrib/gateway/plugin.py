"""A redirect payment gateway speaking ``protocol`` (the province's gateway, or the national
payment platform through an adapter with the same shape). Settings: ``GATEWAY`` in
``conf.config()`` — URL, QUERY_URL, MERCHANT, SECRET, CHANNEL, AMOUNT_SCALE, NAME, TIMEOUT."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from ...base import Outcome, PaymentProvider, Redirect, Report, Verdict, mask
from ...models import OnlineChannel, PaymentMethod
from ...registry import register
from . import protocol as p

logger = logging.getLogger(__name__)

_OUTCOMES = {
    p.PAID: Outcome.SUCCEEDED,
    p.TIMED_OUT: Outcome.EXPIRED,
    p.CANCELLED: Outcome.CANCELLED,
}
_REPLIES = {
    Verdict.ACCEPTED: (p.REPLY_ACCEPTED, "Confirm Success"),
    Verdict.DUPLICATE: (p.REPLY_DUPLICATE, "Order already confirmed"),
    Verdict.UNKNOWN_ORDER: (p.REPLY_NOT_FOUND, "Order not found"),
    Verdict.AMOUNT_MISMATCH: (p.REPLY_BAD_AMOUNT, "Invalid amount"),
    Verdict.BAD_SIGNATURE: (p.REPLY_BAD_SIGNATURE, "Invalid signature"),
    Verdict.ERROR: (p.REPLY_ERROR, "Unknown error"),
}


@register
class RedirectGatewayProvider(PaymentProvider):
    id = "gateway"
    method = PaymentMethod.ONLINE
    has_callbacks = True

    @property
    def label(self) -> str:
        if self.options.get("NAME"):
            return self.options["NAME"]
        if self.online_channel == OnlineChannel.NATIONAL:
            return _("Thanh toán trực tuyến qua Nền tảng thanh toán của Cổng Dịch vụ công quốc gia")
        return _("Thanh toán trực tuyến qua cổng thanh toán của tỉnh")

    @property
    def description(self) -> str:
        return _(
            "Thẻ ATM nội địa, thẻ quốc tế, ví điện tử hoặc ứng dụng ngân hàng; khoản nộp được "
            "ghi nhận ngay khi cổng thanh toán xác nhận."
        )

    @property
    def online(self) -> bool:
        return True

    @property
    def online_channel(self) -> str:
        channel = self.options.get("CHANNEL", OnlineChannel.LOCAL)
        return channel if channel in OnlineChannel.values else OnlineChannel.LOCAL

    @property
    def scale(self) -> int:
        return max(1, int(self.options.get("AMOUNT_SCALE", 100)))

    @property
    def secret(self) -> str:
        return self.options.get("SECRET", "")

    def is_configured(self) -> bool:
        return all(self.options.get(k) for k in ("URL", "MERCHANT", "SECRET"))

    def allowed_form_targets(self) -> list[str]:
        parts = urlsplit(self.options.get("URL", ""))
        return [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []

    def start(self, payment, *, return_url: str, client_ip: str, language: str) -> Redirect:
        # Gateways print this on bank statements, many without Vietnamese letters: ASCII.
        info = f"Nop phi, le phi ho so {payment.dossier.code}"
        params = {
            "version": p.VERSION,
            "merchant": self.options["MERCHANT"],
            "order_ref": payment.reference,
            "amount": p.to_minor(payment.amount, self.scale),
            "currency": "VND",
            "order_info": info[:255],
            "return_url": return_url,
            "locale": "en" if language == "en" else "vi",
            "created_at": p.format_time(payment.created_at),
            "expires_at": p.format_time(payment.expires_at),
            "client_ip": client_ip or "127.0.0.1",
        }
        return Redirect(f"{self.options['URL']}?{urlencode(p.signed(params, self.secret))}")

    def _report(self, params: Mapping[str, str], outcome: Outcome | None = None) -> Report:
        code = str(params.get("response_code", ""))
        valid = p.verify(params, self.secret) and params.get("merchant") == self.options.get(
            "MERCHANT"
        )
        return Report(
            reference=str(params.get("order_ref", "")),
            outcome=outcome or _OUTCOMES.get(code, Outcome.FAILED),
            signature_valid=valid,
            amount=p.from_minor(str(params.get("amount", "")), self.scale),
            provider_reference=str(params.get("transaction_no", ""))[:100],
            code=code,
            paid_at=p.parse_time(str(params.get("paid_at", ""))),
            raw=mask(params),
        )

    def parse_callback(self, params: Mapping[str, str]) -> Report:
        return self._report(params)

    def query(self, payment) -> Report | None:
        url = self.options.get("QUERY_URL")
        if not url:
            return None
        params = p.signed(
            {
                "version": p.VERSION,
                "merchant": self.options["MERCHANT"],
                "order_ref": payment.reference,
                "request_id": secrets.token_hex(8),
                "created_at": p.format_time(timezone.now()),
            },
            self.secret,
        )
        request = urllib.request.Request(  # noqa: S310  (URL from the operator's settings)
            url, data=urlencode(params).encode("ascii"), method="POST"
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=int(self.options.get("TIMEOUT", 10))
            ) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:  # network trouble or a non-JSON answer: ask later
            logger.warning("Payment gateway query failed for %s: %s", payment.reference, exc)
            return None
        answer = {str(k): str(v) for k, v in answer.items()}
        code = answer.get("response_code", "")
        outcome = {p.QUERY_NOT_FOUND: Outcome.UNKNOWN, p.QUERY_NOT_PAID: Outcome.PENDING}.get(code)
        return self._report(answer, outcome)

    def callback_reply(self, verdict: Verdict) -> tuple[str, str]:
        code, message = _REPLIES[verdict]
        return "application/json", json.dumps({"code": code, "message": message})
