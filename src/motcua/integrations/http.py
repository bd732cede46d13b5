"""The HTTP/JSON client of the integrations (standard library only): time-outs, one
classification of failures, and bearer tokens fetched once and kept in the shared cache for all
processes until shortly before they expire."""

from __future__ import annotations

import hashlib
import json as jsonlib
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils.translation import gettext as _

from .base import Rejected, Unavailable

# How early a cached token is thrown away, so that it does not expire in flight.
TOKEN_MARGIN_SECONDS = 60


class BearerToken:
    """An access token obtained by ``fetch`` (→ ``(token, lifetime in seconds)``) and kept in
    the shared cache until shortly before it expires."""

    def __init__(self, name: str, account: str, fetch: Callable[[], tuple[str, int]]):
        digest = hashlib.sha256(account.encode("utf-8")).hexdigest()[:16]
        self.cache_key = f"motcua:integrations:token:{name}:{digest}"
        self.fetch = fetch

    def header(self) -> str:
        token = cache.get(self.cache_key)
        if not token:
            token, lifetime = self.fetch()
            if not token:
                raise Rejected(_("Hệ thống không cấp mã truy cập (token)."))
            cache.set(self.cache_key, token, max(1, int(lifetime) - TOKEN_MARGIN_SECONDS))
        return f"Bearer {token}"

    def invalidate(self) -> None:
        cache.delete(self.cache_key)


class Client:
    """Calls one external system. ``request`` returns the decoded JSON answer (``bytes`` with
    ``raw=True``) or raises ``Unavailable`` (no answer, time-out, 5xx, 429) or ``Rejected``
    (4xx, or ``error_code`` ≠ 0 in an HTTP 200 answer). A 401 refreshes the token once."""

    def __init__(self, base_url: str, *, timeout: float, auth: BearerToken | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.auth = auth

    def request(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        raw: bool = False,
        authenticated: bool = True,
    ) -> Any:
        use_token = authenticated and self.auth is not None
        for attempt in (1, 2):
            status, body = self._send(method, path, json, params, use_token)
            if status == 401 and use_token and attempt == 1:
                self.auth.invalidate()  # expired or revoked: fetch a new one and try once more
                continue
            break
        if raw and status < 400:
            return body
        answer = _decode(body)
        if status >= 500 or status == 429:
            raise Unavailable(
                _("Hệ thống đang gặp sự cố (HTTP %(status)d).") % {"status": status},
                status=status,
                detail=operation,
            )
        if status >= 400:
            raise Rejected(
                _("Hệ thống từ chối yêu cầu (HTTP %(status)d): %(reason)s")
                % {"status": status, "reason": _reason(answer)},
                status=status,
                detail=operation,
            )
        if isinstance(answer, dict) and str(answer.get("error_code", 0)) not in ("0", ""):
            raise Rejected(
                _("Hệ thống từ chối yêu cầu: %(reason)s") % {"reason": _reason(answer)},
                status=status,
                detail=operation,
            )
        return answer

    def _send(
        self, method: str, path: str, json: Any, params: dict | None, use_token: bool
    ) -> tuple[int, bytes]:
        url = f"{self.base_url}/{path.lstrip('/')}"
        if params:
            url += "?" + urlencode(params)
        headers = {"Accept": "application/json"}
        data = None
        if json is not None:
            data = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        if use_token:
            headers["Authorization"] = self.auth.header()
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310  (URL from the operator's settings)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (OSError, ValueError) as exc:  # refused, reset, time-out, DNS, malformed URL
            raise Unavailable(
                _("Không kết nối được tới hệ thống."), detail=f"{type(exc).__name__}: {exc}"
            ) from exc


def _decode(body: bytes) -> Any:
    if not body:
        return None
    try:
        return jsonlib.loads(body.decode("utf-8"))
    except ValueError:
        return body.decode("utf-8", "replace")[:1000]


def _reason(answer: Any) -> str:
    if isinstance(answer, dict):
        return str(answer.get("message") or answer.get("error") or answer)[:300]
    return str(answer or "")[:300]
