"""The dossier page's actions: for each lifecycle action, the form that asks for what it needs
(reason, next handler, new date…) and how its answers map onto the service. The services decide
everything else — who may act, in which status — and the page offers only
``available_actions``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import User
from motcua.directory.models import Agency
from motcua.documents.services import sign_result_with_key
from motcua.documents.signing import signing_available
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierResult,
    ReturnMethod,
    SupplementRequest,
    Task,
)
from motcua.dossiers.permissions import can_act_on_leg, current_step
from motcua.dossiers.services import _process  # read-only helpers: next / earlier steps
from motcua.dossiers.states import Action

from .forms_checklist import (
    MISSING,
    ChecklistRow,
    add_checklist_fields,
    checklist_rows,
    missing_papers,
)
from .selectors import officials_holding
from .services import as_files

PAYMENT_METHODS = [
    ("", _("— Chưa thu —")),
    ("cash", _("Tiền mặt")),
    ("transfer", _("Chuyển khoản")),
    ("card", _("Thẻ ngân hàng (POS)")),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ActionForm(forms.Form):
    """Every action posts the version of the dossier the officer was looking at: if someone
    else changed it meanwhile, the service refuses (``ConflictError``) and the page reloads."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dossier: Dossier, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("expected_version", dossier.version)
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.user = user
        self.kept: dict[int, list] = {}
        self.setup()

    def setup(self) -> None:
        """Choices that depend on the dossier and the user."""

    def checklist(self) -> list[ChecklistRow]:
        """Papers to tick and scan, shown as the counter's checklist; their scans are kept
        across a refused form in ``kept`` (row index → stashed files), filled by the view."""
        return []

    def service(self, action: str):
        """The service that performs ``action``: the lifecycle's, unless the form's answers
        ask for another that ends in it (signing with the agency's key)."""
        return getattr(lifecycle, action)

    def kwargs(self) -> dict:
        """Keyword arguments for the service besides the dossier, actor and version."""
        return {}


class NoteForm(ActionForm):
    note = forms.CharField(
        label=_("Ý kiến, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def kwargs(self):
        return {"note": self.cleaned_data["note"]}


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Vui lòng nêu rõ lý do.")},
        help_text=_("Người nộp hồ sơ sẽ nhận được nội dung này."),
    )

    def kwargs(self):
        return {"reason": self.cleaned_data["reason"]}


class ItemsForm(ActionForm):
    """A request to complete the dossier: the complete list, once (Mẫu 02)."""

    items = forms.CharField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một giấy tờ)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vui lòng liệt kê đầy đủ các giấy tờ cần bổ sung.")},
    )
    reason = forms.CharField(
        label=_("Lý do, hướng dẫn cho người nộp"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nêu rõ lý do.")},
    )

    def setup(self):
        missing = [c.name for c in self.dossier.components.all() if c.status == "missing"]
        if missing and not self.is_bound:
            self.initial.setdefault("items", "\n".join(missing))

    def kwargs(self):
        return {"items": _lines(self.cleaned_data["items"]), "reason": self.cleaned_data["reason"]}


@dataclass(frozen=True)
class Paper:
    """A paper the applicant still owes before reception: a component marked missing, or
    another item of the request to complete the dossier (Mẫu 02)."""

    name: str
    requirement_id: int | None = None
    form: str = ""
    quantity: int = 1


def papers_owed(dossier: Dossier) -> list[Paper]:
    missing = [
        Paper(c.name, c.requirement_id, c.form, c.quantity)
        for c in dossier.components.filter(status=DossierComponent.Status.MISSING)
    ]
    request = (
        dossier.supplements.filter(
            status=SupplementRequest.Status.OPEN, stage=SupplementRequest.Stage.RECEPTION
        )
        .order_by("-requested_at")
        .first()
    )
    names = {p.name for p in missing}
    extra = [Paper(item) for item in (request.items if request else []) if item not in names]
    return missing + extra


class ReceiveForm(NoteForm):
    """Receive the dossier. Papers still owed (a Mẫu 02 handed over at the counter) are listed as
    the counter's checklist: the officer ticks what the applicant brought and scans it, and the
    dossier is received with them in one step. Scans are kept across a refused form
    (``kept``, filled by the view)."""

    settling_agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=Agency.objects.none(), required=False
    )
    return_method = forms.ChoiceField(label=_("Hình thức nhận kết quả"), choices=ReturnMethod)
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), required=False, max_length=300
    )
    fee_method = forms.ChoiceField(
        label=_("Thu phí, lệ phí khi tiếp nhận"), choices=PAYMENT_METHODS, required=False
    )
    receipt_number = forms.CharField(label=_("Số biên lai"), required=False, max_length=100)

    field_order = ["settling_agency", "return_method", "delivery_address", "fee_method"]

    def setup(self):
        competent = self.dossier.procedure_version.procedure.agencies.all()
        if competent.count() > 1:
            self.fields["settling_agency"].queryset = competent.order_by("name")
            self.fields["settling_agency"].required = True
            self.initial.setdefault("settling_agency", self.dossier.settling_agency_id)
        else:
            del self.fields["settling_agency"]
        self.initial.setdefault("return_method", self.dossier.return_method)
        self.initial.setdefault("delivery_address", self.dossier.delivery_address)
        self.papers = papers_owed(self.dossier)
        for index, paper in enumerate(self.papers):
            add_checklist_fields(
                self, index, paper_form=paper.form, quantity=paper.quantity, status=MISSING
            )

    def checklist(self) -> list[ChecklistRow]:
        return checklist_rows(self, [(p.name, True) for p in self.papers])

    def clean(self):
        data = super().clean()
        owed = missing_papers(self, [p.name for p in self.papers])
        if owed:
            raise ValidationError(
                _(
                    "Người nộp chưa bổ sung đủ giấy tờ (%(items)s): chưa thể tiếp nhận hồ sơ. "
                    "Đánh dấu “Đã nhận” từng giấy tờ người nộp mang đến."
                )
                % {"items": "; ".join(owed)}
            )
        return data

    def kwargs(self):
        data = self.cleaned_data
        supplied = [
            lifecycle.ComponentData(
                name=paper.name,
                requirement_id=paper.requirement_id,
                form=data[f"form_{i}"],
                quantity=data[f"quantity_{i}"],
                files=as_files(self.kept.get(i, [])),
            )
            for i, paper in enumerate(self.papers)
        ]
        payment = None
        if data["fee_method"]:
            payment = lifecycle.PaymentData(
                method=data["fee_method"], receipt_number=data["receipt_number"]
            )
        return {
            "settling_agency": data.get("settling_agency"),
            "return_method": data["return_method"],
            "delivery_address": data["delivery_address"],
            "collect_fees": payment,
            "components": supplied,
            "note": data["note"],
        }


