"""One plausible call per action (used by the transition matrix and the property test)."""

import datetime as dt
from decimal import Decimal

from motcua.dossiers import services as s
from motcua.dossiers.models import Task
from motcua.dossiers.states import Action


def _first(d, kind):
    task = d.tasks.filter(kind=kind, status="open").first()
    return task.pk if task else 0


def _result(d):
    r = d.results.filter(signed=False).first()
    return r.pk if r else 0


def calls(world):
    w = world
    rt = w.version.result_types.first().pk
    return {
        Action.RESUBMIT: lambda d, a, now: s.resubmit(
            d, actor=a, expected_version=d.version, note="Đã bổ sung", now=now
        ),
        Action.AMEND: lambda d, a, now: s.amend(
            d, actor=a, expected_version=d.version, form_data={"ghi_chu": "sửa"}, now=now
        ),
        Action.RECEIVE: lambda d, a, now: s.receive(
            d, actor=a, expected_version=d.version, now=now
        ),
        Action.REQUEST_INTAKE_FIX: lambda d, a, now: s.request_intake_fix(
            d, actor=a, expected_version=d.version, items=["Tờ khai"], reason="Thiếu", now=now
        ),
        Action.REFUSE_RECEPTION: lambda d, a, now: s.refuse_reception(
            d, actor=a, expected_version=d.version, reason="Sai thẩm quyền", now=now
        ),
        Action.ASSIGN: lambda d, a, now: s.assign(
            d, actor=a, expected_version=d.version, assignee=w.specialist2, now=now
        ),
        Action.FORWARD: lambda d, a, now: s.forward(
            d, actor=a, expected_version=d.version, now=now
        ),
        Action.RETURN_BACK: lambda d, a, now: s.return_back(
            d, actor=a, expected_version=d.version, reason="Xem lại", now=now
        ),
        Action.CONSULT: lambda d, a, now: s.consult(
            d,
            actor=a,
            expected_version=d.version,
            requests=[s.ConsultationData(w.other_department.pk, "Ý kiến?", hours=Decimal(8))],
            now=now,
        ),
        Action.ANSWER_CONSULTATION: lambda d, a, now: s.answer_consultation(
            d,
            actor=a,
            expected_version=d.version,
            task_id=_first(d, Task.Kind.CONSULTATION),
            answer="Đồng ý",
            now=now,
        ),
        Action.TRANSFER: lambda d, a, now: s.transfer(
            d,
            actor=a,
            expected_version=d.version,
            legs=[s.TransferLegData(w.other_department.pk, "Xác định nghĩa vụ", Decimal(8))],
            now=now,
        ),
        Action.COMPLETE_TRANSFER: lambda d, a, now: s.complete_transfer(
            d,
            actor=a,
            expected_version=d.version,
            task_id=_first(d, Task.Kind.TRANSFER),
            outcome="Xong",
            now=now,
        ),
        Action.APPROVE: lambda d, a, now: s.approve(
            d, actor=a, expected_version=d.version, now=now
        ),
        Action.RECORD_RESULT: lambda d, a, now: s.record_result(
            d, actor=a, expected_version=d.version, result_type_id=rt, now=now
        ),
        Action.SIGN_RESULT: lambda d, a, now: s.sign_result(
            d, actor=a, expected_version=d.version, result_id=_result(d), now=now
        ),
        Action.REFUSE_AFTER_APPRAISAL: lambda d, a, now: s.refuse_after_appraisal(
            d, actor=a, expected_version=d.version, reason="Không đủ điều kiện", now=now
        ),
        Action.REQUEST_SUPPLEMENT: lambda d, a, now: s.request_supplement(
            d, actor=a, expected_version=d.version, items=["Giấy tờ"], reason="Thiếu", now=now
        ),
        Action.RECEIVE_SUPPLEMENT: lambda d, a, now: s.receive_supplement(
            d, actor=a, expected_version=d.version, now=now
        ),
        Action.CLOSE_MISSING_SUPPLEMENT: lambda d, a, now: s.close_missing_supplement(d, now=now),
        Action.REQUEST_PAYMENT: lambda d, a, now: s.request_payment(
            d,
            actor=a,
            expected_version=d.version,
            items=[s.FeeData("Phí thẩm định", Decimal(50000))],
            now=now,
        ),
        Action.RECORD_PAYMENT: lambda d, a, now: s.record_payment(
            d, actor=a, expected_version=d.version, payment=s.PaymentData("cash"), now=now
        ),
        Action.EXTEND: lambda d, a, now: s.extend(
            d,
            actor=a,
            expected_version=d.version,
            new_due_at=(d.due_at or now) + dt.timedelta(days=5),
            reason="Cần xác minh",
            apology_text="Xin lỗi ông/bà",
            now=now,
        ),
        Action.STOP: lambda d, a, now: s.stop(
            d, actor=a, expected_version=d.version, reason="Dừng", now=now
        ),
        Action.STOP_AT_APPLICANT_REQUEST: lambda d, a, now: s.stop_at_applicant_request(
            d, actor=a, expected_version=d.version, reason="Theo đơn", now=now
        ),
        Action.REQUEST_WITHDRAWAL: lambda d, a, now: s.request_withdrawal(
            d, actor=a, expected_version=d.version, reason="Không cần nữa", now=now
        ),
        Action.CONFIRM_WITHDRAWAL: lambda d, a, now: s.confirm_withdrawal(
            d, actor=a, expected_version=d.version, now=now
        ),
        Action.FINISH: lambda d, a, now: s.finish(d, actor=a, expected_version=d.version, now=now),
        Action.RETURN_RESULT: lambda d, a, now: s.return_result(
            d, actor=a, expected_version=d.version, early_return_notified=True, now=now
        ),
    }
