"""Shared e-catalogues: administrative units, agencies and their units, fields (lĩnh vực).

Everything here is effective-dated: the 2025 reform abolished districts and merged provinces, so
old units stay (for old dossiers) with a ``valid_to`` date and a link to their successor.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, EffectiveDatedQuerySet
from motcua.core.text import clean_text, fold

from .validators import validate_field_code, validate_identifier_code


class AdministrativeUnit(EffectiveDated):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        CITY = "city", _("Thành phố trực thuộc trung ương")
        DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh (trước 01/7/2025)")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị hình thành sau sắp xếp, sáp nhập."),
    )

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Agency(EffectiveDated):
    """An agency or a unit inside one, identified by its electronic identifier code."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
        VERTICAL = "vertical", _("Cơ quan ngành dọc")
        DIVISION = "division", _("Phòng, đơn vị trực thuộc")
        OTHER = "other", _("Khác")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("Cấp xã")

    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=35,
        unique=True,
        validators=[validate_identifier_code],
    )
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Cơ quan tiếp nhận nhiệm vụ sau sắp xếp, hợp nhất."),
    )
    receives_dossiers = models.BooleanField(
        _("là Bộ phận Một cửa"),
        default=False,
        help_text=_("Tiếp nhận hồ sơ và trả kết quả; mã của đơn vị này đứng đầu mã số hồ sơ."),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự hiển thị"), default=0)

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)

    def ancestors(self) -> list["Agency"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def root_agency(self) -> "Agency":
        """The agency this unit belongs to: the nearest ancestor that is not a division."""
        node = self
        while node.kind == self.Kind.DIVISION and node.parent is not None:
            node = node.parent
        return node

    def descendant_ids(self) -> set[int]:
        """Ids of this agency and every unit below it (the scope of an official posted here)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class Field(EffectiveDated):
    """A field (lĩnh vực) of administrative procedures, coded per the national list."""

    code = models.CharField(
        _("mã lĩnh vực"), max_length=30, unique=True, validators=[validate_field_code]
    )
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    ministry = models.CharField(_("bộ, ngành quản lý"), max_length=255, blank=True)

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)
