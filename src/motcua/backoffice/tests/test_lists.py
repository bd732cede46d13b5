"""My work, search and the leader dashboard: sorted by due, due-soon/overdue marks, filters,
counts per tab, search by every key, and figures that drill down to their dossiers."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.states import State

from .helpers import applicant, client_for, counter_dossier, online_dossier, to_finished, v

pytestmark = pytest.mark.django_db


def codes(html: str) -> list[str]:
    return re.findall(r'class="bo-code" href="/mot-cua/ho-so/([^/]+)/"', html)


def get(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def dossiers(world):
    """Three dossiers at the specialist's step: one received two weeks ago (overdue), one
    received now, one received now and waiting for a supplement."""
    past = timezone.now() - dt.timedelta(days=14)
    late = counter_dossier(world, applicant=applicant(name="Lê Thị Muộn"), now=past)
    fresh = counter_dossier(world, applicant=applicant(name="Phạm Văn Mới", id_number=""))
    waiting = counter_dossier(world, applicant=applicant(name="Võ Chờ", phone="0912000111"))
    waiting = services.request_supplement(
        waiting, actor=world.specialist, **v(waiting), items=["Giấy chứng sinh"], reason="Thiếu"
    )
    return late, fresh, waiting


@pytest.mark.criterion("PL2-8")
def test_my_work_sorted_by_due_with_marks_filters_and_counts_per_tab(world, dossiers):
    late, fresh, waiting = dossiers
    client = client_for(world.specialist)
    html = get(client, "backoffice:my_work")
    assert codes(html) == [late.code, fresh.code, waiting.code]
    assert "Quá hạn" in html
    counts = dict(re.findall(r'\?tab=(\w+)[^>]*>[^<]*<span class="bo-count">(\d+)<', html))
    assert counts == {"all": "3", "overdue": "1", "due_soon": counts["due_soon"], "waiting": "1"}
    assert codes(get(client, "backoffice:my_work", tab="overdue")) == [late.code]
    assert codes(get(client, "backoffice:my_work", tab="waiting")) == [waiting.code]
    procedure = world.version.procedure_id
    assert len(codes(get(client, "backoffice:my_work", procedure=procedure))) == 3
    assert codes(get(client, "backoffice:my_work", status=5)) == [waiting.code]
    assert len(codes(get(client, "backoffice:my_work", unit=world.division.pk))) == 3
    # An unknown filter value is ignored, never an error.
    assert get(client, "backoffice:my_work", status="abc", tab="nope")


def test_assigned_work_is_only_in_the_assignees_list(world):
    d = counter_dossier(world)
    d = services.assign(d, actor=world.division_leader, **v(d), assignee=world.specialist)
    assert d.code in get(client_for(world.specialist), "backoffice:my_work")
    assert d.code not in get(client_for(world.specialist2), "backoffice:my_work")


@pytest.mark.criterion("PL2-4")
def test_search_by_code_name_without_diacritics_id_number_phone_procedure_status_dates(
    world, dossiers
):
    late, _fresh, waiting = dossiers
    client = client_for(world.specialist)
    search = "backoffice:search"
    assert codes(get(client, search, q=late.code[-11:])) == [late.code]
    assert codes(get(client, search, q="le thi muon")) == [late.code]
    assert codes(get(client, search, q="LÊ THỊ")) == [late.code]
    assert codes(get(client, search, q="001090012345")) == [waiting.code, late.code]
    assert codes(get(client, search, q="0912 000 111")) == [waiting.code]
    assert len(codes(get(client, search, procedure="khai sinh"))) == 3
    assert codes(get(client, search, status=5)) == [waiting.code]
    today = timezone.localdate().isoformat()
    assert late.code not in codes(get(client, search, date_from=today))
    two_weeks = (timezone.localdate() - dt.timedelta(days=14)).isoformat()
    assert codes(get(client, search, date_to=two_weeks)) == [late.code]
    assert codes(get(client, search, q="khong co ai")) == []
    wrong = get(client, search, date_from=today, date_to=two_weeks)
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in wrong


def test_search_pages_through_results(world):
    for i in range(27):
        counter_dossier(world, applicant=applicant(name=f"Người thứ {i}", id_number=""))
    client = client_for(world.specialist)
    first = get(client, "backoffice:search", q="nguoi thu")
    assert len(codes(first)) == 25 and "27 hồ sơ phù hợp" in first
    second = get(client, "backoffice:search", q="nguoi thu", page=2)
    assert len(codes(second)) == 2
    assert not set(codes(first)) & set(codes(second))


@pytest.mark.criterion("PL2-8")
def test_dashboard_figures_by_unit_and_person_drill_down_to_their_dossiers(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the statistics follow events
        past = timezone.now() - dt.timedelta(days=14)
        late = counter_dossier(world, applicant=applicant(name="Lê Thị Muộn"), now=past)
        fresh = counter_dossier(world)
        fresh = services.assign(
            fresh, actor=world.division_leader, **v(fresh), assignee=world.specialist
        )
        waiting = counter_dossier(world)
        waiting = services.request_supplement(
            waiting, actor=world.specialist, **v(waiting), items=["A"], reason="Thiếu"
        )
        done = to_finished(world, counter_dossier(world))
    leader = client_for(world.agency_leader)
    html = get(leader, "backoffice:dashboard")
    # Every figure is a link; follow them and compare.
    unit_row = re.search(
        rf"<th scope=\"row\">{re.escape(world.division.name)}</th>(.*?)</tr>", html, re.S
    ).group(1)
    total, overdue, _due_soon, _step_late = re.findall(r'href="([^"]+)"[^>]*>(\d+)<', unit_row)
    assert total[1] == "2" and overdue[1] == "1"  # the dossier waiting for papers is not counted
    assert sorted(codes(get_url(leader, total[0]))) == sorted([late.code, fresh.code])
    assert codes(get_url(leader, overdue[0])) == [late.code]
    person_row = re.search(
        rf"<th scope=\"row\">{re.escape(str(world.specialist))}</th>(.*?)</tr>", html, re.S
    ).group(1)
    assert codes(get_url(leader, re.findall(r'href="([^"]+)"', person_row)[0])) == [fresh.code]
    unassigned = re.search(r'<th scope="row">Chưa phân công</th>(.*?)</tr>', html, re.S).group(1)
    assert codes(get_url(leader, re.findall(r'href="([^"]+)"', unassigned)[0])) == [late.code]
    # This month (QĐ 766): 4 dossiers to settle; all but the overdue one on time or in time.
    month = re.search(r'id="figures-month"(.*?)</section>', html, re.S).group(1)
    assert "75,0 %" in month
    late_link = re.search(r'href="([^"]+)"><span class="bo-stat__value">1<', month).group(1)
    listed = get_url(leader, late_link)
    assert late.code in listed and done.code not in listed and waiting.code not in listed


def get_url(client, url):
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.content.decode()


def test_lists_of_the_desk(world):
    online = online_dossier(world)
    counter_dossier(world)
    finished = to_finished(world, counter_dossier(world))
    desk = client_for(world.reception)
    assert codes(get(desk, "backoffice:intake")) == [online.code]
    assert codes(get(desk, "backoffice:returns")) == [finished.code]
    assert finished.state == State.FINISHED
