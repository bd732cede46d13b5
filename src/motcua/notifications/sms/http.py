"""A generic JSON-over-HTTP SMS gateway (the shape most Vietnamese brand-name SMS APIs take).

Settings: ``MOTCUA_SMS_HTTP_URL``, ``MOTCUA_SMS_HTTP_API_KEY`` (sent in
``MOTCUA_SMS_HTTP_API_KEY_HEADER``; as ``Bearer <key>`` when that header is ``Authorization``),
``MOTCUA_SMS_HTTP_SENDER`` (brand name), ``MOTCUA_SMS_HTTP_BODY`` (a JSON object whose string
values may hold ``{to}``, ``{text}``, ``{sender}``, ``{reference}``),
``MOTCUA_SMS_HTTP_NUMBER_FORMAT`` (``international`` 84… or ``national`` 0…),
``MOTCUA_SMS_HTTP_ID_FIELD`` (where the gateway's message id is in its JSON answer),
``MOTCUA_SMS_HTTP_TIMEOUT`` (seconds).

HTTP 408, 429 and 5xx, timeouts and connection errors are temporary (the task retries with
back-off); other 4xx answers are final.
"""

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.accounts.validators import phone_to_international

from ..channels.base import DeliveryError, Receipt, TemporaryDeliveryError
from .base import SmsBackend

_TEMPORARY_STATUSES = {408, 429}


def _fill(template: Any, values: dict[str, str]) -> Any:
    if isinstance(template, str):
        for name, value in values.items():
            template = template.replace("{" + name + "}", value)
        return template
    if isinstance(template, dict):
        return {key: _fill(item, values) for key, item in template.items()}
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    return template


class HttpSmsBackend(SmsBackend):
    def __init__(self) -> None:
        self.url = settings.MOTCUA_SMS_HTTP_URL
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("MOTCUA_SMS_HTTP_URL must be an http(s) URL")
        self.body_template = json.loads(settings.MOTCUA_SMS_HTTP_BODY)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        key, header = settings.MOTCUA_SMS_HTTP_API_KEY, settings.MOTCUA_SMS_HTTP_API_KEY_HEADER
        if key:
            headers[header] = f"Bearer {key}" if header.lower() == "authorization" else key
        return headers

    def send(self, *, to: str, text: str, reference: str) -> Receipt:
        number = (
            phone_to_international(to)
            if settings.MOTCUA_SMS_HTTP_NUMBER_FORMAT == "international"
            else to
        )
        payload = _fill(
            self.body_template,
            {
                "to": number,
                "text": text,
                "sender": settings.MOTCUA_SMS_HTTP_SENDER,
                "reference": reference,
            },
        )
        request = urllib.request.Request(  # noqa: S310  (scheme checked in __init__)
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers=self._headers(),
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.MOTCUA_SMS_HTTP_TIMEOUT
            ) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = f"HTTP {exc.code}: {exc.read()[:300].decode('utf-8', 'replace')}"
            if exc.code >= 500 or exc.code in _TEMPORARY_STATUSES:
                raise TemporaryDeliveryError(detail) from exc
            raise DeliveryError(detail) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TemporaryDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        return Receipt(provider_message_id=self._message_id(raw))

    @staticmethod
    def _message_id(raw: bytes) -> str:
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            return ""
        if not isinstance(answer, dict):
            return ""
        return str(answer.get(settings.MOTCUA_SMS_HTTP_ID_FIELD, ""))[:100]
