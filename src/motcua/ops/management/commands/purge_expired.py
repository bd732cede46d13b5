from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.ops import services


class Command(BaseCommand):
    help = _(
        "Xóa nhật ký thao tác, thống kê truy cập và kết quả thao tác chạy nền đã quá thời gian "
        "lưu (MOTCUA_AUDIT_RETENTION_DAYS, MOTCUA_ACCESS_RETENTION_DAYS, "
        "MOTCUA_OPERATION_RETENTION_DAYS); việc xóa được ghi vào nhật ký thao tác."
    )

    def handle(self, *args, **options):
        try:
            report = services.purge_expired()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        counts = {
            "audit": report.audit_entries,
            "access": report.access_rows,
            "ops": report.operations,
        }
        self.stdout.write(
            _(
                "Đã xóa %(audit)s dòng nhật ký thao tác, %(access)s dòng thống kê truy cập, "
                "%(ops)s thao tác chạy nền."
            )
            % counts
        )
