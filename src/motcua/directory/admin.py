"""Admin screens for the shared e-catalogues: administrative units, agencies and fields.

Saves go through ``directory.services`` (code checks, tree checks, audit). Rows are never
deleted once other data may point at them: a unit that ends gets an end date and a successor.
"""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from . import services
from .models import AdministrativeUnit, Agency, Field


class InForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang có hiệu lực")), ("no", _("Hết hoặc chưa có hiệu lực"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        in_force = queryset.in_force(timezone.localdate())
        if self.value() == "yes":
            return in_force
        return queryset.exclude(pk__in=in_force.values("pk"))


class ParentFilter(admin.SimpleListFilter):
    """Browse the tree one level at a time: the units directly under a chosen agency."""

    title = _("trực thuộc")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        parents = Agency.objects.filter(children__isnull=False).distinct()
        return [(str(a.pk), str(a)) for a in parents.order_by("sort_order", "name")]

    def queryset(self, request, queryset):
        return queryset.filter(parent_id=self.value()) if self.value() else queryset


class TreeCheckedForm(forms.ModelForm):
    """Adds the tree checks (parent in force, successor, loops) to the form's own errors."""

    def _post_clean(self):
        super()._post_clean()
        for key, messages in services.tree_errors(self.instance).items():
            self.add_error(key if key in self.fields else None, messages)


class FoldedSearchMixin:
    """Search by code, or by name without minding diacritics ("cam thanh" finds "Cẩm Thành")."""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(Q(code__icontains=term) | Q(name_search__contains=fold(term))), False


class EffectiveDatedAdmin(admin.ModelAdmin):
    save_kind: str = ""

    @admin.display(boolean=True, description=_("đang có hiệu lực"))
    def in_force(self, obj):
        return obj.in_force_on(timezone.localdate())

    def save_model(self, request, obj, form, change):
        getattr(services, f"save_{self.save_kind}")(obj, actor=request.user)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(EffectiveDatedAdmin):
    form = TreeCheckedForm
    save_kind = "administrative_unit"
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "in_force"]
    list_filter = ["kind", InForceFilter]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successor"]
    fields = ["code", "name", "kind", "parent", ("valid_from", "valid_to"), "successor"]


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, EffectiveDatedAdmin):
    form = TreeCheckedForm
    save_kind = "agency"
    list_display = [
        "tree_name",
        "code",
        "kind",
        "level",
        "parent",
        "receives_dossiers",
        "in_force",
    ]
    list_filter = ["kind", "level", InForceFilter, "receives_dossiers", ParentFilter]
    list_select_related = ["parent__parent__parent"]
    search_fields = ["code", "name_search"]
    autocomplete_fields = ["parent", "successor", "administrative_unit"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    ("short_name", "name_en"),
                    ("kind", "level"),
                    "parent",
                    "administrative_unit",
                    "receives_dossiers",
                    "sort_order",
                ]
            },
        ),
        (_("Hiệu lực"), {"fields": [("valid_from", "valid_to"), "successor"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"  # government sites are served over HTTPS
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("tên"), ordering="name")
    def tree_name(self, obj):
        # Indented by depth so the list reads as a tree (parents are already joined in).
        return "— " * len(obj.ancestors()) + obj.name


@admin.register(Field)
class FieldAdmin(FoldedSearchMixin, EffectiveDatedAdmin):
    save_kind = "field"
    list_display = ["code", "name", "ministry", "valid_from", "valid_to", "in_force"]
    list_filter = [InForceFilter, "ministry"]
    search_fields = ["code", "name_search"]
    fields = ["code", "name", "name_en", "ministry", ("valid_from", "valid_to")]
