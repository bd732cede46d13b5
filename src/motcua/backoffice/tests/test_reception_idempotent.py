"""Posting the counter reception form twice — a double click, a resent page, two posts at once —
registers one dossier: the form's one-time token makes the second post show the dossier already
received, with its code and receipt."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

from .helpers import BACKOFFICE_STEPS, client_for
from .test_reception import form_url, reception_data


def rendered_token(client, world) -> str:
    page = client.get(form_url(world)).content.decode()
    match = re.search(r'name="form_token" value="([0-9a-f]{32})"', page)
    assert match, "the reception form carries a one-time token"
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.criterion("PL2-2.1", "PL2-2.4")
def test_the_same_form_posted_twice_shows_the_dossier_already_received(world):
    client = client_for(world.reception)
    token = rendered_token(client, world)
    assert token != rendered_token(client, world)  # a new token per rendering
    first = client.post(form_url(world), reception_data(form_token=token))
    dossier = Dossier.objects.get()
    done = reverse("backoffice:reception_done", args=[dossier.code])
    assert first.url == done and dossier.state == State.RECEIVED
    second = client.post(form_url(world), reception_data(form_token=token), follow=True)
    assert second.redirect_chain == [(done, 302)]
    page = second.content.decode()
    assert f"Hồ sơ này đã được ghi nhận với mã {dossier.code}; không tạo thêm hồ sơ." in page
    assert reverse("documents:form_download", args=[dossier.code, "giay-tiep-nhan", "pdf"]) in page
    assert Dossier.objects.count() == 1
    # A new rendering of the form registers a new dossier.
    client.post(form_url(world), reception_data(form_token=rendered_token(client, world)))
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_post_does_not_use_up_its_token(world):
    client = client_for(world.reception)
    token = rendered_token(client, world)
    refused = client.post(form_url(world), reception_data(form_token=token, applicant_name=""))
    assert refused.status_code == 400 and f'value="{token}"' in refused.content.decode()
    client.post(form_url(world), reception_data(form_token=token))
    client.post(form_url(world), reception_data(form_token=token))
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_a_mau02_posted_twice_registers_one_dossier(world):
    client = client_for(world.reception)
    data = reception_data(
        form_token=rendered_token(client, world),
        status_1="missing",
        outcome="supplement",
        reason="Thiếu giấy chứng sinh.",
    )
    client.post(form_url(world), data)
    client.post(form_url(world), data)
    assert Dossier.objects.get().state == State.INTAKE_FIX_REQUESTED


@pytest.mark.postgres_only
@pytest.mark.criterion("PL2-2.1", "PL2-2.4")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_register_one_dossier():
    from motcua.dossiers.tests.world import build_world

    world = build_world(steps=BACKOFFICE_STEPS)
    clients = [client_for(world.reception) for _ in range(4)]
    token = rendered_token(clients[0], world)
    barrier = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def post(index: int) -> None:
        try:
            barrier.wait()
            answers[index] = clients[index].post(form_url(world), reception_data(form_token=token))
        except Exception as exc:  # asserted on below
            answers[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    dossier = Dossier.objects.get()
    done = reverse("backoffice:reception_done", args=[dossier.code])
    assert [(a.status_code, a.url) for a in answers] == [(302, done)] * len(clients)
    assert dossier.code.endswith("-0001")  # the losers' codes were given back
