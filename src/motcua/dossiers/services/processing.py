"""Processing by the competent agency: assignment, moving between steps, consultation,
inter-agency transfer (liên thông), approval, results and signing, refusal after appraisal
(NĐ 61 Điều 19; NĐ 118 Điều 19–20)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from motcua.catalog.models import ResultType
from motcua.directory.models import Agency

from .. import deadlines
from ..models import Dossier, DossierResult, Task
from ..permissions import can_act_on_leg, current_step, holds_role
from ..states import Action, Decision, State
from . import _process
from ._base import Act, perform, precondition, refuse
from .inputs import ConsultationData, TransferLegData


def _start_processing(act: Act) -> None:
    """Any action of the settling agency on a received dossier starts processing (status 4)."""
    if act.dossier.state == State.RECEIVED:
        act.set_state(State.PROCESSING)


def _check_assignee(task_agency, role: str, assignee) -> None:
    if assignee is not None and not holds_role(assignee, task_agency, {role}):
        raise ValidationError(
            {
                "assignee": _("“%(user)s” không giữ vai trò phù hợp tại %(unit)s.")
                % {"user": assignee, "unit": task_agency.name}
            }
        )


@precondition(Action.ASSIGN, Action.FORWARD, Action.RETURN_BACK, Action.CONSULT, Action.TRANSFER)
def _has_current_step(act: Act) -> None:
    if current_step(act.dossier) is None:
        refuse(_("Hồ sơ không có bước xử lý nào đang mở."))


@precondition(Action.FORWARD)
def _can_forward(act: Act) -> None:
    task = current_step(act.dossier)
    if task is not None and _process.next_step(act.dossier, task) is None:
        refuse(_("Đây là bước cuối của quy trình; hãy hoàn thành xử lý hồ sơ."))
    _no_open_transfer(act)


@precondition(Action.TRANSFER, Action.FINISH)
def _no_open_transfer(act: Act) -> None:
    if _process.open_or_pending_legs(act.dossier, Task.Kind.TRANSFER):
        refuse(_("Hồ sơ đang liên thông, chưa nhận đủ kết quả từ các cơ quan phối hợp."))


@precondition(Action.RETURN_BACK)
def _has_earlier_step(act: Act) -> None:
    if not _process.earlier_steps(act.dossier, current_step(act.dossier)):
        refuse(_("Không có bước trước để trả lại."))


@precondition(Action.APPROVE, Action.REQUEST_SUPPLEMENT)
def _undecided(act: Act) -> None:
    if act.dossier.decision:
        refuse(_("Hồ sơ đã có kết quả thẩm định."))


@precondition(Action.REFUSE_AFTER_APPRAISAL)
def _refusable(act: Act) -> None:
    """A leader higher up may still refuse what a division approved, until a result is signed."""
    d = act.dossier
    if d.decision == Decision.REFUSED:
        refuse(_("Hồ sơ đã bị từ chối giải quyết."))
    if d.results.filter(kind=DossierResult.Kind.RESULT, signed=True).exists():
        refuse(_("Kết quả giải quyết đã được ký, không thể từ chối."))


@precondition(Action.RECORD_RESULT)
def _not_refused(act: Act) -> None:
    if act.dossier.decision == Decision.REFUSED:
        refuse(_("Hồ sơ đã bị từ chối giải quyết."))


@precondition(Action.SIGN_RESULT)
def _something_to_sign(act: Act) -> None:
    if act.dossier.decision != Decision.APPROVED:
        refuse(_("Hồ sơ chưa được phê duyệt."))
    if not act.dossier.results.filter(signed=False).exists():
        refuse(_("Không có kết quả nào chờ ký."))


@precondition(Action.ANSWER_CONSULTATION)
def _consultation_open(act: Act) -> None:
    if not act.dossier.tasks.filter(kind=Task.Kind.CONSULTATION, status=Task.Status.OPEN).exists():
        refuse(_("Không có yêu cầu xin ý kiến nào đang chờ trả lời."))


@precondition(Action.COMPLETE_TRANSFER)
def _transfer_open(act: Act) -> None:
    if not act.dossier.tasks.filter(kind=Task.Kind.TRANSFER, status=Task.Status.OPEN).exists():
        refuse(_("Không có phần việc liên thông nào đang thực hiện."))


def assign(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    assignee,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Assign (or reassign) the current step to an official of its unit."""
    with perform(
        Action.ASSIGN, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        task = act.auth.task
        if assignee is None:
            raise ValidationError({"assignee": _("Vui lòng chọn người xử lý.")})
        _check_assignee(task.agency, task.role, assignee)
        previous = task.assignee_id
        task.assignee = assignee
        task.save(update_fields=["assignee"])
        _start_processing(act)
        act.note = note
        act.data.update({"assignee_id": assignee.pk, "previous_assignee_id": previous})
        act.payload.update({"task_id": task.pk, "assignee_id": assignee.pk})
    return act.dossier


def forward(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    assignee=None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Finish the current step and open the next one (optionally assigning it)."""
    with perform(
        Action.FORWARD, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        task = act.auth.task or current_step(d)
        step = _process.next_step(d, task)
        _check_assignee(_process.step_agency(d, step), step.role, assignee)
        _process.close(task, act.now, outcome=note)
        act.task = task
        new = _process.open_step(d, step, act.now, assignee=assignee)
        _start_processing(act)
        act.note = note
        act.data["next_task_id"] = new.pk
        act.payload.update({"task_id": new.pk, "assignee_id": getattr(assignee, "pk", None)})
        if assignee is not None:
            act.emit("task.assigned", task_id=new.pk, assignee_id=assignee.pk)
    return act.dossier


def return_back(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    to_order: int | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Send the dossier back to an earlier step (default: the previous one), with a reason.
    The earlier step's last handler gets it again."""
    with perform(
        Action.RETURN_BACK, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        if not reason.strip():
            raise ValidationError({"reason": _("Vui lòng nêu lý do trả lại.")})
        task = act.auth.task or current_step(d)
        earlier = _process.earlier_steps(d, task)
        if to_order is None:
            target = earlier[-1]
        else:
            target = next((s for s in earlier if s.order == to_order), None)
            if target is None:
                raise ValidationError({"to_order": _("Bước được chọn không phải là bước trước.")})
        last = d.tasks.filter(process_step=target).exclude(assignee=None).order_by("-id").first()
        _process.close(task, act.now, Task.Status.RETURNED, reason.strip())
        act.task = task
        new = _process.open_step(d, target, act.now, assignee=last.assignee if last else None)
        _start_processing(act)
        act.note = reason.strip()
        act.data["to_task_id"] = new.pk
        act.payload["task_id"] = new.pk
    return act.dossier


def consult(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    requests: Sequence[ConsultationData],
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Ask other units for their opinion, in parallel, each with its own deadline."""
    with perform(
        Action.CONSULT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        if not requests:
            raise ValidationError(_("Vui lòng chọn ít nhất một đơn vị được xin ý kiến."))
        parent = act.auth.task or current_step(act.dossier)
        agencies = Agency.objects.in_bulk([r.agency_id for r in requests])
        created = []
        for index, req in enumerate(requests, start=1):
            agency = agencies.get(req.agency_id)
            if agency is None or not req.question.strip():
                raise ValidationError(_("Mỗi đơn vị được xin ý kiến cần có nội dung xin ý kiến."))
            due = _leg_due(agency, act.now, req.hours, req.due_at)
            created.append(
                Task.objects.create(
                    dossier=act.dossier,
                    kind=Task.Kind.CONSULTATION,
                    order=parent.order * 100 + index,
                    name=_("Xin ý kiến %(unit)s") % {"unit": agency.name},
                    agency=agency,
                    parent=parent,
                    request=req.question.strip(),
                    started_at=act.now,
                    budget_hours=req.hours,
                    due_at=due,
                )
            )
        _start_processing(act)
        act.task = parent
        act.note = note
        act.data["consultations"] = [
            {"task_id": t.pk, "agency_id": t.agency_id, "due_at": t.due_at.isoformat()}
            for t in created
        ]
        act.payload["task_ids"] = [t.pk for t in created]
    return act.dossier


def _leg_due(agency, now, hours, due_at) -> dt.datetime:
    if due_at is not None:
        if due_at <= now:
            raise ValidationError(_("Hạn trả lời phải sau thời điểm hiện tại."))
        return due_at
    if hours is None or Decimal(hours) <= 0:
        raise ValidationError(_("Vui lòng nhập thời hạn cho từng đơn vị."))
    return deadlines.add_working_hours(agency, now, hours)


def _leg_task(act: Act, task_id: int, kind: str) -> Task:
    task = act.dossier.tasks.filter(pk=task_id, kind=kind).select_related("agency").first()
    if task is None or task.status != Task.Status.OPEN:
        raise ValidationError({"task_id": _("Công việc này không còn chờ xử lý.")})
    auth = can_act_on_leg(act.actor, task)
    if auth is None:
        raise PermissionDenied(_("Bạn không thuộc đơn vị được giao công việc này."))
    act.auth = auth
    return task


def answer_consultation(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    task_id: int,
    answer: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """The consulted unit gives its opinion (kept in the system, NĐ 118 Điều 19.4)."""
    with perform(
        Action.ANSWER_CONSULTATION,
        dossier,
        actor=actor,
        expected_version=expected_version,
        now=now,
    ) as act:
        task = _leg_task(act, task_id, Task.Kind.CONSULTATION)
        if not answer.strip():
            raise ValidationError({"answer": _("Vui lòng nhập ý kiến trả lời.")})
        _process.close(task, act.now, outcome=answer.strip())
        act.task = task
        act.note = answer.strip()
        act.data["late"] = bool(task.due_at and act.now > task.due_at)
        act.payload["task_id"] = task.pk
    return act.dossier


def transfer(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    legs: Sequence[TransferLegData],
    mode: str = Task.TransferMode.SEQUENTIAL,
    lead_agency_id: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Inter-agency (liên thông) processing. Sequential: the agencies work in the given order,
    each passing the dossier and its partial result to the next. Simultaneous: all receive the
    dossier at once and one of them leads. Either way the result comes back to the current step
    and leaves through the receiving desk; each participant has its own deadline."""
    with perform(
        Action.TRANSFER, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        if not legs:
            raise ValidationError(_("Vui lòng chọn các cơ quan liên thông."))
        if mode not in Task.TransferMode.values:
            raise ValidationError({"mode": _("Hình thức liên thông không hợp lệ.")})
        agencies = Agency.objects.in_bulk([leg.agency_id for leg in legs])
        if len(agencies) != len({leg.agency_id for leg in legs}):
            raise ValidationError(_("Cơ quan liên thông không tồn tại."))
        simultaneous = mode == Task.TransferMode.SIMULTANEOUS
        if simultaneous and lead_agency_id not in agencies:
            raise ValidationError(
                {"lead_agency_id": _("Liên thông đồng thời phải chỉ định cơ quan chủ trì.")}
            )
        parent = act.auth.task or current_step(act.dossier)
        created = []
        for index, leg in enumerate(legs, start=1):
            if not leg.task.strip() or Decimal(leg.hours) <= 0:
                raise ValidationError(
                    _("Mỗi cơ quan liên thông cần có nhiệm vụ và thời hạn (giờ làm việc).")
                )
            starts = simultaneous or index == 1
            agency = agencies[leg.agency_id]
            created.append(
                Task.objects.create(
                    dossier=act.dossier,
                    kind=Task.Kind.TRANSFER,
                    order=parent.order * 100 + index,
                    name=_("Liên thông: %(unit)s") % {"unit": agency.name},
                    agency=agency,
                    parent=parent,
                    transfer_mode=mode,
                    is_lead=simultaneous and leg.agency_id == lead_agency_id,
                    request=leg.task.strip(),
                    budget_hours=leg.hours,
                    started_at=act.now if starts else None,
                    due_at=deadlines.add_working_hours(agency, act.now, leg.hours)
                    if starts
                    else None,
                    status=Task.Status.OPEN if starts else Task.Status.PENDING,
                )
            )
        _start_processing(act)
        act.task = parent
        act.note = note
        act.data.update(
            {"mode": mode, "legs": [{"task_id": t.pk, "agency_id": t.agency_id} for t in created]}
        )
        act.payload["task_ids"] = [t.pk for t in created]
    return act.dossier


def complete_transfer(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    task_id: int,
    outcome: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """A participating agency finishes its part; in sequential mode the next one starts."""
    with perform(
        Action.COMPLETE_TRANSFER,
        dossier,
        actor=actor,
        expected_version=expected_version,
        now=now,
    ) as act:
        task = _leg_task(act, task_id, Task.Kind.TRANSFER)
        if not outcome.strip():
            raise ValidationError({"outcome": _("Vui lòng nhập kết quả phần việc liên thông.")})
        _process.close(task, act.now, outcome=outcome.strip())
        act.task = task
        nxt = (
            act.dossier.tasks.filter(
                kind=Task.Kind.TRANSFER, status=Task.Status.PENDING, parent_id=task.parent_id
            )
            .order_by("order")
            .select_related("agency")
            .first()
        )
        if nxt is not None:
            nxt.status = Task.Status.OPEN
            nxt.started_at = act.now
            nxt.due_at = deadlines.add_working_hours(nxt.agency, act.now, nxt.budget_hours)
            nxt.save(update_fields=["status", "started_at", "due_at"])
            act.data["next_task_id"] = nxt.pk
        act.note = outcome.strip()
        act.data["late"] = bool(task.due_at and act.now > task.due_at)
        act.payload["task_id"] = task.pk
    return act.dossier


def approve(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Approve the settlement (the decision); results are then signed and issued."""
    with perform(
        Action.APPROVE, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        act.dossier.decision = Decision.APPROVED
        act.dossier.decided_at = act.now
        task = act.auth.task
        task.outcome = note or str(Decision.APPROVED.label)
        task.save(update_fields=["outcome"])
        _start_processing(act)
        act.note = note
    return act.dossier


def record_result(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    result_type_id: int | None = None,
    name: str = "",
    document_number: str = "",
    issued_at: dt.datetime | None = None,
    file: File | None = None,
    electronic: bool = True,
    result_code: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Record a result document (number, issue date, file). ``result_code`` is the e-result's
    document code (NĐ 118 Điều 22: holder's ID number + result-type code)."""
    with perform(
        Action.RECORD_RESULT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        result_type = None
        if result_type_id is not None:
            result_type = ResultType.objects.filter(
                pk=result_type_id, version_id=d.procedure_version_id
            ).first()
            if result_type is None:
                raise ValidationError(
                    {"result_type_id": _("Loại kết quả không thuộc thủ tục của hồ sơ.")}
                )
        name = name.strip() or (result_type.name if result_type else "")
        if not name:
            raise ValidationError({"name": _("Vui lòng nhập tên giấy tờ kết quả.")})
        result = DossierResult(
            dossier=d,
            result_type=result_type,
            name=name,
            document_number=document_number.strip(),
            issued_at=issued_at or act.now,
            electronic=electronic,
            result_code=result_code.strip(),
            recorded_at=act.now,
        )
        if file is not None:
            result.file.save(file.name or "ket-qua", file, save=False)
        result.save()
        _start_processing(act)
        act.data["result_id"] = result.pk
        act.payload["result_id"] = result.pk
    return act.dossier


def sign_result(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    result_id: int,
    signed_file: File | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Mark a result as signed by the actor (the documents app produces the signed file)."""
    with perform(
        Action.SIGN_RESULT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        result = act.dossier.results.filter(pk=result_id, signed=False).first()
        if result is None:
            raise ValidationError({"result_id": _("Kết quả không tồn tại hoặc đã được ký.")})
        if signed_file is not None:
            result.file.save(signed_file.name or "ket-qua-da-ky", signed_file, save=False)
        result.signed = True
        result.signer = actor
        result.signed_at = act.now
        result.save()
        act.data["result_id"] = result.pk
        act.payload["result_id"] = result.pk
    return act.dossier


def refuse_after_appraisal(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    document_number: str = "",
    file: File | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Refuse to settle after appraisal: a refusal notice (Phiếu từ chối giải quyết hồ sơ) is
    the result, returned through the desk — the dossier goes to status 9, then 10 when the
    notice is handed over. It is due within the time limit; a late refusal is flagged."""
    with perform(
        Action.REFUSE_AFTER_APPRAISAL,
        dossier,
        actor=actor,
        expected_version=expected_version,
        now=now,
    ) as act:
        d = act.dossier
        if not reason.strip():
            raise ValidationError({"reason": _("Vui lòng nêu rõ lý do từ chối giải quyết.")})
        refusal = DossierResult(
            dossier=d,
            kind=DossierResult.Kind.REFUSAL,
            name=str(DossierResult.Kind.REFUSAL.label),
            document_number=document_number.strip(),
            issued_at=act.now,
            recorded_at=act.now,
            signed=True,
            signer=actor,
            signed_at=act.now,
        )
        if file is not None:
            refusal.file.save(file.name or "tu-choi", file, save=False)
        refusal.save()
        d.decision = Decision.REFUSED
        d.decided_at = d.finished_at = act.now
        d.closing_note = reason.strip()
        act.task = act.auth.task
        _process.end_all_tasks(d, act.now, current_outcome=reason.strip())
        act.set_state(State.FINISHED)
        act.note = reason.strip()
        act.data.update({"late": bool(d.due_at and act.now > d.due_at), "result_id": refusal.pk})
    return act.dossier