class _AssigneeMixin:
    def assignee_field(self, people: list[User], *, required: bool) -> None:
        empty = _("— Chọn người xử lý —") if required else _("— Để đơn vị tự nhận —")
        self.fields["assignee"] = forms.TypedChoiceField(
            label=_("Người xử lý"),
            choices=[("", empty), *((u.pk, _person(u)) for u in people)],
            coerce=int,
            required=required,
            empty_value=None,
            error_messages={"required": _("Vui lòng chọn người xử lý.")},
        )
        self.order_fields(["assignee"])

    def assignee(self):
        pk = self.cleaned_data.get("assignee")
        return User.objects.get(pk=pk) if pk else None


def _person(user: User) -> str:
    return f"{user} — {user.title}" if user.title else str(user)


class AssignForm(_AssigneeMixin, NoteForm):
    def setup(self):
        task = current_step(self.dossier)
        people = officials_holding(task.agency, task.role) if task else []
        self.assignee_field(people, required=True)

    def kwargs(self):
        return {"assignee": self.assignee(), "note": self.cleaned_data["note"]}


class ForwardForm(_AssigneeMixin, NoteForm):
    def setup(self):
        task = current_step(self.dossier)
        step = _process.next_step(self.dossier, task)
        self.next_step_name = step.name if step else ""
        people = (
            officials_holding(_process.step_agency(self.dossier, step), step.role) if step else []
        )
        self.assignee_field(people, required=False)
        if step is not None:
            self.fields["assignee"].help_text = _("Bước tiếp theo: %(step)s") % {"step": step.name}

    def kwargs(self):
        return {"assignee": self.assignee(), "note": self.cleaned_data["note"]}


class ReturnBackForm(ReasonForm):
    to_order = forms.TypedChoiceField(
        label=_("Trả về bước"), coerce=int, required=False, empty_value=None
    )

    def setup(self):
        earlier = _process.earlier_steps(self.dossier, current_step(self.dossier))
        self.fields["to_order"].choices = [("", _("— Bước liền trước —"))] + [
            (s.order, f"{s.order}. {s.name}") for s in earlier
        ]
        self.fields["reason"].help_text = ""

    def kwargs(self):
        return {"reason": self.cleaned_data["reason"], "to_order": self.cleaned_data["to_order"]}


def _agency_choices() -> list[tuple[int, str]]:
    today = timezone.localdate()
    return list(Agency.objects.in_force(today).order_by("name").values_list("pk", "name")[:2000])


