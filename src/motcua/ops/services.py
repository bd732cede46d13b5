"""Operations services: maintenance notices, the audit trail's export and retention, and the
long-operation runner. Each change is validated, written and audited in one transaction; each
read of protected data checks the actor here, not only in the view."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from motcua.compliance.services import can_view_report
from motcua.core import audit
from motcua.core.models import AuditEntry
from motcua.core.text import clean_text
from motcua.worktime import services as worktime
from motcua.worktime.core import Duration, Unit, WorktimeError

from . import access
from .models import LongOperation, MaintenanceNotice

logger = logging.getLogger(__name__)

NOTICE_PERIOD = Duration(1, Unit.WORKING_DAYS)  # TT 32/2017 Điều 11.2.e
BANNER_CACHE_KEY = "motcua.ops.maintenance-banner"
BANNER_CACHE_SECONDS = 60
# A retention setting mistyped as 1 or 9 must not wipe recent history.
MIN_AUDIT_RETENTION_DAYS = 90


def is_system_admin(user) -> bool:
    """Superusers and province system administrators (the same people as for the compliance
    report): operations data is theirs."""
    return can_view_report(user)


def require_system_admin(user) -> None:
    if not is_system_admin(user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được thực hiện thao tác này."))


# --- maintenance notices -----------------------------------------------------------------------


def earliest_start(announced_at: dt.datetime) -> dt.datetime:
    """The earliest start of maintenance announced at ``announced_at``: one full working day
    later in the province's working calendar."""
    try:
        return worktime.due_moment(announced_at, NOTICE_PERIOD)
    except WorktimeError as exc:
        raise worktime.as_validation_error(exc) from None


def check_maintenance_notice(notice: MaintenanceNotice, *, now: dt.datetime | None = None) -> bool:
    """Validate ``notice`` as it would be saved now; True if it (re)announces a start and end.

    A new start or end counts as a new announcement, which must come at least one working day
    before the start.
    """
    errors: dict[str, list[str]] = {}
    if not clean_text(notice.title):
        errors["title"] = [_("Vui lòng nhập tiêu đề thông báo.")]
    if notice.starts_at is None or notice.ends_at is None:
        errors["starts_at"] = [_("Vui lòng nhập thời điểm bắt đầu và kết thúc bảo trì.")]
    elif notice.ends_at <= notice.starts_at:
        errors["ends_at"] = [_("Thời điểm kết thúc phải sau thời điểm bắt đầu bảo trì.")]
    if errors:
        raise ValidationError(errors)
    before = MaintenanceNotice.objects.filter(pk=notice.pk).first() if notice.pk else None
    if before is not None and before.cancelled_at is not None:
        raise ValidationError(_("Thông báo đã hủy không sửa được; hãy tạo thông báo mới."))
    rescheduled = before is None or (before.starts_at, before.ends_at) != (
        notice.starts_at,
        notice.ends_at,
    )
    if rescheduled:
        earliest = earliest_start(now or timezone.now())
        if notice.starts_at < earliest:
            raise ValidationError(
                {
                    "starts_at": [
                        _(
                            "Phải thông báo bảo trì trước ít nhất 1 ngày làm việc: thời điểm bắt "
                            "đầu sớm nhất là %(earliest)s."
                        )
                        % {"earliest": _format(earliest)}
                    ]
                }
            )
    return rescheduled


def save_maintenance_notice(
    notice: MaintenanceNotice, *, actor, now: dt.datetime | None = None
) -> MaintenanceNotice:
    """Create or change a notice (see ``check_maintenance_notice`` for the rules)."""
    require_system_admin(actor)
    now = now or timezone.now()
    with transaction.atomic():
        if notice.pk:  # serialise concurrent edits of one notice
            MaintenanceNotice.objects.select_for_update().filter(pk=notice.pk).first()
        rescheduled = check_maintenance_notice(notice, now=now)
        notice.title = clean_text(notice.title)
        notice.message = (notice.message or "").strip()
        if rescheduled:
            notice.announced_at = now
        if notice.created_by_id is None and notice.pk is None:
            notice.created_by = actor
        notice.save()
        audit.record(
            "ops.maintenance_announced" if rescheduled else "ops.maintenance_changed",
            actor=actor,
            obj=notice,
            summary=notice.title,
            details={
                "starts_at": notice.starts_at.isoformat(),
                "ends_at": notice.ends_at.isoformat(),
            },
        )
        transaction.on_commit(_forget_banners)
    return notice


