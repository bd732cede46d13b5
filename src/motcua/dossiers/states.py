"""Internal dossier states, the national status codes 1–10 and the actions that move them.

The internal state is finer than the national status (regs.md §5.3): the national code is always
derived from the state through the dossier's pinned rule version, never stored independently.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Mới đăng ký")
    INTAKE_FIX_REQUESTED = "intake_fix_requested", _("Yêu cầu bổ sung, hoàn thiện trước tiếp nhận")
    NOT_RECEIVED = "not_received", _("Không được tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung giấy tờ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân yêu cầu rút hồ sơ")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    FINISHED = "finished", _("Đã xử lý xong")
    RETURNED = "returned", _("Đã trả kết quả")


class NationalStatus(models.IntegerChoices):
    """Status codes synchronised with the national portal (regs.md §5.3, TT 22 Phụ lục I)."""

    NEW = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    NOT_RECEIVED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung giấy tờ")
    FINANCIAL_OBLIGATION = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWAL = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    FINISHED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


DEFAULT_STATUS_MAPPING: dict[str, int] = {
    State.SUBMITTED: 1,
    State.INTAKE_FIX_REQUESTED: 5,
    State.NOT_RECEIVED: 3,
    State.RECEIVED: 2,
    State.PROCESSING: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWAL_REQUESTED: 7,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.FINISHED: 9,
    State.RETURNED: 10,
}

# No action at all leaves these states (a returned dossier is archived, not reopened).
TERMINAL_STATES = frozenset({State.NOT_RECEIVED, State.WITHDRAWN, State.STOPPED, State.RETURNED})
# Before reception: no processing clock runs and no task exists.
INTAKE_STATES = frozenset({State.SUBMITTED, State.INTAKE_FIX_REQUESTED})
# Received and not yet decided: the states in which the processing clock matters.
OPEN_STATES = frozenset(
    {State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT}
)


class StopReason(models.TextChoices):
    AUTHORITY = "authority", _("Theo quyết định của cơ quan có thẩm quyền")
    APPLICANT_REQUEST = "applicant_request", _("Theo yêu cầu của người nộp hồ sơ")
    MISSING_SUPPLEMENT = "missing_supplement", _("Quá thời hạn mà không bổ sung hồ sơ")


class Decision(models.TextChoices):
    NONE = "", _("Chưa có")
    APPROVED = "approved", _("Giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")


class Action(models.TextChoices):
    """Every write the lifecycle engine accepts; one service function each."""

    SUBMIT = "submit", _("Nộp hồ sơ")
    RESUBMIT = "resubmit", _("Nộp lại hồ sơ đã hoàn thiện")
    AMEND = "amend", _("Điều chỉnh nội dung hồ sơ trực tuyến")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ")
    REQUEST_INTAKE_FIX = "request_intake_fix", _("Yêu cầu bổ sung, hoàn thiện khi tiếp nhận")
    REFUSE_RECEPTION = "refuse_reception", _("Từ chối tiếp nhận")
    ASSIGN = "assign", _("Phân công xử lý")
    FORWARD = "forward", _("Chuyển bước tiếp theo")
    RETURN_BACK = "return_back", _("Trả lại bước trước")
    CONSULT = "consult", _("Xin ý kiến phối hợp")
    ANSWER_CONSULTATION = "answer_consultation", _("Trả lời ý kiến phối hợp")
    TRANSFER = "transfer", _("Chuyển liên thông")
    COMPLETE_TRANSFER = "complete_transfer", _("Hoàn thành phần việc liên thông")
    APPROVE = "approve", _("Phê duyệt")
    RECORD_RESULT = "record_result", _("Cập nhật kết quả giải quyết")
    SIGN_RESULT = "sign_result", _("Ký kết quả")
    REFUSE_AFTER_APPRAISAL = "refuse_after_appraisal", _("Từ chối giải quyết")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Tiếp nhận hồ sơ bổ sung")
    CLOSE_MISSING_SUPPLEMENT = "close_missing_supplement", _("Đóng hồ sơ do không bổ sung")
    REQUEST_PAYMENT = "request_payment", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    RECORD_PAYMENT = "record_payment", _("Ghi nhận nộp phí, lệ phí")
    EXTEND = "extend", _("Xin lỗi và gia hạn")
    STOP = "stop", _("Dừng xử lý")
    STOP_AT_APPLICANT_REQUEST = "stop_at_applicant_request", _("Dừng theo yêu cầu người nộp")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Yêu cầu rút hồ sơ")
    CONFIRM_WITHDRAWAL = "confirm_withdrawal", _("Xác nhận rút hồ sơ")
    FINISH = "finish", _("Hoàn thành xử lý")
    RETURN_RESULT = "return_result", _("Trả kết quả")


_PROCESS = frozenset({State.RECEIVED, State.PROCESSING})
_UNDECIDED = frozenset(OPEN_STATES)

# From which states each action is allowed (the transition table). Where an action leads is
# decided by its service (e.g. receiving a supplement resumes the state held before).
ALLOWED_FROM: dict[str, frozenset[str]] = {
    Action.SUBMIT: frozenset(),  # creates the dossier
    Action.RESUBMIT: frozenset({State.INTAKE_FIX_REQUESTED}),
    Action.AMEND: frozenset({State.SUBMITTED}) | _UNDECIDED,
    Action.RECEIVE: INTAKE_STATES,
    Action.REQUEST_INTAKE_FIX: frozenset({State.SUBMITTED}),
    Action.REFUSE_RECEPTION: INTAKE_STATES,
    Action.ASSIGN: _PROCESS,
    Action.FORWARD: _PROCESS,
    Action.RETURN_BACK: _PROCESS,
    Action.CONSULT: _PROCESS,
    Action.ANSWER_CONSULTATION: _PROCESS | {State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT},
    Action.TRANSFER: _PROCESS,
    Action.COMPLETE_TRANSFER: _PROCESS,
    Action.APPROVE: _PROCESS,
    Action.RECORD_RESULT: _PROCESS,
    Action.SIGN_RESULT: _PROCESS,
    Action.REFUSE_AFTER_APPRAISAL: _PROCESS,
    Action.REQUEST_SUPPLEMENT: _PROCESS,
    Action.RECEIVE_SUPPLEMENT: frozenset({State.SUPPLEMENT_REQUESTED}),
    Action.CLOSE_MISSING_SUPPLEMENT: frozenset({State.SUPPLEMENT_REQUESTED}),
    Action.REQUEST_PAYMENT: frozenset({State.PROCESSING}),
    Action.RECORD_PAYMENT: _UNDECIDED | {State.FINISHED},
    Action.EXTEND: frozenset({State.RECEIVED, State.PROCESSING, State.AWAITING_PAYMENT}),
    Action.STOP: _UNDECIDED,
    Action.STOP_AT_APPLICANT_REQUEST: _UNDECIDED,
    Action.REQUEST_WITHDRAWAL: INTAKE_STATES | _UNDECIDED,
    Action.CONFIRM_WITHDRAWAL: frozenset({State.WITHDRAWAL_REQUESTED}),
    Action.FINISH: frozenset({State.PROCESSING}),
    Action.RETURN_RESULT: frozenset({State.FINISHED}),
}
