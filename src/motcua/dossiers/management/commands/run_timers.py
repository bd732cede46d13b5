from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from motcua.dossiers.services import run_timers


class Command(BaseCommand):
    help = (
        "Lifecycle timers: alert the desk of waiting online dossiers, flag those past 8 working "
        "hours, close dossiers whose supplement did not arrive in time. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO moment to run as (testing, catching up)")

    def handle(self, *args, now=None, **options):
        moment = parse_datetime(now) if now else None
        if now and (moment is None or moment.tzinfo is None):
            self.stderr.write("--now must be an ISO date-time with a time zone offset")
            return
        report = run_timers(moment)
        self.stdout.write(
            f"intake_alerts={report.intake_alerts} intake_overdue={report.intake_overdue} "
            f"closed_missing_supplement={report.closed_missing_supplement}"
        )
