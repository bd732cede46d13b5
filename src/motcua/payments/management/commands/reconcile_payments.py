from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from motcua.payments.services import reconcile


class Command(BaseCommand):
    help = (
        "Payment attempts still open: ask the gateway for their result, expire those whose time "
        "is up. Safe to run repeatedly (e.g. every 5 minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO moment to run as (testing, catching up)")

    def handle(self, *args, now=None, **options):
        moment = parse_datetime(now) if now else None
        if now and (moment is None or moment.tzinfo is None):
            self.stderr.write("--now must be an ISO date-time with a time zone offset")
            return
        report = reconcile(moment)
        self.stdout.write(
            f"checked={report.checked} succeeded={report.succeeded} "
            f"failed={report.failed} expired={report.expired}"
        )
