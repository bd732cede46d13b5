"""Catalogue files: choose JSON or XLSX by the file name, for the commands and the admin."""

import json

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import spreadsheet, transfer
from .models import Procedure

FILE_FORMATS = ("json", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_format(filename: str) -> str | None:
    """The format named by the file's extension, if it is one we read and write."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in FILE_FORMATS else None


def _refuse(message: str):
    issue = transfer.ImportIssue(transfer.Where(), message)
    raise transfer.CatalogueImportError(transfer.ImportReport(errors=[issue]))


def import_file(
    content: bytes, filename: str, *, actor=None, dry_run: bool = False
) -> transfer.ImportReport:
    """Import a JSON or XLSX file by its extension; see ``transfer.import_catalogue``."""
    kind = file_format(filename)
    if kind is None:
        _refuse(_("Chỉ nhận tệp %(kinds)s.") % {"kinds": ", ".join(f".{k}" for k in FILE_FORMATS)})
    if kind == "json":
        return transfer.import_catalogue(transfer.parse_json(content), actor=actor, dry_run=dry_run)
    parsed = spreadsheet.read_workbook(content)
    if not parsed.data:
        raise transfer.CatalogueImportError(transfer.ImportReport(errors=parsed.issues))
    return transfer.import_catalogue(
        parsed.data,
        actor=actor,
        dry_run=dry_run,
        sources=parsed.sources,
        known_issues=parsed.issues,
    )


def export_file(kind: str, queryset: QuerySet[Procedure] | None = None) -> bytes:
    """The catalogue (or the procedures of ``queryset``) as the bytes of a ``kind`` file."""
    data = transfer.export_catalogue(queryset)
    if kind == "xlsx":
        return spreadsheet.write_workbook(data)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
