"""Admin: payment attempts are read-only here (their only write path is ``payments.services``)."""

from django.contrib import admin

from .models import Payment, PaymentEvent


class EventInline(admin.TabularInline):
    model = PaymentEvent
    fields = ["at", "kind", "status_before", "status_after", "outcome", "signature_valid", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "dossier",
        "provider",
        "amount",
        "status",
        "settlement",
        "created_at",
    ]
    list_filter = ["status", "provider", "settlement"]
    search_fields = ["reference", "dossier__code", "provider_reference", "receipt_number"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["fees"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
