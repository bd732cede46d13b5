import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.criterion("PL3-6", "D3.10")
@pytest.mark.parametrize(
    "identifier", ["an@example.com", "AN@Example.com", "0912345678", "+84 912 345 678"]
)
def test_log_in_with_email_phone_or_username(client, citizen, identifier):
    response = _login(client, identifier)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(citizen.pk)


def test_officials_log_in_with_their_username(client, django_user_model):
    django_user_model.objects.create_user("canbo.tiepnhan", password=PASSWORD)
    assert _login(client, "canbo.tiepnhan").status_code == 302


def test_wrong_password_gives_a_clear_error_and_no_session(client, citizen):
    response = _login(client, "an@example.com", "sai-mat-khau")
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.criterion("PL3-6", "D3.10")
def test_five_failures_lock_the_account_out(client, citizen, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "0912345678", "sai").status_code == 200
    # Another spelling of the same number still counts against the same account.
    response = _login(client, "+84912345678", "sai")
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    # Even the right password is refused while locked out.
    response = _login(client, "an@example.com")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_logout_is_a_post(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_unverified_accounts_are_told_to_verify(client, django_user_model):
    django_user_model.objects.create_user("x@example.com", email="x@example.com", password=PASSWORD)
    response = _login(client, "x@example.com")
    response = client.get(response.url)
    assert "chưa được xác minh" in response.content.decode()


def test_header_shows_account_links(client, citizen):
    content = client.get("/").content.decode()
    assert reverse("accounts:login") in content and reverse("accounts:signup") in content
    client.force_login(citizen)
    content = client.get("/").content.decode()
    assert reverse("notifications:inbox") in content and reverse("accounts:profile") in content
