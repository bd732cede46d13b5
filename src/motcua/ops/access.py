"""Access statistics (TT 22/2019 PL3-14) without a row per request and without addresses.

Each process counts requests in memory under (day, URL name, status, signed in, agent class) and
adds the counts to ``PageViewDaily`` every ``MOTCUA_ACCESS_FLUSH_EVERY`` requests or
``MOTCUA_ACCESS_FLUSH_SECONDS`` seconds, whichever comes first, with one UPDATE … SET hits = hits
+ n per key. Distinct visitors of a day are kept as day-keyed hashes (``DailyVisitor``). Counts
of a process that dies between two flushes are lost: statistics, not the audit trail.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AgentClass, DailyVisitor, PageViewDaily

logger = logging.getLogger(__name__)

# Probes every few seconds would drown the pages people visit.
NOT_COUNTED = frozenset({"health:live", "health:ready"})
_BOT = re.compile(r"bot|crawl|spider|slurp|curl|wget|python|httpx|go-http|java/|monitor", re.I)
_MOBILE = re.compile(r"mobi|android|iphone|ipad|ipod|opera mini|iemobile", re.I)


def agent_class(user_agent: str) -> str:
    if not user_agent:
        return AgentClass.OTHER
    if _BOT.search(user_agent):
        return AgentClass.BOT
    if _MOBILE.search(user_agent):
        return AgentClass.MOBILE
    if user_agent.startswith("Mozilla/"):
        return AgentClass.BROWSER
    return AgentClass.OTHER


def address_prefix(address: str) -> str:
    """The network of ``address`` (IPv4 /24, IPv6 /48): all that enters the visitor hash."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def visitor_hash(day: dt.date, address: str, user_agent: str) -> str:
    return salted_hmac(
        f"motcua.ops.visitor:{day.isoformat()}",
        f"{address_prefix(address)}|{user_agent}",
        algorithm="sha256",
    ).hexdigest()[:32]


@dataclass
class _Counts:
    hits: int = 0
    total_ms: int = 0
    max_ms: int = 0


@dataclass
class _Buffer:
    counts: dict[tuple, _Counts] = field(default_factory=dict)
    visitors: set[tuple[dt.date, str]] = field(default_factory=set)
    pending: int = 0
    since: float = field(default_factory=time.monotonic)


_buffer = _Buffer()
_lock = threading.Lock()


def count_request(request, response, seconds: float) -> None:
    """Add one served request to this process's counts; flush them when due."""
    global _buffer
    path = request.path_info
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return
    match = request.resolver_match
    url_name = match.view_name if match is not None else ""
    if url_name in NOT_COUNTED:
        return
    user = getattr(request, "user", None)
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    day = timezone.localdate()
    key = (
        day,
        url_name[:150],
        response.status_code,
        bool(getattr(user, "is_authenticated", False)),
        agent_class(user_agent),
    )
    ms = round(seconds * 1000)
    visitor = visitor_hash(day, request.META.get("REMOTE_ADDR", ""), user_agent)
    with _lock:
        counts = _buffer.counts.setdefault(key, _Counts())
        counts.hits += 1
        counts.total_ms += ms
        counts.max_ms = max(counts.max_ms, ms)
        _buffer.visitors.add((day, visitor))
        _buffer.pending += 1
        due = (
            _buffer.pending >= settings.MOTCUA_ACCESS_FLUSH_EVERY
            or time.monotonic() - _buffer.since >= settings.MOTCUA_ACCESS_FLUSH_SECONDS
        )
        if not due:
            return
        taken, _buffer = _buffer, _Buffer()
    _write(taken)


def flush() -> None:
    """Write this process's pending counts now (tests, shutdown)."""
    global _buffer
    with _lock:
        taken, _buffer = _buffer, _Buffer()
    _write(taken)


def _write(taken: _Buffer) -> None:
    if not taken.counts and not taken.visitors:
        return
    try:
        for (day, url_name, status, authenticated, agent), counts in taken.counts.items():
            _add(day, url_name, status, authenticated, agent, counts)
        DailyVisitor.objects.bulk_create(
            [DailyVisitor(day=day, visitor=visitor) for day, visitor in taken.visitors],
            ignore_conflicts=True,
            batch_size=500,
        )
    except Exception:
        # Serving the page matters more than counting it; the failure is logged for operators.
        logger.exception("Access statistics could not be written; %s requests lost", taken.pending)


