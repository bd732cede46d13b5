"""``motcua catalog_export PATH [--format json|xlsx]``: write the whole catalogue to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog import files, transfer
from motcua.catalog.models import Procedure


class Command(BaseCommand):
    help = _("Xuất toàn bộ danh mục thủ tục hành chính ra tệp %(format)s (JSON hoặc XLSX).") % {
        "format": transfer.FORMAT
    }

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--format",
            choices=files.FILE_FORMATS,
            help=_("Mặc định theo phần mở rộng của tệp, không có thì JSON."),
        )

    def handle(self, *args, path: str, format: str | None, **options):
        file = Path(path)
        kind = format or files.file_format(file.name) or "json"
        if not file.parent.is_dir():
            raise CommandError(_("Không có thư mục %(path)s.") % {"path": str(file.parent)})
        content = files.export_file(kind)
        file.write_bytes(content)
        count = Procedure.objects.count()
        self.stdout.write(_("Đã xuất %(n)d thủ tục ra %(path)s.") % {"n": count, "path": str(file)})
