"""Process execution (tasks per step, consultations, inter-agency legs), supplements,
extensions and the append-only history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role

from ..states import NationalStatus, State
from .dossier import Dossier


class Task(models.Model):
    """One execution of a process step, one consultation, or one inter-agency leg."""

    class Kind(models.TextChoices):
        STEP = "step", _("Bước xử lý")
        CONSULTATION = "consultation", _("Xin ý kiến")
        TRANSFER = "transfer", _("Liên thông")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ đến lượt")
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        RETURNED = "returned", _("Bị trả lại")
        CANCELLED = "cancelled", _("Đã hủy")

    class TransferMode(models.TextChoices):
        SEQUENTIAL = "sequential", _("Tuần tự")
        SIMULTANEOUS = "simultaneous", _("Đồng thời")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.STEP)
    process_step = models.ForeignKey(
        "catalog.ProcessStep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=500)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="dossier_tasks",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_tasks",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    transfer_mode = models.CharField(
        _("hình thức liên thông"), max_length=20, choices=TransferMode.choices, blank=True
    )
    is_lead = models.BooleanField(_("cơ quan chủ trì"), default=False)
    request = models.TextField(_("nội dung yêu cầu"), blank=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("kết quả, ý kiến"), blank=True)

    class Meta:
        verbose_name = _("công việc xử lý")
        verbose_name_plural = _("công việc xử lý")
        ordering = ["dossier", "order", "id"]
        indexes = [
            models.Index(fields=["status", "agency", "due_at"], name="dossiers_task_inbox"),
            models.Index(fields=["assignee", "status", "due_at"], name="dossiers_task_assignee"),
        ]
        constraints = [
            # At most one open task per sequential step (the invariant of the process engine).
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(kind="step", status="open"),
                name="dossiers_one_open_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SupplementRequest(models.Model):
    class Stage(models.TextChoices):
        RECEPTION = "reception", _("Khi tiếp nhận")
        PROCESSING = "processing", _("Sau tiếp nhận")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chờ bổ sung")
        ANSWERED = "answered", _("Đã bổ sung")
        EXPIRED = "expired", _("Quá hạn, đã đóng hồ sơ")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.JSONField(_("giấy tờ cần bổ sung"), default=list)
    reason = models.TextField(_("lý do"))
    deadline = models.DateTimeField(_("hạn bổ sung"), null=True, blank=True, db_index=True)
    state_before = models.CharField(max_length=30, choices=State.choices, editable=False)
    counts_as_overdue = models.BooleanField(
        _("bị tính là quá hạn"),
        default=False,
        help_text=_("Lần yêu cầu bổ sung thứ hai trở đi sau tiếp nhận."),
    )
    late = models.BooleanField(_("yêu cầu muộn"), default=False)
    answered_at = models.DateTimeField(_("bổ sung lúc"), null=True, blank=True)
    answer_note = models.TextField(_("ghi chú bổ sung"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.requested_at:%d/%m/%Y}"


class Extension(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="extensions")
    old_due_at = models.DateTimeField(_("hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("hẹn trả mới"))
    reason = models.TextField(_("lý do"))
    apology_text = models.TextField(_("nội dung xin lỗi"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["dossier", "at"]

    def __str__(self) -> str:
        return f"{self.old_due_at:%d/%m/%Y} → {self.new_due_at:%d/%m/%Y}"


class HistoryEntry(models.Model):
    """One line of the process history (Phiếu kiểm soát; national-portal QuaTrinhXuLy).

    Append-only: saving an existing row or deleting one raises.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="history")
    seq = models.PositiveIntegerField(_("thứ tự"))
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200)
    actor_title = models.CharField(_("chức danh"), max_length=150, blank=True)
    actor_role = models.CharField(_("vai trò"), max_length=30, blank=True)
    actor_unit = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    action = models.CharField(_("thao tác"), max_length=40)
    state_before = models.CharField(max_length=30, blank=True)
    state_after = models.CharField(max_length=30)
    status_before = models.PositiveSmallIntegerField(
        choices=NationalStatus.choices, null=True, blank=True
    )
    status_after = models.PositiveSmallIntegerField(choices=NationalStatus.choices)
    note = models.TextField(_("nội dung"), blank=True)
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.PROTECT, related_name="history"
    )
    step_started_at = models.DateTimeField(_("ngày bắt đầu"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn theo quy định"), null=True, blank=True)
    step_finished_at = models.DateTimeField(_("ngày kết thúc"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("quá trình xử lý")
        verbose_name_plural = _("quá trình xử lý")
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_history_seq")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("History entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("History entries are append-only.")
