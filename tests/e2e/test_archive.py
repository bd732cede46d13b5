"""The archive in real Chromium: the văn thư archives the department's closed dossiers with the
batch button, finds one by the applicant's name without diacritics, checks its package's
integrity and downloads it; the province administrator destroys a package due for disposal
with a reason and the record stays. axe-core runs on each screen."""

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.archive.models import ArchiveRecord
from motcua.dossiers.states import State

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    from motcua.dossiers.tests.world import build_world

    return build_world()


def sign_in(page, base_url, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


@pytest.mark.criterion("D3.9", "PL2-4")
def test_archive_verify_download_and_destroy(page, base_url, world, axe, screenshot):
    from motcua.dossiers.tests.world import Clock, drive

    clock = Clock()
    returned = drive(world, clock, State.RETURNED)
    drive(world, clock, State.STOPPED)

    # 1. The văn thư opens the archive from the menu and archives what ended in March 2026.
    sign_in(page, base_url, world.clerk)
    page.goto(base_url + "/mot-cua/tra-cuu/")
    page.get_by_role("navigation", name="Chức năng").get_by_role(
        "link", name="Lưu trữ hồ sơ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lưu trữ hồ sơ")
    expect(page.get_by_text("Không có hồ sơ lưu trữ nào khớp điều kiện.")).to_be_visible()
    assert axe() == []
    page.get_by_label("Cơ quan", exact=True).select_option(label=world.department.name)
    page.get_by_label("Hồ sơ kết thúc đến hết ngày").fill("2026-03-31")
    page.get_by_role("button", name="Lưu trữ", exact=True).click()
    expect(page.locator(".message--success")).to_contain_text("Đã lưu trữ 2 hồ sơ")
    assert axe() == []
    screenshot("luu-tru-danh-sach")

    # 2. Found by the applicant's name typed without diacritics; the package checks out.
    page.get_by_label("Mã lưu trữ, mã hồ sơ hoặc tên chủ hồ sơ").fill("nguyen van an")
    page.get_by_role("button", name="Tìm kiếm").click()
    record = ArchiveRecord.objects.get(dossier_code=returned.code)
    page.get_by_role("link", name=record.code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(record.code)
    page.get_by_role("button", name="Kiểm tra toàn vẹn").click()
    expect(page.locator(".message--success")).to_contain_text("Gói lưu trữ nguyên vẹn")
    assert axe() == []
    screenshot("luu-tru-kiem-tra")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Tải gói lưu trữ")).click()
    assert download.value.suggested_filename == f"{record.code}.zip"
    body = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(body).hexdigest() == record.package_sha256

    # 3. Past its retention, the province administrator destroys it with a reason.
    ArchiveRecord.objects.filter(pk=record.pk).update(disposal_due_on=dt.date(2026, 1, 1))
    sign_in(page, base_url, world.province_admin)
    page.goto(base_url + "/mot-cua/luu-tru/?status=due")
    page.get_by_role("link", name=record.code).click()
    page.get_by_label("Lý do hủy").fill("Quyết định số 5/QĐ-STP ngày 02/01/2026")
    assert axe() == []
    page.get_by_role("button", name="Hủy gói lưu trữ").click()
    expect(page.locator(".message--success")).to_contain_text("Đã hủy gói lưu trữ")
    expect(page.get_by_role("heading", name="Đã hủy gói lưu trữ")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tải gói lưu trữ"))).to_have_count(0)
    assert axe() == []
    screenshot("luu-tru-da-huy")
