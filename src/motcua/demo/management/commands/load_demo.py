"""``motcua load_demo [--no-users] [--quiet]``: the sample province, ready to browse and to try."""

import io

from django.core.exceptions import ValidationError
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.demo import services
from motcua.directory.models import Agency


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu minh họa: tỉnh Quảng Ngãi sau sắp xếp năm 2025 (đơn vị hành chính, cơ quan, "
        "lĩnh vực), các thủ tục hành chính mẫu, lịch nghỉ lễ và tài khoản dùng thử. "
        "Chạy lại nhiều lần vẫn an toàn: chỉ thêm phần còn thiếu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help=_("Không tạo tài khoản cán bộ, công dân mẫu.")
        )
        parser.add_argument("--quiet", action="store_true", help=_("Không in kết quả."))

    def handle(self, *args, no_users: bool, quiet: bool, **options):
        try:
            with transaction.atomic():
                report = services.load_demo(with_users=not no_users)
                # The working calendar belongs to another app; seed it when that app is installed.
                if "seed_holidays" in get_commands():
                    call_command("seed_holidays", stdout=io.StringIO())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if quiet:
            return
        self._print_summary(report)
        if report.accounts:
            self._print_logins(report)

    def _print_summary(self, report: services.DemoReport) -> None:
        created = report.created
        self.stdout.write(
            _(
                "Dữ liệu minh họa — đã thêm %(units)d đơn vị hành chính, %(agencies)d cơ quan, "
                "đơn vị, %(fields)d lĩnh vực, %(procedures)d thủ tục, %(users)d tài khoản."
            )
            % {
                "units": created["administrative_units"],
                "agencies": created["agencies"],
                "fields": created["fields"],
                "procedures": created["procedures"],
                "users": created["users"],
            }
        )
        if not report.changed:
            self.stdout.write(_("Dữ liệu minh họa đã có sẵn; không có gì thay đổi."))

    def _print_logins(self, report: services.DemoReport) -> None:
        agencies = dict(
            Agency.objects.filter(code__in={a.agency for a, _user in report.accounts}).values_list(
                "code", "name"
            )
        )
        header = (_("Tên đăng nhập"), _("Vai trò"), _("Đơn vị"), _("Mật khẩu"))
        rows = []
        for account, _user in report.accounts:
            if account.superuser:
                role = _("Quản trị viên (toàn quyền)")
            elif account.role:
                role = str(Role(account.role).label)
            else:
                role = _("Công dân")
            rows.append(
                (account.username, role, agencies.get(account.agency, ""), services.DEMO_PASSWORD)
            )
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        self.stdout.write("")
        self.stdout.write(_("Tài khoản dùng thử (dữ liệu minh họa, không dùng cho hệ thống thật):"))
        self.stdout.write(line(header))
        self.stdout.write(line("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
