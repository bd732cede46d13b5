"""``motcua catalog_import PATH [--dry-run]``: import a catalogue file (JSON or XLSX)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog import files, transfer


class Command(BaseCommand):
    help = _(
        "Nhập danh mục thủ tục hành chính từ tệp %(format)s (JSON hoặc XLSX). "
        "Tệp có lỗi thì không ghi gì và liệt kê từng lỗi."
    ) % {"format": transfer.FORMAT}

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Chỉ kiểm tra, không ghi dữ liệu.")
        )

    def handle(self, *args, path: str, dry_run: bool, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        try:
            report = files.import_file(file.read_bytes(), file.name, dry_run=dry_run)
        except transfer.CatalogueImportError as exc:
            raise CommandError("\n".join(exc.report.lines()), returncode=1) from None
        self.stdout.write("\n".join(report.lines()))
