"""Input of each dossier action and how it maps onto the lifecycle service (one entry per
action; the services do every check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.directory.models import Agency
from motcua.dossiers import services
from motcua.dossiers.models import ReturnMethod, Task
from motcua.dossiers.states import Action


class ActionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=0, help_text=_("Phiên bản dữ liệu của hồ sơ mà người dùng đang xem.")
    )


def _text(**kw) -> serializers.CharField:
    return serializers.CharField(allow_blank=True, required=False, default="", **kw)


def _reason() -> serializers.CharField:
    return serializers.CharField(allow_blank=True)


class NoteInput(ActionInput):
    note = _text()


class ReasonInput(ActionInput):
    reason = _reason()


class ItemsInput(ActionInput):
    items = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    reason = _reason()


class PaymentInput(serializers.Serializer):
    method = serializers.CharField()
    receipt_number = _text()


class ReceiveInput(NoteInput):
    settling_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )
    collect_fees = PaymentInput(required=False, allow_null=True)
    return_method = serializers.ChoiceField(ReturnMethod.choices, required=False)
    delivery_address = serializers.CharField(required=False, allow_blank=True)


class FormDataInput(NoteInput):
    form_data = serializers.JSONField(required=False, allow_null=True)


class AssignInput(NoteInput):
    assignee = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.all()
    )


class ForwardInput(NoteInput):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
    )


class ReturnBackInput(ReasonInput):
    to_order = serializers.IntegerField(required=False, allow_null=True)


class ConsultationInput(serializers.Serializer):
    agency_id = serializers.IntegerField()
    question = serializers.CharField(allow_blank=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    due_at = serializers.DateTimeField(required=False)


class ConsultInput(NoteInput):
    requests = ConsultationInput(many=True)


class AnswerInput(ActionInput):
    task_id = serializers.IntegerField()
    answer = serializers.CharField(allow_blank=True)


class LegInput(serializers.Serializer):
    agency_id = serializers.IntegerField()
    task = serializers.CharField(allow_blank=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=2)


class TransferInput(NoteInput):
    legs = LegInput(many=True)
    mode = serializers.ChoiceField(Task.TransferMode.choices, default="sequential")
    lead_agency_id = serializers.IntegerField(required=False, allow_null=True)


class CompleteTransferInput(ActionInput):
    task_id = serializers.IntegerField()
    outcome = serializers.CharField(allow_blank=True)


class RecordResultInput(ActionInput):
    result_type_id = serializers.IntegerField(required=False, allow_null=True)
    name = _text()
    document_number = _text()
    issued_at = serializers.DateTimeField(required=False, allow_null=True)
    electronic = serializers.BooleanField(default=True)
    result_code = _text()


class SignResultInput(ActionInput):
    result_id = serializers.IntegerField()


class RefuseAfterAppraisalInput(ReasonInput):
    document_number = _text()


class FeeInput(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0)


class RequestPaymentInput(NoteInput):
    items = FeeInput(many=True)


class RecordPaymentInput(ActionInput):
    method = _text()
    receipt_number = _text()
    fee_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    waive = serializers.BooleanField(default=False)


class ExtendInput(ReasonInput):
    new_due_at = serializers.DateTimeField()
    apology_text = serializers.CharField(allow_blank=True)


class ReturnResultInput(NoteInput):
    return_method = serializers.ChoiceField(ReturnMethod.choices, required=False)
    early_return_notified = serializers.BooleanField(default=False)
    recipient_name = _text()


@dataclass(frozen=True)
class ApiAction:
    input: type[ActionInput]
    service: Callable[..., Any]
    convert: Callable[[dict], dict] = dict


def _receive(data: dict) -> dict:
    fees = data.pop("collect_fees", None)
    data["collect_fees"] = services.PaymentData(**fees) if fees else None
    return data


def _consult(data: dict) -> dict:
    data["requests"] = [services.ConsultationData(**r) for r in data["requests"]]
    return data


def _transfer(data: dict) -> dict:
    data["legs"] = [services.TransferLegData(**leg) for leg in data["legs"]]
    return data


def _request_payment(data: dict) -> dict:
    data["items"] = [services.FeeData(**item) for item in data["items"]]
    return data


def _return_result(data: dict) -> dict:
    data["method"] = data.pop("return_method", None)
    return data


def _record_payment(data: dict) -> dict:
    data["payment"] = services.PaymentData(
        method=data.pop("method"), receipt_number=data.pop("receipt_number")
    )
    return data


ACTIONS: dict[str, ApiAction] = {
    Action.RESUBMIT: ApiAction(FormDataInput, services.resubmit),
    Action.AMEND: ApiAction(FormDataInput, services.amend),
    Action.RECEIVE: ApiAction(ReceiveInput, services.receive, _receive),
    Action.REQUEST_INTAKE_FIX: ApiAction(ItemsInput, services.request_intake_fix),
    Action.REFUSE_RECEPTION: ApiAction(ReasonInput, services.refuse_reception),
    Action.ASSIGN: ApiAction(AssignInput, services.assign),
    Action.FORWARD: ApiAction(ForwardInput, services.forward),
    Action.RETURN_BACK: ApiAction(ReturnBackInput, services.return_back),
    Action.CONSULT: ApiAction(ConsultInput, services.consult, _consult),
    Action.ANSWER_CONSULTATION: ApiAction(AnswerInput, services.answer_consultation),
    Action.TRANSFER: ApiAction(TransferInput, services.transfer, _transfer),
    Action.COMPLETE_TRANSFER: ApiAction(CompleteTransferInput, services.complete_transfer),
    Action.APPROVE: ApiAction(NoteInput, services.approve),
    Action.RECORD_RESULT: ApiAction(RecordResultInput, services.record_result),
    Action.SIGN_RESULT: ApiAction(SignResultInput, services.sign_result),
    Action.REFUSE_AFTER_APPRAISAL: ApiAction(
        RefuseAfterAppraisalInput, services.refuse_after_appraisal
    ),
    Action.REQUEST_SUPPLEMENT: ApiAction(ItemsInput, services.request_supplement),
    Action.RECEIVE_SUPPLEMENT: ApiAction(NoteInput, services.receive_supplement),
    Action.REQUEST_PAYMENT: ApiAction(
        RequestPaymentInput, services.request_payment, _request_payment
    ),
    Action.RECORD_PAYMENT: ApiAction(RecordPaymentInput, services.record_payment, _record_payment),
    Action.EXTEND: ApiAction(ExtendInput, services.extend),
    Action.STOP: ApiAction(ReasonInput, services.stop),
    Action.STOP_AT_APPLICANT_REQUEST: ApiAction(ReasonInput, services.stop_at_applicant_request),
    Action.REQUEST_WITHDRAWAL: ApiAction(ReasonInput, services.request_withdrawal),
    Action.CONFIRM_WITHDRAWAL: ApiAction(NoteInput, services.confirm_withdrawal),
    Action.FINISH: ApiAction(NoteInput, services.finish),
    Action.RETURN_RESULT: ApiAction(ReturnResultInput, services.return_result, _return_result),
}
