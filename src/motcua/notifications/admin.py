"""Administration of message templates (versioned, with a preview) and of the message log."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import kinds, services
from .channels import registry
from .channels.sms import measure, prepare
from .kinds import SMS
from .models import MessageTemplate, Notification


class MessageTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Loại thông báo"))
    channel = forms.ChoiceField(label=_("Kênh"))

    class Meta:
        model = MessageTemplate
        fields = ["kind", "channel", "language", "subject", "body", "is_active", "note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds.choices()
        self.fields["channel"].choices = registry.choices()

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.render_sample(
                    data["kind"], data["channel"], data["language"], data["subject"], data["body"]
                )
            except ValidationError as exc:
                self.add_error("body", exc)
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "channel", "language", "version", "is_active", "created_at", "preview"]
    list_filter = ["channel", "language", "is_active", "kind"]
    search_fields = ["kind", "subject", "body"]
    readonly_fields = ["version", "created_at", "created_by"]

    @admin.display(description=_("Xem trước"))
    def preview(self, obj):
        url = reverse("admin:notifications_messagetemplate_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Xem trước"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/xem-truoc/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_messagetemplate_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        template = get_object_or_404(MessageTemplate, pk=pk)
        kind = kinds.get(template.kind)
        error = ""
        subject = body = ""
        try:
            subject, body = services.render_sample(
                template.kind, template.channel, template.language, template.subject, template.body
            )
        except ValidationError as exc:
            error = "; ".join(exc.messages)
        sms = None
        if template.channel == SMS and body:
            sent = prepare(body)
            sms = {"text": sent, "length": measure(sent)}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Xem trước: %(template)s") % {"template": template},
            "template_obj": template,
            "kind": kind,
            "variables": sorted(services.sample_context(template.kind).items()),
            "subject": subject,
            "body": body,
            "sms": sms,
            "error": error,
        }
        return TemplateResponse(
            request, "admin/notifications/messagetemplate/preview.html", context
        )

    def get_changeform_initial_data(self, request):
        return {"language": settings.LANGUAGE_CODE}

    def save_model(self, request, obj, form, change):
        """Every save adds a new version through the service; the edited row stays as it was."""
        data = form.cleaned_data
        saved = services.save_template_version(
            kind=data["kind"],
            channel=data["channel"],
            language=data["language"],
            subject=data["subject"],
            body=data["body"],
            is_active=data["is_active"],
            note=data["note"],
            actor=request.user,
        )
        obj.pk, obj.version = saved.pk, saved.version
        if change:
            messages.info(
                request,
                _("Đã lưu thành phiên bản %(version)d; phiên bản cũ được giữ nguyên.")
                % {"version": saved.version},
            )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "address", "recipient", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["address", "recipient_name", "related_id", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    list_select_related = ["recipient"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại các thông báo gửi không thành công"))
    def resend(self, request, queryset):
        done = 0
        for notification in queryset.filter(status=Notification.Status.FAILED):
            try:
                services.requeue(notification, actor=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"#{notification.pk}: {exc.messages[0]}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request, _("Đã xếp %(count)d thông báo vào hàng đợi gửi lại.") % {"count": done}
        )
