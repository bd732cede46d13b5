import pytest
from django.urls import reverse

from motcua.accounts import services
from motcua.accounts.acting import SESSION_KEY
from motcua.accounts.models import Organisation, OrganisationRole

pytestmark = pytest.mark.django_db

ORG = {
    "name": "Công ty TNHH  Sông Trà",
    "tax_code": "0100109106",
    "address": "Số 2 Quang Trung, tỉnh Quảng Ngãi",
    "email": "",
    "phone": "",
}


@pytest.fixture
def staff_user(django_user_model):
    from django.utils import timezone

    return django_user_model.objects.create_user(
        "nv@example.com",
        email="nv@example.com",
        password="x",
        full_name="Lê Văn Cường",
        email_verified_at=timezone.now(),
    )


@pytest.mark.criterion("PL3-13")
def test_register_organisation_with_tax_code_check(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:organisations"), ORG | {"tax_code": "0100109107"})
    assert "chữ số kiểm tra" in response.content.decode()
    assert not Organisation.objects.exists()

    response = client.post(reverse("accounts:organisations"), ORG)
    organisation = Organisation.objects.get()
    assert response.url == reverse("accounts:organisation", args=[organisation.pk])
    assert organisation.name == "Công ty TNHH Sông Trà"
    assert organisation.name_folded == "cong ty tnhh song tra"
    member = organisation.members.get()
    assert member.user == citizen and member.role == OrganisationRole.REPRESENTATIVE

    response = client.post(reverse("accounts:organisations"), ORG)
    assert "đã được đăng ký" in response.content.decode()


def test_unverified_accounts_cannot_register_organisations(client, django_user_model):
    user = django_user_model.objects.create_user("u", password="x")
    client.force_login(user)
    response = client.post(reverse("accounts:organisations"), ORG)
    assert "xác minh" in response.content.decode()
    assert not Organisation.objects.exists()


def test_representative_adds_staff_who_can_then_act_for_the_organisation(
    client, citizen, staff_user
):
    organisation = services.register_organisation(citizen, **ORG)
    assert not services.can_act_for(staff_user, organisation)
    client.force_login(citizen)
    client.post(
        reverse("accounts:organisation", args=[organisation.pk]),
        {"identifier": "nv@example.com", "role": OrganisationRole.STAFF},
    )
    assert services.can_act_for(staff_user, organisation)

    client.force_login(staff_user)
    response = client.post(reverse("accounts:act_as"), {"organisation": organisation.pk})
    assert client.session[SESSION_KEY] == organisation.pk
    assert response.url == reverse("accounts:organisations")
    # Staff cannot manage members.
    with pytest.raises(services.PermissionDenied):
        services.add_member(
            organisation, actor=staff_user, identifier="an@example.com", role="staff"
        )

    # Removed staff lose the acting context at once.
    member = organisation.members.get(user=staff_user)
    services.remove_member(member, actor=citizen)
    response = client.get(reverse("accounts:organisations"))
    assert response.context["acting"] is None
    assert SESSION_KEY not in client.session


def test_outsiders_cannot_see_or_act_for_an_organisation(client, citizen, staff_user):
    organisation = services.register_organisation(citizen, **ORG)
    client.force_login(staff_user)
    assert client.get(reverse("accounts:organisation", args=[organisation.pk])).status_code == 404
    response = client.post(reverse("accounts:act_as"), {"organisation": organisation.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_the_last_representative_stays(citizen):
    organisation = services.register_organisation(citizen, **ORG)
    with pytest.raises(services.ValidationError, match="ít nhất một người đại diện"):
        services.remove_member(organisation.members.get(), actor=citizen)


def test_adding_an_unknown_account_is_explained(client, citizen):
    organisation = services.register_organisation(citizen, **ORG)
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:organisation", args=[organisation.pk]),
        {"identifier": "khongco@example.com", "role": "staff"},
    )
    assert "Không tìm thấy tài khoản" in response.content.decode()
