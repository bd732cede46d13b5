"""A refused page says why, in the user's language, inside the site's layout."""

import pytest
from django.urls import reverse

from motcua.accounts.models import User


@pytest.mark.django_db
def test_the_service_layers_reason_is_shown_to_a_citizen(client):
    citizen = User.objects.create_user("congdan", password="Mat-khau-2026", full_name="Công Dân")
    client.force_login(citizen)
    response = client.get(reverse("reports:statistics"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền truy cập" in page
    assert "Trang này chỉ dành cho cán bộ, công chức." in page
    assert "Về trang làm việc của cán bộ" not in page  # no way into the back office offered


def test_an_official_is_offered_the_way_back_to_the_workspace(client, official):
    client.force_login(official)
    response = client.get(reverse("ops:audit_log"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chỉ quản trị hệ thống tỉnh được thực hiện thao tác này." in page
    assert reverse("backoffice:home") in page
