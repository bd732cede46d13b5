import re

import pytest
from django.core import mail
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)


@pytest.mark.criterion("PL3-6")
def test_reset_by_email_link(client, citizen, commit, settings):
    settings.MOTCUA_PUBLIC_URL = "http://testserver"
    with commit():
        response = client.post(reverse("accounts:password_reset"), {"identifier": "an@example.com"})
    assert response.url == reverse("accounts:password_reset_sent")
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)  # Django moves the token into the session
    assert response.status_code == 200
    with commit():
        response = client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "Moi-tinh-2026", "new_password2": "Moi-tinh-2026"},
        )
    assert response.url == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password("Moi-tinh-2026")
    assert AuditEntry.objects.filter(action="accounts.password_changed").exists()
    # The owner is told on every channel (a change they did not make is an alarm).
    told = Notification.objects.filter(kind="account.password_changed")
    assert set(told.values_list("channel", flat=True)) == {"in_app", "email", "sms"}
    # The link works once.
    assert "không hợp lệ" in client.get(link, follow=True).content.decode()


@pytest.mark.criterion("PL3-6")
def test_reset_by_sms_code(client, citizen, commit, sms_outbox):
    with commit():
        response = client.post(reverse("accounts:password_reset"), {"identifier": "0912 345 678"})
    assert response.url == reverse("accounts:password_reset_code")
    code = _code(sms_outbox)
    response = client.post(
        reverse("accounts:password_reset_code"),
        {"code": code, "new_password1": "Moi-tinh-2026", "new_password2": "Moi-tinh-2026"},
    )
    assert response.url == reverse("accounts:login")
    citizen.refresh_from_db()
    assert citizen.check_password("Moi-tinh-2026")


def test_unknown_accounts_get_the_same_answer(client, citizen, sms_outbox):
    response = client.post(reverse("accounts:password_reset"), {"identifier": "ai@example.com"})
    assert response.url == reverse("accounts:password_reset_sent")
    response = client.post(reverse("accounts:password_reset"), {"identifier": "0999999999"})
    assert response.url == reverse("accounts:password_reset_code")
    assert not mail.outbox and not sms_outbox
    response = client.post(
        reverse("accounts:password_reset_code"),
        {"code": "123456", "new_password1": "Moi-tinh-2026", "new_password2": "Moi-tinh-2026"},
    )
    assert "hết hạn hoặc chưa được gửi" in response.content.decode()


def test_a_wrong_code_changes_nothing(client, citizen, commit, sms_outbox):
    with commit():
        client.post(reverse("accounts:password_reset"), {"identifier": "0912345678"})
    wrong = f"{(int(_code(sms_outbox)) + 1) % 10**6:06d}"
    response = client.post(
        reverse("accounts:password_reset_code"),
        {"code": wrong, "new_password1": "Moi-tinh-2026", "new_password2": "Moi-tinh-2026"},
    )
    assert "không đúng" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password("Mat-khau-2026")


def test_change_password(client, citizen, commit):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Moi-tinh-2026", "new_password2": "Moi-tinh-2026"},
    )
    assert "Mật khẩu hiện tại không đúng." in response.content.decode()
    with commit():
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "Mat-khau-2026",
                "new_password1": "Moi-tinh-2026",
                "new_password2": "Moi-tinh-2026",
            },
        )
    assert response.url == reverse("accounts:profile")
    citizen.refresh_from_db()
    assert citizen.check_password("Moi-tinh-2026")
    # Still signed in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200
