"""Citizen accounts in a real browser: sign-up and verification, login, profile checks,
password reset, single sign-on against a local OpenID provider, and the message list."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.accounts.tests.fake_oidc import FakeOpenIDProvider
from motcua.notifications.services import notify
from motcua.notifications.sms import locmem

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Hoa-sen-2026"


@pytest.fixture(autouse=True)
def public_url(settings, base_url):
    """Links in e-mails point at the test server; counters and outboxes start empty."""
    settings.MOTCUA_PUBLIC_URL = base_url
    cache.clear()
    locmem.outbox.clear()
    mail.outbox.clear()


def _link_in_last_mail() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def _sign_up(page, base_url, **fields):
    page.goto(base_url + "/tai-khoan/dang-ky/")
    page.get_by_label("Họ và tên").fill(fields.get("name", "Trần Thị Bình"))
    if "email" in fields:
        page.get_by_label("Thư điện tử").fill(fields["email"])
    if "phone" in fields:
        page.get_by_label("Số điện thoại di động").fill(fields["phone"])
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()


def _log_in(page, base_url, username, password=PASSWORD):
    page.goto(base_url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.criterion("PL3-13", "PL3-6")
def test_sign_up_by_email_verify_log_in_and_complete_the_profile(page, base_url, axe, screenshot):
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng ký"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    assert axe() == []
    screenshot("dang-ky")

    _sign_up(page, base_url, email="binh@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")
    assert axe() == []

    page.goto(_link_in_last_mail())
    expect(page.get_by_text("Đã xác minh địa chỉ thư điện tử binh@example.com.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert axe() == []
    screenshot("dang-nhap")

    _log_in(page, base_url, "binh@example.com")
    page.goto(base_url + "/tai-khoan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin tài khoản")
    expect(page.get_by_text("đã xác minh").first).to_be_visible()

    # An ID number whose first three digits are no province code: explained, nothing saved.
    page.get_by_label("Số định danh cá nhân (số căn cước)").fill("099090012345")
    page.get_by_label("Ngày sinh").fill("1990-05-17")
    page.get_by_role("button", name="Lưu thông tin").click()
    id_input = page.get_by_label("Số định danh cá nhân (số căn cước)")
    expect(id_input).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_id_number_error")).to_contain_text("không phải mã tỉnh")
    expect(page.get_by_role("alert")).to_contain_text("Số định danh cá nhân (số căn cước)")
    assert axe() == []
    screenshot("ho-so-loi-so-dinh-danh")
    assert User.objects.get(email="binh@example.com").id_number == ""

    page.get_by_label("Số định danh cá nhân (số căn cước)").fill("051 190 012 345")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_text("Đã lưu thông tin tài khoản.")).to_be_visible()
    user = User.objects.get(email="binh@example.com")
    assert (user.id_number, str(user.date_of_birth)) == ("051190012345", "1990-05-17")
    screenshot("ho-so-da-luu")


@pytest.mark.criterion("PL3-13")
def test_sign_up_by_phone_with_the_sms_code(page, base_url, axe, screenshot):
    _sign_up(page, base_url, phone="0987654321")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh số điện thoại")
    assert axe() == []
    code = re.search(r"\b(\d{6})\b", locmem.outbox[-1].text).group(1)
    assert locmem.outbox[-1].to == "0987654321"
    page.get_by_label("Mã xác minh (6 chữ số)").fill(code)
    screenshot("nhap-ma-sms")
    page.get_by_role("button", name="Xác minh").click()
    expect(page.get_by_text("Đã xác minh số điện thoại 0987654321.")).to_be_visible()

    _log_in(page, base_url, "0987 654 321")
    page.goto(base_url + "/tai-khoan/")
    expect(page.get_by_label("Số điện thoại di động")).to_have_value("0987654321")


@pytest.mark.criterion("PL3-6")
def test_password_reset_by_email_link(page, base_url, axe, screenshot):
    User.objects.create_user(
        "an@example.com",
        email="an@example.com",
        password="Mat-khau-cu-2026",
        full_name="Nguyễn Văn An",
        email_verified_at=timezone.now(),
    )
    page.goto(base_url + "/tai-khoan/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    assert axe() == []
    page.get_by_label("Thư điện tử hoặc số điện thoại đã đăng ký").fill("an@example.com")
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")

    page.goto(_link_in_last_mail())
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt mật khẩu mới")
    assert axe() == []
    screenshot("dat-lai-mat-khau")
    page.get_by_label("Mật khẩu mới", exact=True).fill("Mat-khau-moi-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Mat-khau-moi-2026")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.get_by_text("Đã đặt mật khẩu mới. Mời bạn đăng nhập.")).to_be_visible()

    _log_in(page, base_url, "an@example.com", "Mat-khau-moi-2026")
    page.goto(base_url + "/tai-khoan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin tài khoản")


@pytest.mark.criterion("PL3-6", "D3.10")
def test_sign_in_with_the_national_identity(page, base_url, settings, axe, screenshot):
    with FakeOpenIDProvider() as provider:
        provider.claims = {
            "sub": "vneid-0002",
            "name": "Phạm Thị Dung",
            "id_number": "051185012345",
            "birthdate": "1985-03-09",
            "phone_number": "0935123456",
            "phone_number_verified": True,
        }
        settings.OIDC_RP_CLIENT_ID = provider.client_id
        settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
        settings.OIDC_OP_DISCOVERY_URL = provider.discovery_url
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "motcua.accounts.oidc.NationalIdentityBackend",
        ]
        page.goto(base_url + "/tai-khoan/dang-nhap/")
        assert axe() == []
        screenshot("dang-nhap-vneid")
        page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin tài khoản")
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Thị Dung")
    expect(page.get_by_label("Họ và tên")).to_be_disabled()
    expect(page.get_by_label("Số định danh cá nhân (số căn cước)")).to_have_value("051185012345")
    assert axe() == []
    screenshot("ho-so-vneid")


@pytest.mark.criterion("PL3-5")
def test_messages_in_the_portal_with_the_unread_count(page, base_url, axe, screenshot):
    user = User.objects.create_user(
        "an@example.com", email="an@example.com", password=PASSWORD, full_name="Nguyễn Văn An"
    )
    notify(
        user,
        "dossier.received",
        {
            "dossier_code": "000.00.01.H48-260302-0001",
            "procedure_name": "Đăng ký khai sinh",
            "receiving_agency": "Trung tâm Phục vụ hành chính công tỉnh",
            "due_date": "09:05 05/03/2026",
            "tracking_url": base_url + "/",
        },
    )
    _log_in(page, base_url, "an@example.com")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    unread = nav.get_by_role("link", name=re.compile(r"^Thông báo \(1 chưa đọc"))
    expect(unread).to_be_visible()
    unread.click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Hồ sơ 000.00.01.H48-260302-0001 đã được tiếp nhận"
    )
    expect(page.get_by_text("Ngày hẹn trả kết quả: 09:05 05/03/2026.")).to_be_visible()
    assert axe() == []
    screenshot("thong-bao")
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(nav.get_by_role("link", name="Thông báo", exact=True)).to_be_visible()