def cancel_maintenance_notice(notice: MaintenanceNotice, *, actor) -> MaintenanceNotice:
    require_system_admin(actor)
    with transaction.atomic():
        notice = MaintenanceNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.cancelled_at is None:
            notice.cancelled_at = timezone.now()
            notice.save(update_fields=["cancelled_at", "updated_at"])
            audit.record("ops.maintenance_cancelled", actor=actor, obj=notice, summary=notice.title)
            transaction.on_commit(_forget_banners)
    return notice


@dataclass(frozen=True)
class Banner:
    title: str
    message: str
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def in_progress(self) -> bool:
        return self.starts_at <= timezone.now()


def maintenance_banners() -> list[Banner]:
    """Announced maintenance that has not ended, soonest first (cached for a minute: it is on
    every page)."""
    try:
        banners = cache.get(BANNER_CACHE_KEY)
    except Exception:  # a cache outage must not take every page down with it
        logger.warning("Cache unavailable for the maintenance banner", exc_info=True)
        return _current_banners()
    if banners is None:
        banners = _current_banners()
        cache.set(BANNER_CACHE_KEY, banners, BANNER_CACHE_SECONDS)
    now = timezone.now()
    return [banner for banner in banners if banner.ends_at > now]


def _forget_banners() -> None:
    try:
        cache.delete(BANNER_CACHE_KEY)
    except Exception:  # the entry expires within a minute anyway
        logger.warning("Cache unavailable: maintenance banner refreshes on expiry", exc_info=True)


def _current_banners() -> list[Banner]:
    rows = MaintenanceNotice.objects.filter(
        cancelled_at__isnull=True, ends_at__gt=timezone.now()
    ).order_by("starts_at")[:3]
    return [Banner(n.title, n.message, n.starts_at, n.ends_at) for n in rows]


