import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core import events
from motcua.dossiers import services as s
from motcua.dossiers.exceptions import TransitionError
from motcua.dossiers.models import Task
from motcua.dossiers.states import Action, State

from .world import HCM, Clock, counter_dossier, drive, online_dossier, v


def _extend(world, d, now, new_due=None):
    return s.extend(
        d,
        actor=world.agency_leader,
        **v(d),
        new_due_at=new_due or dt.datetime(2026, 3, 10, 17, 0, tzinfo=HCM),
        reason="Cần xác minh tại địa phương",
        apology_text="Sở Tư pháp xin lỗi ông/bà vì sự chậm trễ.",
        now=now,
    )


@pytest.mark.criterion("PL2-2.7")
def test_apology_and_extension_once_at_least_a_working_day_before_due(
    world, django_capture_on_commit_callbacks
):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)  # due Thursday 09:05
    with pytest.raises(PermissionDenied):
        s.extend(
            d, actor=world.specialist, **v(d), new_due_at=d.due_at, reason="x", apology_text="x"
        )
    with pytest.raises(ValidationError, match="sau ngày hẹn trả hiện tại"):
        _extend(world, d, clock.tick(), new_due=d.due_at)
    with (
        events.capture("dossier.extended") as seen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        d = _extend(world, d, clock.tick())
    assert (d.due_at, d.original_due_at, d.extension_count) == (
        dt.datetime(2026, 3, 10, 17, 0, tzinfo=HCM),
        dt.datetime(2026, 3, 5, 9, 5, tzinfo=HCM),
        1,
    )
    extension = d.extensions.get()
    assert extension.apology_text.startswith("Sở Tư pháp xin lỗi")
    assert seen[0]["new_due_at"] == "2026-03-10T17:00:00+07:00"
    assert Action.EXTEND not in s.available_actions(d, world.agency_leader)
    with pytest.raises(TransitionError, match="một lần"):
        _extend(world, d, clock.tick(), new_due=dt.datetime(2026, 3, 12, 17, tzinfo=HCM))


@pytest.mark.criterion("PL2-2.7")
def test_extension_too_close_to_the_due_moment_is_refused(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)  # due Thursday 09:05
    with pytest.raises(TransitionError, match="chậm nhất 1 ngày làm việc"):
        _extend(world, d, dt.datetime(2026, 3, 4, 9, 30, tzinfo=HCM))
    d = _extend(world, d, dt.datetime(2026, 3, 4, 9, 0, tzinfo=HCM))  # exactly one day before
    assert d.extension_count == 1


@pytest.mark.criterion("PL1-8", "PL2-2.10")
def test_stop_by_the_authority(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.consult(
        d,
        actor=world.specialist,
        **v(d),
        requests=[s.ConsultationData(world.other_department.pk, "?", hours=8)],
        now=clock.tick(),
    )
    with pytest.raises(PermissionDenied):
        s.stop(d, actor=world.specialist, **v(d), reason="x")
    with pytest.raises(ValidationError):
        s.stop(d, actor=world.agency_leader, **v(d), reason=" ")
    d = s.stop(
        d, actor=world.agency_leader, **v(d), reason="Đối tượng đang bị điều tra", now=clock.tick()
    )
    assert (d.state, d.national_status, d.stop_reason, d.closed_at) == (
        State.STOPPED,
        8,
        "authority",
        clock.now,
    )
    assert set(d.tasks.values_list("status", flat=True)) == {"done", "cancelled"}
    assert s.available_actions(d, world.agency_leader) == []


@pytest.mark.criterion("PL1-8", "PL2-2.10")
def test_stop_at_the_applicants_request_under_the_2025_rules(world):
    clock = Clock()
    d = online_dossier(world, clock)
    d = s.receive(d, actor=world.reception, **v(d), now=clock.tick())
    with pytest.raises(PermissionDenied):
        s.stop_at_applicant_request(d, actor=world.stranger, **v(d), reason="x")
    d = s.stop_at_applicant_request(
        d, actor=world.citizen, **v(d), reason="Không còn nhu cầu", now=clock.tick()
    )
    assert (d.state, d.national_status, d.stop_reason) == (State.STOPPED, 8, "applicant_request")
    # After the decision it is too late.
    other = drive(world, clock, State.PROCESSING)
    other = s.forward(other, actor=world.specialist, **v(other), now=clock.tick())
    other = s.approve(other, actor=world.agency_leader, **v(other), now=clock.tick())
    with pytest.raises(TransitionError, match="quyết định giải quyết"):
        s.stop_at_applicant_request(other, actor=world.reception, **v(other), reason="x")


@pytest.mark.criterion("PL1-7", "PL2-2.10")
def test_withdrawal(world):
    clock = Clock()
    d = online_dossier(world, clock)
    d = s.request_withdrawal(
        d, actor=world.citizen, **v(d), reason="Nộp nhầm thủ tục", now=clock.tick()
    )
    assert (d.state, d.national_status) == (State.WITHDRAWAL_REQUESTED, 7)
    with pytest.raises(PermissionDenied):
        s.confirm_withdrawal(d, actor=world.citizen, **v(d))
    d = s.confirm_withdrawal(
        d, actor=world.reception, **v(d), note="Đã trả hồ sơ giấy", now=clock.tick()
    )
    assert (d.state, d.national_status) == (State.WITHDRAWN, 7)
    # Since 1/7/2025 a received dossier is stopped at the applicant's request instead.
    received = counter_dossier(world, clock)
    with pytest.raises(TransitionError, match="dừng giải quyết"):
        s.request_withdrawal(received, actor=world.reception, **v(received), reason="x")
    # Under the 2018 rules a received dossier may still be withdrawn, but not stopped on request.
    old_clock = Clock(dt.datetime(2024, 5, 6, 9, 0, tzinfo=HCM))
    old = drive(world, old_clock, State.PROCESSING)
    with pytest.raises(TransitionError, match="rút hồ sơ"):
        s.stop_at_applicant_request(old, actor=world.reception, **v(old), reason="x")
    old = s.request_withdrawal(
        old, actor=world.reception, **v(old), reason="Theo đơn", now=old_clock.tick()
    )
    old = s.confirm_withdrawal(old, actor=world.reception, **v(old), now=old_clock.tick())
    assert old.state == State.WITHDRAWN
    assert not old.tasks.filter(status=Task.Status.OPEN).exists()


@pytest.mark.criterion("PL2-2.10")
def test_online_amendment_before_the_decision(world):
    clock = Clock()
    d = online_dossier(world, clock, form_data={"noi_sinh": "Quảng Ngãi"})
    d = s.receive(d, actor=world.reception, **v(d), now=clock.tick())
    with pytest.raises(PermissionDenied):
        s.amend(d, actor=world.reception, **v(d), form_data={})
    with pytest.raises(ValidationError):
        s.amend(d, actor=world.citizen, **v(d))
    d = s.amend(
        d,
        actor=world.citizen,
        **v(d),
        form_data={"noi_sinh": "Đức Phổ, Quảng Ngãi"},
        components=[s.ComponentData("Bản sao CCCD của mẹ")],
        now=clock.tick(),
    )
    assert d.form_data == {"noi_sinh": "Đức Phổ, Quảng Ngãi"}
    assert d.history.last().data["changed_fields"] == ["noi_sinh"]
    assert d.state == State.RECEIVED
    old = online_dossier(world, Clock(dt.datetime(2024, 5, 6, 9, 0, tzinfo=HCM)))
    with pytest.raises(TransitionError, match="không cho phép điều chỉnh"):
        s.amend(old, actor=world.citizen, **v(old), form_data={})


@pytest.mark.criterion("PL1-1", "PL2-2.1")
def test_online_intake_timers(world, django_capture_on_commit_callbacks):
    clock = Clock(dt.datetime(2026, 3, 2, 16, 0, tzinfo=HCM))
    d = online_dossier(world, clock)
    received = online_dossier(world, clock)
    s.receive(received, actor=world.reception, **v(received), now=clock.tick())
    with events.capture("dossier.intake") as seen, django_capture_on_commit_callbacks(execute=True):
        first = s.run_timers(clock.tick())
        again = s.run_timers(clock.tick())
        late = s.run_timers(dt.datetime(2026, 3, 3, 16, 30, tzinfo=HCM))
    assert (first.intake_alerts, again.intake_alerts, late.intake_overdue) == (1, 0, 1)
    assert [(e.name, e["code"]) for e in seen] == [
        ("dossier.intake_alert", d.code),
        ("dossier.intake_overdue", d.code),
    ]
    d = s.receive(d, actor=world.reception, **v(d), now=dt.datetime(2026, 3, 3, 17, 0, tzinfo=HCM))
    assert d.history.last().data["intake_late"] is True


def test_run_timers_command_and_task(world, capsys):
    from django.core.management import call_command

    from motcua.dossiers.tasks import run_timers

    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))
    online_dossier(world, clock)
    call_command("run_timers", "--now", "2026-03-02T09:30:00+07:00")
    assert "intake_alerts=1" in capsys.readouterr().out
    assert run_timers.delay().get()["intake_alerts"] == 0
