"""Browser test of the province administrator's compliance page (real Chromium, axe-core)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.accounts.models import Membership, Role, User
from motcua.compliance.evidence import RESULTS_ENV, write_results
from motcua.directory.models import Agency

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in_province_admin(page, base_url):
    province = Agency.objects.create(
        code="000.00.00.H48", name="UBND tỉnh", kind="peoples_committee", level="province"
    )
    user = User.objects.create_user("quantri-tinh", password="x", full_name="Quản trị tỉnh")
    Membership.objects.create(user=user, agency=province, role=Role.PROVINCE_ADMIN)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return user


@pytest.fixture
def evidence(tmp_path, settings, monkeypatch):
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    write_results(
        settings.VAR_DIR / "compliance" / "test-results.json",
        run_id="run-1",
        run={"finished_at": "2026-11-28T09:05:00+07:00", "commit": "abc123", "database": "sqlite"},
        tests={
            "src/a/test_codes.py::test_codes": {
                "nodeid": "src/a/test_codes.py::test_codes",
                "title": "Mã số hồ sơ liên tục theo ngày",
                "criteria": ["PL2-2.2"],
                "outcome": "passed",
                "duration": 0.2,
                "artifacts": [],
                "message": "",
            },
            "src/a/test_late.py::test_apology": {
                "nodeid": "src/a/test_late.py::test_apology",
                "title": "Phiếu xin lỗi khi quá hạn",
                "criteria": ["PL2-2.7"],
                "outcome": "failed",
                "duration": 0.3,
                "artifacts": [],
                "message": "AssertionError",
            },
        },
        root=tmp_path,
        full=True,
    )


def test_province_administrator_reads_the_compliance_report(
    page, base_url, axe, screenshot, signed_in_province_admin, evidence
):
    page.goto(base_url + "/he-thong/tuan-thu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Báo cáo tự đánh giá mức độ đáp ứng tiêu chí"
    )
    summary = page.get_by_role("table", name="Số tiêu chí theo kết quả đánh giá")
    expect(summary).to_be_visible()
    row = page.locator("#criterion-PL2-2\\.2")
    expect(row.get_by_text("Đáp ứng", exact=True)).to_be_visible()
    expect(
        page.locator("#criterion-PL2-2\\.7").get_by_text("Chưa đáp ứng", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Tải bản Excel (XLSX)")).to_be_visible()
    assert axe() == []
    screenshot("bao-cao-tu-danh-gia", target=page)  # the first screenful; the page is long

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản HTML (đọc, in)").click()
    assert download.value.suggested_filename.startswith("tu-danh-gia-tt22-")
