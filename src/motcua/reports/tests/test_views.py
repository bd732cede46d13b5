"""The report pages and their files, on the hand-built March (conftest.py)."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.dossiers.tests.world import official

MARCH = {"ky": "month", "nam": "2026", "thang": "3"}


@pytest.fixture
def leader_client(client, march_766):
    client.force_login(march_766.world.agency_leader)
    return client


def test_statistics_need_an_official(client, march):
    url = reverse("reports:statistics")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(march.world.citizen)
    assert client.get(url).status_code == 403


@pytest.mark.criterion("PL2-3", "PL2-3.1")
def test_statistics_page_with_figures_linking_to_dossiers(leader_client, march_766):
    response = leader_client.get(reverse("reports:statistics"), MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tháng 03/2026" in html
    linked = response.context["linked"]
    # The department's row: 10 received (L online), 72.73 % on time (8 of 11).
    (row,) = linked.sheet.rows
    columns = [c.key for c in linked.sheet.columns]
    assert row[columns.index("received")] == 10
    assert row[columns.index("on_time_rate")] == 72.73
    late_url = linked.links[0][columns.index("late")]
    assert late_url in html.replace("&amp;", "&")
    listing = leader_client.get(late_url)
    assert listing.status_code == 200
    codes = {fact.code for fact in listing.context["page"]}
    assert codes == {march_766.dossiers["C"].code, march_766.dossiers["E"].code}
    # Accessible charts: an image with a title and a description, and the table alternative.
    assert 'role="img"' in html and "<desc id=" in html
    assert "Bảng số liệu của biểu đồ" in html


def test_an_official_sees_only_the_dossiers_in_scope(client, march_766):
    w = march_766.world
    outsider = official("ngoai.pham.vi", w.other_department, "agency_leader")
    client.force_login(outsider)
    response = client.get(reverse("reports:statistics"), MARCH)
    assert response.status_code == 200
    assert response.context["table"].total["received"] == 0
    url = reverse("reports:dossiers")
    listing = client.get(url, {**MARCH, "so_lieu": "received"})
    assert listing.context["page"].total == 0


def test_a_long_list_counts_up_to_its_last_page(leader_client, monkeypatch):
    # The exact figure is in the statistics table; the list counts no further than it can page.
    monkeypatch.setattr("motcua.reports.views.PAGE_SIZE", 3)
    monkeypatch.setattr("motcua.reports.views.MAX_PAGE", 2)
    monkeypatch.setattr("motcua.core.paging.MAX_PAGE", 2)
    url = reverse("reports:dossiers")
    response = leader_client.get(url, {**MARCH, "so_lieu": "received", "page": "2"})
    page = response.context["page"]
    assert (page.number, page.total, page.total_capped) == (2, 6, True)
    html = response.content.decode()
    assert "Hơn 6 hồ sơ" in html and 'rel="prev"' in html
    assert len(page.object_list) == 3 and page.has_next
    first = leader_client.get(url, {**MARCH, "so_lieu": "received"}).context["page"]
    received = [fact.received_at for fact in [*first, *page]]
    assert received == sorted(received, reverse=True)  # newest first, page after page
    beyond = leader_client.get(url, {**MARCH, "so_lieu": "received", "page": "99"})
    assert beyond.context["page"].number == 2
    ended = leader_client.get(url, {**MARCH, "so_lieu": "ended"}).context["page"]
    ends = [fact.end_at for fact in ended]
    assert ends == sorted(ends, reverse=True)  # the moment that put them in the figure


def test_bad_period_is_reported_and_the_default_shown(leader_client):
    response = leader_client.get(
        reverse("reports:statistics"), {"ky": "custom", "tu": "2026-03-10", "den": "2026-03-01"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu." in response.content.decode()
    assert leader_client.get(reverse("reports:dossiers"), {"so_lieu": "x"}).status_code == 404


@pytest.mark.criterion("PL2-3.2")
def test_statistics_files(leader_client, march_766):
    url = reverse("reports:statistics_file", kwargs={"fmt": "xlsx"})
    response = leader_client.get(url, MARCH)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in values if r and r[0] == "Cơ quan giải quyết")
    department = next(r for r in values if r and r[0] == march_766.world.department.name)
    assert department[header.index("Tiếp nhận trong kỳ")] == 10  # a number, not text
    pdf = leader_client.get(reverse("reports:statistics_file", kwargs={"fmt": "pdf"}), MARCH)
    assert pdf.content.startswith(b"%PDF")
    data = json.loads(
        leader_client.get(reverse("reports:statistics_file", kwargs={"fmt": "json"}), MARCH).content
    )
    assert data["format"] == "motcua.reports/1"
    assert data["sheets"][0]["total"]["received"] == 10
    assert data["sheets"][0]["total"]["on_time_rate"] == 72.73


@pytest.mark.criterion("PL2-3.2")
def test_index_766_pages_and_files(leader_client, march_766):
    response = leader_client.get(reverse("reports:index766"), MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "32,13" in html  # the province's total, Vietnamese decimal comma
    code = march_766.world.department.code
    detail = leader_client.get(reverse("reports:index766_agency", kwargs={"code": code}), MARCH)
    assert detail.status_code == 200
    assert "Chưa có kết nối đồng bộ với Cổng Dịch vụ công quốc gia." in detail.content.decode()
    progress = next(
        row
        for item in detail.context["groups"]
        for row in item["indicators"]
        if row["indicator"].code == "ON_TIME"
    )
    listing = leader_client.get(progress["numerator_url"])
    assert listing.context["page"].total == 8
    for fmt in ("xlsx", "pdf", "json"):
        file = leader_client.get(reverse("reports:index766_file", kwargs={"fmt": fmt}), MARCH)
        assert file.status_code == 200 and file.content


@pytest.mark.criterion("PL2-3.2")
def test_evaluation_for_leaders_only(client, march_766):
    w = march_766.world
    client.force_login(w.specialist)
    assert client.get(reverse("reports:evaluation")).status_code == 403
    client.force_login(w.agency_leader)
    response = client.get(reverse("reports:evaluation"), MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàn thành từ 70% đến dưới 100% nhiệm vụ" in html
    assert "Trung bình" in html
    file = client.get(reverse("reports:evaluation_file", kwargs={"fmt": "xlsx"}), MARCH)
    book = load_workbook(io.BytesIO(file.content))
    assert [ws.title for ws in book.worksheets] == ["1. Cán bộ, công chức", "2. Cơ quan, đơn vị"]


def test_tracking_book_as_a_workbook(leader_client, march_766):
    w = march_766.world
    client = leader_client
    client.force_login(w.reception)
    url = reverse("reports:tracking_book_xlsx", kwargs={"agency_code": w.desk.code, "year": 2026})
    response = client.get(url)
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert any(march_766.dossiers["A"].code in row for row in rows)
    other = reverse(
        "reports:tracking_book_xlsx", kwargs={"agency_code": w.commune_desk.code, "year": 2026}
    )
    assert client.get(other).status_code == 404


@pytest.mark.criterion("PL3-8")
def test_public_statistics_per_online_service(client, march_766, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 3, 31))
    cache.clear()
    response = client.get(reverse("reports_public:statistics"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    # 1 January – 31 March: L is the one online dossier, received and resolved; 11 received in
    # all (I on 26/2 too), 8 of them on time (I A B D K L done in time, G H open in time); two
    # ratings, one of them satisfied.
    assert row.online["received"] == 1
    assert row.online["ended"] == 1
    assert row.everything["on_time_rate"] == 72.73
    assert row.everything["received"] == 11
    assert row.everything["rated"] == 2
    assert row.satisfied_percent == 50.0
    html = response.content.decode()
    assert 'role="img"' in html and "<caption" in html
    file = client.get(reverse("reports_public:statistics_file", kwargs={"fmt": "xlsx"}))
    assert file.status_code == 200
