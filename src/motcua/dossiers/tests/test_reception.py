import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core import events
from motcua.dossiers import services as s
from motcua.dossiers.exceptions import ConflictError
from motcua.dossiers.models import DossierFee, HistoryEntry, SupplementRequest, Task
from motcua.dossiers.states import State

from .world import HCM, Clock, applicant, build_world, counter_dossier, online_dossier, v


@pytest.mark.criterion("PL1-1", "PL2-2.1", "PL2-2.2")
def test_online_submission_is_new_and_has_its_code(world, django_capture_on_commit_callbacks):
    clock = Clock(dt.datetime(2026, 3, 2, 16, 40, tzinfo=HCM))
    with events.capture("dossier.") as seen, django_capture_on_commit_callbacks(execute=True):
        d = online_dossier(world, clock)
    assert d.code == f"{world.desk.code}-260302-0001"
    assert (d.state, d.national_status, d.get_national_status_display()) == (
        State.SUBMITTED,
        1,
        "Mới đăng ký",
    )
    assert d.owner == world.citizen and d.rule_version.code == "nd118-tt03-2025"
    # NĐ 118 Điều 17.2: alert within 2 hours, decide within 8 working hours.
    assert d.intake_alert_due_at == clock.now + dt.timedelta(hours=2)
    assert d.intake_due_at == dt.datetime(2026, 3, 3, 16, 45, tzinfo=HCM)
    assert [e.name for e in seen] == ["dossier.submitted", "dossier.status_changed"]
    assert seen[0]["code"] == d.code
    assert (seen[1]["state_before"], seen[1]["state"], seen[1]["due_at"]) == ("", "submitted", None)


@pytest.mark.criterion("PL1-2", "PL2-2.1", "PL2-2.2", "D4.1", "D4.2")
def test_counter_reception_starts_the_clock_and_the_process(world):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))  # Monday
    d = counter_dossier(world, clock, collect_fees=s.PaymentData("cash", "BL-0001"))
    assert d.code == f"{world.desk.code}-260302-0001"
    assert (d.state, d.national_status) == (State.RECEIVED, 2)
    assert d.received_at == clock.now
    # 3 working days from Monday 09:05 → Thursday 09:05.
    assert d.due_at == d.original_due_at == dt.datetime(2026, 3, 5, 9, 5, tzinfo=HCM)
    task = d.tasks.get(status=Task.Status.OPEN)
    assert (task.order, task.agency, task.role, task.assignee) == (
        1,
        world.division,
        "division_leader",
        None,
    )
    assert task.due_at == dt.datetime(2026, 3, 2, 11, 5, tzinfo=HCM)
    assert list(d.history.values_list("action", "status_before", "status_after")) == [
        ("submit", None, 1),
        ("receive", 1, 2),
    ]
    entry = d.history.get(action="receive")
    assert (entry.actor, entry.actor_role, entry.actor_unit) == (
        world.reception,
        "reception",
        world.desk,
    )
    fee = d.fees.get()
    assert (fee.status, fee.receipt_number, fee.amount) == (DossierFee.Status.PAID, "BL-0001", 8000)
    assert d.components.count() == 2


@pytest.mark.criterion("PL2-2.1")
def test_paper_dossier_after_15h_counts_from_the_next_morning(world):
    d = counter_dossier(world, Clock(dt.datetime(2026, 3, 2, 15, 20, tzinfo=HCM)))
    assert d.processing_started_at == dt.datetime(2026, 3, 3, 7, 0, tzinfo=HCM)
    assert d.due_at == dt.datetime(2026, 3, 5, 17, 0, tzinfo=HCM)


@pytest.mark.criterion("PL2-2.1")
def test_post_national_portal_and_vneid_channels(world):
    clock = Clock()
    post = counter_dossier(
        world, clock, channel="post", return_method="post", delivery_address="12 Lê Lợi, Quảng Ngãi"
    )
    assert post.channel == "post" and post.state == State.RECEIVED
    for channel in ("national_portal", "vneid"):
        d = online_dossier(world, clock, actor=None, channel=channel, owner=world.citizen)
        assert d.channel == channel and d.national_status == 1
        with pytest.raises(PermissionDenied):
            online_dossier(world, clock, channel=channel)  # only the integration pushes these
    with pytest.raises(PermissionDenied):
        counter_dossier(world, clock, actor=world.citizen)


def test_submission_is_validated_and_writes_nothing_when_bad(world):
    clock = Clock()
    with pytest.raises(ValidationError) as info:
        online_dossier(
            world, clock, applicant=applicant(name="  "), receiving_agency=world.department
        )
    assert set(info.value.message_dict) == {"applicant", "receiving_agency"}
    with_form = build_world(form_schema={"type": "object", "required": ["ho_ten_tre"]})
    with pytest.raises(ValidationError) as info:
        online_dossier(with_form, clock, form_data={})
    assert "Tờ khai chưa hợp lệ" in info.value.message_dict["form_data"][0]
    assert not HistoryEntry.objects.exists()


