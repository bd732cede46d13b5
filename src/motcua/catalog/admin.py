"""Admin screens for the procedure catalogue.

Drafts are edited here with all their rows; a published or retired version is shown read-only
(the models refuse changes anyway) and offers "create a new draft from this version". Publishing,
retiring, copying, importing and exporting go through ``catalog.services``/``catalog.files``.
Everything is gated by ordinary Django permissions, publishing and retiring by
``catalog.publish_procedureversion``, so a province administrator can be given exactly these
screens.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.text import fold

from . import files, services
from .models import (
    Case,
    Channel,
    ComponentRequirement,
    Fee,
    FrozenVersionError,
    Procedure,
    ProcedureVersion,
    ProcessAction,
    ProcessStep,
    ResultType,
    TargetGroup,
)
from .transfer import CatalogueImportError

Status = ProcedureVersion.Status
PUBLISH_PERMISSION = "catalog.publish_procedureversion"
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _checkboxes(choices, label):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
    )


# --- procedure ---------------------------------------------------------------------------------


class VersionSummaryInline(admin.TabularInline):
    """The versions of a procedure, read-only: each is opened on its own page."""

    model = ProcedureVersion
    fields = ["number", "status", "effective_from", "effective_to", "decision_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh mục (JSON hoặc XLSX)"),
        help_text=gettext_lazy(
            "Định dạng motcua.catalog/1. Tệp có lỗi thì không có dữ liệu nào được ghi."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra, không ghi dữ liệu"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Tệp danh mục tối đa 20 MB."))
        if files.file_format(upload.name) is None:
            raise ValidationError(_("Chỉ nhận tệp .json hoặc .xlsx."))
        return upload


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["national_code", "name", "field", "agency_level", "is_active", "versions"]
    list_filter = ["agency_level", "is_active", "field"]
    search_fields = ["national_code", "local_code", "name_search"]
    autocomplete_fields = ["field", "agencies"]
    inlines = [VersionSummaryInline]
    actions = ["export_json", "export_xlsx"]
    change_list_template = "admin/catalog/procedure/change_list.html"
    change_form_template = "admin/catalog/procedure/change_form.html"
    fields = [
        "national_code",
        "local_code",
        "name",
        "name_en",
        "field",
        "agency_level",
        "agencies",
        "is_active",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("field")
            .annotate(
                version_count=Count("versions", distinct=True),
                published_count=Count(
                    "versions", filter=Q(versions__status=Status.PUBLISHED), distinct=True
                ),
            )
        )

    @admin.display(description=gettext_lazy("phiên bản (đang công bố / tổng)"))
    def versions(self, obj):
        return f"{obj.published_count} / {obj.version_count}"

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive: "dang ky khai sinh" finds "Đăng ký khai sinh".
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        services.save_procedure(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.versions.exclude(status=Status.DRAFT).exists())

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except FrozenVersionError as exc:
            self.message_user(request, exc.messages[0], messages.ERROR)

    # export

    def _export(self, queryset, kind: str) -> HttpResponse:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            files.export_file(kind, queryset), content_type=files.CONTENT_TYPES[kind]
        )
        response["Content-Disposition"] = f'attachment; filename="danh-muc-tthc-{stamp}.{kind}"'
        return response

    @admin.action(description=gettext_lazy("Xuất các thủ tục đã chọn ra tệp JSON"))
    def export_json(self, request, queryset):
        return self._export(queryset, "json")

    @admin.action(description=gettext_lazy("Xuất các thủ tục đã chọn ra tệp XLSX"))
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    # import and new drafts

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedure_import",
            ),
            path(
                "<int:pk>/new-draft/",
                self.admin_site.admin_view(self.new_draft_view),
                name="catalog_procedure_new_draft",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = errors = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = files.import_file(
                    upload.read(),
                    upload.name,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except CatalogueImportError as exc:
                errors = exc.report
            else:
                if not report.dry_run:
                    self.message_user(request, report.summary(), messages.SUCCESS)
                    return redirect("admin:catalog_procedure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập danh mục thủ tục hành chính"),
            "form": form,
            "report": report,
            "failed": errors,
        }
        return TemplateResponse(request, "admin/catalog/procedure/import.html", context)

    def new_draft_view(self, request, pk: int):
        """POST: a new draft, copied from the latest version if there is one."""
        procedure = get_object_or_404(Procedure, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, procedure):
            raise PermissionDenied
        latest = procedure.versions.order_by("-number").first()
        if latest is None:
            draft = services.create_draft(procedure, actor=request.user)
        else:
            draft = services.new_draft_from(latest, actor=request.user)
        self.message_user(
            request, _("Đã tạo dự thảo phiên bản %(n)d.") % {"n": draft.number}, messages.SUCCESS
        )
        return redirect("admin:catalog_procedureversion_change", draft.pk)


# --- version and its rows ----------------------------------------------------------------------


class DraftOnlyInline:
    """Rows of a version: editable only while it is a draft; ``case`` limited to its cases."""

    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or obj.is_editable

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("name", "note", "description"):
            field.widget.attrs["size"] = 80  # long official names; the default box hides them
        return field

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        case = formset.form.base_fields.get("case")
        if case is not None:
            case.queryset = Case.objects.filter(version=obj) if obj else Case.objects.none()
        return formset


class CaseInline(DraftOnlyInline, admin.TabularInline):
    model = Case
    fields = [
        "sort_order",
        "code",
        "name",
        "time_limit",
        "time_unit",
        "push_off_non_working_day",
        "time_limit_note",
    ]


class ComponentInline(DraftOnlyInline, admin.StackedInline):
    model = ComponentRequirement
    fields = [
        ("sort_order", "case", "code"),
        "name",
        ("form", "quantity", "required", "must_digitise", "max_files"),
        ("template_file", "template_name"),
        "note",
    ]


class FeeInline(DraftOnlyInline, admin.StackedInline):
    model = Fee
    fields = [
        ("case", "code", "kind", "collected_at"),
        "name",
        ("amount", "amount_online"),
        "description",
        "exemptions",
    ]


class ResultTypeInline(DraftOnlyInline, admin.TabularInline):
    model = ResultType
    fields = ["code", "name", "is_paper_document"]


class ProcessStepForm(forms.ModelForm):
    allowed_actions = _checkboxes(ProcessAction.choices, gettext_lazy("Thao tác được phép"))

    class Meta:
        model = ProcessStep
        fields = [
            "case",
            "order",
            "name",
            "role",
            "handling_unit",
            "time_budget_hours",
            "allowed_actions",
            "description",
        ]


class ProcessStepInline(DraftOnlyInline, admin.StackedInline):
    model = ProcessStep
    form = ProcessStepForm
    autocomplete_fields = ["handling_unit"]
    fields = [
        ("order", "case", "role", "handling_unit", "time_budget_hours"),
        "name",
        "allowed_actions",
        "description",
    ]


class VersionForm(forms.ModelForm):
    channels = _checkboxes(Channel.choices, gettext_lazy("Cách thức thực hiện"))
    target_groups = _checkboxes(TargetGroup.choices, gettext_lazy("Đối tượng thực hiện"))

    class Meta:
        model = ProcedureVersion
        fields = [
            "effective_from",
            "decision_number",
            "steps_text",
            "channels",
            "online_level",
            "target_groups",
            "implementing_body",
            "submission_place",
            "requirements",
            "legal_basis",
            "result_description",
            "supplement_clock",
            "supplement_wait_days",
            "form_schema",
            "form_layout",
        ]


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=gettext_lazy("Có hiệu lực từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Phiên bản đang công bố (nếu có) hết hiệu lực từ chính ngày này."),
    )


class RetireForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Hết hiệu lực từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Ngày đầu tiên phiên bản không còn được áp dụng."),
    )


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = [
        "procedure",
        "number",
        "status",
        "effective_from",
        "effective_to",
        "decision_number",
    ]
    list_filter = ["status", "online_level", "procedure__field"]
    list_select_related = ["procedure"]
    search_fields = ["procedure__national_code", "procedure__name_search", "decision_number"]
    inlines = [CaseInline, ComponentInline, FeeInline, ResultTypeInline, ProcessStepInline]
    actions = ["publish_selected", "new_drafts"]
    change_form_template = "admin/catalog/procedureversion/change_form.html"
    readonly_fields = ["procedure", "number", "status", "published_at", "effective_to"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("procedure", "number", "status"),
                    ("effective_from", "effective_to", "published_at"),
                    "decision_number",
                ]
            },
        ),
        (
            gettext_lazy("Nội dung thủ tục"),
            {
                "fields": [
                    "steps_text",
                    "channels",
                    "online_level",
                    "target_groups",
                    "implementing_body",
                    "submission_place",
                    "requirements",
                    "legal_basis",
                    "result_description",
                ]
            },
        ),
        (
            gettext_lazy("Bổ sung hồ sơ và biểu mẫu điện tử"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("supplement_clock", "supplement_wait_days"),
                    "form_schema",
                    "form_layout",
                ],
            },
        ),
    ]

    def has_add_permission(self, request):
        # Drafts are made from a procedure's page or copied from a version.
        return False

    @admin.display(description=gettext_lazy("cách thức thực hiện"))
    def channel_labels(self, obj):
        return ", ".join(str(Channel(v).label) for v in obj.channels if v in Channel.values)

    @admin.display(description=gettext_lazy("đối tượng thực hiện"))
    def target_group_labels(self, obj):
        return ", ".join(
            str(TargetGroup(v).label) for v in obj.target_groups if v in TargetGroup.values
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.is_editable:
            return self.fieldsets
        # Read-only pages show the labels of the chosen values, not the stored codes.
        labels = {"channels": "channel_labels", "target_groups": "target_group_labels"}
        return [
            (title, {**options, "fields": [labels.get(f, f) for f in options["fields"]]})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or obj.is_editable:
            return self.readonly_fields
        return [*self.readonly_fields, "channel_labels", "target_group_labels"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("publish_selected", None)
        if not super().has_change_permission(request):
            actions.pop("new_drafts", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and not obj.is_editable:
            if request.method == "POST":
                self.message_user(request, FrozenVersionError().messages[0], messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                _(
                    "Phiên bản %(n)d đã công bố hoặc đã hết hiệu lực nên chỉ xem được. Muốn "
                    "thay đổi, hãy tạo phiên bản dự thảo mới từ phiên bản này."
                )
                % {"n": obj.number},
                messages.INFO,
            )
        extra_context = {
            **(extra_context or {}),
            "can_publish": obj is not None
            and obj.is_editable
            and self.has_publish_permission(request),
            "can_retire": obj is not None
            and obj.status == Status.PUBLISHED
            and self.has_publish_permission(request),
            "can_copy": obj is not None and super().has_change_permission(request),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.save_draft(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except FrozenVersionError as exc:
            self.message_user(request, exc.messages[0], messages.ERROR)

    # lifecycle

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/publish/", view(self.publish_view), name="catalog_version_publish"),
            path("<int:pk>/retire/", view(self.retire_view), name="catalog_version_retire"),
            path("<int:pk>/new-draft/", view(self.copy_view), name="catalog_version_new_draft"),
            *super().get_urls(),
        ]

    def _lifecycle_page(self, request, version, form, title: str, issues=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": version,
            "title": title,
            "form": form,
            "issues": issues or [],
        }
        return TemplateResponse(request, "admin/catalog/procedureversion/lifecycle.html", context)

    def publish_view(self, request, pk: int):
        version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        initial = {"effective_from": version.effective_from or timezone.localdate()}
        form = PublishForm(request.POST or None, initial=initial)
        issues = [issue.message for issue in services.publication_issues(version)]
        if request.method == "POST" and form.is_valid():
            try:
                services.publish(
                    version, effective_from=form.cleaned_data["effective_from"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("Đã công bố phiên bản %(n)d.") % {"n": version.number},
                    messages.SUCCESS,
                )
                return redirect("admin:catalog_procedureversion_change", version.pk)
        title = _("Công bố phiên bản %(n)d của thủ tục %(code)s") % {
            "n": version.number,
            "code": version.procedure.national_code,
        }
        return self._lifecycle_page(request, version, form, title, issues)

    def retire_view(self, request, pk: int):
        version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        form = RetireForm(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.retire(version, on=form.cleaned_data["on"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("Phiên bản %(n)d hết hiệu lực từ %(date)s.")
                    % {"n": version.number, "date": f"{form.cleaned_data['on']:%d/%m/%Y}"},
                    messages.SUCCESS,
                )
                return redirect("admin:catalog_procedureversion_change", version.pk)
        title = _("Cho hết hiệu lực phiên bản %(n)d của thủ tục %(code)s") % {
            "n": version.number,
            "code": version.procedure.national_code,
        }
        return self._lifecycle_page(request, version, form, title)

    def copy_view(self, request, pk: int):
        version = get_object_or_404(ProcedureVersion, pk=pk)
        if request.method != "POST" or not super().has_change_permission(request):
            raise PermissionDenied
        draft = services.new_draft_from(version, actor=request.user)
        self.message_user(
            request,
            _("Đã tạo dự thảo phiên bản %(n)d từ phiên bản %(source)d.")
            % {"n": draft.number, "source": version.number},
            messages.SUCCESS,
        )
        return redirect("admin:catalog_procedureversion_change", draft.pk)

    @admin.action(description=gettext_lazy("Công bố các phiên bản dự thảo đã chọn"))
    def publish_selected(self, request, queryset):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        for version in queryset.select_related("procedure").order_by("procedure", "number"):
            label = f"{version.procedure.national_code} v{version.number}"
            try:
                services.publish(version, actor=request.user)
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("Không công bố được %(label)s: %(errors)s")
                    % {"label": label, "errors": " ".join(exc.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, _("Đã công bố %(label)s.") % {"label": label}, messages.SUCCESS
                )

    @admin.action(description=gettext_lazy("Tạo dự thảo mới từ các phiên bản đã chọn"))
    def new_drafts(self, request, queryset):
        for version in queryset.select_related("procedure"):
            draft = services.new_draft_from(version, actor=request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Đã tạo dự thảo:"),
                    reverse("admin:catalog_procedureversion_change", args=[draft.pk]),
                    f"{version.procedure.national_code} v{draft.number}",
                ),
                messages.SUCCESS,
            )
