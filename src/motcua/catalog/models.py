"""The procedure catalogue (thủ tục hành chính) and its published versions.

A ``Procedure`` is the stable identity (national code, name, field). What a citizen must submit,
how long it takes, what it costs and how it is processed live on a ``ProcedureVersion``: drafted,
published with an effective date, later retired; a published version is never edited in place,
so every dossier can keep pointing at the exact rules it was received under.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.core.models import TimeStampedModel
from motcua.core.text import clean_text, fold

national_code_validator = RegexValidator(
    r"^[0-9]\.[0-9]{6}$",
    _("Mã thủ tục quốc gia có dạng d.dddddd, ví dụ 1.001193."),
    code="invalid_national_code",
)


class FrozenVersionError(ValidationError):
    """A published or retired version, or one of its rows, was about to be changed in place."""

    def __init__(self):
        super().__init__(
            _(
                "Phiên bản đã công bố hoặc đã hết hiệu lực thì không được sửa, thêm hay xóa nội "
                "dung; hãy tạo phiên bản dự thảo mới từ phiên bản này."
            ),
            code="frozen_version",
        )


def _refuse_if_frozen(versions: models.QuerySet) -> None:
    """Checked before a delete starts: raising inside Django's delete transaction would leave
    the caller's transaction unusable."""
    if versions.exclude(status=ProcedureVersion.Status.DRAFT).exists():
        raise FrozenVersionError()


class ProcedureQuerySet(models.QuerySet):
    def delete(self):
        _refuse_if_frozen(ProcedureVersion.objects.filter(procedure__in=self))
        return super().delete()


class ProcedureVersionQuerySet(models.QuerySet):
    def delete(self):
        _refuse_if_frozen(self)
        return super().delete()


class VersionPartQuerySet(models.QuerySet):
    def delete(self):
        _refuse_if_frozen(ProcedureVersion.objects.filter(pk__in=self.values("version_id")))
        return super().delete()


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    CENTRAL = "central", _("Cấp trung ương")
    OTHER = "other", _("Cơ quan khác")


