"""``motcua archive_dossiers --agency CODE --until YYYY-MM-DD``: archive an agency's closed
dossiers (idempotent: what is archived already is left alone)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.archive import services
from motcua.directory.models import Agency


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (định dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Lưu trữ điện tử các hồ sơ đã kết thúc (đã trả kết quả, không được tiếp nhận, đã rút, "
        "dừng xử lý) của một cơ quan và các đơn vị trực thuộc, kết thúc đến hết ngày --until. "
        "Chạy lại chỉ lưu trữ hồ sơ mới. / Archive an agency's closed dossiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="mã định danh cơ quan")
        parser.add_argument("--until", required=True, type=_date, help="đến hết ngày (YYYY-MM-DD)")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"].strip()).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {options['agency']!r}.")
        try:
            result = services.archive_batch(agency, options["until"], actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for record in result.archived:
            self.stdout.write(f"{record.code}\t{record.dossier_code}")
        for code, reason in result.failed:
            self.stderr.write(f"LỖI {code}: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lưu trữ {len(result.archived)} hồ sơ; {len(result.failed)} hồ sơ lỗi."
            )
        )
        if result.failed:
            raise CommandError("Một số hồ sơ chưa lưu trữ được (xem các dòng LỖI).")
