"""``motcua seed_holidays [--from 2020 --to 2035]``: the province calendar and its days off."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.worktime import core, services


class Command(BaseCommand):
    help = _(
        "Nạp lịch làm việc của tỉnh và ngày nghỉ lễ, nghỉ bù, hoán đổi cho các năm "
        "(theo thư viện holidays và các thông báo kèm theo). Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=int, default=services.SEED_FIRST_YEAR)
        parser.add_argument("--to", dest="last", type=int, default=services.SEED_LAST_YEAR)
        parser.add_argument(
            "--sessions",
            default="07:00-11:30,13:30-17:00",
            help=_("Giờ làm việc thứ Hai – thứ Sáu khi tạo lịch của tỉnh lần đầu."),
        )
        parser.add_argument(
            "--cutoff",
            default="15:00",
            help=_("Giờ chốt tiếp nhận khi tạo lịch của tỉnh lần đầu; “none” để không áp dụng."),
        )

    def handle(self, *args, first, last, sessions, cutoff, **options):
        try:
            spans = core.parse_sessions(sessions)
            limit = None if cutoff.lower() == "none" else core.parse_clock(cutoff)
            report = services.seed_holidays(first, last, sessions=spans, reception_cutoff=limit)
        except core.WorktimeError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if report.calendar_created:
            self.stdout.write(_("Đã tạo lịch làm việc của tỉnh."))
        self.stdout.write(
            _("Lịch nghỉ %(first)d – %(last)d: thêm %(years)d năm, %(days)d ngày.")
            % {
                "first": first,
                "last": last,
                "years": len(report.years_added),
                "days": report.days_created,
            }
        )
        for reference in report.notices:
            self.stdout.write(_("Đã đối chiếu: %(ref)s") % {"ref": reference})
