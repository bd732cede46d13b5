"""``motcua generate-load --dossiers N [--years 10] [--seed S]``: benchmark dossiers."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.models import ProcedureVersion


class Command(BaseCommand):
    help = (
        "Tạo hồ sơ MÔ PHỎNG để đo hiệu năng (kèm quá trình xử lý, công việc, phí, bổ sung, gia "
        "hạn, kết quả, đánh giá), ghi hàng loạt KHÔNG qua các dịch vụ nghiệp vụ (không nhật ký "
        "thao tác, không sự kiện, không thông báo) — chỉ dùng cho CSDL đo hiệu năng, không bao "
        "giờ dùng cho dữ liệu thật. Mã số hồ sơ vẫn duy nhất, đúng cấu trúc; trạng thái khớp "
        "quá trình xử lý; số liệu thống kê được cập nhật. Nạp dữ liệu minh họa trước nếu CSDL "
        "chưa có thủ tục. / Synthetic BENCHMARK dossiers written in bulk, bypassing the services."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="số hồ sơ cần tạo")
        parser.add_argument("--years", type=int, default=10, help="trải trong bao nhiêu năm")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--end", type=dt.date.fromisoformat, default=None, help="ngày cuối (mặc định hôm nay)"
        )
        parser.add_argument("--batch", type=int, default=5000, help="số hồ sơ mỗi lần ghi")
        parser.add_argument(
            "--facts-only",
            action="store_true",
            help=(
                "chỉ ghi số liệu thống kê của từng hồ sơ và số liệu tổng hợp, không ghi hồ sơ "
                "(đo hiệu năng thống kê ở quy mô lớn hơn dung lượng đĩa cho phép)"
            ),
        )

    def handle(self, *args, **options):
        from motcua.reports.loadgen import generate

        if options["dossiers"] < 1 or options["years"] < 1 or options["batch"] < 1:
            raise CommandError("--dossiers, --years và --batch phải là số dương.")
        if not ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).exists():
            from motcua.demo.services import load_demo

            self.stdout.write("Nạp dữ liệu minh họa…")
            load_demo()
        summary = generate(
            options["dossiers"],
            years=options["years"],
            seed=options["seed"],
            end=options["end"],
            batch_size=options["batch"],
            log=self.stdout.write,
            facts_only=options["facts_only"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {summary['dossiers']:,} hồ sơ mô phỏng trong {summary['seconds']} giây."
            )
        )
