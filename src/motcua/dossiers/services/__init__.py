"""The only write path of the dossier aggregate. Each action is one function::

    action(dossier_or_id, *, actor, expected_version, ..., now=None) -> Dossier

run in one transaction (lock, version check, transition, permission, preconditions, input
validation, write, history, audit, events after commit — see ``_base``). Errors:
``ConflictError`` (reload and retry), ``TransitionError`` (not in this status),
``PermissionDenied`` (reason given), ``ValidationError`` (bad input); nothing is written then.
"""

from .availability import available_actions
from .closing import (
    confirm_withdrawal,
    extend,
    finish,
    request_withdrawal,
    return_result,
    stop,
    stop_at_applicant_request,
)
from .fees import record_payment, request_payment
from .inputs import (
    ApplicantData,
    ComponentData,
    ConsultationData,
    FeeData,
    PaymentData,
    SubmitterData,
    TransferLegData,
)
from .processing import (
    answer_consultation,
    approve,
    assign,
    complete_transfer,
    consult,
    forward,
    record_result,
    refuse_after_appraisal,
    return_back,
    sign_result,
    transfer,
)
from .reception import (
    amend,
    receive,
    receive_at_counter,
    refuse_reception,
    request_intake_fix,
    resubmit,
    submit,
)
from .supplement import close_missing_supplement, receive_supplement, request_supplement
from .timers import TimerReport, run_timers

__all__ = [
    "ApplicantData",
    "ComponentData",
    "ConsultationData",
    "FeeData",
    "PaymentData",
    "SubmitterData",
    "TimerReport",
    "TransferLegData",
    "amend",
    "answer_consultation",
    "approve",
    "assign",
    "available_actions",
    "close_missing_supplement",
    "complete_transfer",
    "confirm_withdrawal",
    "consult",
    "extend",
    "finish",
    "forward",
    "receive",
    "receive_at_counter",
    "receive_supplement",
    "record_payment",
    "record_result",
    "refuse_after_appraisal",
    "refuse_reception",
    "request_intake_fix",
    "request_payment",
    "request_supplement",
    "request_withdrawal",
    "resubmit",
    "return_back",
    "return_result",
    "run_timers",
    "sign_result",
    "stop",
    "stop_at_applicant_request",
    "submit",
    "transfer",
]
