"""Statistics tables (derived data, never written by hand) and the versioned scoring schemes.

``DossierFact`` holds, per dossier, every figure the reports need, computed from the dossier,
its append-only history, supplements, fees, results and ratings (``facts.py``). ``DailyStat``
sums the facts' contributions per day (grain ``d``) and per month (grain ``m``) × receiving
desk × settling agency × unit × field × procedure × channel; every change of a fact applies the
difference of its contributions, so the sums stay exact without scanning dossiers (ADR 0008).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.models import EffectiveDated


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class EndKind(models.TextChoices):
    FINISHED = "finished", _("Đã giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")
    STOPPED = "stopped", _("Dừng xử lý")
    WITHDRAWN = "withdrawn", pgettext_lazy("thống kê", "Rút hồ sơ")
    NOT_RECEIVED = "not_received", _("Không được tiếp nhận")


def _agency(name, **kw):
    # Derived rows: no foreign-key constraint to check on every bulk write; a dossier's agencies
    # are protected by the dossier's own constraints.
    return models.ForeignKey(
        "directory.Agency",
        verbose_name=name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kw,
    )


class DossierFact(models.Model):
    # No database constraint: derived rows, rewritten in bulk; the ORM still cascades. The
    # statistics benchmark at 10 million dossiers also writes facts alone (``generate-load
    # --facts-only``).
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        primary_key=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="fact",
    )
    code = models.CharField(_("mã số hồ sơ"), max_length=60)
    receiving_agency = _agency(_("nơi tiếp nhận"))
    settling_agency = _agency(_("cơ quan giải quyết"))
    unit = _agency(_("đơn vị xử lý"))
    field = models.ForeignKey(
        "directory.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    channel = models.CharField(_("kênh nộp"), max_length=20)
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    state = models.CharField(_("tình trạng"), max_length=30)

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True)
    end_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True)
    end_kind = models.CharField(_("kết thúc"), max_length=20, choices=EndKind.choices, blank=True)
    timeliness = models.CharField(
        _("tiến độ"), max_length=10, choices=Timeliness.choices, blank=True
    )
    overdue_from = models.DateTimeField(_("quá hạn từ"), null=True)
    processing_days = models.FloatField(_("thời gian xử lý (ngày làm việc)"), null=True)

    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    supplement_days = models.JSONField(_("ngày yêu cầu bổ sung"), default=list)
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)

    online_counted = models.BooleanField(_("hồ sơ trực tuyến được tính (QĐ 766)"), default=False)
    has_fee = models.BooleanField(_("có nghĩa vụ tài chính"), default=False)
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    paper_result = models.BooleanField(_("kết quả là giấy tờ"), default=False)
    electronic_result = models.BooleanField(_("có kết quả điện tử"), default=False)
    digitised = models.BooleanField(_("số hóa thành phần và kết quả"), default=False)
    reused = models.BooleanField(_("tái sử dụng dữ liệu số hóa"), default=False)
    citizen_store = models.BooleanField(_("lấy từ kho dữ liệu công dân"), default=False)
    citizen_data = models.BooleanField(_("kết nối dữ liệu dân cư"), default=False)

    satisfaction = models.CharField(_("mức độ hài lòng"), max_length=20, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True)
    complaint = models.BooleanField(_("có phản ánh hoặc chưa hài lòng"), default=False)

    class Meta:
        verbose_name = _("số liệu hồ sơ")
        verbose_name_plural = _("số liệu hồ sơ")
        indexes = [
            models.Index(
                fields=["settling_agency", "received_at"], name="reports_fact_agency_recv"
            ),
            models.Index(fields=["settling_agency", "end_at"], name="reports_fact_agency_end"),
            models.Index(fields=["received_at"], name="reports_fact_received"),
            models.Index(fields=["end_at"], name="reports_fact_end"),
            # The drill-down lists (services.dossiers_behind): each walks one of these from the
            # period's end, the end moment filtered inside the index where it can be.
            models.Index(fields=["overdue_from", "end_at"], name="reports_fact_overdue_end"),
            models.Index(fields=["timeliness", "end_at"], name="reports_fact_timeliness"),
            models.Index(
                fields=["rated_at"],
                name="reports_fact_rated",
                condition=models.Q(rated_at__isnull=False),
            ),
            # The same lists for one agency's row, as its leader opens them.
            models.Index(
                fields=["settling_agency", "overdue_from", "end_at"],
                name="reports_fact_agency_overdue",
            ),
            models.Index(
                fields=["settling_agency", "timeliness", "end_at"],
                name="reports_fact_agency_timely",
            ),
            models.Index(
                fields=["settling_agency", "rated_at"],
                name="reports_fact_agency_rated",
                condition=models.Q(rated_at__isnull=False),
            ),
            models.Index(fields=["procedure", "received_at"], name="reports_fact_procedure"),
        ]

    def __str__(self) -> str:
        return self.code


# Counters of DailyStat: the sum of the contributions of facts to one day (or month).
COUNTERS = (
    "received",
    "online_766",
    "ended",
    "early",
    "on_time",
    "late",
    "finished",
    "refused",
    "stopped",
    "withdrawn",
    "not_received",
    "overdue_started",
    "overdue_ended",
    "supplement_requests",
    "processing_count",
    "fee_dossiers",
    "paid_online",
    "paper_result",
    "electronic_result",
    "digitised",
    "reused",
    "citizen_store",
    "citizen_data",
    "complaints",
    "rated",
    "very_satisfied",
    "satisfied",
    "unsatisfied",
)
SUMS = ("processing_days",)
DIMENSIONS = (
    "receiving_agency_id",
    "settling_agency_id",
    "unit_id",
    "field_id",
    "procedure_id",
    "channel",
)


class DailyStat(models.Model):
    class Grain(models.TextChoices):
        DAY = "d", _("Ngày")
        MONTH = "m", _("Tháng")

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày (ngày đầu tháng với số liệu tháng)"))
    receiving_agency = _agency(_("nơi tiếp nhận"))
    settling_agency = _agency(_("cơ quan giải quyết"))
    unit = _agency(_("đơn vị xử lý"))
    field = models.ForeignKey(
        "directory.Field", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    channel = models.CharField(max_length=20)
    received = models.IntegerField(default=0)
    online_766 = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    not_received = models.IntegerField(default=0)
    overdue_started = models.IntegerField(default=0)
    overdue_ended = models.IntegerField(default=0)
    supplement_requests = models.IntegerField(default=0)
    processing_count = models.IntegerField(default=0)
    fee_dossiers = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    paper_result = models.IntegerField(default=0)
    electronic_result = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    citizen_store = models.IntegerField(default=0)
    citizen_data = models.IntegerField(default=0)
    complaints = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    very_satisfied = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    processing_days = models.FloatField(default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "grain",
                    "day",
                    "receiving_agency",
                    "settling_agency",
                    "unit",
                    "field",
                    "procedure",
                    "channel",
                ],
                name="reports_stat_key",
            )
        ]
        indexes = [
            models.Index(fields=["grain", "settling_agency", "day"], name="reports_stat_agency")
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.day}"


class ScoringScheme(EffectiveDated):
    """One version of a scoring formula set: QĐ 766 (groups, indicators, point functions) or
    TT 01/2018 (thresholds and grades). Coefficients are data: several were reverse-engineered
    from the national portal and may be corrected; a correction is a new row with a later
    ``valid_from`` so that past periods keep the formulas they were scored with."""

    class Kind(models.TextChoices):
        QD766 = "qd766", _("Bộ chỉ số QĐ 766/QĐ-TTg")
        TT01 = "tt01", _("Đánh giá theo TT 01/2018/TT-VPCP")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("mã phiên bản"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    source = models.TextField(_("nguồn, căn cứ"), blank=True)
    definition = models.JSONField(_("công thức và hệ số"))

    class Meta:
        verbose_name = _("phiên bản công thức đánh giá")
        verbose_name_plural = _("phiên bản công thức đánh giá")
        ordering = ["kind", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        from .scoring import check_definition

        try:
            check_definition(self.kind, self.definition)
        except ValidationError as error:
            raise ValidationError({"definition": error.messages}) from error
