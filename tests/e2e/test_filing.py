"""A citizen does a procedure fully online in a real browser: signs up, files a dossier with
attachments (refused files explained, the others kept), is received by an official, answers a
supplement request, downloads the signed result; anyone tracks the dossier by its code."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.documents.signing import SignerConfig
from motcua.documents.tests import pki as test_pki
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.notifications.sms import locmem
from motcua.portal.tests.filing import (
    build_filing,
    officials_finish_with_a_signed_result,
    officials_take_it_to_supplement,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Hoa-sen-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def portal(settings, base_url):
    settings.MOTCUA_PUBLIC_URL = base_url
    settings.MOTCUA_PORTAL_FILING_ENABLED = True
    settings.MOTCUA_UPLOAD_MAX_BYTES = 200 * 1024
    cache.clear()
    locmem.outbox.clear()
    mail.outbox.clear()


def _file(name: str, body: bytes, mime: str = "application/pdf") -> dict:
    return {"name": name, "mimeType": mime, "buffer": body}


def _sign_up_and_log_in(page, base_url) -> User:
    page.goto(base_url + "/tai-khoan/dang-ky/")
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_label("Thư điện tử").fill("hoa@example.com")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")
    page.goto(re.search(r"https?://\S+", mail.outbox[-1].body).group(0))
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("hoa@example.com")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return User.objects.get(email="hoa@example.com")


@pytest.mark.criterion(
    "PL3-1", "PL3-2", "PL3-4", "PL3-5", "PL3-12", "PL3-13", "PL3-16", "PL3-17", "PL3-19", "D3.7"
)
def test_sign_up_file_be_received_supplement_and_download_the_result(
    page, base_url, axe, screenshot, tmp_path
):
    filing = build_filing()
    citizen = _sign_up_and_log_in(page, base_url)

    # Find the procedure and start filing.
    page.goto(f"{base_url}/thu-tuc/{filing.procedure.national_code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    assert axe() == []
    page.get_by_role("button", name="Bắt đầu khai hồ sơ mới").click()

    # 1. Case and desk.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bước 1/5")
    page.get_by_label("Khai sinh đúng hạn").check()
    assert axe() == []
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 2. The e-form: pre-filled from the account, checked field by field.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bước 2/5: Tờ khai")
    requester = page.get_by_role("group", name="Người yêu cầu")
    expect(requester.get_by_label("Họ, chữ đệm, tên")).to_have_value("Lê Thị Hoa")
    expect(page.get_by_text("Điền sẵn từ thông tin tài khoản của bạn").first).to_be_visible()
    requester.get_by_label("Số định danh cá nhân").fill("099190012345")
    requester.get_by_label("Nơi cư trú").fill("12 Hùng Vương, phường Cẩm Thành")
    child = page.get_by_role("group", name="Người được khai sinh")
    child.get_by_label("Họ, chữ đệm, tên").fill("Lê Minh Khôi")
    child.get_by_label("Ngày, tháng, năm sinh").fill("2025-09-05")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("không phải mã tỉnh, thành phố")
    expect(summary).to_contain_text("Giới tính: Vui lòng chọn một mục.")
    id_input = requester.get_by_label("Số định danh cá nhân")
    expect(id_input).to_have_attribute("aria-invalid", "true")
    expect(id_input).to_have_attribute("aria-describedby", re.compile("error"))
    assert axe() == []
    screenshot("to-khai-loi")
    id_input.fill("051190012345")
    child.get_by_label("Nam", exact=True).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 3. Components: the limit is shown first; a wrong type and an oversized file are refused
    # with clear messages and the good file stays attached.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bước 3/5")
    expect(page.get_by_text("Mỗi tệp tối đa 0,2 MB")).to_be_visible()
    upload = page.locator(f"#upload-{filing.birth_certificate.pk}")
    upload.set_input_files(
        [
            _file("giay-chung-sinh.pdf", PDF),
            _file("chuong-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 500),
            _file("ban-quet-lon.pdf", PDF + b"0" * (300 * 1024)),
        ]
    )
    page.get_by_role("button", name=re.compile(r"Tải lên, đính kèm\s*:\s*Giấy chứng sinh")).click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Tệp “chuong-trinh.pdf” không đúng định dạng cho phép")
    expect(errors).to_contain_text("Tệp “ban-quet-lon.pdf” (0,3 MB) vượt quá dung lượng tối đa")
    expect(page.get_by_role("list", name="Tệp đã đính kèm cho Giấy chứng sinh")).to_contain_text(
        "giay-chung-sinh.pdf"
    )
    assert axe() == []
    screenshot("giay-to-bi-tu-choi")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # 4. Delivery, 5. review and submit.
    page.get_by_label("Nhận kết quả điện tử trực tuyến").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bước 5/5")
    expect(page.get_by_text("Lê Minh Khôi")).to_be_visible()
    expect(page.get_by_text("8.000 đồng")).to_be_visible()
    assert axe() == []
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ thành công")
    dossier = Dossier.objects.get(owner=citizen)
    expect(page.get_by_text(dossier.code)).to_be_visible()
    expect(page.get_by_text("trong 8 giờ làm việc")).to_be_visible()
    assert axe() == []
    screenshot("da-nop")
    page.go_back()  # the back button leads to the confirmation, never to a second dossier
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ thành công")
    assert Dossier.objects.filter(owner=citizen).count() == 1

    # An official receives it: the citizen sees "Được tiếp nhận", the code, the appointment.
    dossier = lifecycle.receive(dossier, actor=filing.reception, expected_version=dossier.version)
    page.get_by_role("link", name="Xem hồ sơ tại mục Hồ sơ của tôi").click()
    expect(page.get_by_text("Được tiếp nhận").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
    expect(page.get_by_text(due).first).to_be_visible()
    assert any(dossier.code in m.body for m in mail.outbox)  # told by e-mail too
    assert axe() == []
    screenshot("duoc-tiep-nhan")

    # A supplement round.
    dossier.refresh_from_db()
    officials_take_it_to_supplement(filing, dossier)
    page.reload()
    expect(page.get_by_role("heading", name="Yêu cầu bổ sung, hoàn thiện hồ sơ")).to_be_visible()
    page.get_by_label("Bản sao Giấy chứng nhận kết hôn của cha, mẹ").set_input_files(
        [_file("ket-hon.pdf", PDF)]
    )
    assert axe() == []
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.get_by_text("Đã gửi hồ sơ bổ sung.")).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING

    # The result is signed, finished and returned online; the citizen downloads it.
    made = test_pki.build(tmp_path / "pki")
    config = SignerConfig(pkcs12_file=str(made.pkcs12), pkcs12_password=test_pki.PKCS12_PASSWORD)
    officials_finish_with_a_signed_result(filing, dossier, config)
    page.reload()
    expect(page.get_by_text("Đã trả kết quả").first).to_be_visible()
    link = page.get_by_role("link", name=re.compile("Tải về Giấy khai sinh"))
    response = page.request.get(base_url + link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    assert b"/ByteRange" in response.body()  # signed
    screenshot("tai-ket-qua")

    # Logged out, anyone tracks the dossier by its code (no personal data shown).
    page.context.clear_cookies()
    page.goto(base_url + "/")
    page.get_by_label("Mã số hồ sơ").fill(dossier.code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(page.get_by_text("Đã trả kết quả").first).to_be_visible()
    expect(page.get_by_text("Lê Thị Hoa")).to_have_count(0)
    assert axe() == []
    screenshot("tra-cuu")


@pytest.mark.criterion("PL3-17")
def test_tracking_by_code_logged_out_and_its_limit(page, base_url, axe, screenshot, settings):
    settings.MOTCUA_RATE_TRACKING = "3/m"
    page.goto(base_url + "/tra-cuu/?ma=000.90.01.H48-260101-0001")
    expect(page.get_by_text("Không tìm thấy hồ sơ có mã")).to_be_visible()
    assert axe() == []
    page.goto(base_url + "/tra-cuu/?ma=000.90.01.H48-260101-0002")
    page.goto(base_url + "/tra-cuu/?ma=000.90.01.H48-260101-0003")
    page.goto(base_url + "/tra-cuu/?ma=000.90.01.H48-260101-0004")
    expect(page.get_by_role("alert")).to_contain_text("tra cứu quá nhiều lần")
    screenshot("tra-cuu-gioi-han")
