"""Forms of the back office's lists, the counter reception and role administration. Dossier
actions have theirs in ``actions``."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.validators import (
    clean_id_number,
    clean_tax_code,
    normalise_phone,
    parse_id_number,
    validate_tax_code,
)
from motcua.catalog.models import ComponentRequirement
from motcua.dossiers.models import (
    ApplicantKind,
    DossierChannel,
    ReturnMethod,
)
from motcua.dossiers.states import NationalStatus

from . import selectors
from .actions import PAYMENT_METHODS
from .forms_checklist import ChecklistRow, add_checklist_fields, checklist_rows, missing_papers

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mã hồ sơ, tên người nộp, số định danh hoặc số điện thoại"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    procedure = forms.CharField(label=_("Thủ tục (tên hoặc mã)"), required=False, max_length=200)
    status = forms.TypedChoiceField(
        label=_("Trạng thái"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả trạng thái")), *NationalStatus.choices],
    )
    channel = forms.ChoiceField(
        label=_("Kênh nộp"),
        required=False,
        choices=[("", _("Tất cả các kênh")), *DossierChannel.choices],
    )
    date_field = forms.ChoiceField(
        label=_("Theo ngày"),
        required=False,
        choices=[
            ("submitted", _("Ngày nộp")),
            ("received", _("Ngày tiếp nhận")),
            ("due", _("Ngày hẹn trả")),
            ("finished", _("Ngày xử lý xong")),
        ],
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_INPUT)
    # Drill-downs from the dashboard (shown as removable chips, not as inputs).
    holder_unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    holder = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    timing = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[("", ""), ("overdue", _("Quá hạn")), ("due_soon", _("Sắp đến hạn"))],
    )
    step_late = forms.BooleanField(required=False, widget=forms.HiddenInput)
    steered = forms.BooleanField(required=False, widget=forms.HiddenInput)
    on_time = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[("", ""), ("yes", _("Đúng hạn")), ("no", _("Trễ hạn"))],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data

    def filters(self) -> selectors.SearchFilters:
        """The valid part of the input (an invalid field is reported and left out)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.pop("date_field", None)
        return selectors.SearchFilters(
            date_field=self.cleaned_data.get("date_field") or "submitted",
            **{k: v for k, v in data.items() if k in selectors.SearchFilters.__dataclass_fields__},
        )

    @property
    def has_criteria(self) -> bool:
        self.is_valid()
        ignored = {"date_field"}
        return any(v for k, v in self.cleaned_data.items() if k not in ignored)


class WorkFilterForm(forms.Form):
    tab = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(t, t) for t in selectors.WORK_TABS],
    )
    procedure = forms.TypedChoiceField(
        label=_("Thủ tục"), required=False, coerce=int, empty_value=None
    )
    status = forms.TypedChoiceField(
        label=_("Trạng thái hồ sơ"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả trạng thái")), *NationalStatus.choices],
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị xử lý"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, choices):
        super().__init__(data)
        self.fields["procedure"].choices = [("", _("Tất cả thủ tục")), *choices["procedures"]]
        self.fields["unit"].choices = [("", _("Tất cả đơn vị")), *choices["units"]]

    def filters(self) -> selectors.WorkFilters:
        self.is_valid()
        data = self.cleaned_data
        return selectors.WorkFilters(
            tab=data.get("tab") or "all",
            procedure=data.get("procedure"),
            status=data.get("status"),
            unit=data.get("unit"),
        )


# --- counter reception -----------------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm thủ tục theo tên hoặc mã (gõ không dấu được)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("Ví dụ: khai sinh")}
        ),
    )


