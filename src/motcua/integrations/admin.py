"""Admin: what was sent to and received from the national portal, with the last error of each
message; administrators resend or skip failed messages (the only writes allowed here)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import InboundDossier, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "message_id",
        "kind",
        "state",
        "attempts",
        "next_attempt_at",
        "short_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["state", "system", "kind"]
    search_fields = ["message_id", "dossier__code"]
    list_select_related = ["dossier"]
    actions = ["resend", "skip"]

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj: OutboxMessage) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các gói tin đã chọn"), permissions=["change"])
    def resend(self, request, queryset):
        count = outbox.resend(queryset)
        self.message_user(
            request,
            ngettext("%(n)d gói tin sẽ được gửi lại.", "%(n)d gói tin sẽ được gửi lại.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Bỏ qua các gói tin đã chọn"), permissions=["change"])
    def skip(self, request, queryset):
        count = outbox.skip(queryset)
        self.message_user(
            request,
            ngettext("Đã bỏ qua %(n)d gói tin.", "Đã bỏ qua %(n)d gói tin.", count) % {"n": count},
            messages.WARNING,
        )


@admin.register(InboundDossier)
class InboundDossierAdmin(ReadOnlyAdmin):
    list_display = ["national_code", "channel", "state", "dossier", "error", "received_at"]
    list_filter = ["state", "channel", "acknowledged"]
    search_fields = ["national_code", "dossier__code"]
    list_select_related = ["dossier"]
