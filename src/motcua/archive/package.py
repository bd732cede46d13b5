"""The archive package: one ZIP per dossier, readable without this system.

``manifest.json`` holds the dossier's metadata, components, results, fees, supplement requests,
extensions and its complete history, and the SHA-256 of every file in the package;
``SHA256SUMS`` repeats the checksums in the ``sha256sum -c`` format (manifest included). The
files themselves sit under ``files/``. Generated forms (Mẫu 01–06) are rendered on demand from
the data and are not stored, so they are not packed: the manifest is their source.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import history_of

FORMAT = "motcua-archive/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^\w.\-]+")
# Fixed entry time: the same dossier packs to the same bytes whatever the clock says.
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """The dossier cannot be packed faithfully (e.g. a file no longer matches its checksum)."""


@dataclass
class Built:
    file: IO[bytes]  # the ZIP, positioned at 0; close it when stored
    sha256: str
    size: int
    file_count: int


@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    checked_files: int = 0


def _safe_name(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("._")[:120] or "tep"


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(_CHUNK), b""):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _hash_stream(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _pack_file(archive: zipfile.ZipFile, path: str, field_file) -> tuple[str, int]:
    """Copy a stored file into the ZIP at ``path``; (sha256, size) of the bytes packed."""
    info = zipfile.ZipInfo(path, date_time=_ENTRY_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    with field_file.open("rb") as source, archive.open(info, "w") as target:
        digest = _copy_hashing(source, target)
    return digest, archive.getinfo(path).file_size


def _dossier_meta(d: Dossier) -> dict[str, Any]:
    procedure = d.procedure_version.procedure
    return {
        "code": d.code,
        "procedure": {
            "national_code": procedure.national_code,
            "name": procedure.name,
            "version": d.procedure_version.number,
            "field": {"code": procedure.field.code, "name": procedure.field.name}
            if procedure.field_id
            else None,
        },
        "case": d.case.name,
        "applicant": {
            "kind": d.applicant_kind,
            "name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "date_of_birth": d.applicant_date_of_birth,
            "address": d.applicant_address,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
        },
        "submitter": {
            "name": d.submitter_name,
            "id_number": d.submitter_id_number,
            "phone": d.submitter_phone,
            "relation": d.submitter_relation,
        },
        "channel": d.channel,
        "receiving_agency": {"code": d.receiving_agency.code, "name": d.receiving_agency.name},
        "settling_agency": {"code": d.settling_agency.code, "name": d.settling_agency.name},
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "original_due_at": d.original_due_at,
        "decided_at": d.decided_at,
        "finished_at": d.finished_at,
        "returned_at": d.returned_at,
        "closed_at": d.closed_at,
        "return_method": d.return_method,
        "delivery_address": d.delivery_address,
        "state": d.state,
        "national_status": d.national_status,
        "decision": d.decision,
        "stop_reason": d.stop_reason,
        "closing_note": d.closing_note,
        "summary": d.summary,
        "form_data": d.form_data,
        "extension_count": d.extension_count,
        "supplement_count_after_reception": d.supplement_count_after_reception,
    }


def _history(d: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "seq": h.seq,
            "at": h.at,
            "actor": h.actor.username if h.actor else None,
            "actor_name": h.actor_name,
            "actor_title": h.actor_title,
            "actor_role": h.actor_role,
            "actor_unit": h.actor_unit.code if h.actor_unit else None,
            "actor_unit_name": h.actor_unit_name,
            "action": h.action,
            "state_before": h.state_before,
            "state_after": h.state_after,
            "status_before": h.status_before,
            "status_after": h.status_after,
            "note": h.note,
            "task": h.task.name if h.task else None,
            "step_started_at": h.step_started_at,
            "step_due_at": h.step_due_at,
            "step_finished_at": h.step_finished_at,
            "data": h.data,
        }
        for h in history_of(d)
    ]


def build(dossier: Dossier, archive: dict[str, Any]) -> Built:
    """Pack ``dossier`` with the ``archive`` section (code, retention, …) into a temporary ZIP.

    Every stored file is re-hashed while it is copied; a file whose bytes no longer match the
    checksum recorded at upload is refused (the archive must not seal a tampered original)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; the caller closes it
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            file_count = _write(zf, dossier, archive)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    digest, size = _hash_stream(spool)
    spool.seek(0)
    return Built(spool, digest, size, file_count)


