"""Archiving closed dossiers: retention resolved by effective date and kept on the record,
continuous numbering, the package's content and checksums, tamper detection, idempotent
batches, the management command and bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from motcua.archive import package, selectors, services
from motcua.archive.models import ArchiveRecord, RetentionRule
from motcua.core.models import AuditEntry
from motcua.dossiers.models import DossierFile, HistoryEntry
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import HCM, drive

from .helpers import PDF, RESULT_PDF, returned_with_files

pytestmark = [pytest.mark.django_db, pytest.mark.criterion("D3.9", "PL2-4")]


def field_code(world) -> str:
    return world.version.procedure.field.code


def read_zip(record: ArchiveRecord) -> zipfile.ZipFile:
    with record.package.open("rb") as stream:
        return zipfile.ZipFile(io.BytesIO(stream.read()))


def test_seeded_defaults_are_marked_inferred():
    rules = list(RetentionRule.objects.all())
    default = [r for r in rules if not r.field_code and not r.procedure_code]
    assert len(default) == 1 and default[0].years == 10
    assert all(r.inferred and r.basis.startswith("[inferred]") for r in rules)
    assert RetentionRule.objects.get(field_code="G15-TP07").permanent  # hộ tịch


def test_retention_resolution_by_effective_date(world):
    code = field_code(world)
    procedure = world.version.procedure.national_code
    old = RetentionRule(field_code=code, years=5, valid_to=dt.date(2026, 3, 1))
    new = RetentionRule(field_code=code, years=15, valid_from=dt.date(2026, 3, 1))
    forever = RetentionRule(
        procedure_code=procedure, permanent=True, valid_from=dt.date(2027, 1, 1)
    )
    for rule in (old, new, forever):
        services.save_rule(rule, actor=world.province_admin)

    assert selectors.rule_in_force(procedure, code, dt.date(2026, 2, 28)) == old
    assert selectors.rule_in_force(procedure, code, dt.date(2026, 3, 1)) == new
    assert selectors.rule_in_force(procedure, code, dt.date(2027, 1, 1)) == forever
    default = selectors.rule_in_force("9.999999", "G99-XX01", dt.date(2026, 3, 1))
    assert default.years == 10 and not default.field_code
    assert AuditEntry.objects.filter(action="archive.rule_created").count() == 3


def test_a_record_keeps_the_rule_in_force_on_its_closing_date(world, clock):
    code = field_code(world)
    rule = services.save_rule(
        RetentionRule(field_code=code, years=1, valid_from=dt.date(2026, 1, 1)),
        actor=world.province_admin,
    )
    dossier = drive(world, clock, State.RETURNED)  # ends on 2 March 2026
    record = services.archive_dossier(dossier, actor=world.clerk)
    assert record.closed_on == dt.date(2026, 3, 2)
    assert (record.retention_rule, record.retention_years) == (rule, 1)
    assert record.disposal_due_on == dt.date(2028, 1, 1)  # 31/12/2027 is the last day kept

    rule.years = 30  # the province corrects the rule later: the record keeps what applied
    services.save_rule(rule, actor=world.province_admin)
    record.refresh_from_db()
    assert (record.retention_years, record.disposal_due_on) == (1, dt.date(2028, 1, 1))


def test_permanent_retention_is_never_due(world, clock):
    services.save_rule(
        RetentionRule(procedure_code=world.version.procedure.national_code, permanent=True),
        actor=world.province_admin,
    )
    record = services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)
    assert record.retention_permanent and record.disposal_due_on is None
    assert not record.due_for_disposal(dt.date(2999, 1, 1))
    assert record.retention_label == "Vĩnh viễn"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"years": None, "permanent": False}, "years"),
        ({"years": 5, "permanent": True}, "years"),
        ({"years": 5, "field_code": "G99-XX01"}, "field_code"),
        ({"years": 5, "procedure_code": "9.999999"}, "procedure_code"),
        (
            {"years": 5, "valid_from": dt.date(2026, 5, 1), "valid_to": dt.date(2026, 1, 1)},
            "valid_to",
        ),
    ],
)
def test_bad_rules_are_refused(world, values, field):
    with pytest.raises(ValidationError) as caught:
        services.save_rule(RetentionRule(**values), actor=world.province_admin)
    assert field in caught.value.message_dict


def test_overlapping_rules_of_one_scope_are_refused(world):
    code = field_code(world)
    services.save_rule(
        RetentionRule(field_code=code, years=5, valid_from=dt.date(2026, 1, 1)),
        actor=world.province_admin,
    )
    with pytest.raises(ValidationError):
        services.save_rule(
            RetentionRule(field_code=code, years=7, valid_from=dt.date(2026, 6, 1)),
            actor=world.province_admin,
        )
    with pytest.raises(ValidationError):  # one rule cannot name both a field and a procedure
        services.save_rule(
            RetentionRule(
                field_code=code, procedure_code=world.version.procedure.national_code, years=3
            ),
            actor=world.province_admin,
        )


def test_archive_numbers_are_continuous_per_agency_and_year(world, clock):
    dossiers = [drive(world, clock, state) for state in (State.RETURNED, State.STOPPED)]
    dossiers += [drive(world, clock, State.RETURNED)]
    records = [services.archive_dossier(d, actor=world.clerk) for d in dossiers]
    assert [r.number for r in records] == [1, 2, 3]
    assert len({r.code for r in records}) == 3
    assert records[0].code == f"{world.department.code}-LT2026-00001"
    # Another year starts again at 1; before reception the desk keeps the dossier.
    clock.now = dt.datetime(2027, 1, 4, 9, 0, tzinfo=HCM)
    later = services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)
    assert (later.year, later.number) == (2027, 1)
    refused = services.archive_dossier(
        drive(world, clock, State.NOT_RECEIVED), actor=world.province_admin
    )
    assert (refused.agency, refused.number) == (world.desk, 1)


def test_package_holds_metadata_files_history_and_checksums(world, clock):
    dossier = returned_with_files(world, clock)
    history_before = list(HistoryEntry.objects.filter(dossier=dossier).values_list("pk", "seq"))
    version_before = dossier.version
    record = services.archive_dossier(dossier, actor=world.clerk)

    with record.package.open("rb") as stream:
        raw = stream.read()
    assert hashlib.sha256(raw).hexdigest() == record.package_sha256
    assert len(raw) == record.package_size
    archive = zipfile.ZipFile(io.BytesIO(raw))
    manifest = json.loads(archive.read(package.MANIFEST))
    assert manifest["format"] == package.FORMAT
    assert manifest["archive"]["code"] == record.code
    assert manifest["archive"]["retention"]["years"] == 10
    assert manifest["dossier"]["code"] == dossier.code
    assert manifest["dossier"]["state"] == State.RETURNED
    assert [h["seq"] for h in manifest["history"]] == [seq for _pk, seq in history_before]
    assert manifest["history"][-1]["action"] == "return_result"

    stored = DossierFile.objects.get(component__dossier=dossier)
    (component,) = [c for c in manifest["components"] if c["files"]]
    (entry,) = component["files"]
    assert entry["sha256"] == stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert entry["original_name"] == "tờ khai.pdf"
    assert archive.read(entry["path"]) == PDF
    (result,) = manifest["results"]
    assert result["document_number"] == "15/GKS"
    assert archive.read(result["file"]["path"]) == RESULT_PDF
    assert result["file"]["sha256"] == hashlib.sha256(RESULT_PDF).hexdigest()
    assert record.file_count == 2 == len(manifest["files"])

    sums = dict(
        reversed(line.split("  ", 1)) for line in archive.read(package.SUMS).decode().splitlines()
    )
    assert sums[package.MANIFEST] == hashlib.sha256(archive.read(package.MANIFEST)).hexdigest()
    for path, digest in manifest["files"].items():
        assert sums[path] == digest == hashlib.sha256(archive.read(path)).hexdigest()

    # The dossier and its history are read, never written.
    dossier.refresh_from_db()
    assert dossier.version == version_before
    assert list(HistoryEntry.objects.filter(dossier=dossier).values_list("pk", "seq")) == (
        history_before
    )
    assert services.verify(record, actor=world.clerk).ok
    entry = AuditEntry.objects.get(action="archive.archived")
    assert entry.object_id == str(record.pk) and entry.actor == world.clerk


def rewrite_member(record: ArchiveRecord, path: str, content: bytes) -> None:
    """Replace one member of the stored package (as an intruder with disk access would)."""
    original = read_zip(record)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in original.infolist():
            data = content if info.filename == path else original.read(info.filename)
            target.writestr(info, data)
    name = record.package.name
    default_storage.delete(name)
    default_storage.save(name, ContentFile(out.getvalue()))


def test_tampering_is_detected(world, clock):
    record = services.archive_dossier(returned_with_files(world, clock), actor=world.clerk)
    manifest = json.loads(read_zip(record).read(package.MANIFEST))
    result_path = manifest["results"][0]["file"]["path"]
    rewrite_member(record, result_path, RESULT_PDF.replace(b"signed", b"forged"))

    outcome = services.verify(record, actor=world.agency_leader)
    assert not outcome.ok
    assert any("không khớp với mã băm đã ghi" in p for p in outcome.problems)
    assert any(result_path in p and "đã bị thay đổi" in p for p in outcome.problems)
    audit = AuditEntry.objects.filter(action="archive.verified").latest("id")
    assert audit.details["ok"] is False and audit.actor == world.agency_leader


def test_a_broken_or_missing_package_fails_verification(world, clock):
    record = services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)
    name = record.package.name
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"not a zip"))
    assert not services.verify(record, actor=world.clerk).ok
    default_storage.delete(name)
    outcome = services.verify(record, actor=world.clerk)
    assert not outcome.ok and "Không tìm thấy" in outcome.problems[0]


def test_a_source_file_changed_on_disk_is_not_sealed(world, clock):
    dossier = returned_with_files(world, clock)
    stored = DossierFile.objects.get(component__dossier=dossier)
    with default_storage.open(stored.file.name, "wb") as handle:
        handle.write(PDF + b"% altered")
    with pytest.raises(package.PackageError):
        services.archive_dossier(dossier, actor=world.clerk)
    assert not ArchiveRecord.objects.exists()
    assert not default_storage.exists(f"archive/{world.department.code}/2026")


def test_only_closed_dossiers_are_archived_and_only_once(world, clock):
    open_dossier = drive(world, clock, State.PROCESSING)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        services.archive_dossier(open_dossier, actor=world.clerk)
    closed = drive(world, clock, State.WITHDRAWN)
    services.archive_dossier(closed, actor=world.province_admin)
    with pytest.raises(ValidationError, match="đã được lưu trữ"):
        services.archive_dossier(closed, actor=world.province_admin)
    assert ArchiveRecord.objects.count() == 1


def test_batch_is_idempotent_and_audited(world, clock):
    closed = [drive(world, clock, st) for st in (State.RETURNED, State.STOPPED, State.RETURNED)]
    drive(world, clock, State.PROCESSING)  # not closed: left alone
    clock.now = dt.datetime(2026, 4, 1, 9, 0, tzinfo=HCM)
    late = drive(world, clock, State.RETURNED)  # ends after --until

    first = services.archive_batch(world.department, dt.date(2026, 3, 31), actor=world.clerk)
    assert sorted(r.dossier_code for r in first.archived) == sorted(d.code for d in closed)
    assert first.failed == []
    again = services.archive_batch(world.department, dt.date(2026, 3, 31), actor=world.clerk)
    assert again.archived == [] and ArchiveRecord.objects.count() == 3
    more = services.archive_batch(world.department, dt.date(2026, 4, 1), actor=world.clerk)
    assert [r.dossier_code for r in more.archived] == [late.code]
    assert sorted(ArchiveRecord.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    batches = AuditEntry.objects.filter(action="archive.batch").order_by("id")
    assert [len(b.details["archived"]) for b in batches] == [3, 0, 1]


def test_batch_refuses_a_future_date_and_other_agencies(world, other_world, clock):
    with pytest.raises(ValidationError):
        services.archive_batch(world.department, dt.date(2999, 1, 1), actor=world.clerk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.archive_batch(other_world.department, dt.date(2026, 3, 31), actor=world.clerk)


def test_management_command(world, clock):
    drive(world, clock, State.RETURNED)
    drive(world, clock, State.STOPPED)
    out = io.StringIO()
    call_command(
        "archive_dossiers", "--agency", world.department.code, "--until", "2026-03-31", stdout=out
    )
    assert "Đã lưu trữ 2 hồ sơ; 0 hồ sơ lỗi." in out.getvalue()
    out = io.StringIO()
    call_command(
        "archive_dossiers", "--agency", world.department.code, "--until", "2026-03-31", stdout=out
    )
    assert "Đã lưu trữ 0 hồ sơ" in out.getvalue()
    assert ArchiveRecord.objects.filter(archived_by__isnull=True).count() == 2
    assert AuditEntry.objects.filter(action="archive.batch", actor__isnull=True).count() == 2
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("archive_dossiers", "--agency", "nope", "--until", "2026-03-31")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("archive_dossiers", "--agency", world.department.code, "--until", "31/03/2026")


def test_destroy_keeps_the_record_and_needs_the_province_administrator(
    world, clock, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    record = services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)
    name = record.package.name
    after = dt.datetime(2037, 1, 2, 9, 0, tzinfo=HCM)  # 10 years after 2026: due from 1/1/2037
    with pytest.raises(PermissionDenied):
        services.destroy(record, actor=world.agency_leader, reason="QĐ 1/QĐ", now=after)
    with pytest.raises(ValidationError):
        services.destroy(record, actor=world.province_admin, reason="  ", now=after)
    with pytest.raises(ValidationError, match="chưa hết thời hạn"):
        services.destroy(record, actor=world.province_admin, reason="QĐ 1/QĐ")
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        services.destroy(record, actor=world.province_admin, reason="QĐ 12/QĐ-STP", now=after)
    record.refresh_from_db()
    assert record.destroyed_by == world.province_admin and record.destroyed_at == after
    assert record.destruction_reason == "QĐ 12/QĐ-STP" and not record.package
    assert record.package_sha256  # the record remembers what was destroyed
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.get(action="archive.destroyed")
    assert entry.details["reason"] == "QĐ 12/QĐ-STP" and entry.actor == world.province_admin
    with pytest.raises(ValidationError):
        services.verify(record, actor=world.province_admin)