class TargetGroup(models.TextChoices):
    CITIZEN = "citizen", _("Công dân Việt Nam")
    FOREIGNER = "foreigner", _("Người nước ngoài")
    OVERSEAS = "overseas", _("Người Việt Nam định cư ở nước ngoài")
    BUSINESS = "business", _("Doanh nghiệp")
    ORGANISATION = "organisation", _("Tổ chức")
    HOUSEHOLD_BUSINESS = "household_business", _("Hộ kinh doanh")
    COOPERATIVE = "cooperative", _("Hợp tác xã")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    POST = "post", _("Dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class OnlineLevel(models.TextChoices):
    """Online service level (NĐ 42/2022): information only, partly online, fully online."""

    INFORMATION = "information", _("Dịch vụ cung cấp thông tin")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class TimeUnit(models.TextChoices):
    """Units of statutory time limits; the arithmetic lives in ``motcua.worktime``."""

    WORKING_HOURS = "working_hours", _("giờ làm việc")
    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    MONTHS = "months", _("tháng")


class SupplementClock(models.TextChoices):
    """What a supplement request does to the processing clock (per procedure version)."""

    PAUSE = "pause", _("Tạm dừng, cộng thời gian chờ bổ sung vào hạn")
    RESTART = "restart", _("Tính lại từ đầu khi nhận đủ hồ sơ")


class Procedure(TimeStampedModel):
    national_code = models.CharField(
        _("mã thủ tục"), max_length=10, unique=True, validators=[national_code_validator]
    )
    local_code = models.CharField(_("mã địa phương"), max_length=60, blank=True, db_index=True)
    name = models.CharField(_("tên thủ tục"), max_length=1000)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=1000, blank=True)
    name_search = models.TextField(editable=False, default="")
    field = models.ForeignKey(
        "directory.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    agency_level = models.CharField(_("cấp thực hiện"), max_length=20, choices=AgencyLevel.choices)
    agencies = models.ManyToManyField(
        "directory.Agency",
        verbose_name=_("cơ quan thực hiện"),
        related_name="procedures",
        blank=True,
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["national_code"]

    def __str__(self) -> str:
        return f"{self.national_code} — {self.name}"

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_search = fold(f"{self.national_code} {self.name}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(self.versions.all())
        return super().delete(*args, **kwargs)


class ProcedureVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")
        RETIRED = "retired", _("Hết hiệu lực")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    decision_number = models.CharField(
        _("quyết định công bố"), max_length=200, blank=True, help_text=_("Ví dụ: 163/QĐ-BTP")
    )

    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    channels = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=20,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFORMATION,
    )
    target_groups = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    implementing_body = models.CharField(_("cơ quan giải quyết"), max_length=500, blank=True)
    submission_place = models.TextField(_("nơi tiếp nhận hồ sơ"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    result_description = models.TextField(_("kết quả thực hiện"), blank=True)
    supplement_clock = models.CharField(
        _("thời hạn khi yêu cầu bổ sung"),
        max_length=20,
        choices=SupplementClock.choices,
        default=SupplementClock.PAUSE,
    )
    supplement_wait_days = models.PositiveIntegerField(
        _("thời hạn chờ bổ sung (ngày)"),
        default=15,
        help_text=_("Quá thời hạn này mà chưa nhận được hồ sơ bổ sung thì hồ sơ được đóng."),
    )
    form_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    form_layout = models.JSONField(_("bố cục biểu mẫu"), default=dict, blank=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        permissions = [
            ("publish_procedureversion", _("Có thể công bố, cho hết hiệu lực phiên bản"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="catalog_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} v{self.number} ({self.get_status_display()})"

    # What the lifecycle services may still change on a published version; the rest is frozen.
    LIFECYCLE_FIELDS = frozenset({"status", "effective_to", "published_at", "updated_at"})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def _content(self) -> dict:
        return {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.name not in self.LIFECYCLE_FIELDS
        }

    def save(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).first() if self.pk else None
        changed = stored is not None and (
            self.status == self.Status.DRAFT or self._content() != stored._content()
        )
        if changed and not stored.is_editable:
            raise FrozenVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(type(self).objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


def version_is_frozen(version_id: int | None) -> bool:
    status = ProcedureVersion.objects.filter(pk=version_id).values_list("status", flat=True)
    return status.first() not in (None, ProcedureVersion.Status.DRAFT)


class VersionPart(models.Model):
    """A row of a version (case, component, fee, result type, step): written only in drafts."""

    objects = VersionPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if version_is_frozen(self.version_id):
            raise FrozenVersionError()
        if self.pk is not None:
            # Moving a row out of a frozen version would change that version too.
            moved_from = type(self).objects.filter(pk=self.pk).values_list("version_id").first()
            if moved_from and version_is_frozen(moved_from[0]):
                raise FrozenVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if version_is_frozen(self.version_id):
            raise FrozenVersionError()
        return super().delete(*args, **kwargs)


class Case(VersionPart):
    """A case (trường hợp) of a procedure version, with its own time limit."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    code = models.CharField(_("mã trường hợp"), max_length=60, blank=True)
    name = models.CharField(_("tên trường hợp"), max_length=500)
    time_limit = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Để trống nếu trả kết quả ngay hoặc không quy định thời hạn."),
    )
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    push_off_non_working_day = models.BooleanField(
        _("lùi hạn khỏi ngày nghỉ"),
        default=True,
        help_text=_(
            "Với thời hạn tính theo ngày, tháng: nếu hạn rơi vào ngày nghỉ thì lùi sang "
            "ngày làm việc kế tiếp."
        ),
    )
    time_limit_note = models.CharField(_("ghi chú thời hạn"), max_length=500, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ComponentRequirement(VersionPart):
    """A dossier component (thành phần hồ sơ) the applicant must provide."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")
        PRESENT = "present", _("Xuất trình bản chính")
        ELECTRONIC = "electronic", _("Bản điện tử")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="components",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("chỉ áp dụng cho trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="components",
    )
    code = models.CharField(_("mã thành phần"), max_length=60, blank=True)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    form = models.CharField(
        _("hình thức"), max_length=30, choices=Form.choices, default=Form.ORIGINAL_OR_COPY
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    required = models.BooleanField(_("bắt buộc"), default=True)
    template_file = models.FileField(
        _("mẫu đơn, tờ khai"), upload_to="catalog/templates/", blank=True
    )
    template_name = models.CharField(_("tên mẫu"), max_length=200, blank=True)
    must_digitise = models.BooleanField(_("phải số hóa"), default=False)
    max_files = models.PositiveSmallIntegerField(_("số tệp tối đa"), default=5)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Fee(VersionPart):
    class Kind(models.TextChoices):
        FEE = "fee", _("Phí")
        CHARGE = "charge", _("Lệ phí")

    class CollectedAt(models.TextChoices):
        RECEPTION = "reception", _("Khi nộp hồ sơ")
        SUPPLEMENT = "supplement", _("Khi bổ sung hồ sơ")
        RETURN = "return", _("Khi nhận kết quả")

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="fees"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("chỉ áp dụng cho trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fees",
    )
    code = models.CharField(_("mã phí"), max_length=60, blank=True)
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CHARGE)
    amount = models.DecimalField(
        _("mức thu (đồng)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    amount_online = models.DecimalField(
        _("mức thu khi nộp trực tuyến (đồng)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    collected_at = models.CharField(
        _("thời điểm thu"),
        max_length=20,
        choices=CollectedAt.choices,
        default=CollectedAt.RECEPTION,
    )
    description = models.CharField(_("mô tả"), max_length=1000, blank=True)
    exemptions = models.TextField(_("đối tượng miễn, giảm"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"


class ResultType(VersionPart):
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="result_types",
    )
    code = models.CharField(_("mã kết quả"), max_length=60, blank=True)
    name = models.CharField(_("tên kết quả"), max_length=500)
    is_paper_document = models.BooleanField(
        _("là giấy tờ"), default=True, help_text=_("Kết quả là giấy tờ thì phải có bản điện tử.")
    )

    class Meta:
        verbose_name = _("loại kết quả")
        verbose_name_plural = _("loại kết quả")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return self.name


class ProcessAction(models.TextChoices):
    """Actions a process step may allow (the lifecycle engine enforces them)."""

    FORWARD = "forward", _("Chuyển bước tiếp theo")
    RETURN_BACK = "return_back", _("Trả lại bước trước")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    CONSULT = "consult", _("Xin ý kiến")
    TRANSFER = "transfer", _("Chuyển liên thông")
    REFUSE = "refuse", _("Từ chối giải quyết")
    APPROVE = "approve", _("Phê duyệt")
    SIGN = "sign", _("Ký duyệt")
    REQUEST_PAYMENT = "request_payment", _("Yêu cầu nghĩa vụ tài chính")
    EXTEND = "extend", _("Xin lỗi, gia hạn")
    FINISH = "finish", _("Hoàn thành")


class ProcessStep(VersionPart):
    """One step of the approved internal process (quy trình nội bộ) of a version."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="process_steps",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("chỉ áp dụng cho trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="process_steps",
    )
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("tên bước"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    handling_unit = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: đơn vị của cơ quan giải quyết hồ sơ có vai trò tương ứng."),
    )
    time_budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    allowed_actions = models.JSONField(_("thao tác được phép"), default=list)
    description = models.CharField(_("mô tả"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "case", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