def _write(zf: zipfile.ZipFile, dossier: Dossier, archive: dict[str, Any]) -> int:
    """Write the files, the manifest and SHA256SUMS; the number of files packed."""
    checksums: dict[str, str] = {}
    components, results = [], []
    for component in dossier.components.prefetch_related("files").order_by("sort_order", "id"):
        files = []
        for stored in component.files.all():
            name = _safe_name(stored.original_name)
            path = f"files/components/{component.pk}/{stored.pk}-{name}"
            digest, size = _pack_file(zf, path, stored.file)
            if digest != stored.sha256:
                raise PackageError(
                    _("Tệp “%(name)s” của hồ sơ %(code)s không khớp mã băm khi tải lên.")
                    % {"name": stored.original_name, "code": dossier.code}
                )
            checksums[path] = digest
            files.append(
                {
                    "path": path,
                    "original_name": stored.original_name,
                    "content_type": stored.content_type,
                    "size": size,
                    "sha256": digest,
                    "uploaded_at": stored.uploaded_at,
                    "superseded_by": stored.superseded_by_id,
                    "id": stored.pk,
                }
            )
        components.append(
            {
                "name": component.name,
                "form": component.form,
                "quantity": component.quantity,
                "status": component.status,
                "digitised": component.digitised,
                "reused_from_result": component.reused_from_result,
                "from_citizen_store": component.from_citizen_store,
                "result_code_substitute": component.result_code_substitute,
                "files": files,
            }
        )
    for result in dossier.results.select_related("result_type", "signer").order_by("id"):
        entry: dict[str, Any] = {
            "kind": result.kind,
            "name": result.name,
            "result_type": result.result_type.code if result.result_type else None,
            "document_number": result.document_number,
            "issued_at": result.issued_at,
            "signed": result.signed,
            "signer": result.signer.username if result.signer else None,
            "signed_at": result.signed_at,
            "result_code": result.result_code,
            "electronic": result.electronic,
            "recorded_at": result.recorded_at,
            "file": None,
        }
        if result.file:
            base = result.file.name.rsplit("/", 1)[-1]
            path = f"files/results/{result.pk}-{_safe_name(base)}"
            digest, size = _pack_file(zf, path, result.file)
            checksums[path] = digest
            entry["file"] = {"path": path, "size": size, "sha256": digest}
        results.append(entry)
    manifest = {
        "format": FORMAT,
        "archive": archive,
        "dossier": _dossier_meta(dossier),
        "components": components,
        "results": results,
        "fees": list(
            dossier.fees.order_by("id").values(
                "name",
                "amount",
                "status",
                "requested_at",
                "paid_at",
                "method",
                "receipt_number",
                "paid_online",
            )
        ),
        "supplements": list(
            dossier.supplements.order_by("requested_at", "id").values(
                "stage",
                "requested_at",
                "items",
                "reason",
                "deadline",
                "answered_at",
                "answer_note",
                "status",
            )
        ),
        "extensions": list(
            dossier.extensions.order_by("at", "id").values(
                "old_due_at", "new_due_at", "reason", "apology_text", "at"
            )
        ),
        "history": _history(dossier),
        "files": checksums,
    }
    body = json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    raw = body.encode("utf-8")
    zf.writestr(zipfile.ZipInfo(MANIFEST, date_time=_ENTRY_TIME), raw, zipfile.ZIP_DEFLATED)
    sums = {MANIFEST: hashlib.sha256(raw).hexdigest(), **checksums}
    listing = "".join(f"{digest}  {path}\n" for path, digest in sums.items())
    zf.writestr(zipfile.ZipInfo(SUMS, date_time=_ENTRY_TIME), listing, zipfile.ZIP_DEFLATED)
    return len(checksums)


def verify(stream: IO[bytes], expected_sha256: str) -> Verification:
    """Re-hash the package and every file in it against the record and the manifest."""
    problems: list[str] = []
    digest, _size = _hash_stream(stream)
    if digest != expected_sha256:
        problems.append(_("Mã băm của gói lưu trữ không khớp với mã băm đã ghi khi lưu trữ."))
    stream.seek(0)
    checked = 0
    try:
        with zipfile.ZipFile(stream) as zf:
            raw = zf.read(MANIFEST)
            manifest = json.loads(raw)
            expected = {MANIFEST: hashlib.sha256(raw).hexdigest(), **manifest.get("files", {})}
            listed = _read_sums(zf.read(SUMS).decode("utf-8"))
            if listed != expected:
                problems.append(_("Danh sách mã băm (SHA256SUMS) không khớp với tệp kê khai."))
            names = set(zf.namelist()) - {MANIFEST, SUMS}
            for path in sorted(names - set(expected)):
                problems.append(_("Tệp “%(path)s” không có trong tệp kê khai.") % {"path": path})
            for path, want in manifest.get("files", {}).items():
                if path not in names:
                    problems.append(_("Thiếu tệp “%(path)s”.") % {"path": path})
                    continue
                with zf.open(path) as member:
                    got, _size = _hash_stream(member)
                checked += 1
                if got != want:
                    problems.append(
                        _("Tệp “%(path)s” đã bị thay đổi (mã băm không khớp).") % {"path": path}
                    )
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        problems.append(_("Gói lưu trữ hỏng, không đọc được: %(error)s") % {"error": exc})
    return Verification(not problems, problems, checked)


def _read_sums(text: str) -> dict[str, str]:
    sums = {}
    for line in text.splitlines():
        digest, _sep, path = line.partition("  ")
        if path:
            sums[path] = digest
    return sums
