"""Request middleware of the operations app: client address behind trusted proxies, the
aggregated access log (PL3-14) and rate limits on public look-ups."""

from __future__ import annotations

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from . import access

logger = logging.getLogger(__name__)


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class TrustedProxyMiddleware:
    """Put the real client address in ``REMOTE_ADDR`` when the request came through one of
    ``MOTCUA_TRUSTED_PROXIES``.

    Written here because each consumer (audit trail, django-axes, django-ratelimit, access
    statistics) reads ``REMOTE_ADDR``; rewriting it once keeps them consistent. Walking
    X-Forwarded-For from the right and stopping at the first untrusted hop means a client cannot
    forge its address by sending the header itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        networks = _networks(tuple(settings.MOTCUA_TRUSTED_PROXIES))
        if networks and _trusted(request.META.get("REMOTE_ADDR", ""), networks):
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            for hop in reversed([h for h in hops if h]):
                try:
                    ipaddress.ip_address(hop)
                except ValueError:
                    break
                request.META["REMOTE_ADDR"] = hop
                if not _trusted(hop, networks):
                    break
        return self.get_response(request)


class AccessLogMiddleware:
    """Count every request into the per-day aggregate (see ``access``); never fails a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.MOTCUA_ACCESS_LOG:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        access.count_request(request, response, time.perf_counter() - started)
        return response


class LookupRateLimitMiddleware:
    """Limit the public look-ups named in ``MOTCUA_RATE_LIMITS`` per client address.

    Kept in one place, by URL name, so each public search or tracking view is covered without
    its own code; the counters live in the shared cache (Redis in production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.view_name if request.resolver_match else ""
        rate = settings.MOTCUA_RATE_LIMITS.get(name)
        if not rate:
            return None
        try:
            limited = is_ratelimited(
                request, group=f"motcua.ops.lookup:{name}", key="ip", rate=rate, increment=True
            )
        except Exception:  # the cache is down: keep answering rather than fail every search
            logger.warning("Rate limit not applied to %s: cache unavailable", name, exc_info=True)
            return None
        if limited:
            return render(request, "ops/rate_limited.html", status=429)
        return None