@pytest.mark.criterion("PL1-3")
def test_refuse_reception(world, django_capture_on_commit_callbacks):
    clock = Clock()
    d = online_dossier(world, clock)
    with pytest.raises(ValidationError):
        s.refuse_reception(d, actor=world.reception, **v(d), reason=" ", now=clock.tick())
    with events.capture() as seen, django_capture_on_commit_callbacks(execute=True):
        d = s.refuse_reception(
            d, actor=world.reception, **v(d), reason="Không thuộc thẩm quyền", now=clock.tick()
        )
    assert (d.state, d.national_status, d.closing_note) == (
        State.NOT_RECEIVED,
        3,
        "Không thuộc thẩm quyền",
    )
    assert {e.name for e in seen} == {"dossier.not_received", "dossier.status_changed"}
    assert not d.tasks.exists()


@pytest.mark.criterion("PL1-5", "PL1-2")
def test_request_intake_fix_then_resubmit_then_receive(world):
    clock = Clock()
    d = online_dossier(world, clock)
    with pytest.raises(ValidationError):
        s.request_intake_fix(
            d, actor=world.reception, **v(d), items=[], reason="x", now=clock.tick()
        )
    d = s.request_intake_fix(
        d,
        actor=world.reception,
        **v(d),
        items=["Giấy chứng sinh bản chính", " "],
        reason="Thiếu giấy chứng sinh",
        now=clock.tick(),
    )
    assert (d.state, d.national_status) == (State.INTAKE_FIX_REQUESTED, 5)
    request = d.supplements.get()
    assert (request.stage, request.items) == ("reception", ["Giấy chứng sinh bản chính"])
    with pytest.raises(PermissionDenied):
        s.resubmit(d, actor=world.stranger, **v(d), now=clock.tick())
    d = s.resubmit(
        d,
        actor=world.citizen,
        **v(d),
        components=[s.ComponentData("Giấy chứng sinh")],
        note="Đã bổ sung",
        now=clock.tick(),
    )
    assert (d.state, d.national_status) == (State.SUBMITTED, 1)
    assert d.supplements.get().status == SupplementRequest.Status.ANSWERED
    d = s.receive(d, actor=world.reception, **v(d), now=clock.tick())
    assert (d.state, d.national_status) == (State.RECEIVED, 2)
    assert d.components.filter(status="supplemented").count() == 1


def test_receive_refuses_a_dossier_with_missing_components(world):
    clock = Clock()
    d = online_dossier(world, clock, components=[s.ComponentData("Tờ khai", status="missing")])
    with pytest.raises(ValidationError, match="còn thiếu thành phần"):
        s.receive(d, actor=world.reception, **v(d), now=clock.tick())
    d.refresh_from_db()
    assert d.state == State.SUBMITTED


@pytest.mark.criterion("PL2-2.1", "PL2-2.6")
def test_boundary_free_reception_at_a_commune_desk(world):
    """NĐ 118 Điều 14, 20: the commune centre receives a provincial procedure; the code carries
    the receiving desk, the department settles, the result returns to the commune desk."""
    clock = Clock()
    d = counter_dossier(
        world, clock, actor=world.commune_reception, receiving_agency=world.commune_desk
    )
    assert d.code.startswith(world.commune_desk.code + "-")
    assert (d.receiving_agency, d.settling_agency) == (world.commune_desk, world.department)
    assert d.tasks.get(status="open").agency == world.division
    online = online_dossier(world, clock, receiving_agency=world.commune_desk)
    with pytest.raises(PermissionDenied):  # the provincial desk is not the receiving centre
        s.receive(online, actor=world.reception, **v(online))
    online = s.receive(online, actor=world.commune_reception, **v(online))
    assert online.state == State.RECEIVED


def test_stale_version_is_a_conflict_and_changes_nothing(world):
    clock = Clock()
    d = counter_dossier(world, clock)
    stale = d.version
    d = s.forward(
        d,
        actor=world.division_leader,
        expected_version=stale,
        assignee=world.specialist,
        now=clock.tick(),
    )
    with pytest.raises(ConflictError, match="vừa được người khác cập nhật"):
        s.forward(d, actor=world.specialist, expected_version=stale, now=clock.tick())
    assert d.history.count() == 3


def test_history_is_append_only(world):
    d = counter_dossier(world, Clock())
    entry = d.history.first()
    entry.note = "sửa"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_the_code_is_immutable(world):
    d = counter_dossier(world, Clock())
    d.refresh_from_db()
    d.code = "000.00.01.H48-260302-9999"
    with pytest.raises(ValueError, match="immutable"):
        d.save()