def _add(day, url_name, status, authenticated, agent, counts: _Counts) -> None:
    rows = PageViewDaily.objects.filter(
        day=day, url_name=url_name, status=status, authenticated=authenticated, agent=agent
    )
    changes = {
        "hits": F("hits") + counts.hits,
        "duration_ms_total": F("duration_ms_total") + counts.total_ms,
        "duration_ms_max": Greatest(F("duration_ms_max"), counts.max_ms),
    }
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            PageViewDaily.objects.create(
                day=day,
                url_name=url_name,
                status=status,
                authenticated=authenticated,
                agent=agent,
                hits=counts.hits,
                duration_ms_total=counts.total_ms,
                duration_ms_max=counts.max_ms,
            )
    except IntegrityError:  # another process created the row in between
        rows.update(**changes)


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLine:
    day: dt.date
    hits: int
    visitors: int
    signed_in: int
    errors: int  # 4xx and 5xx answers


@dataclass(frozen=True)
class PageLine:
    url_name: str
    hits: int
    average_ms: int
    max_ms: int


@dataclass(frozen=True)
class ErrorLine:
    url_name: str
    status: int
    hits: int


@dataclass(frozen=True)
class AccessReport:
    start: dt.date
    end: dt.date
    days: list[DayLine]
    pages: list[PageLine]
    errors: list[ErrorLine]
    agents: dict[str, int]

    @property
    def total_hits(self) -> int:
        return sum(line.hits for line in self.days)

    @property
    def total_visitors(self) -> int:
        """Sum of the daily distinct visitors (a visitor is only recognised within a day)."""
        return sum(line.visitors for line in self.days)


def access_report(start: dt.date, end: dt.date, *, top: int = 20) -> AccessReport:
    """Visits per day, the most visited pages and the errors between ``start`` and ``end``."""
    rows = PageViewDaily.objects.filter(day__gte=start, day__lte=end)
    per_day: dict[dt.date, dict[str, int]] = {}
    for row in rows.values("day", "status", "authenticated").annotate(n=Sum("hits")):
        line = per_day.setdefault(row["day"], {"hits": 0, "signed_in": 0, "errors": 0})
        line["hits"] += row["n"]
        line["signed_in"] += row["n"] if row["authenticated"] else 0
        line["errors"] += row["n"] if row["status"] >= 400 else 0
    visitors = dict(
        DailyVisitor.objects.filter(day__gte=start, day__lte=end)
        .values("day")
        .annotate(n=models.Count("id"))
        .values_list("day", "n")
    )
    days = [
        DayLine(day, line["hits"], visitors.get(day, 0), line["signed_in"], line["errors"])
        for day, line in sorted(per_day.items())
    ]
    pages = [
        PageLine(
            row["url_name"],
            row["n"],
            round(row["ms"] / row["n"]) if row["n"] else 0,
            row["max_ms"],
        )
        for row in rows.filter(status__lt=400)
        .values("url_name")
        .annotate(n=Sum("hits"), ms=Sum("duration_ms_total"), max_ms=models.Max("duration_ms_max"))
        .order_by("-n", "url_name")[:top]
    ]
    errors = [
        ErrorLine(row["url_name"], row["status"], row["n"])
        for row in rows.filter(status__gte=400)
        .values("url_name", "status")
        .annotate(n=Sum("hits"))
        .order_by("-n", "url_name", "status")
    ]
    agents = {
        row["agent"]: row["n"]
        for row in rows.values("agent").annotate(n=Sum("hits")).order_by("agent")
    }
    return AccessReport(start, end, days, pages, errors, agents)


def purge_before(day: dt.date) -> int:
    """Delete statistics of days before ``day``; returns the number of rows removed."""
    removed, _ = PageViewDaily.objects.filter(day__lt=day).delete()
    visitors, _ = DailyVisitor.objects.filter(day__lt=day).delete()
    return removed + visitors
