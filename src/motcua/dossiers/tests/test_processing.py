import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.accounts.models import Role
from motcua.core import events
from motcua.dossiers import services as s
from motcua.dossiers.exceptions import TransitionError
from motcua.dossiers.models import DossierResult, Task
from motcua.dossiers.states import Action, State

from .world import HCM, Clock, build_world, counter_dossier, drive, v


def _open_step(d) -> Task:
    return d.tasks.get(kind=Task.Kind.STEP, status=Task.Status.OPEN)


@pytest.mark.criterion("PL2-2.5", "PL1-4")
def test_assign_and_reassign(world, django_capture_on_commit_callbacks):
    clock = Clock()
    d = counter_dossier(world, clock)
    with pytest.raises(PermissionDenied):
        s.assign(d, actor=world.specialist, **v(d), assignee=world.specialist)
    with pytest.raises(ValidationError, match="không giữ vai trò"):
        s.assign(d, actor=world.division_leader, **v(d), assignee=world.clerk)
    with events.capture("task.") as seen, django_capture_on_commit_callbacks(execute=True):
        d = s.assign(
            d, actor=world.division_leader, **v(d), assignee=world.division_leader, now=clock.tick()
        )
    assert (d.state, d.national_status) == (State.PROCESSING, 4)
    assert _open_step(d).assignee == world.division_leader
    assert seen[0].name == "task.assigned" and seen[0]["assignee_id"] == world.division_leader.pk
    d = s.forward(
        d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.tick()
    )
    d = s.assign(
        d,
        actor=world.division_leader,
        **v(d),
        assignee=world.specialist2,
        note="Chuyển người xử lý",
        now=clock.tick(),
    )
    assert _open_step(d).assignee == world.specialist2
    assert Action.FORWARD not in s.available_actions(d, world.specialist)
    with pytest.raises(PermissionDenied):
        s.forward(d, actor=world.specialist, **v(d))
    assert Action.FORWARD in s.available_actions(d, world.specialist2)


