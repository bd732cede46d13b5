"""Storing dossier files: content-addressed, type detected from the bytes, never overwritten."""

from __future__ import annotations

import datetime as dt
import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from ..models import DossierComponent, DossierFile

ALLOWED_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/tiff",
        "application/zip",  # .docx/.xlsx are zip containers
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)


def attach_file(
    component: DossierComponent, upload: File, *, by, at: dt.datetime, supersedes=None
) -> DossierFile:
    """Store ``upload`` for ``component``. The declared name and type are not trusted: the type
    is detected from the content (a renamed executable is refused)."""
    size = upload.size
    if size is None or size > settings.MOTCUA_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(max)d MB).")
            % {"name": upload.name, "max": settings.MOTCUA_UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else ""
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (PDF, JPEG, PNG, TIFF, DOCX, XLSX).")
            % {"name": upload.name}
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    stored = DossierFile(
        component=component,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        uploaded_at=at,
    )
    stored.file.save(stored.sha256, upload, save=False)
    stored.save()
    if supersedes is not None:
        supersedes.superseded_by = stored
        supersedes.save(update_fields=["superseded_by"])
    return stored
