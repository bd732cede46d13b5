"""Statuses from passing, failing, skipped and missing evidence, worked out by hand."""

import datetime as dt

import yaml

from motcua.compliance.assessment import (
    MET,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    NOT_MET,
    PARTLY_MET,
    assess,
)
from motcua.compliance.evidence import Benchmarks, load_benchmarks, load_results
from motcua.compliance.registry import parse_registry

from .builders import TINY_REGISTRY, record_bench, record_results, result_entry, tiny_registry


def statuses(tmp_path, *entries, benches=()):
    results = load_results(record_results(tmp_path / "results.json", *entries))
    for name, figures, criteria in benches:
        record_bench(tmp_path / "bench", name, figures, criteria)
    found = assess(tiny_registry(), results, load_benchmarks(tmp_path / "bench"))
    return {cid: a.status for cid, a in found.items()}, found


EVIDENCE = [
    result_entry("t.py::test_a", "passed", "T1", "G.1"),
    result_entry("t.py::test_b", "passed", "T1", "T2"),
    result_entry("t.py::test_c", "failed", "T2", message="assert 1 == 2"),
    result_entry("t.py::test_d", "passed", "T4"),
    result_entry("t.py::test_e", "skipped", "T4", "T5", message="needs PostgreSQL"),
    result_entry("t.py::test_f", "passed", "TM"),
]


def test_passing_failing_skipped_and_missing_evidence_give_the_right_statuses(tmp_path):
    status, found = statuses(tmp_path, *EVIDENCE)
    assert status["T1"] == MET  # every linked test passed
    assert status["T2"] == NOT_MET  # one passed, one failed: a failure decides
    assert status["T3"] == NOT_ASSESSED  # no test at all
    assert status["T4"] == PARTLY_MET  # passed, and one skipped
    assert status["T5"] == NOT_ASSESSED  # a skipped test is no evidence
    assert status["N"] == NOT_APPLICABLE
    assert [t.nodeid for t in found["T2"].tests] == ["t.py::test_b", "t.py::test_c"]


def test_a_group_is_met_only_when_all_its_parts_are(tmp_path):
    status, found = statuses(tmp_path, *EVIDENCE)
    assert status["G.1"] == MET
    assert status["G.2"] == NOT_ASSESSED
    assert status["G"] == PARTLY_MET
    assert found["G"].parts == ["G.1", "G.2"]

    status, _found = statuses(
        tmp_path,
        result_entry("t.py::test_a", "passed", "G.1"),
        result_entry("t.py::test_b", "passed", "G.2"),
    )
    assert status["G"] == MET

    status, _found = statuses(
        tmp_path,
        result_entry("t.py::test_a", "passed", "G.1"),
        result_entry("t.py::test_b", "error", "G.2"),
    )
    assert status["G.2"] == NOT_MET
    assert status["G"] == NOT_MET


def test_no_evidence_at_all_means_nothing_is_met(tmp_path):
    found = assess(tiny_registry(), load_results(tmp_path / "absent.json"), Benchmarks())
    # Only the recorded reviews decide anything: one found the criterion met, one did not.
    assert [cid for cid, a in found.items() if a.status == MET] == ["M1"]
    assert [cid for cid, a in found.items() if a.status == NOT_MET] == ["M3"]
    assert {a.status for cid, a in found.items() if cid not in {"M1", "M3"}} == {
        NOT_ASSESSED,
        NOT_APPLICABLE,
    }


def test_an_expected_failure_is_a_known_defect_not_evidence(tmp_path):
    status, _found = statuses(
        tmp_path,
        result_entry("t.py::test_a", "passed", "T1"),
        result_entry("t.py::test_b", "xfailed", "T1", message="bug #12"),
    )
    assert status["T1"] == NOT_MET


def test_a_benchmark_meeting_its_target_is_met(tmp_path):
    status, found = statuses(
        tmp_path,
        benches=[("portal", {"postgresql": {"tracking": {"p95_ms": 120.0}}}, ["B1"])],
    )
    assert status["B1"] == MET
    (check,) = found["B1"].checks
    assert (check.figure, check.value, check.ok) == ("postgresql.tracking.p95_ms", 120.0, True)


def test_a_benchmark_missing_its_target_is_not_met(tmp_path):
    status, found = statuses(
        tmp_path,
        benches=[("portal", {"tracking": {"p95_ms": 120.0}, "search": {"p95_ms": 1500}}, [])],
    )
    assert status["B1"] == NOT_MET
    assert [(c.figure, c.ok) for c in found["B1"].checks] == [
        ("tracking.p95_ms", True),
        ("search.p95_ms", False),
    ]


def test_a_benchmark_not_run_or_without_the_target_figure_is_not_assessed(tmp_path):
    status, found = statuses(tmp_path)
    assert status["B1"] == NOT_ASSESSED
    assert found["B1"].missing_benches == ["portal"]

    status, found = statuses(tmp_path, benches=[("portal", {"per_second": 900}, [])])
    assert status["B1"] == NOT_ASSESSED
    assert [t.figures for t in found["B1"].unmeasured_targets] == [("*p95_ms",)]


def test_an_extra_bench_naming_the_criterion_counts_too(tmp_path):
    status, found = statuses(
        tmp_path,
        benches=[
            ("portal", {"p95_ms": 100}, []),
            ("reports", {"year": {"p95_ms": 4000}}, ["B1"]),
        ],
    )
    assert status["B1"] == NOT_MET
    assert {b.name for b in found["B1"].benches} == {"portal", "reports"}


def test_manual_criteria_follow_the_recorded_review(tmp_path):
    status, _found = statuses(tmp_path, *EVIDENCE)
    assert status["M1"] == MET
    assert status["M2"] == NOT_ASSESSED
    assert status["M3"] == NOT_MET
    # Passing tests without the review the criterion also needs: only part of the proof.
    assert status["TM"] == PARTLY_MET


def test_tests_and_a_review_together_meet_a_criterion_that_needs_both(tmp_path):
    data = yaml.safe_load(TINY_REGISTRY)
    (tm,) = [c for s in data["sections"] for c in s["criteria"] if c["id"] == "TM"]
    tm["review"] = {"outcome": "met", "reviewer": "Lê Văn Cường", "date": dt.date(2026, 11, 25)}
    tm["review"] |= {"vi": "Đã đối chiếu.", "en": "Checked."}
    registry = parse_registry(data)
    results = load_results(record_results(tmp_path / "r.json", *EVIDENCE))
    assert assess(registry, results, Benchmarks())["TM"].status == MET
