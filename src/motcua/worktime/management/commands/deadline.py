"""``motcua deadline --from "2027-02-03 16:10" --limit "5 working days" [--agency CODE] [--json]``.

Prints the due moment (ISO 8601, +07:00) of a reception and the non-working days it skipped.
"""

import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.directory.models import Agency
from motcua.worktime import core, services


def parse_moment(text: str) -> datetime:
    """ "2027-02-03 16:10", ISO 8601 with or without offset, or "03/02/2027 16:10" (local time)."""
    value = (text or "").strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
            try:
                moment = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise CommandError(
                _("Không đọc được thời điểm “%(text)s”; viết như 2027-02-03 16:10.")
                % {"text": text}
            ) from None
    return moment.replace(tzinfo=core.TZ) if moment.tzinfo is None else moment.astimezone(core.TZ)


def _label(day) -> str:
    return f"{_(core.WEEKDAY_NAMES[day.weekday()])} {day:%d/%m/%Y}"


class Command(BaseCommand):
    help = _(
        "Tính hạn giải quyết từ thời điểm tiếp nhận và thời hạn (ví dụ “5 ngày làm việc”) theo "
        "lịch làm việc của tỉnh hoặc của cơ quan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", required=True, help=_("Thời điểm tiếp nhận, giờ Việt Nam.")
        )
        parser.add_argument(
            "--limit",
            required=True,
            help=_("Thời hạn: “5 working days”, “5 ngày làm việc”, “4 giờ làm việc”, “15 ngày”…"),
        )
        parser.add_argument("--agency", help=_("Mã định danh của cơ quan (mặc định: lịch tỉnh)."))
        parser.add_argument(
            "--no-cutoff",
            action="store_true",
            help=_("Không áp dụng giờ chốt tiếp nhận 15:00 (hồ sơ trực tuyến)."),
        )
        parser.add_argument(
            "--no-push-off",
            action="store_true",
            help=_("Hạn theo ngày, tháng rơi vào ngày nghỉ thì không lùi sang ngày làm việc sau."),
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help=_("In kết quả dạng JSON.")
        )

    def handle(self, *args, start, limit, agency, no_cutoff, no_push_off, as_json, **options):
        received_at = parse_moment(start)
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(_("Không có cơ quan mã “%(code)s”.") % {"code": agency})
        try:
            calendar = services.calendar_for(target, on=received_at.date())
            result = calendar.explain(
                received_at,
                limit,
                apply_cutoff=not no_cutoff,
                push_off_non_working_day=not no_push_off,
            )
        except core.WorktimeError as exc:
            raise CommandError(" ".join(services.as_validation_error(exc).messages)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if as_json:
            self.stdout.write(self._json({**result.as_dict(), "calendar": calendar.name}))
            return
        self.stdout.write(result.due.isoformat())
        self.stdout.write(
            _("Hạn giải quyết: %(due)s lúc %(time)s (lịch: %(calendar)s)")
            % {
                "due": _label(result.due.date()),
                "time": f"{result.due:%H:%M}",
                "calendar": calendar.name,
            }
        )
        self.stdout.write(_("Thời hạn: %(limit)s") % {"limit": result.duration})
        if result.moved_by_reception_rule:
            self.stdout.write(
                _("Tiếp nhận %(received)s, bắt đầu tính từ %(start)s.")
                % {
                    "received": f"{result.received_at:%H:%M} {_label(result.received_at.date())}",
                    "start": f"{result.counted_from:%H:%M} {_label(result.counted_from.date())}",
                }
            )
        if result.skipped:
            self.stdout.write(
                _("Các ngày nghỉ không tính (%(n)d ngày):") % {"n": len(result.skipped)}
            )
            for day, reason in result.skipped:
                self.stdout.write(f"  {_label(day)} — {_(reason)}")
        else:
            self.stdout.write(_("Không có ngày nghỉ nào trong khoảng này."))

    @staticmethod
    def _json(data: dict) -> str:
        return json.dumps(data, ensure_ascii=False, indent=2)
