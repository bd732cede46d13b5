"""The compliance report as plain data, in one language: what the HTML, XLSX and JSON show.

``build_report`` turns the registry, the assessments and the requests register into nested
dicts and lists (JSON-ready); every export and the back-office page render this one structure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .assessment import (
    FAILING_OUTCOMES,
    INCOMPLETE_OUTCOMES,
    MET,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    NOT_MET,
    PARTLY_MET,
    STATUSES,
    Assessment,
    assess,
)
from .evidence import Benchmarks, Results, TestResult
from .registry import Registry

SCHEMA = "motcua.compliance.report/1"

STATUS_LABELS = {
    MET: gettext_lazy("Đáp ứng"),
    PARTLY_MET: gettext_lazy("Đáp ứng một phần"),
    NOT_MET: gettext_lazy("Chưa đáp ứng"),
    NOT_ASSESSED: gettext_lazy("Chưa đánh giá"),
    NOT_APPLICABLE: gettext_lazy("Không áp dụng"),
}
STATUS_HELP = {
    MET: gettext_lazy("Mọi minh chứng gắn với tiêu chí đều đạt."),
    PARTLY_MET: gettext_lazy(
        "Có minh chứng đạt, không có minh chứng không đạt, nhưng minh chứng chưa đủ "
        "(kiểm thử bị bỏ qua, thiếu một phần tiêu chí thành phần hoặc cách chứng minh)."
    ),
    NOT_MET: gettext_lazy(
        "Có minh chứng không đạt (kiểm thử không đạt, chỉ số hiệu năng vượt ngưỡng, "
        "hoặc người rà soát kết luận chưa đáp ứng)."
    ),
    NOT_ASSESSED: gettext_lazy("Chưa có minh chứng nào."),
    NOT_APPLICABLE: gettext_lazy("Điều khoản không đặt yêu cầu đối với phần mềm."),
}
OUTCOME_LABELS = {
    "passed": gettext_lazy("Đạt"),
    "failed": gettext_lazy("Không đạt"),
    "error": gettext_lazy("Lỗi khi chạy"),
    "skipped": gettext_lazy("Bị bỏ qua"),
    "xfailed": gettext_lazy("Lỗi đã biết"),
    "xpassed": gettext_lazy("Đạt ngoài dự kiến"),
    "not_run": gettext_lazy("Chưa chạy"),
}
KIND_LABELS = {
    "functional": gettext_lazy("Chức năng"),
    "performance": gettext_lazy("Hiệu năng"),
    "security": gettext_lazy("An toàn thông tin"),
    "other": gettext_lazy("Khác"),
}
PROOF_LABELS = {
    "tests": gettext_lazy("Kiểm thử tự động"),
    "benchmark": gettext_lazy("Đo hiệu năng"),
    "manual": gettext_lazy("Rà soát thủ công"),
}
CONFIDENCE_LABELS = {
    "seen": gettext_lazy("Theo văn bản Thông tư"),
    "basis-seen": gettext_lazy("Suy ra từ văn bản gốc"),
    "inferred": gettext_lazy("Suy luận"),
}
OPERATOR_SIGNS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">"}
REQUEST_EVIDENCE_LABELS = {
    "passing": gettext_lazy("Có minh chứng đạt"),
    "failing": gettext_lazy("Minh chứng không đạt"),
    "incomplete": gettext_lazy("Minh chứng chưa đầy đủ"),
    "none": gettext_lazy("Chưa có minh chứng"),
}


def format_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d") if lang == "en" else value.strftime("%d/%m/%Y")


def format_moment(iso: str, lang: str) -> str:
    """An ISO timestamp as the reader expects it, in Vietnam's time zone."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    return moment.strftime("%Y-%m-%d %H:%M" if lang == "en" else "%H:%M %d/%m/%Y")


