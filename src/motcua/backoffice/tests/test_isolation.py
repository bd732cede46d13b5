"""An official of agency A cannot list, open or act on a dossier of agency B — through the
back office's screens or through the API — and non-officials are turned away."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.states import State

from .helpers import client_for, counter_dossier, online_dossier, to_finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(world, other_world):
    """Dossiers of the other world's agencies, at every stage the lists show."""
    ours = counter_dossier(world)
    return {
        "ours": ours,
        "processing": counter_dossier(
            other_world,
            components=[
                services.ComponentData(
                    name="Tờ khai", files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")]
                )
            ],
        ),
        "online": online_dossier(other_world),
        "finished": to_finished(other_world, counter_dossier(other_world)),
    }


@pytest.mark.criterion("PL2-6")
def test_lists_of_agency_a_never_show_dossiers_of_agency_b(world, theirs):
    for user in (
        world.reception,
        world.specialist,
        world.division_leader,
        world.agency_leader,
        world.clerk,
    ):
        client = client_for(user)
        pages = [
            client.get(reverse("backoffice:search"), {"all": 1}),
            client.get(reverse("backoffice:search"), {"q": "nguyen van an"}),
            client.get(reverse("backoffice:my_work")),
            client.get(reverse("backoffice:intake")),
            client.get(reverse("backoffice:returns")),
            client.get(reverse("backoffice:dashboard")),
        ]
        text = "".join(p.content.decode() for p in pages if p.status_code == 200)
        for name in ("processing", "online", "finished"):
            assert theirs[name].code not in text, (user, name)
    desk = client_for(world.reception).get(reverse("backoffice:search"), {"all": 1})
    assert theirs["ours"].code in desk.content.decode()


@pytest.mark.criterion("PL2-6")
def test_agency_a_cannot_open_or_act_on_a_dossier_of_agency_b(world, other_world, theirs):
    d = theirs["processing"]
    stored = d.components.get().files.get()
    for user in (world.reception, world.specialist, world.division_leader, world.agency_leader):
        client = client_for(user)
        assert client.get(reverse("backoffice:dossier", args=[d.code])).status_code == 404
        assert client.get(reverse("backoffice:file", args=[d.code, stored.pk])).status_code == 404
        for action, data in (
            ("forward", {}),
            ("request_supplement", {"items": "X", "reason": "Y"}),
            (
                "extend",
                {
                    "new_due_date": "2030-01-01",
                    "new_due_time": "16:00",
                    "reason": "a",
                    "apology_text": "b",
                },
            ),
        ):
            url = reverse("backoffice:action", args=[d.code, action])
            assert client.get(url).status_code == 404
            response = client.post(url, {"expected_version": d.version, **data})
            assert response.status_code == 404
        online = theirs["online"]
        receive = reverse("backoffice:action", args=[online.code, "receive"])
        assert client.post(receive, {"expected_version": online.version}).status_code == 404
    d.refresh_from_db()
    assert d.state == State.RECEIVED and d.version == 2
    assert theirs["online"].__class__.objects.get(pk=theirs["online"].pk).state == State.SUBMITTED


@pytest.mark.criterion("PL2-6")
def test_agency_a_cannot_list_open_or_act_on_a_dossier_of_agency_b_through_the_api(world, theirs):
    d = theirs["processing"]
    client = client_for(world.specialist)
    listed = client.get("/api/v1/dossiers/").json()
    listed_codes = {row["code"] for row in listed["results"]}
    assert theirs["ours"].code in listed_codes and d.code not in listed_codes
    assert client.get(f"/api/v1/dossiers/{d.code}/").status_code == 404
    assert client.get(f"/api/v1/dossiers/{d.code}/history/").status_code == 404
    response = client.post(
        f"/api/v1/dossiers/{d.code}/actions/forward/",
        json.dumps({"expected_version": d.version}),
        content_type="application/json",
    )
    assert response.status_code == 404
    d.refresh_from_db()
    assert d.version == 2


def test_citizens_and_strangers_are_kept_out_of_the_back_office(world):
    login = reverse("accounts:login")
    anonymous = client_for(world.citizen)
    anonymous.logout()
    response = anonymous.get(reverse("backoffice:my_work"))
    assert response.status_code == 302 and response.url.startswith(login)
    for user in (world.citizen, world.stranger):
        client = client_for(user)
        for name in ("backoffice:home", "backoffice:search", "backoffice:dashboard"):
            assert client.get(reverse(name)).status_code == 403
    # A specialist may search but has no dashboard, counter or role screens.
    specialist = client_for(world.specialist)
    assert specialist.get(reverse("backoffice:search")).status_code == 200
    for name in (
        "backoffice:dashboard",
        "backoffice:reception",
        "backoffice:roles",
        "backoffice:navigation",
    ):
        assert specialist.get(reverse(name)).status_code == 403
