"""The working-calendar admin in English (/en/): the catalogue's labels, no Vietnamese
interface text."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_holiday_admin_in_english(admin_client, seeded):
    with translation.override("vi"):  # the middleware's English must not outlive the test
        listing = reverse("admin:worktime_holiday_changelist")
        upload = reverse("admin:worktime_holiday_import")
        listing = admin_client.get("/en" + listing).content.decode()
        upload = admin_client.get("/en" + upload).content.decode()
    assert "Working calendar and time limits" in listing
    assert "Weekday" in listing and "Import a public holiday notice" in listing
    assert "Import the yearly public holiday notice" in upload
    assert "Import the notice" in upload and "Nhập thông báo" not in upload
