"""The help page's questions and answers, edited by the province in the Django admin (writes
go through the services: audited)."""

from django.contrib import admin

from . import services
from .models import FaqEntry


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "order", "published"]
    list_editable = ["order", "published"]
    list_filter = ["published"]
    search_fields = ["question", "answer"]
    fields = ["question", "answer", "order", "published"]

    def save_model(self, request, obj, form, change):
        services.save_faq_entry(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.delete_faq_entry(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.delete_faq_entry(entry, actor=request.user)
