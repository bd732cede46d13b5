"""The only write path of the archive: archive a closed dossier (record + package), archive an
agency's closed dossiers in a batch, verify a package, record a download, destroy a package
after review. Each write is audited in its transaction. Dossiers are only read: their
history stays append-only and untouched.

``actor=None`` is the system (the management command); views always pass the official.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit, counters
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_visible_to

from . import package, selectors
from .models import ArchiveCounter, ArchiveRecord, RetentionRule


def disposal_due_on(closed_on: dt.date, years: int | None, permanent: bool) -> dt.date | None:
    """Retention counts from the year the dossier ended (it runs to 31/12 of that year plus
    ``years``); the package is due for review the next day. Permanent: never."""
    if permanent or not years:
        return None
    return dt.date(closed_on.year + years + 1, 1, 1)


def next_number(agency_id: int, year: int) -> int:
    """Increment and return the agency's archive counter for ``year`` in one statement; the
    row stays locked to the end of the caller's transaction, so numbers are continuous and a
    rolled-back archiving gives its number back (``core.counters``)."""
    return counters.increment(ArchiveCounter, agency_id=agency_id, year=year)


def archive_code(agency: Agency, year: int, number: int) -> str:
    return f"{agency.code}-LT{year}-{number:05d}"


def _actor_label(actor) -> str:
    return actor.get_username() if actor is not None else "system"


def archive_dossier(dossier: Dossier | int, *, actor, now: dt.datetime | None = None):
    """Archive one closed dossier: number it, resolve its retention on the closing date, write
    its package to the default storage. Refused (``ValidationError``) when the dossier is not
    closed or is archived already; ``PermissionDenied`` outside the actor's units."""
    now = now or timezone.now()
    d = (
        dossiers_visible_to(None)
        .select_related("procedure_version__procedure__field")
        .get(pk=dossier if isinstance(dossier, int) else dossier.pk)
    )
    ended = selectors.closing_moment(d)
    if ended is None:
        raise ValidationError(
            _("Hồ sơ %(code)s chưa kết thúc nên chưa lưu trữ.") % {"code": d.code}
        )
    agency = Agency.objects.get(pk=selectors.archive_agency_id(d))
    if actor is not None and not selectors.may_manage(actor, agency.pk):
        raise PermissionDenied(_("Bạn không quản lý kho lưu trữ của cơ quan này."))
    if ArchiveRecord.objects.filter(dossier=d).exists():
        raise ValidationError(_("Hồ sơ %(code)s đã được lưu trữ.") % {"code": d.code})
    procedure = d.procedure_version.procedure
    field_code = procedure.field.code if procedure.field_id else ""
    closed_on = timezone.localdate(ended)
    rule = selectors.rule_in_force(procedure.national_code, field_code, closed_on)
    years = rule.years if rule else None
    permanent = rule.permanent if rule else True  # no rule at all: keep, never propose disposal
    stored_name = ""
    try:
        with transaction.atomic():
            number = next_number(agency.pk, closed_on.year)
            code = archive_code(agency, closed_on.year, number)
            due = disposal_due_on(closed_on, years, permanent)
            meta = {
                "code": code,
                "number": number,
                "year": closed_on.year,
                "agency": {"code": agency.code, "name": agency.name},
                "closed_on": closed_on,
                "archived_at": now,
                "archived_by": _actor_label(actor),
                "retention": {
                    "years": years,
                    "permanent": permanent,
                    "rule_id": rule.pk if rule else None,
                    "rule": str(rule) if rule else None,
                    "basis": rule.basis if rule else "",
                    "inferred": rule.inferred if rule else True,
                },
                "disposal_due_on": due,
            }
            built = package.build(d, meta)
            try:
                stored_name = default_storage.save(
                    f"archive/{agency.code}/{closed_on.year}/{code}.zip", File(built.file)
                )
            finally:
                built.file.close()
            record = ArchiveRecord.objects.create(
                dossier=d,
                agency=agency,
                year=closed_on.year,
                number=number,
                code=code,
                dossier_code=d.code,
                applicant_name=d.applicant_name,
                field_code=field_code,
                field_name=procedure.field.name if procedure.field_id else "",
                procedure_code=procedure.national_code,
                procedure_name=procedure.name,
                outcome=d.state,
                closed_on=closed_on,
                retention_rule=rule,
                retention_years=years,
                retention_permanent=permanent,
                disposal_due_on=due,
                package=stored_name,
                package_sha256=built.sha256,
                package_size=built.size,
                file_count=built.file_count,
                archived_at=now,
                archived_by=actor,
            )
            audit.record(
                "archive.archived",
                actor=actor,
                obj=record,
                summary=_("Lưu trữ hồ sơ %(dossier)s, mã lưu trữ %(code)s")
                % {"dossier": d.code, "code": code},
                details={"dossier": d.code, "sha256": built.sha256, "files": built.file_count},
            )
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)  # no package without its record
        raise
    return record


@dataclass
class BatchResult:
    archived: list[ArchiveRecord] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (dossier code, reason)


