import datetime
import http.client
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import ExternalIdentity, User
from motcua.core.models import AuditEntry

from .fake_oidc import FakeOpenIDProvider

pytestmark = pytest.mark.django_db

CLAIMS = {
    "sub": "vneid-0001",
    "name": "Phạm Thị Dung",
    "id_number": "051185012345",
    "birthdate": "1985-03-09",
    "phone_number": "+84935123456",
    "phone_number_verified": True,
    "email": "dung@example.com",
    "email_verified": True,
    "address": {"formatted": "Thôn 1, xã Tịnh Khê, tỉnh Quảng Ngãi"},
}


@pytest.fixture
def provider(settings):
    with FakeOpenIDProvider() as op:
        op.claims = dict(CLAIMS)
        settings.OIDC_RP_CLIENT_ID = op.client_id
        settings.OIDC_RP_CLIENT_SECRET = op.client_secret
        settings.OIDC_OP_DISCOVERY_URL = op.discovery_url
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "motcua.accounts.oidc.NationalIdentityBackend",
        ]
        yield op


def _follow_provider(location: str) -> str:
    """What the browser does at the provider: open the authorise URL, get sent back."""
    url = urlsplit(location)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    connection.request("GET", f"{url.path}?{url.query}")
    response = connection.getresponse()
    assert response.status == 302, response.read()
    return response.getheader("Location")


def sso_login(client, next_url: str = ""):
    start = reverse("accounts_sso:start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    back = urlsplit(_follow_provider(response.url))
    assert back.path == reverse("accounts_sso:callback")
    return client.get(f"{back.path}?{back.query}")


@pytest.mark.criterion("PL3-6", "D3.10")
def test_first_sign_in_creates_an_account_from_the_national_identity(client, provider):
    response = sso_login(client)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    user = User.objects.get(pk=client.session[SESSION_KEY])
    assert user.full_name == "Phạm Thị Dung"
    assert user.id_number == "051185012345" and user.id_number_verified_at is not None
    assert user.date_of_birth == datetime.date(1985, 3, 9)
    assert user.phone == "0935123456" and user.phone_verified_at is not None
    assert user.email == "dung@example.com" and user.email_verified_at is not None
    assert user.address == "Thôn 1, xã Tịnh Khê, tỉnh Quảng Ngãi"
    assert not user.has_usable_password()
    assert user.can_file
    assert ExternalIdentity.objects.get(user=user).subject == "vneid-0001"
    assert AuditEntry.objects.filter(action="accounts.sso_signed_up").exists()
    # The flow went through discovery, JWKS, token and userinfo, with PKCE checked.
    paths = [path for _method, path in provider.log]
    assert {"/.well-known/openid-configuration", "/authorize", "/token", "/userinfo", "/jwks"} <= (
        set(paths)
    )

    client.logout()
    sso_login(client)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert User.objects.count() == 1
    assert AuditEntry.objects.filter(action="accounts.sso_login").exists()


@pytest.mark.criterion("PL3-6")
def test_links_to_an_existing_account_that_proved_the_same_contact(client, provider):
    existing = User.objects.create_user(
        "dung@example.com",
        email="dung@example.com",
        email_verified_at=timezone.now(),
        id_number="051185012345",
        password="Mat-khau-2026",
    )
    sso_login(client)
    assert client.session[SESSION_KEY] == str(existing.pk)
    existing.refresh_from_db()
    assert existing.id_number_verified_at is not None
    assert existing.full_name == "Phạm Thị Dung"
    assert existing.check_password("Mat-khau-2026")  # password login keeps working


def test_a_typed_id_number_alone_does_not_hand_over_an_account(client, provider):
    squatter = User.objects.create_user(
        "ke-gian", email="kegian@example.com", id_number="051185012345", password="x"
    )
    sso_login(client)
    assert client.session[SESSION_KEY] != str(squatter.pk)
    squatter.refresh_from_db()
    assert squatter.id_number_verified_at is None


def test_signed_in_user_links_from_the_profile(client, provider, citizen):
    client.force_login(citizen)
    response = sso_login(client, next_url=reverse("accounts:profile"))
    assert response.url == reverse("accounts:profile")
    citizen.refresh_from_db()
    assert citizen.id_number == "051185012345" and citizen.id_number_verified_at
    assert citizen.email == "an@example.com"  # own proven contacts are kept
    assert ExternalIdentity.objects.get().user == citizen


@pytest.mark.parametrize(
    "override", [{"aud": "ung-dung-khac"}, {"iss": "http://gia-mao.example"}, {"nonce": "cu"}]
)
def test_tokens_for_another_client_issuer_or_request_are_refused(client, provider, override):
    provider.id_token_overrides = override
    response = sso_login(client)
    assert response.url == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert not User.objects.exists()


def test_sso_is_off_without_a_client_id(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("accounts_sso:start")).status_code == 404
    assert client.get(reverse("accounts_sso:callback")).status_code == 404
    assert "VNeID" not in client.get(reverse("accounts:login")).content.decode()


def test_unreachable_provider_is_explained_and_password_login_still_works(
    client, settings, citizen
):
    settings.OIDC_RP_CLIENT_ID = "motcua"
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "motcua.accounts.oidc.NationalIdentityBackend",
    ]
    response = client.get(reverse("accounts_sso:start"), follow=True)
    assert "Không kết nối được với VNeID" in response.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": "an@example.com", "password": "Mat-khau-2026"}
    )
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(citizen.pk)