class ConsultForm(NoteForm):
    agency = forms.TypedChoiceField(label=_("Đơn vị được xin ý kiến"), coerce=int)
    question = forms.CharField(
        label=_("Nội dung xin ý kiến"), widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.DecimalField(
        label=_("Thời hạn trả lời (giờ làm việc)"),
        min_value=Decimal("0.5"),
        max_value=Decimal(400),
        initial=Decimal(8),
    )

    field_order = ["agency", "question", "hours", "note"]

    def setup(self):
        self.fields["agency"].choices = [("", _("— Chọn đơn vị —")), *_agency_choices()]

    def kwargs(self):
        data = self.cleaned_data
        request = lifecycle.ConsultationData(
            agency_id=data["agency"], question=data["question"], hours=data["hours"]
        )
        return {"requests": [request], "note": data["note"]}


class TransferForm(NoteForm):
    agency = forms.TypedChoiceField(label=_("Cơ quan liên thông"), coerce=int)
    task = forms.CharField(
        label=_("Phần việc của cơ quan liên thông"), widget=forms.Textarea(attrs={"rows": 3})
    )
    hours = forms.DecimalField(
        label=_("Thời hạn (giờ làm việc)"),
        min_value=Decimal("0.5"),
        max_value=Decimal(800),
        initial=Decimal(16),
    )

    field_order = ["agency", "task", "hours", "note"]

    def setup(self):
        self.fields["agency"].choices = [("", _("— Chọn cơ quan —")), *_agency_choices()]

    def kwargs(self):
        data = self.cleaned_data
        leg = lifecycle.TransferLegData(
            agency_id=data["agency"], task=data["task"], hours=data["hours"]
        )
        return {"legs": [leg], "note": data["note"]}


class _LegForm(ActionForm):
    """Answer a consultation / finish an inter-agency part: the open legs this user may act on."""

    kind = ""
    task_id = forms.TypedChoiceField(label=pgettext_lazy("nhiệm vụ", "Công việc"), coerce=int)

    def setup(self):
        legs = [
            t
            for t in self.dossier.tasks.filter(kind=self.kind, status=Task.Status.OPEN)
            .select_related("agency")
            .order_by("order")
            if can_act_on_leg(self.user, t) is not None
        ]
        self.fields["task_id"].choices = [(t.pk, f"{t.name}: {t.request}") for t in legs]


class AnswerConsultationForm(_LegForm):
    kind = Task.Kind.CONSULTATION
    answer = forms.CharField(label=_("Ý kiến trả lời"), widget=forms.Textarea(attrs={"rows": 4}))

    def kwargs(self):
        return {"task_id": self.cleaned_data["task_id"], "answer": self.cleaned_data["answer"]}


class CompleteTransferForm(_LegForm):
    kind = Task.Kind.TRANSFER
    outcome = forms.CharField(
        label=_("Kết quả phần việc liên thông"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def kwargs(self):
        return {"task_id": self.cleaned_data["task_id"], "outcome": self.cleaned_data["outcome"]}


class RecordResultForm(ActionForm):
    result_type = forms.TypedChoiceField(
        label=_("Loại kết quả"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(
        label=_("Tên giấy tờ kết quả"),
        required=False,
        max_length=500,
        help_text=_("Để trống để dùng tên của loại kết quả."),
    )
    document_number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=100)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=_("Tệp kết quả (PDF)"), required=False)
    result_code = forms.CharField(
        label=_("Mã số giấy tờ kết quả điện tử"), required=False, max_length=100
    )

    def setup(self):
        types = self.dossier.procedure_version.result_types.all()
        self.fields["result_type"].choices = [("", _("— Chọn —"))] + [(t.pk, t.name) for t in types]

    def kwargs(self):
        data = self.cleaned_data
        issued = None
        if data["issued_on"]:
            issued = timezone.make_aware(dt.datetime.combine(data["issued_on"], dt.time(8)))
        return {
            "result_type_id": data["result_type"],
            "name": data["name"],
            "document_number": data["document_number"],
            "issued_at": issued,
            "file": data["file"],
            "result_code": data["result_code"],
        }


class SignResultForm(ActionForm):
    """Sign a result: with the agency's key configured in the system (the drafted result's PDF
    becomes a PAdES signed PDF offered to the applicant), with a PDF signed by the leader's own
    tool, or on paper (neither)."""

    result_id = forms.TypedChoiceField(label=_("Kết quả cần ký"), coerce=int)
    with_key = forms.BooleanField(
        label=_("Ký số tệp kết quả bằng chứng thư số của cơ quan"),
        required=False,
        help_text=_(
            "Tệp PDF kết quả đã cập nhật được ký số (PAdES) và gửi cho người nộp hồ sơ tải về."
        ),
    )
    signed_file = forms.FileField(
        label=_("Tệp đã ký số (PDF)"),
        required=False,
        help_text=_("Tệp do công cụ ký số của lãnh đạo tạo ra; để trống nếu ký trên bản giấy."),
    )

    def setup(self):
        unsigned = self.dossier.results.filter(signed=False, kind=DossierResult.Kind.RESULT)
        self.fields["result_id"].choices = [
            (r.pk, f"{r.name} {r.document_number}".strip()) for r in unsigned
        ]
        if not signing_available():
            self.fields["with_key"].disabled = True
            self.fields["with_key"].help_text = _(
                "Chưa dùng được: hệ thống chưa được cấu hình chứng thư số để ký (PKCS#12 hoặc "
                "thiết bị PKCS#11); liên hệ quản trị hệ thống."
            )

    def clean(self):
        data = super().clean()
        if data.get("with_key") and data.get("signed_file"):
            raise ValidationError(
                _(
                    "Chọn ký bằng chứng thư số của cơ quan hoặc tải lên tệp đã ký, "
                    "không chọn cả hai."
                )
            )
        return data

    def service(self, action: str):
        if self.cleaned_data["with_key"]:
            return sign_result_with_key
        return super().service(action)

    def kwargs(self):
        if self.cleaned_data["with_key"]:
            return {"result_id": self.cleaned_data["result_id"], "position": self.user.title}
        return {
            "result_id": self.cleaned_data["result_id"],
            "signed_file": self.cleaned_data["signed_file"],
        }


class RefuseAfterAppraisalForm(ReasonForm):
    document_number = forms.CharField(
        label=_("Số, ký hiệu văn bản từ chối"), required=False, max_length=100
    )
    file = forms.FileField(label=_("Tệp văn bản từ chối (PDF)"), required=False)

    def kwargs(self):
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "document_number": data["document_number"],
            "file": data["file"],
        }


class ReceiveSupplementForm(NoteForm):
    """One optional scan per requested document; every listed document is recorded as
    supplemented (paper or scan)."""

    def setup(self):
        request = (
            self.dossier.supplements.filter(status=SupplementRequest.Status.OPEN)
            .order_by("-requested_at")
            .first()
        )
        self.requested = list(request.items) if request else []
        for index, item in enumerate(self.requested):
            self.fields[f"file_{index}"] = forms.FileField(
                label=_("Bản quét: %(item)s") % {"item": item}, required=False
            )
        self.order_fields([f"file_{i}" for i in range(len(self.requested))])

    def kwargs(self):
        components = [
            lifecycle.ComponentData(
                name=item,
                files=[self.cleaned_data[f"file_{i}"]] if self.cleaned_data[f"file_{i}"] else [],
            )
            for i, item in enumerate(self.requested)
        ]
        return {"components": components, "note": self.cleaned_data["note"]}


class RequestPaymentForm(NoteForm):
    ROWS = 3

    def setup(self):
        for i in range(self.ROWS):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Khoản phải nộp %(n)d") % {"n": i + 1}, required=i == 0, max_length=500
            )
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("Số tiền khoản %(n)d (đồng)") % {"n": i + 1},
                required=i == 0,
                min_value=1,
                decimal_places=0,
            )
        self.order_fields([f for i in range(self.ROWS) for f in (f"name_{i}", f"amount_{i}")])

    def clean(self):
        data = super().clean()
        for i in range(self.ROWS):
            if bool(data.get(f"name_{i}")) != bool(data.get(f"amount_{i}")):
                raise ValidationError(_("Mỗi khoản phải có cả tên và số tiền."))
        return data

    def kwargs(self):
        data = self.cleaned_data
        items = [
            lifecycle.FeeData(name=data[f"name_{i}"], amount=data[f"amount_{i}"])
            for i in range(self.ROWS)
            if data.get(f"name_{i}")
        ]
        return {"items": items, "note": data["note"]}


class RecordPaymentForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Hình thức nộp"), choices=PAYMENT_METHODS[1:], required=False
    )
    receipt_number = forms.CharField(label=_("Số biên lai"), required=False, max_length=100)
    waive = forms.BooleanField(label=_("Miễn các khoản còn phải nộp"), required=False)

    def kwargs(self):
        data = self.cleaned_data
        return {
            "payment": lifecycle.PaymentData(
                method=data["method"], receipt_number=data["receipt_number"]
            ),
            "waive": data["waive"],
        }


class ExtendForm(ActionForm):
    new_due_date = forms.DateField(
        label=_("Ngày hẹn trả mới"), widget=forms.DateInput(attrs={"type": "date"})
    )
    new_due_time = forms.TimeField(
        label=_("Giờ hẹn trả mới"),
        initial=dt.time(16, 30),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(
        label=_("Lý do chậm trễ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nêu lý do chậm trễ.")},
    )
    apology_text = forms.CharField(
        label=_("Nội dung xin lỗi người nộp hồ sơ"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Vui lòng nhập nội dung xin lỗi.")},
    )

    def kwargs(self):
        data = self.cleaned_data
        moment = dt.datetime.combine(data["new_due_date"], data["new_due_time"])
        return {
            "new_due_at": timezone.make_aware(moment),
            "reason": data["reason"],
            "apology_text": data["apology_text"],
        }


class ReturnResultForm(NoteForm):
    method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=ReturnMethod)
    recipient_name = forms.CharField(label=_("Người nhận kết quả"), required=False, max_length=200)
    early_return_notified = forms.BooleanField(
        label=_("Đã thông báo trước cho người nộp về việc trả kết quả trước hẹn"),
        required=False,
    )

    field_order = ["method", "recipient_name", "early_return_notified", "note"]

    def setup(self):
        self.initial.setdefault("method", self.dossier.return_method)
        self.initial.setdefault("recipient_name", self.dossier.applicant_name)
        due = self.dossier.due_at
        self.early = bool(due and timezone.localdate() < timezone.localtime(due).date())
        if not self.early:
            del self.fields["early_return_notified"]

    def kwargs(self):
        data = self.cleaned_data
        return {
            "method": data["method"],
            "recipient_name": data["recipient_name"],
            "early_return_notified": data.get("early_return_notified", False),
            "note": data["note"],
        }


