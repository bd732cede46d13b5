"""Formula versions of the QĐ 766 index and the TT 01/2018 evaluation, for the province's
administrator. Saves go through ``scoring.save_scheme`` (validated, audited); a version that
has been in force is read-only apart from its name, source and end — a correction is a new
version ("Tạo phiên bản mới từ bản này"), so past periods keep the formulas they were scored
with."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring
from .models import ScoringScheme


class SchemeForm(forms.ModelForm):
    class Meta:
        model = ScoringScheme
        fields = ["kind", "code", "name", "source", "valid_from", "valid_to", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 30, "cols": 100})}

    def _post_clean(self):
        super()._post_clean()  # the model's own checks, the definition's among them
        try:
            scoring.check_scheme(self.instance)
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    form = SchemeForm
    list_display = ["code", "name", "kind", "valid_from", "valid_to", "in_use"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    actions = ["new_version"]

    @admin.display(description=gettext_lazy("đã có hiệu lực"), boolean=True)
    def in_use(self, obj) -> bool:
        return scoring.is_used(obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and scoring.is_used(obj):
            return ["code", *scoring.FROZEN_WHEN_USED, "definition_text"]
        return []

    def get_fields(self, request, obj=None):
        if obj is not None and scoring.is_used(obj):
            return ["kind", "code", "name", "source", "valid_from", "valid_to", "definition_text"]
        return super().get_fields(request, obj)

    @admin.display(description=gettext_lazy("công thức và hệ số"))
    def definition_text(self, obj) -> str:
        return json.dumps(obj.definition, ensure_ascii=False, indent=2)

    def has_delete_permission(self, request, obj=None):
        return (
            obj is not None
            and not scoring.is_used(obj)
            and super().has_delete_permission(request, obj)
        )

    def save_model(self, request, obj, form, change):
        scoring.save_scheme(obj, actor=request.user)

    @admin.action(description=gettext_lazy("Tạo phiên bản mới từ bản này (hiệu lực từ ngày mai)"))
    def new_version(self, request, queryset):
        for scheme in queryset:
            try:
                copy = scoring.new_version(scheme, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Đã tạo phiên bản %(code)s, hiệu lực từ %(day)s; "
                        "sửa công thức trước ngày đó."
                    )
                    % {"code": copy.code, "day": copy.valid_from.strftime("%d/%m/%Y")},
                    messages.SUCCESS,
                )
