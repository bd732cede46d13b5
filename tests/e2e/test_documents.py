"""Browser tests of the documents pages: public signature verification and the letterhead
editor with its live preview (real Chromium, axe-core)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.documents import rendering
from motcua.documents.signing import SignerConfig, sign_pdf
from motcua.documents.tests import pki as test_pki
from motcua.documents.tests.test_rendering import sample

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.criterion("PL5-10")
def test_citizen_checks_a_signed_pdf(page, base_url, axe, screenshot, tmp_path, settings):
    made = test_pki.build(tmp_path / "pki")
    settings.MOTCUA_SIGNING = {**settings.MOTCUA_SIGNING, "TRUST_ROOTS": [str(made.root_pem)]}
    config = SignerConfig(pkcs12_file=str(made.pkcs12), pkcs12_password=test_pki.PKCS12_PASSWORD)
    signed = sign_pdf(rendering.render_pdf(sample()), config=config)
    (tmp_path / "ket-qua.pdf").write_bytes(signed)

    page.goto(base_url + "/xac-thuc-chu-ky/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xác thực văn bản điện tử có chữ ký số"
    )
    assert axe() == []
    page.get_by_label("Tệp PDF đã ký số").set_input_files(str(tmp_path / "ket-qua.pdf"))
    page.get_by_role("button", name="Kiểm tra chữ ký").click()
    expect(page.get_by_role("status")).to_have_text("Tất cả 1 chữ ký số trong tệp đều hợp lệ.")
    expect(
        page.get_by_role("heading", name="Chữ ký số thứ 1: Nguyễn Thị Ánh Tuyết")
    ).to_be_visible()
    screenshot("bao-cao-xac-thuc")
    assert axe() == []


def test_administrator_edits_a_letterhead_with_live_preview(page, base_url, axe, screenshot):
    from motcua.dossiers.tests.world import build_world

    world = build_world()
    client = Client()
    client.force_login(world.province_admin)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    page.goto(f"{base_url}/van-ban/tieu-de/{world.desk.code}/")
    frame = page.locator("iframe.preview-frame")
    before = frame.get_attribute("src")
    page.get_by_label("Họ tên người ký").fill("Trần Thị Thu Hằng")
    expect(frame).not_to_have_attribute("src", before)  # htmx swapped in the new preview
    assert "Tr%E1%BA%A7n+Th%E1%BB%8B+Thu+H%E1%BA%B1ng" in frame.get_attribute("src")
    assert axe() == []
    screenshot("tieu-de-bieu-mau")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu tiêu đề biểu mẫu.")).to_be_visible()
