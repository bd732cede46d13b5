"""Role administration (PL2-6): centre and province administrators give and withdraw roles of
officials within their scope; every change is audited and takes effect at once."""

import pytest
from django.urls import reverse

from motcua.accounts.models import Membership, Role, User
from motcua.core.models import AuditEntry
from motcua.dossiers.tests.world import official

from .helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre_admin(world):
    return official("quantri.trungtam.t", world.desk, Role.CENTRE_ADMIN)


@pytest.mark.criterion("PL2-6")
def test_centre_administrator_gives_and_withdraws_roles_within_the_centre(world, centre_admin):
    newcomer = User.objects.create_user("canbo.moi", password="x", full_name="Đinh Thị Mới")
    client = client_for(centre_admin)
    listing = client.get(reverse("backoffice:roles"), {"q": "canbo.moi"})
    assert "Đinh Thị Mới" in listing.content.decode()
    url = reverse("backoffice:role_user", args=[newcomer.pk])
    response = client.post(url, {"agency": world.desk.pk, "role": Role.RECEPTION})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.agency, membership.role) == (world.desk, Role.RECEPTION)
    # The new officer can work at the counter straight away.
    assert client_for(newcomer).get(reverse("backoffice:reception")).status_code == 200
    listing = client.get(reverse("backoffice:roles")).content.decode()
    assert "Đinh Thị Mới" in listing and "Cán bộ tiếp nhận một cửa" in listing
    assert client.post(url, {"end": membership.pk}).status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert client_for(newcomer).get(reverse("backoffice:reception")).status_code == 403
    actions = list(
        AuditEntry.objects.filter(action__startswith="backoffice.role_")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["backoffice.role_granted", "backoffice.role_ended"]


@pytest.mark.criterion("PL2-6")
def test_administrators_stay_within_their_scope(world, centre_admin):
    client = client_for(centre_admin)
    url = reverse("backoffice:role_user", args=[world.specialist.pk])
    outside = client.post(url, {"agency": world.department.pk, "role": Role.SPECIALIST})
    assert outside.status_code == 400  # the department is not a choice for the centre
    too_high = client.post(url, {"agency": world.desk.pk, "role": Role.PROVINCE_ADMIN})
    assert too_high.status_code == 400
    specialist_role = Membership.objects.get(user=world.specialist)
    page = client.get(url).content.decode()
    assert f'value="{specialist_role.pk}"' not in page  # not the centre's to withdraw
    forbidden = client.post(url, {"end": specialist_role.pk})
    assert forbidden.status_code == 403
    assert Membership.objects.filter(user=world.specialist, is_active=True).count() == 1
    # The province administrator manages every unit.
    province = client_for(world.province_admin)
    response = province.post(url, {"agency": world.department.pk, "role": Role.CLERK})
    assert response.status_code == 302
    duplicate = province.post(url, {"agency": world.department.pk, "role": Role.CLERK})
    assert "Cán bộ đã có vai trò này tại đơn vị này." in duplicate.content.decode()


def test_an_administrator_cannot_withdraw_their_own_administration(world):
    client = client_for(world.province_admin)
    own = Membership.objects.get(user=world.province_admin)
    url = reverse("backoffice:role_user", args=[world.province_admin.pk])
    response = client.post(url, {"end": own.pk})
    assert response.status_code == 400
    assert "Không thể tự thu hồi" in response.content.decode()
