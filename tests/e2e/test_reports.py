"""Statistics in real Chromium, on the hand-built March of ``reports/tests/conftest.py``: a
leader picks the month, reads the table and its chart, opens the dossiers behind a figure and
one of them, reads the QĐ 766 index down to the dossiers of an indicator and downloads the
workbook; a citizen reads the public statistics. axe-core on every page."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.reports.models import ScoringScheme
from motcua.reports.scheme_data import SCHEMES
from motcua.reports.tests.conftest import march_766  # noqa: F401  (the fixture)

from .test_backoffice import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def schemes(transactional_db):
    """The formula versions a migration seeds (a transactional test empties the tables)."""
    for row in SCHEMES:
        ScoringScheme.objects.get_or_create(code=row["code"], defaults=row)


def cell(page, row_name: str, column: str):
    """The cell of the statistics table in the row headed ``row_name`` under ``column``."""
    table = page.locator("table.report-table").first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=row_name))
    return row.locator("th, td").nth(headers.index(column))


@pytest.mark.criterion("PL2-3", "PL2-3.1")
def test_leader_reads_the_month_and_opens_the_dossiers_behind_a_figure(
    page,
    base_url,
    march_766,  # noqa: F811
    axe,
    screenshot,
):
    w, dossiers = march_766.world, march_766.dossiers
    sign_in(page, base_url, w.agency_leader)
    page.goto(base_url + "/mot-cua/")
    page.get_by_role("link", name="Thống kê, báo cáo").first.click()
    page.get_by_label("Kỳ báo cáo").select_option("month")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Tháng", exact=True).fill("3")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tháng 03/2026")
    # The department's row: 10 received, 2 late, 72,73 % on time (8 of 11).
    expect(cell(page, w.department.name, "Tiếp nhận trong kỳ")).to_have_text("10")
    expect(cell(page, w.department.name, "Tỷ lệ đúng hạn (%)")).to_contain_text("72,73")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert axe() == []
    screenshot("thong-ke-thang")

    cell(page, w.department.name, "Quá hạn").get_by_role("link", name="2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quá hạn — Tháng 03/2026")
    expect(page.locator(".bo-results__count")).to_have_text("2 hồ sơ")
    late = page.get_by_role("table").get_by_role("link")
    expect(late).to_have_count(2)
    # Newest end first: E was finished on Thu 5/3, C on Fri 6/3.
    expect(late).to_have_text([dossiers["C"].code, dossiers["E"].code])
    assert axe() == []
    screenshot("ho-so-qua-han")
    late.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(dossiers["C"].code)


@pytest.mark.criterion("PL2-3")
def test_leader_follows_the_766_index_down_to_the_dossiers(
    page,
    base_url,
    march_766,  # noqa: F811
    axe,
    screenshot,
):
    w = march_766.world
    sign_in(page, base_url, w.agency_leader)
    page.goto(base_url + "/mot-cua/thong-ke/chi-so-766/?ky=month&nam=2026&thang=3")
    expect(page.get_by_role("heading", level=1)).to_contain_text("QĐ 766/QĐ-TTg")
    expect(page.locator("tfoot")).to_contain_text("32,13")  # the province, decimal comma
    assert axe() == []
    screenshot("chi-so-766")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Excel|XLSX", re.I)).first.click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.worksheets and book.worksheets[0].max_row > 1

    page.get_by_role("link", name=w.department.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(w.department.name)
    on_time = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Tỷ lệ hồ sơ xử lý đúng hạn")
    )
    on_time.get_by_role("cell").first.get_by_role("link").click()
    expect(page.locator(".bo-results__count")).to_have_text("8 hồ sơ")
    assert axe() == []


@pytest.mark.criterion("PL3-8")
def test_citizen_reads_the_public_statistics(
    page,
    base_url,
    march_766,  # noqa: F811
    axe,
    screenshot,
):
    page.goto(base_url + "/")
    page.get_by_role("button", name="Tra cứu").click()  # the menu group
    page.get_by_role("link", name="Thống kê giải quyết hồ sơ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thống kê kết quả giải quyết hồ sơ dịch vụ công trực tuyến"
    )
    table = page.get_by_role("table").first
    expect(
        table.get_by_role("rowheader", name=march_766.world.version.procedure.name)
    ).to_be_visible()
    expect(page.locator(".report-summary")).to_contain_text("hồ sơ tiếp nhận trực tuyến")
    assert axe() == []
    screenshot("thong-ke-cong-khai")
