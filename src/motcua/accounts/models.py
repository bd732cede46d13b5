"""Users (citizens, representatives of organisations, officials) and officials' roles per unit."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated


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

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def is_official(self) -> bool:
        return self.memberships.filter(is_active=True).exists()


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