def build_report(
    *,
    registry: Registry,
    results: Results,
    benchmarks: Benchmarks,
    requests: list[Any],
    lang: str,
    produced_from: dict[str, Any],
    system_name: str,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """The whole report in ``lang`` ("vi" or "en")."""
    with translation.override(lang):
        assessments = assess(registry, results, benchmarks)
        requests_data = [_request(r, results, lang) for r in requests]
        linked_requests: dict[str, list[int]] = {}
        for request in requests_data:
            for cid in request["criteria"]:
                linked_requests.setdefault(cid, []).append(request["number"])
        sections = []
        for section in registry.sections:
            rows = [
                _criterion(assessments[c.id], results, lang, linked_requests.get(c.id, []))
                for c in registry.in_section(section.id)
            ]
            sections.append(
                {
                    "id": section.id,
                    "title": section.title.get(lang),
                    "note": section.note.get(lang) if section.note else "",
                    "criteria": rows,
                }
            )
        now = dt.datetime.now(dt.UTC)
        return {
            "schema": SCHEMA,
            "language": lang,
            "title": _(
                "Báo cáo tự đánh giá mức độ đáp ứng tiêu chí chức năng, tính năng kỹ thuật "
                "theo Thông tư %(circular)s"
            )
            % {"circular": registry.circular},
            "system": str(system_name),
            "circular": registry.circular,
            "produced_at": now.isoformat(timespec="seconds"),
            "produced_at_display": format_moment(now.isoformat(), lang),
            "produced_from": produced_from,
            "statuses": [
                {"code": code, "label": str(STATUS_LABELS[code]), "help": str(STATUS_HELP[code])}
                for code in STATUSES
            ],
            "results": _results_meta(results, lang),
            "benchmarks": [
                {
                    "name": b.name,
                    "produced_at": b.produced_at,
                    "produced_at_display": format_moment(b.produced_at, lang),
                    "commit": b.commit,
                    "criteria": b.criteria,
                    "figures": b.figures,
                }
                for b in benchmarks.results.values()
            ],
            "problems": [*(problems or []), *benchmarks.problems],
            "summary": _summary(sections),
            "sections": sections,
            "requests": requests_data,
            "requests_summary": _requests_summary(requests_data),
        }


def _results_meta(results: Results, lang: str) -> dict[str, Any]:
    runs = sorted(results.runs.items(), key=lambda item: item[1].get("finished_at", ""))
    return {
        "available": results.available,
        "path": str(results.path),
        "root": str(results.root or ""),
        "updated_at": results.updated_at,
        "updated_at_display": format_moment(results.updated_at, lang),
        "tests": len(results.tests),
        "runs": [
            {
                "id": run_id,
                "started_at": run.get("started_at", ""),
                "finished_at": run.get("finished_at", ""),
                "finished_at_display": format_moment(run.get("finished_at", ""), lang),
                "commit": run.get("commit", ""),
                "dirty": bool(run.get("dirty")),
                "database": run.get("database", ""),
                "full": bool(run.get("full")),
                "exit_status": run.get("exit_status"),
                "tests": sum(1 for t in results.tests if t.run is run),
            }
            for run_id, run in runs
        ],
    }


def _test(test: TestResult, results: Results, lang: str) -> dict[str, Any]:
    return {
        "nodeid": test.nodeid,
        "title": test.title,
        "outcome": test.outcome,
        "outcome_label": str(OUTCOME_LABELS[test.outcome]),
        "duration": round(test.duration, 3),
        "message": test.message,
        "artifacts": [
            {
                "path": a,
                "exists": results.artifact_file(a).is_file(),
            }
            for a in test.artifacts
        ],
        "commit": test.run.get("commit", ""),
        "database": test.run.get("database", ""),
        "date": test.run.get("finished_at", ""),
        "date_display": format_moment(test.run.get("finished_at", ""), lang),
    }


def _criterion(
    found: Assessment, results: Results, lang: str, requests: list[int]
) -> dict[str, Any]:
    c = found.criterion
    review = c.review
    return {
        "id": c.id,
        "title": c.title.get(lang),
        "title_vi": c.title.vi,
        "title_en": c.title.en,
        "section": c.section.id,
        "parent": c.parent,
        "parts": found.parts,
        "applicable": c.applicable,
        "source": c.source(lang),
        "kind": c.kind,
        "kind_label": str(KIND_LABELS[c.kind]),
        "proof": list(c.proof),
        "proof_label": (
            ", ".join(str(PROOF_LABELS[p]) for p in c.proof)
            if c.proof
            else _("Theo các tiêu chí thành phần")
            if found.parts
            else ""
        ),
        "confidence": c.confidence,
        "confidence_label": str(CONFIDENCE_LABELS[c.confidence]),
        "basis": c.basis,
        "note": c.note.get(lang) if c.note else "",
        "status": found.status,
        "status_label": str(STATUS_LABELS[found.status]),
        "reasons": _reasons(found, lang),
        "evidence": {
            "tests": [_test(t, results, lang) for t in found.tests],
            "failing_tests": sum(1 for t in found.tests if t.outcome in FAILING_OUTCOMES),
            "failing_checks": sum(1 for check in found.checks if not check.ok),
            "benchmarks": [
                {
                    "bench": check.bench.name,
                    "figure": check.figure,
                    "value": check.value,
                    "op": check.target.op,
                    "op_display": OPERATOR_SIGNS[check.target.op],
                    "target": check.target.value,
                    "unit": check.target.unit,
                    "ok": check.ok,
                    "produced_at": check.bench.produced_at,
                    "produced_at_display": format_moment(check.bench.produced_at, lang),
                    "commit": check.bench.commit,
                }
                for check in found.checks
            ],
            "bench_runs": [
                {
                    "name": b.name,
                    "produced_at_display": format_moment(b.produced_at, lang),
                    "commit": b.commit,
                    "figures": b.figures,
                }
                for b in found.benches
            ],
            "review": (
                {
                    "outcome": review.outcome,
                    "reviewer": review.reviewer,
                    "date": review.date.isoformat(),
                    "date_display": format_date(review.date, lang),
                    "note": review.text.get(lang),
                }
                if review
                else None
            ),
        },
        "requests": requests,
        "remedy": (
            {
                "text": c.remedy.text.get(lang),
                "target": c.remedy.target.isoformat(),
                "target_display": format_date(c.remedy.target, lang),
            }
            if c.remedy and found.status not in (MET, NOT_APPLICABLE)
            else None
        ),
    }


def _reasons(found: Assessment, lang: str) -> list[str]:
    c = found.criterion
    if not c.applicable:
        return [c.note.get(lang)] if c.note else []
    reasons = []
    if "tests" in found.verdicts:
        counts = Counter(t.outcome for t in found.tests)
        if not found.tests:
            reasons.append(_("Chưa có kiểm thử tự động nào gắn mã tiêu chí này."))
        else:
            parts = [
                f"{counts[o]} {str(OUTCOME_LABELS[o]).lower()}"
                for o in ("passed", "failed", "error", "xfailed", *sorted(INCOMPLETE_OUTCOMES))
                if counts[o]
            ]
            reasons.append(_("Kiểm thử tự động: %(counts)s.") % {"counts": ", ".join(parts)})
    if c.bench is not None:
        if found.checks:
            ok = sum(1 for check in found.checks if check.ok)
            reasons.append(
                _("Đo hiệu năng: %(ok)s/%(total)s chỉ số đạt ngưỡng.")
                % {"ok": ok, "total": len(found.checks)}
            )
        if found.missing_benches:
            reasons.append(
                _("Chưa có kết quả đo: %(names)s.") % {"names": ", ".join(found.missing_benches)}
            )
        if found.unmeasured_targets:
            reasons.append(
                _("Chưa đo chỉ số: %(figures)s.")
                % {"figures": ", ".join(" / ".join(t.figures) for t in found.unmeasured_targets)}
            )
    if "manual" in c.proof:
        review = c.review
        if review is None:
            reasons.append(_("Chờ người rà soát ghi nhận kết quả rà soát thủ công."))
        elif review.outcome == "met":
            reasons.append(
                _("Đã rà soát: %(reviewer)s, ngày %(date)s.")
                % {"reviewer": review.reviewer, "date": format_date(review.date, lang)}
            )
        else:
            reasons.append(
                _("Người rà soát kết luận chưa đáp ứng: %(reviewer)s, ngày %(date)s.")
                % {"reviewer": review.reviewer, "date": format_date(review.date, lang)}
            )
    if found.parts:
        counts = ", ".join(
            f"{found.part_statuses[s]} {str(STATUS_LABELS[s]).lower()}"
            for s in STATUSES
            if found.part_statuses[s]
        )
        reasons.append(
            _("Tiêu chí thành phần (%(total)s): %(counts)s.")
            % {"total": len(found.parts), "counts": counts}
        )
    return reasons


def _summary(sections: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    overall: Counter = Counter()
    for section in sections:
        counts = Counter(row["status"] for row in section["criteria"])
        overall.update(counts)
        rows.append(
            {
                "id": section["id"],
                "title": section["title"],
                "counts": {s: counts[s] for s in STATUSES},
                "total": sum(counts.values()),
            }
        )
    return {
        "sections": rows,
        "counts": {s: overall[s] for s in STATUSES},
        "total": sum(overall.values()),
        "applicable": sum(overall.values()) - overall[NOT_APPLICABLE],
    }


def _request(request: Any, results: Results, lang: str) -> dict[str, Any]:
    by_nodeid = results.by_nodeid()
    tests = []
    for nodeid in request.evidence_tests:
        test = by_nodeid.get(nodeid)
        tests.append(
            _test(test, results, lang)
            if test is not None
            else {
                "nodeid": nodeid,
                "title": nodeid,
                "outcome": "not_run",
                "outcome_label": str(OUTCOME_LABELS["not_run"]),
                "duration": 0,
                "message": "",
                "artifacts": [],
                "commit": "",
                "database": "",
                "date": "",
                "date_display": "",
            }
        )
    outcomes = Counter(t["outcome"] for t in tests)
    if not tests:
        state = "none"
    elif any(outcomes[o] for o in FAILING_OUTCOMES):
        state = "failing"
    elif outcomes["passed"] == len(tests):
        state = "passing"
    else:
        state = "incomplete"
    closed = request.status in request.CLOSED
    warning = ""
    if request.status == request.Status.RESOLVED and state != "passing":
        warning = _("Đã báo khắc phục nhưng chưa có minh chứng đạt.")
    return {
        "number": request.pk,
        "agency": str(request.agency),
        "agency_code": request.agency.code,
        "reference": request.reference,
        "received_on": request.received_on.isoformat(),
        "received_on_display": format_date(request.received_on, lang),
        "kind": request.kind,
        "kind_label": str(request.get_kind_display()),
        "subject": request.subject,
        "description": request.description,
        "status": request.status,
        "status_label": str(request.get_status_display()),
        "closed": closed,
        "answer": request.answer,
        "resolved_on": request.resolved_on.isoformat() if request.resolved_on else None,
        "resolved_on_display": format_date(request.resolved_on, lang),
        "criteria": list(request.criteria),
        "evidence": {
            "state": state,
            "label": str(REQUEST_EVIDENCE_LABELS[state]),
            "tests": tests,
        },
        "warning": warning,
    }


def _requests_summary(requests: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "total": len(requests),
        "closed": sum(1 for r in requests if r["closed"]),
        "with_passing_evidence": sum(1 for r in requests if r["evidence"]["state"] == "passing"),
        "warnings": sum(1 for r in requests if r["warning"]),
    }
