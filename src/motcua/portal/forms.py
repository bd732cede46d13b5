"""The procedure list's search and filter form (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import AgencyLevel, OnlineLevel

from .templatetags.portal_tags import localized_name

INVALID = _("Giá trị lọc không hợp lệ nên đã được bỏ qua.")


class ProcedureFilterForm(forms.Form):
    """Search terms and filters; an invalid filter is reported and ignored, never an error page.

    ``fields`` and ``agency_groups`` come from ``motcua.portal.selectors`` so the choices only
    offer what has procedures in force.
    """

    q = forms.CharField(label=_("Từ khóa"), max_length=200, required=False, strip=True)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan thực hiện"), required=False)
    agency_level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *AgencyLevel.choices],
    )
    online_level = forms.ChoiceField(
        label=_("Mức độ dịch vụ công trực tuyến"),
        required=False,
        choices=[("", _("Tất cả các mức độ")), *OnlineLevel.choices],
    )

    FILTERS = ("field", "agency", "agency_level", "online_level")

    def __init__(self, data, *, fields, agency_groups):
        super().__init__(data)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ví dụ: giấy phép xây dựng")}
        )
        self.fields["q"].error_messages["max_length"] = _("Từ khóa dài tối đa 200 ký tự.")
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + [
            (item.code, localized_name(item)) for item in fields
        ]
        agency_choices = [("", _("Tất cả cơ quan"))]
        for group in agency_groups:
            options = [(a.code, localized_name(a)) for a in group.agencies]
            for _unit, members in group.communes:
                options += [(a.code, localized_name(a)) for a in members]
            agency_choices.append((group.label, options))
        self.fields["agency"].choices = agency_choices
        for name in self.FILTERS:
            self.fields[name].error_messages["invalid_choice"] = INVALID

    def search_arguments(self) -> dict[str, str]:
        """Keyword arguments for ``search_procedures`` from the valid part of the input."""
        self.is_valid()  # fills cleaned_data with the fields that passed
        data = self.cleaned_data
        arguments = {"query": data.get("q", "")}
        arguments.update({name: data[name] for name in self.FILTERS if data.get(name)})
        return arguments

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, label, shown value) of each filter in effect, for removable chips."""
        self.is_valid()
        shown = []
        for name in ("q", *self.FILTERS):
            value = self.cleaned_data.get(name)
            if value:
                bound = self[name]
                choices = dict(_flatten(bound.field.choices)) if name != "q" else {}
                shown.append((name, str(bound.label), str(choices.get(value, value))))
        return shown


def _flatten(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


# --- submission wizard and the citizen's pages -------------------------------------------------


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized_name(obj)


class CaseForm(forms.Form):
    """The case, the competent authority (when several) and the desk that receives it."""

    case = forms.ModelChoiceField(
        label=_("Trường hợp của bạn"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Vui lòng chọn trường hợp của bạn.")},
    )
    settling_agency = AgencyChoiceField(
        label=_("Cơ quan có thẩm quyền giải quyết"),
        queryset=None,
        required=False,
        help_text=_("Cơ quan sẽ giải quyết hồ sơ của bạn, theo quy định của thủ tục."),
    )
    receiving_agency = AgencyChoiceField(
        label=_("Nơi tiếp nhận hồ sơ và trả kết quả"),
        queryset=None,
        required=False,
        help_text=_(
            "Hồ sơ được tiếp nhận không phụ thuộc địa giới hành chính trong tỉnh; để trống thì "
            "hồ sơ được gửi tới nơi tiếp nhận của cơ quan giải quyết."
        ),
    )

    def __init__(self, *args, cases, agencies, desks, **kwargs):
        super().__init__(*args, **kwargs)
        from motcua.catalog.models import Case
        from motcua.directory.models import Agency

        self.fields["case"].queryset = Case.objects.filter(pk__in=[c.pk for c in cases])
        self.fields["case"].label_from_instance = lambda case: case.name
        if len(agencies) > 1:
            field = self.fields["settling_agency"]
            field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by(
                "sort_order", "name_search"
            )
            field.required = True
            field.empty_label = _("— Chọn cơ quan —")
            field.error_messages["required"] = _("Vui lòng chọn cơ quan có thẩm quyền giải quyết.")
        else:
            del self.fields["settling_agency"]
        self.fields["receiving_agency"].queryset = Agency.objects.filter(
            pk__in=[d.pk for d in desks]
        ).order_by("sort_order", "code")
        self.fields["receiving_agency"].empty_label = _("— Nơi tiếp nhận của cơ quan giải quyết —")


class DeliveryForm(forms.Form):
    return_method = forms.ChoiceField(
        label=_("Cách nhận kết quả"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn cách nhận kết quả.")},
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
        help_text=_("Bắt buộc khi chọn nhận kết quả qua dịch vụ bưu chính công ích."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from motcua.dossiers.models import ReturnMethod

        # Electronic first: it is the default and needs no trip (NĐ 118 Điều 22).
        order = [ReturnMethod.ONLINE, ReturnMethod.COUNTER, ReturnMethod.POST]
        self.fields["return_method"].choices = [(m.value, m.label) for m in order]


class ReviewForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Tôi xin cam đoan những thông tin đã khai là đúng sự thật và chịu trách nhiệm trước "
            "pháp luật về nội dung đã khai."
        ),
        error_messages={"required": _("Vui lòng đánh dấu ô cam đoan trước khi nộp hồ sơ.")},
    )


class TrackingForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã số hồ sơ"),
        max_length=60,
        help_text=_(
            "In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 000.90.01.H48-260302-0001."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_ma(self):
        return self.cleaned_data["ma"].strip().upper()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nêu lý do.")},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Tên giấy tờ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Giấy khai sinh của con; để trống thì dùng tên tệp."),
    )
    file = forms.FileField(label=_("Tệp"), error_messages={"required": _("Vui lòng chọn tệp.")})
