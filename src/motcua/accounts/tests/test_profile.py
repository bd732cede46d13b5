import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import services
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form(citizen, **changes):
    data = {
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "date_of_birth": "",
        "address": citizen.address,
        "phone": citizen.phone,
        "email": citizen.email,
        "language": citizen.language,
        "notify_by_email": "on",
        "notify_by_sms": "on",
    }
    return data | changes


@pytest.mark.criterion("PL3-13")
def test_invalid_id_number_is_explained_and_nothing_is_saved(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        _form(citizen, id_number="099090012345", address="Số 1 Hùng Vương"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "không phải mã tỉnh" in content
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in content
    assert 'aria-invalid="true"' in content
    citizen.refresh_from_db()
    assert citizen.id_number == "" and citizen.address == ""
    assert not AuditEntry.objects.filter(action="accounts.profile_updated").exists()


@pytest.mark.criterion("PL3-13")
def test_valid_profile_is_saved_and_audited(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        _form(
            citizen,
            id_number="051 090 012 345",
            date_of_birth="1990-05-17",
            address="Số 1 Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
        ),
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.id_number == "051090012345"
    assert citizen.date_of_birth == datetime.date(1990, 5, 17)
    entry = AuditEntry.objects.get(action="accounts.profile_updated", object_id=str(citizen.pk))
    assert entry.actor == citizen
    assert entry.details["changes"]["id_number"] == ["", "051090012345"]
    assert entry.details["changes"]["date_of_birth"] == [None, "1990-05-17"]


def test_birth_year_must_agree_with_the_id_number(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        _form(citizen, id_number="051090012345", date_of_birth="1991-05-17"),
    )
    assert "không khớp với ngày sinh" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.id_number == "" and citizen.date_of_birth is None


def test_a_new_phone_must_be_proven_again(client, citizen, commit, sms_outbox):
    client.force_login(citizen)
    with commit():
        response = client.post(reverse("accounts:profile"), _form(citizen, phone="0987654321"))
    assert response.url == reverse("accounts:verify_phone")
    citizen.refresh_from_db()
    assert citizen.phone == "0987654321" and citizen.phone_verified_at is None
    assert sms_outbox[-1].to == "0987654321"
    assert citizen.email_verified_at is not None  # untouched contacts keep their proof


def test_phone_taken_by_someone_else(client, citizen, django_user_model):
    django_user_model.objects.create_user("b", phone="0987654321", password="x")
    client.force_login(citizen)
    response = client.post(reverse("accounts:profile"), _form(citizen, phone="0987654321"))
    assert "đã được dùng cho một tài khoản khác" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"


def test_identity_fields_are_locked_once_verified_by_the_national_identity(client, citizen):
    citizen.id_number = "051090012345"
    citizen.date_of_birth = datetime.date(1990, 5, 17)
    citizen.id_number_verified_at = timezone.now()
    citizen.save()
    client.force_login(citizen)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="id_number" value="051090012345"' in content and "disabled" in content
    # A forged POST cannot change them either (disabled fields keep their value) ...
    client.post(reverse("accounts:profile"), _form(citizen, full_name="Người Khác"))
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn An"
    # ... nor can a direct service call.
    with pytest.raises(services.ValidationError, match="định danh điện tử"):
        services.update_profile(citizen, actor=citizen, full_name="Người Khác")


def test_nobody_edits_someone_elses_profile(citizen, django_user_model):
    other = django_user_model.objects.create_user("b", password="x")
    with pytest.raises(services.PermissionDenied):
        services.update_profile(citizen, actor=other, address="x")


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
