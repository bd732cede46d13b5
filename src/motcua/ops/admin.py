"""Maintenance notices, edited by the province system administrators through the services
(the one-working-day notice rule and the audit entry)."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import MaintenanceNotice


class MaintenanceNoticeForm(forms.ModelForm):
    class Meta:
        model = MaintenanceNotice
        fields = ["title", "message", "starts_at", "ends_at"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            notice = construct_instance(self, copy.copy(self.instance))
            try:  # the service's rule, checked here so it shows on the form
                services.check_maintenance_notice(notice)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(MaintenanceNotice)
class MaintenanceNoticeAdmin(admin.ModelAdmin):
    form = MaintenanceNoticeForm
    list_display = ["title", "starts_at", "ends_at", "announced_at", "cancelled_at"]
    list_filter = ["cancelled_at"]
    fields = ["title", "message", "starts_at", "ends_at", "announced_at", "cancelled_at"]
    readonly_fields = ["announced_at", "cancelled_at"]
    actions = ["cancel"]

    # Province system administrators manage notices without Django model permissions.
    def has_module_permission(self, request):
        return services.is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return services.is_system_admin(request.user)

    def has_add_permission(self, request):
        return services.is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        cancelled = obj is not None and obj.cancelled_at is not None
        return services.is_system_admin(request.user) and not cancelled

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the notice stays on record

    def save_model(self, request, obj, form, change):
        services.save_maintenance_notice(obj, actor=request.user)

    @admin.action(description=gettext_lazy("Hủy các thông báo đã chọn"), permissions=["view"])
    def cancel(self, request, queryset):
        for notice in queryset:
            services.cancel_maintenance_notice(notice, actor=request.user)
        messages.success(request, _("Đã hủy thông báo bảo trì."))
