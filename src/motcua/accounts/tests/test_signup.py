import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from motcua.accounts import services
from motcua.accounts.models import OneTimeCode, User
from motcua.core.models import AuditEntry
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Trần Thị Bình",
    "email": "binh@example.com",
    "phone": "",
    "password1": "Hoa-sen-2026",
    "password2": "Hoa-sen-2026",
}


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)


@pytest.mark.criterion("PL3-13", "PL3-6")
def test_sign_up_by_email_then_verify_by_link_then_log_in(client, commit, settings):
    settings.MOTCUA_PUBLIC_URL = "http://testserver"
    with commit():
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    user = User.objects.get(email="binh@example.com")
    assert user.full_name == "Trần Thị Bình"
    assert not user.is_verified and not user.can_file
    assert AuditEntry.objects.filter(action="accounts.signed_up", object_id=str(user.pk)).exists()

    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    assert link.startswith("http://testserver/tai-khoan/xac-minh/thu/")
    # The log keeps the message but never the usable link.
    logged = Notification.objects.get(kind="account.email_verification")
    assert link not in logged.body and "••••••" in logged.body

    response = client.get(link.removeprefix("http://testserver"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.email_verified_at is not None and user.can_file

    response = client.post(
        reverse("accounts:login"), {"username": "binh@example.com", "password": "Hoa-sen-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.criterion("PL3-13")
def test_sign_up_by_phone_then_verify_with_sms_code(client, commit, sms_outbox):
    with commit():
        response = client.post(
            reverse("accounts:signup"), SIGNUP | {"email": "", "phone": "0987 654 321"}
        )
    assert response.status_code == 302 and response.url == reverse("accounts:verify_phone")
    user = User.objects.get(phone="0987654321")
    assert len(sms_outbox) == 1 and sms_outbox[0].to == "0987654321"
    code = _code(sms_outbox)
    # Only a keyed hash of the code is stored, and the log masks it.
    otp = OneTimeCode.objects.get(user=user)
    assert code not in otp.code_hash
    assert code not in Notification.objects.get(kind="account.phone_code").body

    response = client.post(reverse("accounts:verify_phone"), {"code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified_at is not None and user.can_file


def test_sign_up_needs_email_or_phone_and_matching_passwords(client):
    response = client.post(
        reverse("accounts:signup"), SIGNUP | {"email": "", "password2": "khac-nhau-2026"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "ít nhất một" in content
    assert "Hai mật khẩu đã nhập không giống nhau." in content
    # The error is tied to its input for screen readers.
    assert 'aria-describedby="id_email_helptext id_email_error"' in content
    assert not User.objects.exists()


def test_weak_password_and_taken_email_are_refused(client, citizen):
    response = client.post(
        reverse("accounts:signup"),
        SIGNUP | {"email": "AN@example.com", "password1": "12345678", "password2": "12345678"},
    )
    content = response.content.decode()
    assert "đã được dùng cho một tài khoản khác" in content
    assert User.objects.count() == 1
    response = client.post(
        reverse("accounts:signup"), SIGNUP | {"password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    assert User.objects.count() == 1


def test_wrong_codes_are_counted_and_lock_the_code(client, commit, sms_outbox, settings):
    with commit():
        client.post(reverse("accounts:signup"), SIGNUP | {"email": "", "phone": "0987654321"})
    code = _code(sms_outbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in range(settings.MOTCUA_OTP_MAX_ATTEMPTS - 1, -1, -1):
        response = client.post(reverse("accounts:verify_phone"), {"code": wrong})
        assert f"Bạn còn {left} lần thử" in response.content.decode()
    response = client.post(reverse("accounts:verify_phone"), {"code": code})
    assert "nhập sai quá số lần" in response.content.decode()
    assert User.objects.get().phone_verified_at is None


def test_expired_code_is_refused(client, commit, sms_outbox, settings):
    settings.MOTCUA_OTP_TTL_SECONDS = 0
    with commit():
        client.post(reverse("accounts:signup"), SIGNUP | {"email": "", "phone": "0987654321"})
    response = client.post(reverse("accounts:verify_phone"), {"code": _code(sms_outbox)})
    assert "hết hạn" in response.content.decode()


def test_resending_a_code_is_throttled(client, commit, sms_outbox, settings):
    with commit():
        client.post(reverse("accounts:signup"), SIGNUP | {"email": "", "phone": "0987654321"})
    response = client.post(reverse("accounts:resend_code"), follow=True)
    assert "Vui lòng đợi" in response.content.decode()
    assert len(sms_outbox) == 1
    settings.MOTCUA_OTP_RESEND_SECONDS = 0
    with commit():
        client.post(reverse("accounts:resend_code"))
    assert len(sms_outbox) == 2
    # Only the newest code counts.
    first_code = re.search(r"\b(\d{6})\b", sms_outbox[0].text).group(1)
    if first_code != _code(sms_outbox):
        response = client.post(reverse("accounts:verify_phone"), {"code": first_code})
        assert "không đúng" in response.content.decode()
    client.post(reverse("accounts:verify_phone"), {"code": _code(sms_outbox)})
    assert User.objects.get().phone_verified_at is not None


def test_sign_up_is_rate_limited_per_address(client, settings):
    settings.MOTCUA_RATE_SIGNUP = "2/h"
    for n in range(2):
        client.post(reverse("accounts:signup"), SIGNUP | {"email": f"b{n}@example.com"})
    response = client.post(reverse("accounts:signup"), SIGNUP | {"email": "b9@example.com"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert User.objects.count() == 2


def test_a_stale_or_forged_link_is_refused(client, citizen):
    token = services.email_verification_token(citizen)
    citizen.email = "moi@example.com"
    citizen.save()
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    assert "đã thay đổi" in response.content.decode()
    response = client.get(reverse("accounts:verify_email", args=["gia-mao"]))
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()


def test_pages_and_errors_in_english(client):
    with translation.override("vi"):  # the middleware's English must not outlive the test
        response = client.get("/en/tai-khoan/dang-ky/")
        content = response.content.decode()
        assert '<html lang="en">' in content
        assert "Full name" in content and "Mobile number" in content
        response = client.post(
            "/en/tai-khoan/dang-ky/", SIGNUP | {"email": "", "password2": "khac-nhau-2026"}
        )
    content = response.content.decode()
    assert "Please enter an e-mail address or a mobile number (at least one)." in content
    assert "The two passwords differ." in content
