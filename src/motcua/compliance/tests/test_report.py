"""``motcua compliance report``: every format parses and shows every criterion with its status."""

import json
from io import StringIO

import jsonschema
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from motcua.compliance.registry import DEFAULT_PATH, load_registry

from .builders import record_bench, record_results, result_entry

SCHEMA = json.loads((DEFAULT_PATH.parent / "report.schema.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(var_dir):
    """Real registry IDs: PL2-2.2 proven, PL2-2.7 failing (with a screenshot), PL4-1 measured."""
    root = var_dir.parent
    shot = root / "test-artifacts" / "screenshots" / "apology.png"
    shot.parent.mkdir(parents=True)
    Image.new("RGB", (1366, 2000), "#0b4a8b").save(shot)
    record_results(
        var_dir / "compliance" / "test-results.json",
        result_entry("src/a/test_codes.py::test_codes", "passed", "PL2-2.2"),
        result_entry(
            "tests/e2e/test_late.py::test_apology",
            "failed",
            "PL2-2.7",
            artifacts=["test-artifacts/screenshots/apology.png"],
            message="AssertionError: no apology letter",
        ),
        root=root,
    )
    record_bench(
        var_dir / "bench",
        "portal",
        {"postgresql": {"tracking": {"p50_ms": 12.5, "p95_ms": 40}}},
        ["PL4-1", "PL4-2"],
    )
    return root


def report(tmp_path, fmt, *args):
    out = tmp_path / "reports" / f"compliance.{fmt}"
    stdout = StringIO()
    call_command("compliance", "report", "--format", fmt, "--out", str(out), *args, stdout=stdout)
    assert str(out) in stdout.getvalue()
    return out


def test_json_report_follows_its_schema_and_reports_each_status_from_the_evidence(
    evidence, tmp_path
):
    data = json.loads(report(tmp_path, "json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    criteria = {c["id"]: c for s in data["sections"] for c in s["criteria"]}
    assert set(criteria) == {c.id for c in load_registry(DEFAULT_PATH)}
    assert criteria["PL2-2.2"]["status"] == "met"
    assert criteria["PL2-2.2"]["remedy"] is None
    assert criteria["PL2-2.7"]["status"] == "not_met"
    assert criteria["PL2-2.7"]["remedy"]["target"] == "2027-01-31"
    assert criteria["PL2-2.7"]["evidence"]["tests"][0]["message"] == (
        "AssertionError: no apology letter"
    )
    assert criteria["PL2-2"]["status"] == "not_met"  # a part is not met
    assert criteria["PL4-1"]["status"] == "partly_met"  # backoffice and search not measured yet
    assert criteria["PL4-1"]["evidence"]["benchmarks"][0]["figure"] == "postgresql.tracking.p50_ms"
    assert criteria["PL3-9"]["status"] == "not_assessed"
    assert criteria["D1"]["status"] == "not_applicable"
    assert data["summary"]["counts"]["met"] == 1
    assert data["summary"]["total"] == 102
    assert data["results"]["runs"][0]["commit"] == "0123456789abcdef"


def test_nothing_is_met_without_evidence(var_dir, tmp_path):
    data = json.loads(report(tmp_path, "json").read_text(encoding="utf-8"))
    assert data["results"]["available"] is False
    statuses = {c["status"] for s in data["sections"] for c in s["criteria"]}
    assert statuses == {"not_assessed", "not_applicable"}
    assert all(c["remedy"] for s in data["sections"] for c in s["criteria"] if c["applicable"])


def test_html_report_lists_every_criterion_and_embeds_the_screenshots(evidence, tmp_path):
    html = report(tmp_path, "html").read_text(encoding="utf-8")
    for criterion in load_registry(DEFAULT_PATH):
        assert f'id="criterion-{criterion.id}"' in html
    assert '<html lang="vi">' in html
    assert "Báo cáo tự đánh giá mức độ đáp ứng tiêu chí" in html
    assert "Chưa đáp ứng" in html and "Đáp ứng một phần" in html
    assert 'src="data:image/jpeg;base64,' in html
    assert 'href="../test-artifacts/screenshots/apology.png"' in html  # next to the full image
    assert "<style>" in html and "stylesheet" not in html  # standalone: no external file


def test_english_html_report(evidence, tmp_path):
    html = report(tmp_path, "html", "--lang", "en").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Self-assessment of compliance" in html
    assert "Generate the dossier code automatically" in html
    assert "Not met" in html


def test_xlsx_report_opens_with_one_row_per_criterion(evidence, tmp_path):
    workbook = openpyxl.load_workbook(report(tmp_path, "xlsx"))
    assert workbook.sheetnames == ["Tổng hợp", "Tiêu chí", "Minh chứng", "Kiến nghị"]
    rows = list(workbook["Tiêu chí"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 102
    by_id = {row[0]: row for row in rows}
    assert by_id["PL2-2.2"][7] == "Đáp ứng"
    assert by_id["PL2-2.7"][7] == "Chưa đáp ứng"
    assert by_id["PL2-2.7"][14] == "31/01/2027"
    evidence_rows = list(workbook["Minh chứng"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in evidence_rows] == [
        ("PL2-2.2", "Đạt"),
        ("PL2-2.7", "Không đạt"),
    ]


def test_a_missing_or_unreadable_results_file_is_a_clear_error(var_dir, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp kết quả kiểm thử"):
        report(tmp_path, "json", "--results", str(tmp_path / "none.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp kết quả kiểm thử không đọc được"):
        report(tmp_path, "json", "--results", str(broken))
