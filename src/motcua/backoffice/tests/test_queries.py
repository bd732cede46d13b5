"""Every list costs a fixed number of queries, however many dossiers it shows (no N+1)."""

import pytest
from django.urls import reverse

from motcua.dossiers import services

from .helpers import applicant, client_for, counter_dossier, online_dossier, to_finished, v

pytestmark = pytest.mark.django_db


def cost(django_assert_max_num_queries, client, url, limit, **params):
    with django_assert_max_num_queries(limit):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.fixture
def many(world):
    for i in range(12):
        d = counter_dossier(world, applicant=applicant(name=f"Nguyễn Văn {i}"))
        if i % 3 == 0:
            services.assign(d, actor=world.division_leader, **v(d), assignee=world.specialist)
        online_dossier(world)
    for _ in range(3):
        to_finished(world, counter_dossier(world))


def test_lists_have_a_fixed_query_cost(world, many, django_assert_max_num_queries):
    specialist = client_for(world.specialist)
    cost(django_assert_max_num_queries, specialist, reverse("backoffice:my_work"), 14)
    cost(django_assert_max_num_queries, specialist, reverse("backoffice:search"), 12, q="nguyen")
    cost(django_assert_max_num_queries, specialist, reverse("backoffice:search"), 12, all=1)
    desk = client_for(world.reception)
    cost(django_assert_max_num_queries, desk, reverse("backoffice:intake"), 10)
    cost(django_assert_max_num_queries, desk, reverse("backoffice:returns"), 10)
    leader = client_for(world.agency_leader)
    cost(django_assert_max_num_queries, leader, reverse("backoffice:dashboard"), 14)
    admin = client_for(world.province_admin)
    cost(django_assert_max_num_queries, admin, reverse("backoffice:roles"), 12)


def test_dossier_page_cost_does_not_grow_with_its_history(world, django_assert_max_num_queries):
    plain = to_finished(world, counter_dossier(world))
    busy = counter_dossier(world)
    busy = services.request_supplement(
        busy, actor=world.specialist, **v(busy), items=["A", "B"], reason="Thiếu"
    )
    busy = services.receive_supplement(
        busy, actor=world.reception, **v(busy), components=[services.ComponentData(name="A")]
    )
    busy = services.forward(busy, actor=world.specialist, **v(busy))
    busy = services.return_back(busy, actor=world.division_leader, **v(busy), reason="Xem lại")
    busy = to_finished(world, busy)
    client = client_for(world.reception)
    with django_assert_max_num_queries(60) as first:
        client.get(reverse("backoffice:dossier", args=[plain.code]))
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("backoffice:dossier", args=[busy.code]))
    assert response.content.decode().count('class="bo-timeline__entry"') > 10
