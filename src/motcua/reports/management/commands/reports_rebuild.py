"""``motcua reports_rebuild [--from DATE --to DATE | --all [--facts]]``: recompute statistics."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.reports import aggregates
from motcua.reports.periods import Period


class Command(BaseCommand):
    help = (
        "Tính lại số liệu thống kê: của một kỳ (--from, --to: số liệu từng hồ sơ có phát sinh "
        "trong kỳ, rồi số liệu tổng hợp theo ngày, tháng của kỳ) hoặc toàn bộ (--all; thêm "
        "--facts để tính lại cả số liệu từng hồ sơ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat)
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat)
        parser.add_argument("--all", action="store_true")
        parser.add_argument("--facts", action="store_true")

    def handle(self, *args, **options):
        if options["all"]:
            result = aggregates.rebuild_all(refresh_facts=options["facts"])
        elif options["first"] and options["last"]:
            try:
                period = Period.days(options["first"], options["last"])
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
            result = aggregates.rebuild_period(period)
        else:
            raise CommandError("Cần --from và --to, hoặc --all.")
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k}: {v:,}" for k, v in result.items())))
