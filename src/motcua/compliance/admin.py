"""Admin screens of the requests register; every save goes through ``compliance.services``."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from . import services
from .models import SoftwareRequest


class LinesField(forms.CharField):
    """A list of short codes typed one per line (commas and spaces also separate them)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part for part in text.replace(",", " ").split() if part]


class SoftwareRequestForm(forms.ModelForm):
    criteria = LinesField(
        label=_("Tiêu chí liên quan"),
        required=False,
        help_text=_("Mã tiêu chí, mỗi dòng một mã, ví dụ: PL2-2.7"),
    )
    evidence_tests = LinesField(
        label=_("Kiểm thử minh chứng"),
        required=False,
        help_text=_(
            "Mã kiểm thử tự động, mỗi dòng một mã, ví dụ: "
            "src/motcua/dossiers/tests/test_codes.py::test_ten_kiem_thu"
        ),
    )

    class Meta:
        model = SoftwareRequest
        fields = list(services.EDITABLE_FIELDS)


@admin.register(SoftwareRequest)
class SoftwareRequestAdmin(admin.ModelAdmin):
    form = SoftwareRequestForm
    list_display = ["id", "received_on", "agency", "subject", "kind", "status", "resolved_on"]
    list_filter = ["status", "kind", "received_on"]
    list_select_related = ["agency"]
    search_fields = ["search_text"]
    date_hierarchy = "received_on"
    fieldsets = [
        (
            None,
            {"fields": ["agency", "reference", "received_on", "kind", "subject", "description"]},
        ),
        (_("Xử lý"), {"fields": ["status", "answer", "resolved_on"]}),
        (_("Minh chứng"), {"fields": ["criteria", "evidence_tests"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def has_delete_permission(self, request, obj=None):
        return False  # the register is evidence for the province: entries are answered, not erased

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        if change:
            saved = services.update_request(obj, actor=request.user, **data)
        else:
            saved = services.register_request(actor=request.user, **data)
        obj.pk = saved.pk
