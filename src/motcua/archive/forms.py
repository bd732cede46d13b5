"""Forms of the archive page: filters, batch archiving, destruction."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .selectors import ArchiveFilters

STATUS_CHOICES = [
    ("", _("Tất cả")),
    ("retained", _("Đang trong thời hạn bảo quản")),
    ("due", _("Đến hạn xem xét hủy")),
    ("destroyed", pgettext_lazy("lưu trữ", "Đã hủy")),
]


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Mã lưu trữ, mã hồ sơ hoặc tên chủ hồ sơ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    year = forms.TypedChoiceField(
        label=_("Năm"), required=False, coerce=int, empty_value=None, choices=()
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=())
    procedure = forms.ChoiceField(label=_("Thủ tục"), required=False, choices=())
    agency = forms.TypedChoiceField(
        label=_("Cơ quan lưu trữ"), required=False, coerce=int, empty_value=None, choices=()
    )
    status = forms.ChoiceField(label=_("Thời hạn bảo quản"), required=False, choices=STATUS_CHOICES)

    def __init__(self, data, *, choices: dict[str, list[tuple]]):
        super().__init__(data)
        self.fields["year"].choices = [("", _("Tất cả các năm"))] + [
            (y, str(y)) for y in choices["years"]
        ]
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + [
            (code, f"{name} ({code})") for code, name in choices["fields"]
        ]
        self.fields["procedure"].choices = [("", _("Tất cả thủ tục"))] + [
            (code, f"{code} — {name[:90]}") for code, name in choices["procedures"]
        ]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan")), *choices["agencies"]]

    def filters(self) -> ArchiveFilters:
        """What was asked, ignoring invalid values (an unknown year shows everything)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ArchiveFilters(
            q=data.get("q", ""),
            year=data.get("year"),
            field_code=data.get("field", ""),
            procedure_code=data.get("procedure", ""),
            status=data.get("status", ""),
            agency_id=data.get("agency"),
        )


class BatchForm(forms.Form):
    prefix = "batch"  # the filter form on the same page has an "agency" field too

    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int, choices=())
    until = forms.DateField(
        label=_("Hồ sơ kết thúc đến hết ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, agencies: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies
        self.fields["until"].initial = timezone.localdate()


class DestroyForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=2000,
        help_text=_("Số, ngày quyết định hủy tài liệu hết giá trị; hội đồng xác định giá trị."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