def _format(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


# --- the audit trail ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log page and its exports select (all optional)."""

    action: str = ""
    object_type: str = ""
    object_id: str = ""
    actor: str = ""  # username
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    text: str = ""

    @classmethod
    def from_params(cls, params) -> AuditFilter:
        def date(name: str) -> dt.date | None:
            value = (params.get(name) or "").strip()
            try:
                return parse_date(value) if value else None
            except ValueError:
                return None

        return cls(
            action=(params.get("action") or "").strip()[:100],
            object_type=(params.get("object_type") or "").strip()[:100],
            object_id=(params.get("object_id") or "").strip()[:100],
            actor=(params.get("actor") or "").strip()[:150],
            date_from=date("date_from"),
            date_to=date("date_to"),
            text=(params.get("q") or "").strip()[:200],
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "actor": self.actor,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "q": self.text,
        }
        return {key: value for key, value in values.items() if value}


def audit_entries(actor, selection: AuditFilter) -> QuerySet[AuditEntry]:
    require_system_admin(actor)
    rows = AuditEntry.objects.select_related("actor")
    if selection.action:
        rows = rows.filter(action=selection.action)
    if selection.object_type:
        rows = rows.filter(object_type=selection.object_type)
    if selection.object_id:
        rows = rows.filter(object_id=selection.object_id)
    if selection.actor:
        rows = rows.filter(actor__username=selection.actor)
    tz = timezone.get_current_timezone()
    if selection.date_from:
        start = dt.datetime.combine(selection.date_from, dt.time.min, tzinfo=tz)
        rows = rows.filter(at__gte=start)
    if selection.date_to:
        end = dt.datetime.combine(selection.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        rows = rows.filter(at__lt=end)
    if selection.text:
        rows = rows.filter(Q(summary__icontains=selection.text) | Q(object_id=selection.text))
    return rows.order_by("-at", "-id")


def audit_actions() -> list[str]:
    """The action names present in the trail, for the filter's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def access_statistics(actor, start: dt.date, end: dt.date, *, top: int = 20) -> access.AccessReport:
    require_system_admin(actor)
    return access.access_report(start, end, top=top)


def record_audit_export(actor, selection: AuditFilter, fmt: str, count: int) -> None:
    """Reading the trail in bulk is itself an action worth a trace."""
    audit.record(
        "audit.exported",
        actor=actor,
        summary=_("Xuất nhật ký thao tác (%(fmt)s, %(count)s dòng)") % {"fmt": fmt, "count": count},
        details={"format": fmt, "count": count, "filter": selection.as_params()},
    )


def audit_retention_cutoff(now: dt.datetime | None = None) -> dt.datetime | None:
    days = settings.MOTCUA_AUDIT_RETENTION_DAYS
    if not days:
        return None
    if days < MIN_AUDIT_RETENTION_DAYS:
        raise ValidationError(
            _("Thời gian lưu nhật ký thao tác phải từ %(min)s ngày trở lên (đang đặt %(days)s).")
            % {"min": MIN_AUDIT_RETENTION_DAYS, "days": days}
        )
    return (now or timezone.now()) - dt.timedelta(days=days)


@dataclass(frozen=True)
class PurgeReport:
    audit_entries: int
    access_rows: int
    operations: int


def purge_expired(*, actor=None, now: dt.datetime | None = None) -> PurgeReport:
    """Delete what has outlived its retention period; the purge itself goes in the audit trail.

    ``actor`` is None for the scheduled run (Celery beat) and the command line.
    """
    if actor is not None:
        require_system_admin(actor)
    now = now or timezone.now()
    cutoff = audit_retention_cutoff(now)
    with transaction.atomic():
        removed_audit = 0
        if cutoff is not None:
            # A bulk delete: AuditEntry.delete() refuses single deletions on purpose.
            removed_audit, _ignored = AuditEntry.objects.filter(at__lt=cutoff).delete()
        removed_access = 0
        if settings.MOTCUA_ACCESS_RETENTION_DAYS:
            first_kept = timezone.localdate(now) - dt.timedelta(
                days=settings.MOTCUA_ACCESS_RETENTION_DAYS
            )
            removed_access = access.purge_before(first_kept)
        old_operations = LongOperation.objects.filter(
            created_at__lt=now - dt.timedelta(days=settings.MOTCUA_OPERATION_RETENTION_DAYS)
        )
        files = [op.result.name for op in old_operations if op.result]
        removed_operations, _ignored = old_operations.delete()
        report = PurgeReport(removed_audit, removed_access, removed_operations)
        audit.record(
            "audit.purged",
            actor=actor,
            summary=_(
                "Xóa dữ liệu quá hạn lưu: %(audit)s dòng nhật ký thao tác, %(access)s dòng "
                "thống kê truy cập, %(ops)s thao tác chạy nền"
            )
            % {"audit": removed_audit, "access": removed_access, "ops": removed_operations},
            details={
                "audit_before": cutoff.isoformat() if cutoff else None,
                "audit_retention_days": settings.MOTCUA_AUDIT_RETENTION_DAYS,
                "access_retention_days": settings.MOTCUA_ACCESS_RETENTION_DAYS,
                "audit_entries": removed_audit,
                "access_rows": removed_access,
                "operations": removed_operations,
            },
        )
        transaction.on_commit(lambda: _delete_files(files))
    return report


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the old result file %s", name)


# --- long operations (progress for work over 10 s) ---------------------------------------------

Reporter = Callable[[int, int, str], None]  # (done, total, what is being done)
Runner = Callable[[LongOperation, Reporter], tuple[str, bytes]]  # → (file name, content)


@dataclass(frozen=True)
class OperationKind:
    name: str
    title: Any  # lazy text
    run: Runner
    allowed: Callable[[Any], bool]


_KINDS: dict[str, OperationKind] = {}


def operation_kind(name: str, title, *, allowed: Callable[[Any], bool] = is_system_admin):
    """Register ``run(operation, report) -> (file name, bytes)`` as a long operation.

    ``report(done, total, message)`` moves the progress bar; ``allowed(user)`` says who may
    start it (and so download its result).
    """

    def register(run: Runner) -> Runner:
        _KINDS[name] = OperationKind(name, title, run, allowed)
        return run

    return register


def kind_of(operation: LongOperation) -> OperationKind | None:
    return _KINDS.get(operation.kind)


def start_operation(kind: str, *, owner, params: dict[str, Any] | None = None) -> LongOperation:
    """Queue a registered operation for ``owner``; the page at ``get_absolute_url()`` follows it.

    Without a broker (embedded mode) it runs inline once the transaction commits.
    """
    registered = _KINDS.get(kind)
    if registered is None:
        raise ValidationError(_("Không có thao tác “%(kind)s”.") % {"kind": kind})
    if not registered.allowed(owner):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    params = {"lang": translation.get_language() or settings.LANGUAGE_CODE, **(params or {})}
    with transaction.atomic():
        operation = LongOperation.objects.create(kind=kind, owner=owner, params=params)
        audit.record(
            "ops.operation_started",
            actor=owner,
            obj=operation,
            summary=str(registered.title),
            details={"kind": kind, "params": params},
        )
        from .tasks import run_operation

        transaction.on_commit(lambda: run_operation.delay(str(operation.pk)))
    return operation


def visible_operation(user, pk) -> LongOperation | None:
    """The operation if ``user`` started it (and may still run its kind), else None."""
    operation = LongOperation.objects.filter(pk=pk, owner=user).first()
    if operation is None:
        return None
    registered = kind_of(operation)
    if registered is None or not registered.allowed(user):
        return None
    return operation


def run_operation(pk) -> LongOperation | None:
    """Body of the Celery task: run, report progress, keep the result or a readable error."""
    operation = LongOperation.objects.filter(pk=pk).first()
    if operation is None or operation.status != LongOperation.Status.PENDING:
        return operation
    registered = kind_of(operation)
    LongOperation.objects.filter(pk=pk).update(status=LongOperation.Status.RUNNING)
    last = {"percent": -1}

    def report(done: int, total: int, message: str = "") -> None:
        percent = min(99, int(done * 100 / total)) if total else 0
        if percent != last["percent"]:  # one UPDATE per percent, not per row
            last["percent"] = percent
            LongOperation.objects.filter(pk=pk).update(progress=percent, message=message[:300])

    with translation.override(operation.params.get("lang") or settings.LANGUAGE_CODE):
        try:
            if registered is None:
                raise ValidationError(_("Không có thao tác “%(kind)s”.") % {"kind": operation.kind})
            name, content = registered.run(operation, report)
        except ValidationError as exc:
            _finish(operation, error=" ".join(exc.messages))
        except Exception:
            logger.exception("Long operation %s (%s) failed", pk, operation.kind)
            _finish(operation, error=_("Có lỗi khi thực hiện; vui lòng thử lại hoặc báo quản trị."))
        else:
            operation.result.save(name, ContentFile(content), save=False)
            operation.result_name = name
            _finish(operation)
    return operation


def _finish(operation: LongOperation, *, error: str = "") -> None:
    operation.status = LongOperation.Status.FAILED if error else LongOperation.Status.DONE
    operation.error = error[:500]
    operation.progress = operation.progress if error else 100
    operation.message = ""
    operation.finished_at = timezone.now()
    fields = ["status", "error", "progress", "message", "finished_at", "result", "result_name"]
    operation.save(update_fields=fields)
