import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers import services as s
from motcua.dossiers.models import SupplementRequest, Task
from motcua.dossiers.states import State

from .world import HCM, Clock, build_world, counter_dossier, drive, v


def _supplement(world, clock, d, now=None):
    return s.request_supplement(
        d,
        actor=world.specialist,
        **v(d),
        items=["Bản sao sổ hộ khẩu"],
        reason="Thiếu giấy tờ chứng minh nơi cư trú",
        now=now or clock.tick(),
    )


@pytest.mark.criterion("PL1-5", "PL2-2.5")
def test_supplement_pauses_the_clock_by_the_working_time_waited(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    task_due = d.tasks.get(status="open").due_at
    assert d.due_at == dt.datetime(2026, 3, 5, 9, 5, tzinfo=HCM)
    d = _supplement(world, clock, d)  # Monday 09:15
    assert (d.state, d.national_status, d.paused_at) == (State.SUPPLEMENT_REQUESTED, 5, clock.now)
    request = d.supplements.get()
    assert request.deadline == clock.now + dt.timedelta(days=15)
    assert (request.counts_as_overdue, request.late) == (False, False)
    # Two working days later (Wednesday 09:15): every due moment moves by 16 working hours.
    d = s.receive_supplement(
        d,
        actor=world.reception,
        **v(d),
        note="Đã nộp",
        components=[s.ComponentData("Bản sao sổ hộ khẩu")],
        now=dt.datetime(2026, 3, 4, 9, 15, tzinfo=HCM),
    )
    assert (d.state, d.national_status) == (State.PROCESSING, 4)
    assert d.due_at == dt.datetime(2026, 3, 9, 9, 5, tzinfo=HCM)
    assert d.original_due_at == dt.datetime(2026, 3, 5, 9, 5, tzinfo=HCM)
    assert d.paused_working_seconds == 16 * 3600
    assert d.tasks.get(status="open").due_at == task_due + dt.timedelta(days=2)
    assert d.supplements.get().status == SupplementRequest.Status.ANSWERED
    # A second request after reception is allowed but flagged (counted overdue nationally).
    d = _supplement(world, clock, d, now=dt.datetime(2026, 3, 6, 10, 0, tzinfo=HCM))
    second = d.supplements.order_by("-id").first()
    assert (second.counts_as_overdue, second.late) == (True, True)
    assert d.supplement_count_after_reception == 2
    assert d.history.last().data["counts_as_overdue"] is True


@pytest.mark.criterion("PL1-5")
def test_supplement_restarts_the_clock_when_the_version_says_so(db):
    world = build_world(supplement_clock="restart")
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = _supplement(world, clock, d)
    d = s.receive_supplement(
        d, actor=world.reception, **v(d), now=dt.datetime(2026, 3, 4, 10, 0, tzinfo=HCM)
    )
    # Three working days from zero, counted from Wednesday 10:00 (paper: 15:00 rule n/a).
    assert d.due_at == dt.datetime(2026, 3, 9, 10, 0, tzinfo=HCM)
    task = d.tasks.get(status="open")
    assert (task.started_at, task.due_at) == (
        dt.datetime(2026, 3, 4, 10, 0, tzinfo=HCM),
        dt.datetime(2026, 3, 5, 16, 0, tzinfo=HCM),
    )


@pytest.mark.criterion("PL1-8", "PL2-2.10")
def test_missing_supplement_closes_the_dossier_after_the_waiting_period(world):
    clock = Clock()
    d = _supplement(world, clock, drive(world, clock, State.PROCESSING))
    deadline = d.supplements.get().deadline
    assert s.run_timers(deadline).closed_missing_supplement == 0  # not yet past
    report = s.run_timers(deadline + dt.timedelta(minutes=1))
    assert report.closed_missing_supplement == 1
    d.refresh_from_db()
    assert (d.state, d.national_status, d.stop_reason) == (State.STOPPED, 8, "missing_supplement")
    assert d.supplements.get().status == SupplementRequest.Status.EXPIRED
    assert not d.tasks.filter(status=Task.Status.OPEN).exists()
    entry = d.history.last()
    assert (entry.action, entry.actor, entry.actor_name) == (
        "close_missing_supplement",
        None,
        "Hệ thống",
    )
    assert s.run_timers(deadline + dt.timedelta(days=1)).closed_missing_supplement == 0


def test_no_automatic_closing_under_the_2018_rules(world):
    clock = Clock(dt.datetime(2024, 3, 4, 9, 0, tzinfo=HCM))
    d = _supplement(world, clock, drive(world, clock, State.PROCESSING))
    assert d.rule_version.code == "nd107-2021"
    assert s.run_timers(clock.now + dt.timedelta(days=60)).closed_missing_supplement == 0
    d.refresh_from_db()
    assert d.state == State.SUPPLEMENT_REQUESTED


@pytest.mark.criterion("PL1-6", "PL2-2.8")
def test_financial_obligation_requested_then_paid(world, django_capture_on_commit_callbacks):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    for bad in (
        [],
        [s.FeeData("", Decimal(1000))],
        [s.FeeData("Thuế", Decimal(-5))],
        [s.FeeData("Thuế", Decimal("10.5"))],
    ):
        with pytest.raises(ValidationError):
            s.request_payment(d, actor=world.specialist, **v(d), items=bad)
    d = s.request_payment(
        d,
        actor=world.specialist,
        **v(d),
        items=[
            s.FeeData("Lệ phí trước bạ", Decimal(500000)),
            s.FeeData("Phí thẩm định", Decimal(100000)),
        ],
        now=clock.tick(),
    )
    assert (d.state, d.national_status) == (State.AWAITING_PAYMENT, 6)
    due = list(d.fees.filter(status="due").order_by("id"))
    assert len(due) == 3  # the catalogue's fee (not collected at the counter) and two new ones
    d = s.record_payment(
        d,
        actor=world.reception,
        **v(d),
        fee_ids=[due[1].pk],
        payment=s.PaymentData("vietqr", paid_online=True, online_channel="national_portal"),
        now=clock.tick(),
    )
    assert d.state == State.AWAITING_PAYMENT  # still something due
    with pytest.raises(ValidationError):
        s.record_payment(
            d, actor=world.reception, **v(d), fee_ids=[due[1].pk], payment=s.PaymentData("cash")
        )
    d = s.record_payment(
        d, actor=world.reception, **v(d), payment=s.PaymentData("cash", "BL-9"), now=clock.tick()
    )
    assert (d.state, d.national_status) == (State.PROCESSING, 4)
    assert d.fees.get(pk=due[1].pk).paid_online is True
    assert d.history.last().data["total"] == "108000"


def test_fees_collected_at_reception_and_online_amounts(db):
    world = build_world(fee_online_amount=Decimal(0))
    clock = Clock()
    paper = counter_dossier(world, clock)
    assert paper.fees.get().status == "due"
    online = drive(world, clock, State.SUBMITTED)
    online = s.receive(online, actor=world.reception, **v(online), now=clock.tick())
    assert (online.fees.get().amount, online.fees.get().status) == (0, "paid")
