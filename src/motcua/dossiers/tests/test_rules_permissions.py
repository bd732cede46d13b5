import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Membership, Role
from motcua.dossiers import selectors
from motcua.dossiers import services as s
from motcua.dossiers.models import RuleVersion
from motcua.dossiers.permissions import GRANTS, can_view
from motcua.dossiers.rules import rules_for
from motcua.dossiers.states import DEFAULT_STATUS_MAPPING, Action, NationalStatus, State

from .world import HCM, Clock, counter_dossier, drive, online_dossier, v


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (dt.datetime(2015, 1, 1, tzinfo=HCM), "nd61-2018"),
        (dt.datetime(2019, 1, 1, tzinfo=HCM), "nd61-2018"),
        (dt.datetime(2023, 1, 1, tzinfo=HCM), "nd107-2021"),
        (dt.datetime(2025, 6, 30, 23, 59, tzinfo=HCM), "nd107-2021"),
        (dt.datetime(2025, 7, 1, 0, 0, tzinfo=HCM), "nd118-2025"),
        (dt.datetime(2025, 9, 15, 8, 0, tzinfo=HCM), "nd118-tt03-2025"),
    ],
)
def test_rules_for_picks_the_version_in_force_on_the_local_day(db, moment, code):
    assert rules_for(moment).code == code


def test_a_dossier_keeps_its_rule_version(world):
    clock = Clock(dt.datetime(2025, 6, 30, 16, 0, tzinfo=HCM))
    d = counter_dossier(world, clock)
    d = s.forward(d, actor=world.division_leader, **v(d), now=dt.datetime(2025, 7, 2, tzinfo=HCM))
    d.refresh_from_db()
    assert d.rule_version.code == "nd107-2021"
    assert d.rule_version.form_set == "tt01-2018"
    assert not d.rule_version.applicant_stop_enabled


@pytest.mark.criterion("PL1-0", "D4.2")
def test_national_status_is_derived_from_state_through_the_pinned_mapping(world):
    version = rules_for(dt.datetime(2026, 3, 2, tzinfo=HCM))
    assert version.status_mapping == DEFAULT_STATUS_MAPPING
    assert {NationalStatus(n).label for n in version.status_mapping.values()} == {
        str(label) for label in NationalStatus.labels
    }
    clock = Clock()
    for state in State.values:
        d = drive(world, clock, state)
        assert d.national_status == DEFAULT_STATUS_MAPPING[state]
        assert d.history.last().status_after == d.national_status
    # A province correcting the mapping in the admin changes what dossiers show.
    version.status_mapping = {**version.status_mapping, State.AWAITING_PAYMENT: 4}
    version.full_clean()
    version.save()
    d = drive(world, clock, State.AWAITING_PAYMENT)
    assert d.national_status == 4


def test_rule_version_settings_are_validated(db):
    version = RuleVersion.objects.get(code="nd118-tt03-2025")
    version.code_format = "{agency}-{ngay}"
    version.status_mapping = {"received": 2, "processing": 11}
    with pytest.raises(ValidationError) as info:
        version.full_clean()
    assert set(info.value.message_dict) == {"code_format", "status_mapping"}


def test_every_action_has_a_grant_entry():
    assert set(GRANTS) == set(Action.values)


@pytest.mark.criterion("PL1-11", "PL2-7")
def test_visibility_by_scope(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    online = online_dossier(world, clock)
    # desk, settling department and its division, the province admin: yes; others: no
    for user in (world.reception, world.specialist, world.agency_leader, world.province_admin):
        assert can_view(user, d)
    for user in (world.consulted, world.commune_reception, world.stranger, world.citizen):
        assert not can_view(user, d)
    # the citizen sees only what they own
    assert list(selectors.dossiers_visible_to(world.citizen)) == [online]
    # a consulted unit sees the dossier while (and after) it is consulted
    d = s.consult(
        d,
        actor=world.specialist,
        **v(d),
        requests=[s.ConsultationData(world.other_department.pk, "?", hours=4)],
        now=clock.tick(),
    )
    assert can_view(world.consulted, d)
    # an expired membership gives nothing
    Membership.objects.filter(user=world.specialist).update(valid_to=dt.date(2020, 1, 1))
    world.specialist._motcua_scope = None
    assert not can_view(world.specialist, d)


def test_selectors_search_inbox_and_overdue(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    qs = selectors.dossiers_visible_to(world.reception)
    assert list(selectors.search(qs, "nguyen van an")) == [d]
    assert list(selectors.search(qs, d.code[-6:])) == [d]
    assert list(selectors.search(qs, "001090012345")) == [d]
    assert list(selectors.search(qs, "tran thi")) == []
    assert [t.dossier for t in selectors.inbox(world.specialist)] == [d]
    assert list(selectors.inbox(world.specialist2)) == []
    fresh = counter_dossier(world, clock)
    assert [t.dossier for t in selectors.inbox(world.division_leader)] == [fresh]
    assert list(selectors.overdue(world.reception, d.due_at + dt.timedelta(seconds=1))) == [d]
    assert list(selectors.history_of(d).values_list("seq", flat=True)) == [1, 2, 3]


@pytest.mark.criterion("PL2-2.5")
def test_available_actions_follow_the_role_table(world):
    clock = Clock()
    d = counter_dossier(world, clock)
    assert s.available_actions(d, world.division_leader) == [
        Action.ASSIGN,
        Action.FORWARD,
        Action.RECORD_RESULT,
    ]
    assert s.available_actions(d, world.specialist) == []
    assert s.available_actions(d, world.stranger) == []
    assert Action.STOP in s.available_actions(d, world.agency_leader)
    # a step that does not list an action does not offer it
    d = s.forward(
        d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.tick()
    )
    assert Action.APPROVE not in s.available_actions(d, world.specialist)
    Membership.objects.create(user=world.specialist, agency=world.division, role=Role.CLERK)
    world.specialist._motcua_scope = None
    assert Action.RECORD_PAYMENT not in s.available_actions(d, world.specialist)
