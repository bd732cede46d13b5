"""Browser tests of fee payment: a citizen pays online through the (local, fake) payment
gateway, waits on an honest "pending" page until the gateway's notification arrives, and gets
the electronic receipt; the VietQR transfer page (real Chromium, axe-core)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.payments.tests.conftest import VIETQR
from motcua.payments.tests.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db(transaction=True)


def _citizen_with_fee_due(page, base_url):
    from motcua.dossiers.tests.world import build_world
    from motcua.payments.tests.helpers import received_online

    world = build_world()
    dossier = received_online(world)
    client = Client()
    client.force_login(world.citizen)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return dossier


@pytest.mark.criterion("PL3-2", "PL2-2.8")
def test_citizen_pays_online_and_gets_the_receipt(page, base_url, axe, screenshot, settings):
    dossier = _citizen_with_fee_due(page, base_url)
    ipn = f"{base_url}/thanh-toan/cong/gateway/ipn/"
    with FakeGateway(ipn_url=ipn, ipn_mode="manual") as gateway:
        settings.MOTCUA_PAYMENTS = {
            "PROVIDERS": ["gateway", "vietqr"],
            "VIETQR": VIETQR,
            "GATEWAY": gateway.settings,
        }
        page.goto(f"{base_url}/thanh-toan/ho-so/{dossier.code}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Nộp phí, lệ phí hồ sơ {dossier.code}"
        )
        expect(page.locator(".fee-table")).to_contain_text("Lệ phí đăng ký")
        expect(page.locator(".fee-table")).to_contain_text("8.000 đồng")
        assert axe() == []
        screenshot("chon-hinh-thuc-thanh-toan")
        page.get_by_label("Thanh toán trực tuyến qua cổng thanh toán của tỉnh").check()
        page.get_by_role("button", name="Thanh toán 8.000 đồng").click()

        # The gateway's own page (a redirect allowed by the page's CSP form-action).
        expect(page.get_by_role("heading", name="Cổng thanh toán thử nghiệm")).to_be_visible()
        expect(page.get_by_text("8.000 VND")).to_be_visible()
        page.get_by_role("button", name="Xác nhận thanh toán").click()

        # Back on our side before the gateway's notification: pending, said so.
        status = page.get_by_role("status").filter(has_text="Đang chờ xác nhận")
        expect(status).to_contain_text("Đang chờ xác nhận thanh toán")
        expect(status).to_contain_text("Cổng thanh toán báo giao dịch đã thực hiện")
        expect(page.get_by_role("button", name="Tải lại")).to_be_visible()
        assert axe() == []
        screenshot("cho-xac-nhan")

        assert gateway.deliver_outbox() == [{"code": "00", "message": "Confirm Success"}]
        # htmx polling picks the confirmation up without a reload.
        expect(page.get_by_role("heading", name="Thanh toán thành công")).to_be_visible()
        expect(
            page.get_by_text(f"Đã ghi nhận khoản nộp 8.000 đồng cho hồ sơ {dossier.code}.")
        ).to_be_visible()
        assert axe() == []
        screenshot("thanh-toan-thanh-cong")

        link = page.get_by_role("link", name="Tải biên nhận điện tử (PDF)")
        response = page.request.get(base_url + link.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")

    dossier.refresh_from_db()
    fee = dossier.fees.get()
    assert (fee.status, fee.paid_online, fee.online_channel) == ("paid", True, "local_gateway")


@pytest.mark.criterion("PL3-2")
def test_citizen_sees_the_vietqr_transfer_details(page, base_url, axe, screenshot, settings):
    dossier = _citizen_with_fee_due(page, base_url)
    settings.MOTCUA_PAYMENTS = {"PROVIDERS": ["vietqr"], "VIETQR": VIETQR}
    page.goto(f"{base_url}/thanh-toan/ho-so/{dossier.code}/")
    page.get_by_role("button", name="Thanh toán 8.000 đồng").click()  # the only method
    expect(page.get_by_role("heading", name="Thông tin chuyển khoản")).to_be_visible()
    qr = page.get_by_role("img", name="Mã VietQR chuyển khoản 8.000 đồng")
    expect(qr).to_be_visible()
    expect(page.locator(".transfer__content")).to_have_text(dossier.payments.get().reference)
    assert axe() == []
    screenshot("chuyen-khoan-vietqr")
