"""Access logging and statistics (PL3-14): aggregated per day and page, nothing that identifies
a visitor, a report with export for administrators, retention."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.ops import access, services
from motcua.ops.models import DailyVisitor, PageViewDaily

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


@pytest.fixture
def logging_on(settings):
    settings.MOTCUA_ACCESS_LOG = True
    settings.MOTCUA_ACCESS_FLUSH_EVERY = 1000
    settings.MOTCUA_ACCESS_FLUSH_SECONDS = 3600
    access.flush()  # nothing left over from other tests' requests
    PageViewDaily.objects.all().delete()
    DailyVisitor.objects.all().delete()
    yield
    access.flush()


@pytest.mark.criterion("PL3-14")
def test_requests_are_counted_per_day_page_status_and_device(client, logging_on, official):
    for _ in range(3):
        client.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    client.get("/", HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.20")
    client.get("/khong-co-trang-nay/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    client.force_login(official)
    client.get(reverse("accounts:profile"), HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    client.get("/healthz", HTTP_USER_AGENT="kube-probe/1.30")  # probes are not visits
    client.get("/static/motcua/css/motcua.css")  # nor are files
    assert not PageViewDaily.objects.exists()  # buffered, not one write per request
    access.flush()
    today = timezone.localdate()
    rows = {
        (r.url_name, r.status, r.authenticated, r.agent): r.hits
        for r in PageViewDaily.objects.filter(day=today)
    }
    assert rows == {
        ("portal:home", 200, False, "browser"): 3,
        ("portal:home", 200, False, "mobile"): 1,
        ("", 404, False, "browser"): 1,
        ("accounts:profile", 200, True, "browser"): 1,
    }
    assert DailyVisitor.objects.filter(day=today).count() == 2  # two networks × browsers
    row = PageViewDaily.objects.get(url_name="portal:home", agent="browser")
    assert row.duration_ms_total >= row.duration_ms_max >= 0


@pytest.mark.criterion("PL3-14")
def test_nothing_stored_identifies_a_visitor(client, logging_on):
    client.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    client.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.99")  # same /24, same browser
    access.flush()
    visitor = DailyVisitor.objects.get()
    assert "203.0.113" not in visitor.visitor and len(visitor.visitor) == 32
    stored = " ".join(str(v) for row in PageViewDaily.objects.values() for v in row.values())
    assert "203.0.113" not in stored and "Firefox" not in stored
    # The key changes every day: tomorrow the same person is a new, unlinkable hash.
    today = timezone.localdate()
    assert access.visitor_hash(today, "203.0.113.7", FIREFOX) == visitor.visitor
    tomorrow = today + dt.timedelta(days=1)
    assert access.visitor_hash(tomorrow, "203.0.113.7", FIREFOX) != visitor.visitor
    assert access.address_prefix("2001:db8:1234:5678::1") == "2001:db8:1234::/48"


def test_counts_are_written_in_batches(client, logging_on, settings):
    settings.MOTCUA_ACCESS_FLUSH_EVERY = 50
    with CaptureQueriesContext(connection) as queries:
        for _ in range(49):
            client.get("/robots.txt")
    writes = [q for q in queries if "ops_pageviewdaily" in q["sql"].lower()]
    assert writes == []
    client.get("/robots.txt")  # the 50th request flushes
    assert PageViewDaily.objects.get(url_name="robots_txt").hits == 50
    for _ in range(50):
        client.get("/robots.txt")
    assert PageViewDaily.objects.get(url_name="robots_txt").hits == 100  # added, not replaced


def test_a_broken_statistics_store_does_not_break_the_page(client, logging_on, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(access, "_add", fail)
    client.get("/robots.txt")
    access.flush()  # logged and dropped
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.criterion("PL3-14")
def test_administrator_sees_the_access_report_and_exports_it(
    client, sysadmin, logging_on, django_capture_on_commit_callbacks
):
    for _ in range(2):
        client.get("/", HTTP_USER_AGENT=FIREFOX)
    client.get("/khong-co/", HTTP_USER_AGENT=FIREFOX)
    access.flush()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    PageViewDaily.objects.create(
        day=yesterday,
        url_name="portal:procedure_list",
        status=200,
        authenticated=False,
        agent="mobile",
        hits=7,
        duration_ms_total=70,
        duration_ms_max=20,
    )
    client.force_login(sysadmin)
    page = client.get(reverse("ops:access"))
    assert page.status_code == 200
    report = page.context["report"]
    assert [(d.day, d.hits, d.errors) for d in report.days] == [
        (yesterday, 7, 0),
        (timezone.localdate(), 3, 1),
    ]
    assert [(p.url_name, p.hits) for p in report.pages] == [
        ("portal:procedure_list", 7),
        ("portal:home", 2),
    ]
    assert [(e.url_name, e.status, e.hits) for e in report.errors] == [("", 404, 1)]
    body = page.content.decode()
    assert "Trang được xem nhiều nhất" in body and "portal:procedure_list" in body
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("ops:access_xlsx"), {"date_from": yesterday.isoformat()})
    operation = client.get(started["Location"]).context["operation"]
    assert operation.status == "done"
    download = client.get(reverse("ops:operation_download", args=[operation.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["Theo ngày", "Trang xem nhiều", "Lỗi", "Thiết bị"]
    days = list(book["Theo ngày"].values)
    assert days[0][:2] == ("Ngày", "Lượt truy cập")
    assert [row[1] for row in days[1:]] == [7, 3]


def test_access_report_is_for_system_administrators_only(client, official):
    client.force_login(official)
    assert client.get(reverse("ops:access")).status_code == 403
    assert client.post(reverse("ops:access_xlsx")).status_code == 403


@pytest.mark.criterion("PL3-14")
def test_statistics_are_kept_for_the_retention_period(db, settings):
    settings.MOTCUA_ACCESS_RETENTION_DAYS = 30
    today = timezone.localdate()
    for age in (31, 29):
        PageViewDaily.objects.create(
            day=today - dt.timedelta(days=age),
            url_name="portal:home",
            status=200,
            authenticated=False,
            agent="browser",
            hits=1,
        )
        DailyVisitor.objects.create(day=today - dt.timedelta(days=age), visitor=f"v{age}")
    report = services.purge_expired()
    assert report.access_rows == 2
    assert list(PageViewDaily.objects.values_list("day", flat=True)) == [
        today - dt.timedelta(days=29)
    ]


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (FIREFOX, "browser"),
        (PHONE, "mobile"),
        ("Googlebot/2.1 (+http://www.google.com/bot.html)", "bot"),
        ("curl/8.5.0", "bot"),
        ("", "other"),
    ],
)
def test_agent_classes(agent, expected):
    assert access.agent_class(agent) == expected


# --- the client address behind the reverse proxy -------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.1.2.3", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # left-most hop is forgeable
        ("10.1.2.3", "203.0.113.9, 10.9.9.9", "203.0.113.9"),  # through two trusted proxies
        ("192.0.2.50", "198.51.100.1", "192.0.2.50"),  # not from a proxy: header ignored
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", "unknown, 203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_address_comes_from_trusted_proxies_only(
    client, settings, sysadmin, remote, forwarded, expected
):
    """Audit trail, lock-outs, rate limits and statistics all read the same address."""
    from motcua.core.models import AuditEntry

    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.force_login(sysadmin)
    client.get(reverse("ops:audit_csv"), REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert AuditEntry.objects.get(action="audit.exported").ip_address == expected
