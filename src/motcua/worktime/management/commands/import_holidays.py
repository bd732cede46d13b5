"""``motcua import_holidays FILE [--reference "TB …"] [--year 2027]``: a yearly notice."""

import dataclasses
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.worktime import core, notices, services
from motcua.worktime.models import Calendar


class Command(BaseCommand):
    help = _("Nhập thông báo nghỉ lễ, hoán đổi ngày làm việc của Chính phủ (tệp CSV hoặc JSON).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--reference", default="", help=_("Số, ngày của văn bản."))
        parser.add_argument("--year", type=int, help=_("Năm mà thông báo xác nhận."))
        parser.add_argument("--calendar", help=_("Tên lịch riêng; bỏ trống: toàn tỉnh."))

    def handle(self, *args, file, reference, year, calendar, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": file})
        target = None
        if calendar:
            target = Calendar.objects.filter(name=calendar).first()
            if target is None:
                raise CommandError(_("Không có lịch tên “%(name)s”.") % {"name": calendar})
        try:
            notice = notices.parse_notice(
                path.read_bytes(), filename=path.name, reference=reference
            )
            report = services.import_notice(
                notice.amended(reference=reference, year=year), calendar=target
            )
        except core.WorktimeError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _(
                "Đã nhập: %(created)d dòng mới, %(deactivated)d dòng thôi áp dụng, "
                "%(unchanged)d dòng giữ nguyên."
            )
            % dataclasses.asdict(report)
        )
