"""Admin screens for calendars, office hours, days off, make-up days and the yearly notice import.

Every write goes through ``services`` (validation + audit entry in one transaction). Seeded and
imported days cannot be deleted, only switched off, so the history of what applied stays.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import notices, services
from .core import WEEKDAY_NAMES, WorktimeError, check_sessions
from .models import (
    Calendar,
    ExtraWorkingDay,
    Holiday,
    HolidayYear,
    SchedulePeriod,
    Source,
    WorkSession,
)


class ServiceWritesMixin:
    """Route the admin's saves and deletes through the audited services."""

    def save_model(self, request, obj, form, change):
        services.save_record(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.delete_record(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_record(obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete_record(obj, actor=request.user)
        for obj in instances:
            services.save_record(obj, actor=request.user)
        formset.save_m2m()


class SchedulePeriodInline(admin.TabularInline):
    model = SchedulePeriod
    fields = ["name", "starts_day", "starts_month", "valid_from", "valid_to"]
    extra = 0
    show_change_link = True


@admin.register(Calendar)
class CalendarAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["name", "agency", "hours_per_day", "reception_cutoff", "valid_from", "valid_to"]
    search_fields = ["name", "agency__name", "agency__code"]
    raw_id_fields = ["agency"]
    inlines = [SchedulePeriodInline]
    fields = [
        "name",
        "agency",
        "hours_per_day",
        "reception_cutoff",
        "valid_from",
        "valid_to",
        "note",
    ]


class WorkSessionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Check the sessions entered together; each row's own check only sees saved rows."""
        super().clean()
        by_weekday: dict[int, list[tuple]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not (data.get("start") and data.get("end")):
                continue
            by_weekday.setdefault(data["weekday"], []).append((data["start"], data["end"]))
        try:
            for weekday, sessions in by_weekday.items():
                check_sessions(sessions, f"({_(WEEKDAY_NAMES[weekday])})")
        except WorktimeError as exc:
            raise services.as_validation_error(exc) from None


class WorkSessionInline(admin.TabularInline):
    model = WorkSession
    formset = WorkSessionFormSet
    fields = ["weekday", "start", "end"]
    extra = 0


@admin.register(SchedulePeriod)
class SchedulePeriodAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["calendar", "name", "starts_day", "starts_month", "valid_from", "valid_to"]
    list_filter = ["calendar"]
    inlines = [WorkSessionInline]


class ScopedDayAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["date", "weekday", "name", "scope", "source", "notice", "is_active"]
    list_filter = ["is_active", "source", "calendar"]
    search_fields = ["name", "notice", "note"]
    date_hierarchy = "date"
    readonly_fields = ["source", "created_at", "updated_at"]
    actions = ["activate", "deactivate"]

    @admin.display(description=gettext_lazy("thứ"))
    def weekday(self, obj):
        return _(WEEKDAY_NAMES[obj.date.weekday()])

    @admin.display(description=gettext_lazy("phạm vi"))
    def scope(self, obj):
        return obj.scope_label

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source != Source.MANUAL:
            return False
        return super().has_delete_permission(request, obj)

    def _switch(self, request, queryset, active: bool):
        try:
            changed = services.set_active(queryset, active, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, _("Đã cập nhật %(n)d dòng.") % {"n": changed})

    @admin.action(description=gettext_lazy("Áp dụng các dòng đã chọn"))
    def activate(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description=gettext_lazy("Thôi áp dụng các dòng đã chọn (giữ lịch sử)"))
    def deactivate(self, request, queryset):
        self._switch(request, queryset, False)


class NoticeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp thông báo (CSV hoặc JSON)"),
        help_text=gettext_lazy(
            "CSV có dòng tiêu đề date,kind,name (tùy chọn like_weekday); JSON theo mẫu trong "
            "tài liệu “Lịch làm việc”."
        ),
    )
    reference = forms.CharField(
        label=gettext_lazy("Số, ngày của văn bản"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Ví dụ: TB 9441/TB-BNV ngày 16/10/2025. Bắt buộc với tệp CSV."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm được xác nhận"),
        min_value=1975,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("Điền năm nếu thông báo này xác nhận lịch nghỉ của cả năm."),
    )
    calendar = forms.ModelChoiceField(
        label=gettext_lazy("Chỉ áp dụng cho lịch"),
        queryset=Calendar.objects.all(),
        required=False,
        empty_label=gettext_lazy("Toàn tỉnh"),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > 1024 * 1024:
            raise ValidationError(_("Tệp thông báo tối đa 1 MB."))
        try:
            notice = notices.parse_notice(
                upload.read(), filename=upload.name, reference=data.get("reference") or ""
            )
        except WorktimeError as exc:
            raise services.as_validation_error(exc) from None
        data["notice"] = notice.amended(
            reference=data.get("reference") or "", year=data.get("year")
        )
        return data


@admin.register(Holiday)
class HolidayAdmin(ScopedDayAdmin):
    list_display = ["date", "weekday", "name", "kind", "scope", "source", "notice", "is_active"]
    list_filter = ["is_active", "kind", "source", "calendar"]
    fields = ["date", "name", "kind", "calendar", "notice", "is_active", "note", "source"]
    change_list_template = "admin/worktime/holiday/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="worktime_holiday_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:worktime_holiday_changelist")
        form = NoticeImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = services.import_notice(
                    form.cleaned_data["notice"],
                    actor=request.user,
                    calendar=form.cleaned_data.get("calendar"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _(
                        "Đã nhập thông báo: %(created)d dòng mới, %(deactivated)d dòng thôi áp "
                        "dụng, %(unchanged)d dòng giữ nguyên."
                    )
                    % {
                        "created": report.created,
                        "deactivated": report.deactivated,
                        "unchanged": report.unchanged,
                    },
                )
                return redirect(reverse("admin:worktime_holiday_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập thông báo nghỉ lễ hằng năm"),
            "form": form,
        }
        return TemplateResponse(request, "admin/worktime/holiday/import.html", context)


@admin.register(ExtraWorkingDay)
class ExtraWorkingDayAdmin(ScopedDayAdmin):
    fields = ["date", "name", "like_weekday", "calendar", "notice", "is_active", "note", "source"]


@admin.register(HolidayYear)
class HolidayYearAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["year", "confirmed", "reference"]
    list_filter = ["confirmed"]
    fields = ["year", "confirmed", "reference", "note"]

    def has_delete_permission(self, request, obj=None):
        # Removing a year would leave a hole in every calendar's range.
        return False
