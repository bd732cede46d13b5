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
