from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ExternalIdentity, Membership, Organisation, OrganisationMember, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["agency"]
    fk_name = "user"


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    extra = 0
    readonly_fields = ["provider", "subject", "linked_at", "last_login_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "phone", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone", "id_number"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Thông tin cá nhân"),
            {"fields": ["full_name", "id_number", "date_of_birth", "address", "title"]},
        ),
        (
            _("Liên hệ và xác minh"),
            {
                "fields": [
                    "email",
                    "email_verified_at",
                    "phone",
                    "phone_verified_at",
                    "id_number_verified_at",
                    "language",
                    "notify_by_email",
                    "notify_by_sms",
                ]
            },
        ),
        (
            _("Quyền"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [MembershipInline, ExternalIdentityInline]


class OrganisationMemberInline(admin.TabularInline):
    model = OrganisationMember
    fk_name = "organisation"
    extra = 0
    raw_id_fields = ["user", "added_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "address", "created_at"]
    search_fields = ["name_folded", "tax_code"]
    raw_id_fields = ["created_by"]
    inlines = [OrganisationMemberInline]