@dataclass(frozen=True)
class ActionSpec:
    form: type[ActionForm]
    danger: bool = False
    # Forms with files are posted as multipart.
    multipart: bool = False
    primary: bool = False


ACTIONS: dict[str, ActionSpec] = {
    Action.RECEIVE: ActionSpec(ReceiveForm, primary=True, multipart=True),
    Action.REQUEST_INTAKE_FIX: ActionSpec(ItemsForm),
    Action.REFUSE_RECEPTION: ActionSpec(ReasonForm, danger=True),
    Action.ASSIGN: ActionSpec(AssignForm, primary=True),
    Action.FORWARD: ActionSpec(ForwardForm, primary=True),
    Action.RETURN_BACK: ActionSpec(ReturnBackForm),
    Action.CONSULT: ActionSpec(ConsultForm),
    Action.ANSWER_CONSULTATION: ActionSpec(AnswerConsultationForm, primary=True),
    Action.TRANSFER: ActionSpec(TransferForm),
    Action.COMPLETE_TRANSFER: ActionSpec(CompleteTransferForm, primary=True),
    Action.APPROVE: ActionSpec(NoteForm, primary=True),
    Action.RECORD_RESULT: ActionSpec(RecordResultForm, multipart=True),
    Action.SIGN_RESULT: ActionSpec(SignResultForm, multipart=True, primary=True),
    Action.REFUSE_AFTER_APPRAISAL: ActionSpec(
        RefuseAfterAppraisalForm, danger=True, multipart=True
    ),
    Action.REQUEST_SUPPLEMENT: ActionSpec(ItemsForm),
    Action.RECEIVE_SUPPLEMENT: ActionSpec(ReceiveSupplementForm, multipart=True, primary=True),
    Action.REQUEST_PAYMENT: ActionSpec(RequestPaymentForm),
    Action.RECORD_PAYMENT: ActionSpec(RecordPaymentForm),
    Action.EXTEND: ActionSpec(ExtendForm),
    Action.STOP: ActionSpec(ReasonForm, danger=True),
    Action.STOP_AT_APPLICANT_REQUEST: ActionSpec(ReasonForm, danger=True),
    Action.REQUEST_WITHDRAWAL: ActionSpec(ReasonForm),
    Action.CONFIRM_WITHDRAWAL: ActionSpec(NoteForm),
    Action.FINISH: ActionSpec(NoteForm, primary=True),
    Action.RETURN_RESULT: ActionSpec(ReturnResultForm, primary=True),
}


def perform(action: str, form: ActionForm) -> Dossier:
    """Call the lifecycle service of ``action`` with the form's answers."""
    service = form.service(action)
    return service(
        form.dossier,
        actor=form.user,
        expected_version=form.cleaned_data["expected_version"],
        **form.kwargs(),
    )
