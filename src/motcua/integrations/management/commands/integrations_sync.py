"""``motcua integrations_sync``: one round of the national-portal sync by hand or from cron —
pull dossiers filed there, send every due message; optionally resend failed messages and queue
changes never queued since a date."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.integrations import outbox
from motcua.integrations.base import IntegrationError
from motcua.integrations.contrib.dvcqg import services as dvcqg
from motcua.integrations.contrib.dvcqg.settings import is_enabled
from motcua.integrations.models import OutboxMessage, System


class Command(BaseCommand):
    help = "Đồng bộ với Cổng Dịch vụ công quốc gia: nhận hồ sơ, gửi các gói tin đến hạn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Đưa các gói tin lỗi (cần xử lý) vào hàng đợi gửi lại từ đầu.",
        )
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="Xếp hàng các thay đổi từ ngày này (YYYY-MM-DD) chưa từng được xếp hàng.",
        )
        parser.add_argument(
            "--no-pull", action="store_true", help="Không nhận hồ sơ từ Cổng DVC quốc gia."
        )

    def handle(self, *args, retry_failed: bool, since: dt.date | None, no_pull: bool, **options):
        if not is_enabled():
            self.stdout.write(
                "Kết nối Cổng DVC quốc gia đang tắt (chưa đặt MOTCUA_DVCQG_BASE_URL)."
            )
            return
        if retry_failed:
            failed = OutboxMessage.objects.filter(
                system=System.DVCQG, state=OutboxMessage.State.FAILED
            )
            self.stdout.write(f"Gửi lại {outbox.resend(failed)} gói tin lỗi.")
        if since is not None:
            start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
            self.stdout.write(f"Xếp hàng {dvcqg.enqueue_since(start)} gói tin còn thiếu.")
        if not no_pull:
            try:
                pulled = dvcqg.pull_dossiers()
            except IntegrationError as exc:
                raise CommandError(f"Không nhận được hồ sơ từ Cổng DVC quốc gia: {exc}") from exc
            self.stdout.write(
                f"Nhận hồ sơ: {pulled.accepted} tiếp nhận, {pulled.rejected} không hợp lệ, "
                f"{pulled.postponed} để lần sau."
            )
        sent = outbox.deliver(System.DVCQG)
        self.stdout.write(
            f"Gửi gói tin: {sent.sent} thành công, {sent.retrying} sẽ gửi lại, "
            f"{sent.failed} lỗi cần xử lý."
        )
