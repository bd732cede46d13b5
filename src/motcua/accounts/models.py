"""Users (citizens, representatives of organisations, officials) and officials' roles per unit."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.core.text import clean_text, fold

from .validators import validate_tax_code


class User(AbstractUser):
    """One account type for everyone; what a user may do comes from ``Membership`` rows."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, db_index=True)
    id_number = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        blank=True,
        db_index=True,
        help_text=_("Số căn cước / căn cước công dân, 12 chữ số."),
    )
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    title = models.CharField(
        _("chức danh"), max_length=150, blank=True, help_text=_("Dùng cho cán bộ, công chức.")
    )
    # A contact counts for sign-in, notifications and filing only once its owner proved it
    # (link opened, code typed); the ID number only when the national identity vouched for it.
    email_verified_at = models.DateTimeField(_("xác minh thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)
    id_number_verified_at = models.DateTimeField(
        _("xác thực định danh lúc"),
        null=True,
        blank=True,
        help_text=_("Thời điểm số định danh được tài khoản định danh điện tử (VNeID) xác nhận."),
    )
    language = models.CharField(
        _("ngôn ngữ nhận thông báo"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )
    notify_by_email = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)
    notify_by_sms = models.BooleanField(_("nhận thông báo qua tin nhắn SMS"), default=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # Sign-in by e-mail or phone needs each to name one account.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="accounts_user_unique_email"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="accounts_user_unique_phone"
            ),
            # Anyone may type a number; only one account may hold it as verified.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(id_number_verified_at__isnull=False),
                name="accounts_user_unique_verified_id_number",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def is_official(self) -> bool:
        return self.memberships.filter(is_active=True).exists()

    @property
    def is_verified(self) -> bool:
        """At least one contact or the identity is proven: the account may file dossiers."""
        return bool(self.email_verified_at or self.phone_verified_at or self.id_number_verified_at)

    @property
    def can_file(self) -> bool:
        return self.is_active and self.is_verified


class Role(models.TextChoices):
    """Back-office roles (TT 22/2019 PL2-6). Scope of each comes from the member's unit."""

    RECEPTION = "reception", _("Cán bộ tiếp nhận một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    DIVISION_LEADER = "division_leader", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    CENTRE_ADMIN = "centre_admin", _("Quản trị Trung tâm")
    PROVINCE_ADMIN = "province_admin", _("Quản trị hệ thống tỉnh")


class Membership(EffectiveDated):
    """An official holds ``role`` in ``agency`` (an agency or one of its units)."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("vai trò cán bộ")
        verbose_name_plural = _("vai trò cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="accounts_membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS; only its keyed hash is stored."""

    class Purpose(models.TextChoices):
        VERIFY_PHONE = "verify_phone", _("Xác minh số điện thoại")
        RESET_PASSWORD = "reset_password", _("Đặt lại mật khẩu")

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    destination = models.CharField(_("gửi tới"), max_length=20, db_index=True)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh một lần")
        verbose_name_plural = _("mã xác minh một lần")
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.destination} ({self.created_at:%Y-%m-%d})"


class ExternalIdentity(models.Model):
    """An account at an external identity provider (VNeID, national portal) linked to a user."""

    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    provider = models.CharField(_("nhà cung cấp định danh"), max_length=50)
    subject = models.CharField(_("mã tài khoản tại nhà cung cấp"), max_length=255)
    linked_at = models.DateTimeField(_("liên kết lúc"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản liên kết")
        verbose_name_plural = _("tài khoản liên kết")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="accounts_external_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"


class Organisation(TimeStampedModel):
    """An enterprise or other organisation that files dossiers through its representatives."""

    name = models.CharField(_("tên tổ chức"), max_length=300)
    name_folded = models.CharField(max_length=300, editable=False, db_index=True)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("10 chữ số, hoặc dạng 0123456789-001 đối với đơn vị phụ thuộc."),
    )
    address = models.CharField(_("địa chỉ trụ sở"), max_length=300)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("người đăng ký"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tổ chức, doanh nghiệp")
        verbose_name_plural = _("tổ chức, doanh nghiệp")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class OrganisationRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Người đại diện")
    STAFF = "staff", _("Nhân viên được ủy quyền")


class OrganisationMember(models.Model):
    """``user`` may act for ``organisation``; representatives also manage its members."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=OrganisationRole.choices)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)
    added_by = models.ForeignKey(
        User, verbose_name=_("người thêm"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thành viên tổ chức")
        verbose_name_plural = _("thành viên tổ chức")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="accounts_organisation_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
