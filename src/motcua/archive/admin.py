"""Retention rules are edited by the province in the Django admin (through the services:
validated and audited). Archive records are read-only here: the back office's archive page
archives, verifies and destroys."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ArchiveRecord, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "scope",
        "period",
        "valid_from",
        "valid_to",
        "inferred",
        "basis",
    ]
    list_filter = ["inferred", "permanent"]
    search_fields = ["field_code", "procedure_code", "basis"]
    fields = [
        "field_code",
        "procedure_code",
        "years",
        "permanent",
        "valid_from",
        "valid_to",
        "basis",
        "inferred",
    ]

    @admin.display(description=_("Phạm vi áp dụng"))
    def scope(self, obj: RetentionRule) -> str:
        return obj.scope_label

    @admin.display(description=_("Thời hạn bảo quản"))
    def period(self, obj: RetentionRule) -> str:
        return obj.period_label

    def save_model(self, request, obj, form, change):
        services.save_rule(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        # A rule stays once applied (records point to it); end it with "hết hiệu lực từ".
        return False


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "dossier_code",
        "agency",
        "closed_on",
        "disposal_due_on",
        "destroyed_at",
    ]
    list_filter = ["year", "retention_permanent"]
    search_fields = ["code", "dossier_code", "applicant_search"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
