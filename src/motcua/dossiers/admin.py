"""Admin: the rule versions are editable data; dossiers are read-only here (their only write
path is ``dossiers.services``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Dossier, HistoryEntry, RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "form_set", "code_format"]
    fieldsets = [
        (None, {"fields": ["code", "name", "valid_from", "valid_to", "legal_basis"]}),
        (_("Mã số hồ sơ và biểu mẫu"), {"fields": ["code_format", "form_set"]}),
        (
            _("Quy tắc"),
            {
                "fields": [
                    "applicant_stop_enabled",
                    "online_amendment_enabled",
                    "auto_close_missing_supplement",
                    "intake_alert_hours",
                    "intake_decision_working_hours",
                    "max_extensions",
                    "extension_notice_working_days",
                    "appraisal_supplement_working_days",
                ]
            },
        ),
        (_("Trạng thái quốc gia"), {"fields": ["status_mapping"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.dossiers.exists()


class HistoryInline(admin.TabularInline):
    model = HistoryEntry
    fields = ["seq", "at", "actor_name", "actor_role", "action", "state_after", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["code", "applicant_name", "state", "national_status", "due_at"]
    list_filter = ["state", "national_status", "channel"]
    search_fields = ["code", "applicant_id_number", "applicant_name_search"]
    inlines = [HistoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
