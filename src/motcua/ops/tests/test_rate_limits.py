"""Public look-ups and sign-in resist guessing and scraping: per-address limits on the catalogue
search and the dossier tracking page, lock-out after repeated wrong passwords, in Vietnamese."""

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


@pytest.mark.criterion("S-1")
def test_catalogue_search_is_limited_per_address(client, settings):
    # Hour windows: a slow run cannot straddle two of them (minute windows made this flaky).
    settings.MOTCUA_RATE_LIMITS = {"portal:procedure_list": "5/h"}
    url = reverse("portal:procedure_list")
    for _ in range(5):
        assert client.get(url, {"q": "khai sinh"}, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.get(url, {"q": "khai sinh"}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn" in refused.content.decode()
    # Another address is not affected; other pages are not limited.
    assert client.get(url, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert client.get("/", REMOTE_ADDR="203.0.113.5").status_code == 200


@pytest.mark.criterion("S-1")
def test_dossier_tracking_is_limited_per_address(client, settings):
    try:
        url = reverse("portal:tracking")
    except NoReverseMatch:
        pytest.skip("the public tracking page is not installed")
    settings.MOTCUA_RATE_TRACKING = "3/h"  # hour windows: no slow run straddles one
    for _ in range(3):
        response = client.get(url, {"ma": "000.00.00.H48-260302-0001"}, REMOTE_ADDR="203.0.113.6")
        assert response.status_code != 429
    refused = client.get(url, {"ma": "000.00.00.H48-260302-0002"}, REMOTE_ADDR="203.0.113.6")
    assert refused.status_code == 429
    assert "quá nhiều" in refused.content.decode()


@pytest.mark.criterion("S-1", "D3.10")
def test_officials_are_locked_out_after_repeated_wrong_passwords(client, settings, official):
    """Officials sign in on the same central page as citizens and fall under the same lock-out
    (django-axes, counted per account and per address in the database)."""
    settings.AXES_ENABLED = True
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": official.username, "password": "sai"})
    response = client.post(url, {"username": official.username, "password": "Mat-khau-2026"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # From another address the account stays locked: the lock is on the account too.
    other = client.post(
        url, {"username": official.username, "password": "Mat-khau-2026"}, REMOTE_ADDR="192.0.2.9"
    )
    assert other.status_code == 429


@pytest.mark.criterion("D3.10")
def test_officials_sign_in_centrally_and_reach_their_workspace_by_role(client, official):
    """One account store and one sign-in page for everyone; what an official may open comes
    from their role in their unit (province administrators: the system pages)."""
    response = client.post(
        reverse("accounts:login"),
        {"username": official.username, "password": "Mat-khau-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("ops:audit_log")).status_code == 403  # a receptionist is not an admin