@pytest.mark.criterion("PL2-2.5", "PL2-7")
def test_forward_and_return_back_keep_one_open_step(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    step = _open_step(d)
    assert (step.order, step.assignee, step.due_at) == (
        2,
        world.specialist,
        # 12 working hours from Monday 09:10: Tuesday 15:10 (lunch 11:30-13:30 excluded).
        dt.datetime(2026, 3, 3, 15, 10, tzinfo=HCM),
    )
    d = s.forward(d, actor=world.specialist, **v(d), note="Đủ điều kiện", now=clock.tick())
    assert _open_step(d).order == 3
    with pytest.raises(ValidationError):
        s.return_back(d, actor=world.agency_leader, **v(d), reason="", now=clock.tick())
    d = s.return_back(
        d, actor=world.agency_leader, **v(d), reason="Xác minh thêm", now=clock.tick()
    )
    back = _open_step(d)
    assert (back.order, back.assignee) == (2, world.specialist)  # the previous handler again
    assert d.tasks.filter(status=Task.Status.RETURNED).count() == 1
    assert d.history.last().note == "Xác minh thêm"
    assert d.tasks.filter(kind=Task.Kind.STEP, status=Task.Status.OPEN).count() == 1


@pytest.mark.criterion("PL2-2.5")
def test_consultation_of_other_units_in_parallel(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.consult(
        d,
        actor=world.specialist,
        **v(d),
        requests=[
            s.ConsultationData(
                world.other_department.pk, "Ý kiến về nghĩa vụ tài chính?", hours=Decimal(8)
            ),
            s.ConsultationData(
                world.commune_desk.pk,
                "Xác minh nơi cư trú?",
                due_at=clock.now + dt.timedelta(days=3),
            ),
        ],
        now=clock.tick(),
    )
    legs = list(d.tasks.filter(kind=Task.Kind.CONSULTATION).order_by("order"))
    assert [t.status for t in legs] == ["open", "open"]
    assert legs[0].due_at == dt.datetime(2026, 3, 3, 9, 15, tzinfo=HCM)
    assert legs[0].parent == _open_step(d)
    with pytest.raises(PermissionDenied):
        s.answer_consultation(d, actor=world.specialist, **v(d), task_id=legs[0].pk, answer="x")
    # the consulted unit sees the dossier and answers; the history keeps the whole trail
    assert Action.ANSWER_CONSULTATION in s.available_actions(d, world.consulted)
    d = s.answer_consultation(
        d,
        actor=world.consulted,
        **v(d),
        task_id=legs[0].pk,
        answer="Thống nhất",
        now=clock.now + dt.timedelta(days=2),
    )
    legs[0].refresh_from_db()
    assert (legs[0].status, legs[0].outcome) == ("done", "Thống nhất")
    assert d.history.last().data["late"] is True
    with pytest.raises(PermissionDenied):  # nothing left for this unit to answer
        s.answer_consultation(d, actor=world.consulted, **v(d), task_id=legs[0].pk, answer="y")


@pytest.mark.criterion("PL2-2.6")
def test_sequential_inter_agency_transfer(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.transfer(
        d,
        actor=world.specialist,
        **v(d),
        legs=[
            s.TransferLegData(world.other_department.pk, "Xác định nghĩa vụ tài chính", Decimal(8)),
            s.TransferLegData(world.commune_desk.pk, "Niêm yết công khai", Decimal(4)),
        ],
        now=clock.tick(),
    )
    first, second = d.tasks.filter(kind=Task.Kind.TRANSFER).order_by("order")
    assert (first.status, second.status, second.due_at) == ("open", "pending", None)
    assert Action.FORWARD not in s.available_actions(d, world.specialist)
    with pytest.raises(TransitionError, match="liên thông"):
        s.forward(d, actor=world.specialist, **v(d))
    d = s.complete_transfer(
        d, actor=world.consulted, **v(d), task_id=first.pk, outcome="Đã xác định", now=clock.tick()
    )
    second.refresh_from_db()
    assert second.status == "open"
    assert second.due_at == dt.datetime(2026, 3, 2, 15, 20, tzinfo=HCM)
    d = s.complete_transfer(
        d,
        actor=world.commune_reception,
        **v(d),
        task_id=second.pk,
        outcome="Đã niêm yết",
        now=clock.tick(),
    )
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    assert _open_step(d).order == 3


@pytest.mark.criterion("PL2-2.6")
def test_simultaneous_transfer_names_a_lead(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    legs = [
        s.TransferLegData(world.other_department.pk, "Thẩm định", Decimal(8)),
        s.TransferLegData(world.commune_desk.pk, "Xác minh", Decimal(8)),
    ]
    with pytest.raises(ValidationError, match="chủ trì"):
        s.transfer(d, actor=world.specialist, **v(d), legs=legs, mode="simultaneous")
    d = s.transfer(
        d,
        actor=world.specialist,
        **v(d),
        legs=legs,
        mode="simultaneous",
        lead_agency_id=world.other_department.pk,
        now=clock.tick(),
    )
    tasks = list(d.tasks.filter(kind=Task.Kind.TRANSFER).order_by("order"))
    assert [(t.status, t.is_lead) for t in tasks] == [("open", True), ("open", False)]
    assert all(t.due_at for t in tasks)


@pytest.mark.criterion("PL2-2.5", "PL2-2.9", "PL1-9", "PL1-10")
def test_approve_sign_finish_and_return(world, django_capture_on_commit_callbacks):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    with pytest.raises(TransitionError, match="chưa được phê duyệt"):
        s.sign_result(d, actor=world.agency_leader, **v(d), result_id=0)
    d = s.approve(d, actor=world.agency_leader, **v(d), note="Đồng ý", now=clock.tick())
    with pytest.raises(TransitionError, match="đã có kết quả thẩm định"):
        s.approve(d, actor=world.agency_leader, **v(d))
    d = s.record_result(
        d,
        actor=world.agency_leader,
        **v(d),
        result_type_id=world.version.result_types.get().pk,
        document_number="20/2026/GKS",
        result_code="001090012345.KQ.G15",
        now=clock.tick(),
    )
    result = d.results.get()
    d = s.sign_result(d, actor=world.agency_leader, **v(d), result_id=result.pk, now=clock.tick())
    result.refresh_from_db()
    assert (result.signed, result.signer, result.name) == (
        True,
        world.agency_leader,
        "Giấy khai sinh",
    )
    d = s.forward(d, actor=world.agency_leader, **v(d), now=clock.tick())
    with pytest.raises(PermissionDenied):
        s.finish(d, actor=world.specialist, **v(d))
    with events.capture("dossier.") as seen, django_capture_on_commit_callbacks(execute=True):
        d = s.finish(d, actor=world.clerk, **v(d), now=clock.tick())
    assert (d.state, d.national_status, d.finished_at) == (State.FINISHED, 9, clock.now)
    assert "dossier.finished" in [e.name for e in seen]
    assert not d.tasks.filter(status=Task.Status.OPEN).exists()
    with pytest.raises(ValidationError, match="phí, lệ phí chưa nộp"):
        s.return_result(d, actor=world.reception, **v(d), early_return_notified=True)
    d = s.record_payment(
        d, actor=world.reception, **v(d), payment=s.PaymentData("cash"), now=clock.tick()
    )
    with pytest.raises(ValidationError, match="thông báo trước"):
        s.return_result(d, actor=world.reception, **v(d), now=clock.tick())
    d = s.return_result(
        d,
        actor=world.reception,
        **v(d),
        method="post",
        early_return_notified=True,
        now=clock.tick(),
    )
    assert (d.state, d.national_status, d.return_method) == (State.RETURNED, 10, "post")
    assert d.history.last().data["early"] is True


@pytest.mark.criterion("PL1-9", "PL1-10", "PL2-2.9")
def test_refusal_after_appraisal_is_a_result_returned_through_the_desk(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    with pytest.raises(ValidationError):
        s.refuse_after_appraisal(d, actor=world.agency_leader, **v(d), reason="")
    d = s.refuse_after_appraisal(
        d,
        actor=world.agency_leader,
        **v(d),
        reason="Không đủ điều kiện theo Điều 16",
        now=clock.tick(),
    )
    assert (d.state, d.national_status, d.decision) == (State.FINISHED, 9, "refused")
    refusal = d.results.get()
    assert refusal.kind == DossierResult.Kind.REFUSAL
    assert refusal.name == "Phiếu từ chối giải quyết hồ sơ"
    assert d.history.last().data["late"] is False
    assert not d.tasks.filter(status=Task.Status.OPEN).exists()
    with pytest.raises(TransitionError):
        s.record_result(d, actor=world.agency_leader, **v(d))
    d = s.record_payment(
        d,
        actor=world.reception,
        **v(d),
        payment=s.PaymentData("cash"),
        waive=True,
        now=clock.tick(),
    )
    d = s.return_result(
        d, actor=world.reception, **v(d), early_return_notified=True, now=clock.tick()
    )
    assert (d.state, d.national_status) == (State.RETURNED, 10)


def test_process_without_configured_steps_uses_one_task_until_the_due_moment(db):
    world = build_world(steps=[])
    clock = Clock()
    d = counter_dossier(world, clock)
    task = d.tasks.get()
    assert (task.name, task.agency, task.role, task.due_at) == (
        "Giải quyết hồ sơ",
        world.department,
        "specialist",
        d.due_at,
    )


@pytest.mark.criterion("PL2-2.5", "D4.1")
def test_published_process_shape_reception_specialist_leader_clerk(db):
    """The demo catalogue's common shape: a reception step (done at reception), an unassigned
    specialist step, a leader who signs (signing is the decision) and a clerk who finishes."""
    world = build_world(
        steps=[
            (Role.RECEPTION, "Tiếp nhận", 2, ["forward", "request_supplement", "refuse"]),
            (Role.SPECIALIST, "Thẩm định", 8, ["forward", "request_supplement", "consult"]),
            (Role.AGENCY_LEADER, "Ký", 4, ["sign", "return_back", "refuse", "extend"]),
            (Role.CLERK, "Văn thư", 2, ["finish"]),
        ]
    )
    clock = Clock()
    d = counter_dossier(world, clock)
    reception_step, step = d.tasks.order_by("order")
    assert (reception_step.status, reception_step.assignee) == ("done", world.reception)
    assert (step.order, step.assignee, step.agency) == (2, None, world.division)
    # any specialist of the division may take the unassigned step
    assert Action.FORWARD in s.available_actions(d, world.specialist2)
    d = s.record_result(
        d,
        actor=world.specialist,
        **v(d),
        result_type_id=world.version.result_types.get().pk,
        now=clock.tick(),
    )
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    assert {Action.APPROVE, Action.SIGN_RESULT} & set(
        s.available_actions(d, world.agency_leader)
    ) == {Action.APPROVE}
    d = s.approve(d, actor=world.agency_leader, **v(d), now=clock.tick())
    d = s.sign_result(
        d, actor=world.agency_leader, **v(d), result_id=d.results.get().pk, now=clock.tick()
    )
    with pytest.raises(TransitionError, match="đã được ký"):
        s.refuse_after_appraisal(d, actor=world.agency_leader, **v(d), reason="x")
    d = s.forward(d, actor=world.agency_leader, **v(d), now=clock.tick())
    d = s.finish(d, actor=world.clerk, **v(d), now=clock.tick())
    assert (d.state, d.national_status) == (State.FINISHED, 9)


def test_a_leader_may_refuse_what_the_division_approved(world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    d = s.approve(d, actor=world.agency_leader, **v(d), now=clock.tick())
    d = s.refuse_after_appraisal(
        d, actor=world.agency_leader, **v(d), reason="Không đủ điều kiện", now=clock.tick()
    )
    assert (d.decision, d.state) == ("refused", State.FINISHED)