def archive_batch(
    agency: Agency, until: dt.date, *, actor, now: dt.datetime | None = None
) -> BatchResult:
    """Archive every closed, not yet archived dossier of ``agency`` (and its units) that ended
    on or before ``until``. Running it again archives only what is new; one dossier's failure
    does not stop the others."""
    if actor is not None and not selectors.may_manage(actor, agency.pk):
        raise PermissionDenied(_("Bạn không quản lý kho lưu trữ của cơ quan này."))
    now = now or timezone.now()
    if until > timezone.localdate(now):
        raise ValidationError({"until": _("Ngày kết thúc không được sau ngày hôm nay.")})
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    result = BatchResult()
    ids = agency.descendant_ids()
    for dossier in selectors.eligible_dossiers(ids, end).iterator(chunk_size=200):
        try:
            result.archived.append(archive_dossier(dossier, actor=actor, now=now))
        except (ValidationError, package.PackageError, IntegrityError, OSError) as exc:
            result.failed.append((dossier.code, "; ".join(getattr(exc, "messages", [str(exc)]))))
    audit.record(
        "archive.batch",
        actor=actor,
        obj=agency,
        summary=_("Lưu trữ hàng loạt hồ sơ kết thúc đến ngày %(until)s: %(done)d hồ sơ")
        % {"until": until.strftime("%d/%m/%Y"), "done": len(result.archived)},
        details={
            "until": until.isoformat(),
            "archived": [r.code for r in result.archived],
            "failed": dict(result.failed),
        },
    )
    return result


def open_package(record: ArchiveRecord, *, actor):
    """The package file opened for a download (audited); refused once destroyed."""
    if not selectors.may_manage(actor, record.agency_id):
        raise PermissionDenied(_("Bạn không quản lý kho lưu trữ của cơ quan này."))
    if record.destroyed or not record.package:
        raise ValidationError(_("Gói lưu trữ đã bị hủy."))
    stream = default_storage.open(record.package.name, "rb")
    audit.record(
        "archive.downloaded",
        actor=actor,
        obj=record,
        summary=_("Tải gói lưu trữ %(code)s") % {"code": record.code},
    )
    return stream


def verify(record: ArchiveRecord, *, actor) -> package.Verification:
    """Re-hash the package and every file in it; the outcome is audited."""
    if actor is not None and not selectors.may_manage(actor, record.agency_id):
        raise PermissionDenied(_("Bạn không quản lý kho lưu trữ của cơ quan này."))
    if record.destroyed:
        raise ValidationError(_("Gói lưu trữ đã bị hủy."))
    try:
        with default_storage.open(record.package.name, "rb") as stream:
            outcome = package.verify(stream, record.package_sha256)
    except OSError:
        outcome = package.Verification(False, [_("Không tìm thấy tệp gói lưu trữ.")])
    audit.record(
        "archive.verified",
        actor=actor,
        obj=record,
        summary=(
            _("Kiểm tra toàn vẹn gói lưu trữ %(code)s: nguyên vẹn")
            if outcome.ok
            else _("Kiểm tra toàn vẹn gói lưu trữ %(code)s: PHÁT HIỆN SAI LỆCH")
        )
        % {"code": record.code},
        details={"ok": outcome.ok, "problems": outcome.problems, "files": outcome.checked_files},
    )
    return outcome


def destroy(
    record: ArchiveRecord, *, actor, reason: str, now: dt.datetime | None = None
) -> ArchiveRecord:
    """Delete the package of a record due for disposal, keeping the record (who, when, why).
    The province administrator's decision only, with a reason."""
    if actor is None or not selectors.may_destroy(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được hủy gói lưu trữ."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do hủy (số quyết định, hội đồng).")})
    now = now or timezone.now()
    with transaction.atomic():
        record = ArchiveRecord.objects.select_for_update().get(pk=record.pk)
        if record.destroyed:
            raise ValidationError(_("Gói lưu trữ đã bị hủy."))
        if not record.due_for_disposal(timezone.localdate(now)):
            raise ValidationError(_("Hồ sơ chưa hết thời hạn bảo quản; không được hủy."))
        name = record.package.name
        record.destroyed_at = now
        record.destroyed_by = actor
        record.destruction_reason = reason
        record.package = ""
        record.save(update_fields=["destroyed_at", "destroyed_by", "destruction_reason", "package"])
        audit.record(
            "archive.destroyed",
            actor=actor,
            obj=record,
            summary=_("Hủy gói lưu trữ %(code)s") % {"code": record.code},
            details={"reason": reason, "sha256": record.package_sha256, "file": name},
        )
        transaction.on_commit(lambda: default_storage.delete(name))
    return record


def save_rule(rule: RetentionRule, *, actor) -> RetentionRule:
    """Create or change a retention rule (validated; audited). Records archived under it keep
    their own copy of the period, so a change applies to later archiving only."""
    rule.full_clean()
    with transaction.atomic():
        created = rule.pk is None
        rule.save()
        audit.record(
            "archive.rule_created" if created else "archive.rule_changed",
            actor=actor,
            obj=rule,
            summary=str(rule),
            details={
                "field_code": rule.field_code,
                "procedure_code": rule.procedure_code,
                "years": rule.years,
                "permanent": rule.permanent,
                "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
                "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
            },
        )
    return rule
