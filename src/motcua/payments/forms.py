from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text

from .models import PaymentMethod, PaymentStatus, Settlement
from .money import dong


class PayForm(forms.Form):
    provider = forms.ChoiceField(
        label=_("Hình thức thanh toán"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn hình thức thanh toán.")},
    )
    # One per rendered form: submitting it twice re-uses the same attempt.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {p.id: p for p in providers}
        self.fields["provider"].choices = [(p.id, p.label) for p in providers]
        if len(providers) == 1:
            self.fields["provider"].initial = providers[0].id


class CounterPaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[
            (PaymentMethod.CASH, PaymentMethod.CASH.label),
            (PaymentMethod.CARD, PaymentMethod.CARD.label),
        ],
        widget=forms.RadioSelect,
        initial=PaymentMethod.CASH,
    )
    receipt_number = forms.CharField(
        label=_("Số biên lai"),
        max_length=100,
        error_messages={"required": _("Vui lòng nhập số biên lai.")},
    )
    fee_ids = forms.TypedMultipleChoiceField(
        label=_("Các khoản nộp"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một khoản.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, due_fees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_ids"].choices = [(f.pk, f"{f.name}: {dong(f.amount)}") for f in due_fees]
        self.fields["fee_ids"].initial = [f.pk for f in due_fees]

    def clean_receipt_number(self):
        return clean_text(self.cleaned_data["receipt_number"])


class ConfirmTransferForm(forms.Form):
    bank_reference = forms.CharField(
        label=_("Mã giao dịch của ngân hàng"),
        max_length=100,
        error_messages={"required": _("Vui lòng nhập mã giao dịch của ngân hàng.")},
    )


class StatementForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sao kê (CSV, UTF-8)"),
        error_messages={"required": _("Vui lòng chọn tệp sao kê.")},
    )


class PaymentFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã thanh toán, mã hồ sơ"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *PaymentStatus.choices]
    )
    provider = forms.ChoiceField(label=_("Hình thức thanh toán"), required=False)
    settlement = forms.ChoiceField(
        label=_("Ghi nhận"),
        required=False,
        choices=[("", _("Tất cả")), *[c for c in Settlement.choices if c[0]]],
    )
    # ISO dates: what <input type="date"> sends and shows, whatever the language.
    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Tất cả")), *providers]