class CaseForm(forms.Form):
    case = forms.TypedChoiceField(
        label=_("Trường hợp"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn trường hợp của hồ sơ.")},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [(c.pk, c.name) for c in cases]


OUTCOMES = {
    "receive": _("Tiếp nhận hồ sơ"),
    "supplement": _("Yêu cầu bổ sung, hoàn thiện (Mẫu 02)"),
    "refuse": _("Từ chối tiếp nhận (Mẫu 03)"),
}


# How a paper dossier reached the desk: brought in person, or sent by post.
INTAKE_CHANNELS = [
    (DossierChannel.COUNTER, _("Trực tiếp tại Bộ phận Một cửa")),
    (DossierChannel.POST, _("Qua dịch vụ bưu chính")),
]
# A postal item number: Latin letters, digits and hyphens (e.g. EE123456789VN).
POSTAL_ITEM = re.compile(r"^[A-Z0-9-]{4,30}$")


class ReceptionForm(forms.Form):
    """Everything the counter records for one dossier, in the order of the conversation:
    how it arrived, components, applicant, delegate, result delivery, fees, then the decision."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("kênh nộp hồ sơ", "Hình thức nộp"),
        choices=INTAKE_CHANNELS,
        initial=DossierChannel.COUNTER,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "Vui lòng chọn hình thức nộp: trực tiếp tại Bộ phận Một cửa hoặc qua dịch vụ "
                "bưu chính."
            )
        },
    )
    postal_item_number = forms.CharField(
        label=_("Số hiệu bưu gửi"),
        required=False,
        max_length=40,
        help_text=_("Không bắt buộc; ghi theo phiếu gửi, ví dụ EE123456789VN."),
    )
    postal_arrived_on = forms.DateField(
        label=_("Ngày bưu gửi đến"), required=False, widget=DATE_INPUT
    )
    applicant_kind = forms.ChoiceField(
        label=_("Chủ hồ sơ là"), choices=ApplicantKind, initial=ApplicantKind.PERSON
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân / mã số thuế"), required=False, max_length=20
    )
    applicant_name = forms.CharField(
        label=_("Họ tên / tên tổ chức"), required=False, max_length=255
    )
    applicant_date_of_birth = forms.DateField(
        label=_("Ngày sinh"), required=False, widget=DATE_INPUT
    )
    applicant_phone = forms.CharField(label=_("Điện thoại di động"), required=False, max_length=20)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    submitter_name = forms.CharField(
        label=_("Người nộp thay (nếu có)"), required=False, max_length=255
    )
    submitter_id_number = forms.CharField(
        label=_("Số định danh người nộp thay"), required=False, max_length=20
    )
    submitter_relation = forms.CharField(
        label=_("Quan hệ với chủ hồ sơ"), required=False, max_length=100
    )
    settling_agency = forms.TypedChoiceField(
        label=_("Cơ quan giải quyết"), coerce=int, required=False, empty_value=None
    )
    return_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"), choices=ReturnMethod, initial=ReturnMethod.COUNTER
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), required=False, max_length=300
    )
    fee_method = forms.ChoiceField(
        label=_("Thu phí, lệ phí ngay khi tiếp nhận"), choices=PAYMENT_METHODS, required=False
    )
    receipt_number = forms.CharField(label=_("Số biên lai"), required=False, max_length=100)
    items = forms.CharField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một giấy tờ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Thành phần đánh dấu “còn thiếu” được tự động đưa vào danh sách."),
    )
    reason = forms.CharField(
        label=_("Lý do (bổ sung hoặc từ chối)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(choices=list(OUTCOMES.items()), widget=forms.HiddenInput)
    # One-time token of this rendering of the form: posting it again (double click, resent page)
    # shows the dossier already registered instead of creating another.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(
        self, *args, requirements: list[ComponentRequirement], agencies, optional=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4().hex)
        self.requirements = requirements
        for index, req in enumerate(requirements):
            add_checklist_fields(
                self, index, paper_form=req.form, quantity=req.quantity, optional=index in optional
            )
        if len(agencies) > 1:
            self.fields["settling_agency"].choices = [("", _("— Chọn cơ quan —"))] + [
                (a.pk, a.name) for a in agencies
            ]
        else:
            del self.fields["settling_agency"]

    def component_rows(self) -> list[ChecklistRow]:
        return checklist_rows(self, [(r.name, r.required) for r in self.requirements])

    def missing(self) -> list[str]:
        return missing_papers(self, [r.name for r in self.requirements])

    def clean_applicant_phone(self):
        value = self.cleaned_data["applicant_phone"].strip()
        return normalise_phone(value) if value else ""

    def clean_channel(self):
        return self.cleaned_data["channel"] or DossierChannel.COUNTER

    def clean_postal_item_number(self):
        value = re.sub(r"\s+", "", self.cleaned_data["postal_item_number"]).upper()
        if value and not POSTAL_ITEM.match(value):
            raise ValidationError(
                _(
                    "Số hiệu bưu gửi chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (4 đến "
                    "30 ký tự), ví dụ EE123456789VN."
                )
            )
        return value

    def clean_postal_arrived_on(self):
        value = self.cleaned_data["postal_arrived_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("Ngày bưu gửi đến không được sau ngày hôm nay."))
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        number = data.get("applicant_id_number", "").strip()
        if number and kind == ApplicantKind.ORGANISATION:
            try:
                validate_tax_code(number)
                data["applicant_id_number"] = clean_tax_code(number)
            except ValidationError as exc:
                self.add_error("applicant_id_number", exc)
        elif number:
            try:
                parse_id_number(number, data.get("applicant_date_of_birth"))
                data["applicant_id_number"] = clean_id_number(number)
            except ValidationError as exc:
                self.add_error("applicant_id_number", exc)
        outcome = data.get("outcome")
        if not data.get("applicant_name", "").strip():
            self.add_error(
                "applicant_name", _("Vui lòng nhập họ tên hoặc tên tổ chức của chủ hồ sơ.")
            )
        if outcome == "receive" and self.missing():
            raise ValidationError(
                _(
                    "Còn thành phần hồ sơ chưa nộp (%(items)s): không thể tiếp nhận; hãy yêu "
                    "cầu bổ sung, hoàn thiện hồ sơ."
                )
                % {"items": "; ".join(self.missing())}
            )
        if outcome == "supplement":
            data["item_list"] = self.missing() + [
                line.strip() for line in data.get("items", "").splitlines() if line.strip()
            ]
            if not data["item_list"]:
                self.add_error("items", _("Vui lòng nêu đầy đủ các giấy tờ cần bổ sung."))
            if not data.get("reason", "").strip():
                self.add_error("reason", _("Vui lòng nêu lý do yêu cầu bổ sung."))
        if outcome == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Vui lòng nêu rõ lý do từ chối tiếp nhận."))
        if data.get("channel") == DossierChannel.COUNTER:
            for name in ("postal_item_number", "postal_arrived_on"):
                if data.get(name):
                    self.add_error(
                        name,
                        _(
                            "Chỉ điền khi hồ sơ gửi đến qua dịch vụ bưu chính: hãy chọn “Qua "
                            "dịch vụ bưu chính” hoặc xoá ô này."
                        ),
                    )
        if data.get("return_method") == ReturnMethod.POST and not data.get("delivery_address"):
            self.add_error(
                "delivery_address", _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
            )
        return data


# --- role administration ---------------------------------------------------------------------


class OfficialSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên, tên đăng nhập, thư điện tử hoặc số điện thoại"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    agency = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, agencies):
        super().__init__(data)
        self.fields["agency"].choices = [("", _("Tất cả đơn vị"))] + [
            (a.pk, a.name) for a in agencies
        ]


class GrantRoleForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    role = forms.ChoiceField(label=_("Vai trò"))
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("Hết hiệu lực từ"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, agencies, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— Chọn đơn vị —"))] + [
            (a.pk, a.name) for a in agencies
        ]
        self.fields["role"].choices = [("", _("— Chọn vai trò —")), *roles]
