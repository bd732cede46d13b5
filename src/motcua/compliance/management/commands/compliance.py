"""``motcua compliance report``: the compliance self-assessment as HTML, XLSX or JSON."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from motcua.compliance import exports, services
from motcua.compliance.registry import RegistryError


class Command(BaseCommand):
    help = "Tự đánh giá tuân thủ Thông tư 22/2019/TT-BTTTT từ kết quả kiểm thử và đo hiệu năng."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="report")
        report = actions.add_parser(
            "report", help="Lập báo cáo tự đánh giá (mỗi tiêu chí: kết quả, minh chứng, khắc phục)."
        )
        report.add_argument("--format", choices=exports.FORMATS, default="html")
        report.add_argument("--out", required=True, type=Path, help="Tệp báo cáo sẽ ghi.")
        report.add_argument("--lang", choices=("vi", "en"), default="vi")
        report.add_argument(
            "--results",
            type=Path,
            help="Tệp kết quả kiểm thử (mặc định var/compliance/test-results.json).",
        )
        report.add_argument(
            "--bench-dir", type=Path, help="Thư mục kết quả đo hiệu năng (mặc định var/bench/)."
        )

    def handle(self, *args, action: str, **options):
        if action == "report":
            self.report(**options)

    def report(self, *, format: str, out: Path, lang: str, results, bench_dir, **_options):
        if results is not None and not results.is_file():
            raise CommandError(f"Không tìm thấy tệp kết quả kiểm thử: {results}")
        try:
            report = services.current_report(lang=lang, results_from=results, bench_from=bench_dir)
        except (ValidationError, RegistryError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        except DatabaseError as exc:
            raise CommandError(
                f"Cơ sở dữ liệu chưa sẵn sàng ({exc}); chạy “motcua migrate” trước."
            ) from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        if format == "html":
            links = exports.embedded_links(report["results"]["root"], out.resolve().parent)
            out.write_text(exports.render_html(report, links), encoding="utf-8")
        elif format == "xlsx":
            out.write_bytes(exports.render_xlsx(report))
        else:
            out.write_text(exports.render_json(report), encoding="utf-8")
        counts = report["summary"]["counts"]
        summary = ", ".join(f"{s['label']}: {counts[s['code']]}" for s in report["statuses"])
        self.stdout.write(f"{out} — {report['summary']['total']} tiêu chí ({summary})")
