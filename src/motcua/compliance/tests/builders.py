"""A tiny registry and evidence files built per test, so each status is worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from motcua.compliance.evidence import write_results
from motcua.compliance.registry import parse_registry

# Every criterion the assessment tests need: plain tests, a group of two parts, a benchmark,
# manual reviews (recorded, absent, negative), tests + manual, and an article that does not apply.
TINY_REGISTRY = """
circular: "22/2019/TT-BTTTT"
sections:
  - id: body
    vi: "Các điều"
    en: "Articles"
    article: 3
    appendix: null
    criteria:
      - id: T1
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Tiêu chí có kiểm thử đạt"
        en: "Criterion with passing tests"
        remedy: {vi: "Khắc phục T1", en: "Fix T1", target: 2027-01-15}
      - id: T2
        kind: functional
        proof: [tests]
        confidence: inferred
        vi: "Tiêu chí có kiểm thử không đạt"
        en: "Criterion with a failing test"
        remedy: {vi: "Khắc phục T2", en: "Fix T2", target: 2027-02-15}
      - id: T3
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Tiêu chí chưa có kiểm thử"
        en: "Criterion without tests"
        remedy: {vi: "Viết kiểm thử T3", en: "Write T3 tests", target: 2027-03-15}
      - id: T4
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Tiêu chí có kiểm thử đạt và kiểm thử bị bỏ qua"
        en: "Criterion with a passing and a skipped test"
        remedy: {vi: "Khắc phục T4", en: "Fix T4", target: 2027-03-15}
      - id: T5
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Tiêu chí chỉ có kiểm thử bị bỏ qua"
        en: "Criterion with only a skipped test"
        remedy: {vi: "Khắc phục T5", en: "Fix T5", target: 2027-03-15}
      - id: G
        kind: functional
        confidence: seen
        vi: "Nhóm"
        en: "Group"
        remedy: {vi: "Hoàn thành nhóm", en: "Complete the group", target: 2027-04-30}
      - id: G.1
        parent: G
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Phần một"
        en: "Part one"
        remedy: {vi: "Phần một", en: "Part one", target: 2027-04-30}
      - id: G.2
        parent: G
        kind: functional
        proof: [tests]
        confidence: seen
        vi: "Phần hai"
        en: "Part two"
        remedy: {vi: "Phần hai", en: "Part two", target: 2027-04-30}
      - id: N
        applicable: false
        kind: other
        confidence: seen
        vi: "Điều không áp dụng"
        en: "Article that does not apply"
        note: {vi: "Không phải yêu cầu.", en: "Not a requirement."}
  - id: PERF
    vi: "Phụ lục IV — Hiệu năng"
    en: "Appendix IV — Performance"
    article: 7
    appendix: "IV"
    criteria:
      - id: B1
        kind: performance
        proof: [benchmark]
        confidence: seen
        vi: "Thời gian phản hồi"
        en: "Response time"
        bench:
          names: [portal]
          targets:
            - {figure: "*p95_ms", op: "<=", value: 1000, unit: ms}
        remedy: {vi: "Tối ưu", en: "Tune", target: 2027-03-31}
      - id: M1
        kind: security
        proof: [manual]
        confidence: seen
        vi: "Đã rà soát"
        en: "Reviewed"
        review:
          {outcome: met, reviewer: "Nguyễn Văn An", date: 2026-11-20, vi: "Đã kiểm tra.", en: "Ok."}
        remedy: {vi: "Rà soát", en: "Review", target: 2027-06-30}
      - id: M2
        kind: security
        proof: [manual]
        confidence: seen
        vi: "Chờ rà soát"
        en: "Awaiting review"
        remedy: {vi: "Rà soát", en: "Review", target: 2027-06-30}
      - id: M3
        kind: security
        proof: [manual]
        confidence: seen
        vi: "Rà soát kết luận chưa đạt"
        en: "Review found it unmet"
        review:
          {outcome: not_met, reviewer: "Trần Thị Bình", date: 2026-11-21, vi: "Thiếu.", en: "No."}
        remedy: {vi: "Bổ sung", en: "Add", target: 2027-06-30}
      - id: TM
        kind: security
        proof: [tests, manual]
        confidence: seen
        vi: "Kiểm thử và rà soát"
        en: "Tests and review"
        remedy: {vi: "Rà soát", en: "Review", target: 2027-06-30}
"""


def tiny_registry():
    return parse_registry(yaml.safe_load(TINY_REGISTRY), origin="tiny")


def result_entry(nodeid: str, outcome: str, *criteria: str, artifacts=(), message="") -> dict:
    return {
        "nodeid": nodeid,
        "title": nodeid.rsplit("::", 1)[-1].replace("_", " "),
        "criteria": list(criteria),
        "outcome": outcome,
        "duration": 0.5,
        "artifacts": list(artifacts),
        "message": message,
    }


def record_results(path: Path, *entries: dict, root: Path | None = None, full=True) -> Path:
    write_results(
        path,
        run_id="run-1",
        run={
            "started_at": "2026-11-28T09:00:00+07:00",
            "finished_at": "2026-11-28T09:05:00+07:00",
            "commit": "0123456789abcdef",
            "dirty": False,
            "database": "sqlite",
            "args": [],
            "exit_status": 1,
        },
        tests={e["nodeid"]: e for e in entries},
        root=root or path.parent,
        full=full,
    )
    return path


def record_bench(directory: Path, name: str, figures: dict, criteria: list[str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "name": name,
                "figures": figures,
                "criteria": criteria,
                "produced_at": "2026-11-28T10:00:00+07:00",
                "commit": "fedcba9876543210",
            }
        ),
        encoding="utf-8",
    )
    return path
