"""The dossier (hồ sơ), its applicant, components, files, fees and results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text, fold

from ..states import Decision, NationalStatus, State, StopReason


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class DossierChannel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Dịch vụ bưu chính")
    ONLINE_PORTAL = "online_portal", _("Trực tuyến trên Cổng Dịch vụ công của tỉnh")
    NATIONAL_PORTAL = "national_portal", _("Trực tuyến trên Cổng Dịch vụ công quốc gia")
    VNEID = "vneid", _("Ứng dụng VNeID")

    @classmethod
    def online(cls) -> frozenset[str]:
        return frozenset({cls.ONLINE_PORTAL, cls.NATIONAL_PORTAL, cls.VNEID})


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("Nhận trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính")
    ONLINE = "online", _("Nhận kết quả điện tử trực tuyến")


class DossierCodeCounter(models.Model):
    """Last dossier number issued by a one-stop desk on a day (Asia/Ho_Chi_Minh)."""

    agency = models.ForeignKey("directory.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã số hồ sơ")
        verbose_name_plural = _("bộ đếm mã số hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossiers_counter_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last_value}"


class Applicant(models.Model):
    """A person or organisation that files dossiers; re-used at the counter by ID number."""

    kind = models.CharField(_("loại"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=255)
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    id_number = models.CharField(
        _("số định danh / mã số thuế"), max_length=20, blank=True, db_index=True
    )
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "id_number"],
                condition=~models.Q(id_number=""),
                name="dossiers_applicant_unique_id",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)


class Dossier(models.Model):
    """A dossier (hồ sơ TTHC). ``national_status`` is derived from ``state``; see ADR 0005."""

    code = models.CharField(_("mã số hồ sơ"), max_length=60, unique=True, editable=False)
    rule_version = models.ForeignKey(
        "dossiers.RuleVersion",
        verbose_name=_("phiên bản quy định"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    case = models.ForeignKey(
        "catalog.Case", verbose_name=_("trường hợp"), on_delete=models.PROTECT, related_name="+"
    )

    # Applicant snapshot as filed (the Applicant row may change later; this must not).
    applicant = models.ForeignKey(
        Applicant,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản chủ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    applicant_kind = models.CharField(
        _("loại chủ hồ sơ"), max_length=20, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_name_search = models.CharField(max_length=255, editable=False, db_index=True)
    applicant_id_number = models.CharField(
        _("số định danh / mã số thuế"), max_length=20, blank=True, db_index=True
    )
    applicant_date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    submitter_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    submitter_id_number = models.CharField(
        _("số định danh người nộp thay"), max_length=20, blank=True
    )
    submitter_phone = models.CharField(_("điện thoại người nộp thay"), max_length=20, blank=True)
    submitter_relation = models.CharField(_("quan hệ với chủ hồ sơ"), max_length=100, blank=True)

    channel = models.CharField(_("kênh nộp"), max_length=20, choices=DossierChannel.choices)
    receiving_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    settling_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="settled_dossiers",
    )

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    processing_started_at = models.DateTimeField(
        _("bắt đầu tính thời hạn"),
        null=True,
        blank=True,
        help_text=_("Thời điểm tiếp nhận sau khi áp dụng quy tắc 15 giờ và giờ làm việc."),
    )
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("kết thúc lúc"), null=True, blank=True, help_text=_("Không tiếp nhận, rút, dừng.")
    )
    return_method = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=20,
        choices=ReturnMethod.choices,
        default=ReturnMethod.COUNTER,
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=300, blank=True)

    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=1000, blank=True)

    state = models.CharField(_("tình trạng"), max_length=30, choices=State.choices)
    national_status = models.PositiveSmallIntegerField(
        _("trạng thái"), choices=NationalStatus.choices, editable=False
    )
    decision = models.CharField(
        _("kết quả thẩm định"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    stop_reason = models.CharField(
        _("lý do dừng"), max_length=30, choices=StopReason.choices, blank=True
    )
    closing_note = models.TextField(_("lý do"), blank=True)

    # Supplement clock (the catalogue decides pause or restart per procedure version).
    paused_at = models.DateTimeField(_("tạm dừng tính thời hạn từ"), null=True, blank=True)
    paused_working_seconds = models.PositiveIntegerField(
        _("tổng thời gian tạm dừng (giây làm việc)"), default=0
    )
    supplement_count_after_reception = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung sau tiếp nhận"), default=0
    )
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)

    # Online intake timers (NĐ 118 Điều 17.2): computed at submission, flags set by run_timers.
    intake_alert_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    intake_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    intake_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    intake_overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="dossiers_state_due"),
            models.Index(fields=["receiving_agency", "state"], name="dossiers_recv_state"),
            models.Index(fields=["settling_agency", "state"], name="dossiers_settle_state"),
            models.Index(fields=["owner", "-submitted_at"], name="dossiers_owner_submitted"),
            models.Index(fields=["national_status"], name="dossiers_national_status"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_code", None)
        if stored and self.code != stored:
            raise ValueError("A dossier code is immutable.")
        self.applicant_name = clean_text(self.applicant_name)
        self.applicant_name_search = fold(self.applicant_name)
        self.national_status = self.rule_version.national_status_for(self.state)
        super().save(*args, **kwargs)
        self._stored_code = self.code

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_code = instance.__dict__.get("code")
        return instance

    @property
    def is_online(self) -> bool:
        return self.channel in DossierChannel.online()


class DossierComponent(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã nộp")
        MISSING = "missing", _("Còn thiếu")
        SUPPLEMENTED = "supplemented", _("Đã bổ sung")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    requirement = models.ForeignKey(
        "catalog.ComponentRequirement",
        verbose_name=_("thành phần theo quy định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    form = models.CharField(_("hình thức"), max_length=30, blank=True)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    reused_from_result = models.BooleanField(_("tái sử dụng kết quả đã có"), default=False)
    from_citizen_store = models.BooleanField(_("lấy từ kho dữ liệu của công dân"), default=False)
    result_code_substitute = models.CharField(_("mã kết quả thay thế"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["dossier", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


def _dossier_file_path(instance: "DossierFile", filename: str) -> str:
    return f"dossiers/{instance.component.dossier_id}/{instance.sha256[:2]}/{instance.sha256}"


class DossierFile(models.Model):
    """An uploaded or scanned file; never overwritten (a newer file supersedes it)."""

    component = models.ForeignKey(DossierComponent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=_dossier_file_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["component", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierFee(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Chưa nộp")
        PAID = "paid", _("Đã nộp")
        WAIVED = "waived", _("Miễn")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    catalog_fee = models.ForeignKey(
        "catalog.Fee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    collected_at = models.CharField(_("thời điểm thu"), max_length=20, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.DUE
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    paid_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    method = models.CharField(_("hình thức nộp"), max_length=50, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=100, blank=True)
    paid_online = models.BooleanField(_("nộp trực tuyến"), default=False)
    online_channel = models.CharField(_("kênh thanh toán trực tuyến"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí của hồ sơ")
        verbose_name_plural = _("phí, lệ phí của hồ sơ")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"


class DossierResult(models.Model):
    class Kind(models.TextChoices):
        RESULT = "result", _("Kết quả giải quyết")
        REFUSAL = "refusal", _("Phiếu từ chối giải quyết hồ sơ")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.RESULT)
    result_type = models.ForeignKey(
        "catalog.ResultType",
        verbose_name=_("loại kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    document_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("ngày ban hành"), null=True, blank=True)
    file = models.FileField(_("tệp kết quả"), upload_to="dossiers/results/", blank=True)
    signed = models.BooleanField(_("đã ký số"), default=False)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    result_code = models.CharField(_("mã số giấy tờ kết quả"), max_length=100, blank=True)
    electronic = models.BooleanField(_("kết quả điện tử"), default=True)
    recorded_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name
