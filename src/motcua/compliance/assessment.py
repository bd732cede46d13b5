"""Decide, for every criterion, whether the evidence shows it met.

Each way of proving a criterion gives a verdict — ok, partial, fail or none (no evidence):

- tests: fail if a linked test failed, errored or is an expected failure (a known defect);
  none if no linked test passed; partial if some passed and others were skipped; else ok.
- benchmark: fail if a measured figure misses its target; none if nothing was measured; ok
  when every expected bench ran and every target was measured and met; else partial.
- manual: the reviewer's recorded outcome (ok or fail); none until a review is recorded.
- parts (a group): fail if a part is not met, ok if all are met, none if none is assessed.

A criterion is *not met* if any verdict is fail, *not assessed* if every verdict is none,
*met* only if every required verdict passed (its declared proof methods, or its parts for a
group) and nothing is partial, and *partly met* otherwise. So nothing is met without passing
evidence. Pure Python; labels and wording are the report's business.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from .evidence import Benchmarks, BenchResult, Results, TestResult
from .registry import BenchTarget, Criterion, Registry

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, PARTLY_MET, NOT_MET, NOT_ASSESSED, NOT_APPLICABLE)

OK = "ok"
PARTIAL = "partial"
FAIL = "fail"
NONE = "none"

FAILING_OUTCOMES = frozenset({"failed", "error", "xfailed"})
INCOMPLETE_OUTCOMES = frozenset({"skipped", "xpassed"})


@dataclass
class BenchCheck:
    """One figure compared with one target."""

    bench: BenchResult
    figure: str
    value: float
    target: BenchTarget

    @property
    def ok(self) -> bool:
        return self.target.holds(self.value)


@dataclass
class Assessment:
    criterion: Criterion
    status: str = NOT_ASSESSED
    verdicts: dict[str, str] = field(default_factory=dict)
    tests: list[TestResult] = field(default_factory=list)
    benches: list[BenchResult] = field(default_factory=list)
    checks: list[BenchCheck] = field(default_factory=list)
    missing_benches: list[str] = field(default_factory=list)
    unmeasured_targets: list[BenchTarget] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    part_statuses: Counter = field(default_factory=Counter)

    def test_counts(self) -> Counter:
        return Counter(t.outcome for t in self.tests)


def assess(registry: Registry, results: Results, benchmarks: Benchmarks) -> dict[str, Assessment]:
    """The assessment of every criterion, keyed by ID, in registry order."""
    done: dict[str, Assessment] = {}

    def visit(criterion: Criterion) -> Assessment:
        if criterion.id not in done:
            parts = [visit(registry[p]) for p in registry.parts(criterion.id)]
            done[criterion.id] = _assess_one(criterion, parts, results, benchmarks)
        return done[criterion.id]

    for criterion in registry:
        visit(criterion)
    return {c.id: done[c.id] for c in registry}


def _assess_one(
    criterion: Criterion, parts: list[Assessment], results: Results, benchmarks: Benchmarks
) -> Assessment:
    found = Assessment(criterion=criterion)
    if not criterion.applicable:
        found.status = NOT_APPLICABLE
        return found
    found.tests = results.for_criterion(criterion.id)
    found.benches = [b for b in benchmarks.results.values() if criterion.id in b.criteria]
    if found.tests or "tests" in criterion.proof:
        found.verdicts["tests"] = _tests_verdict(found.tests)
    if criterion.bench is not None:
        found.verdicts["benchmark"] = _bench_verdict(criterion, benchmarks, found)
    if "manual" in criterion.proof:
        review = criterion.review
        found.verdicts["manual"] = (
            NONE if review is None else OK if review.outcome == "met" else FAIL
        )
    applicable_parts = [p for p in parts if p.status != NOT_APPLICABLE]
    if applicable_parts:
        found.parts = [p.criterion.id for p in applicable_parts]
        found.part_statuses = Counter(p.status for p in applicable_parts)
        found.verdicts["parts"] = _parts_verdict(found.part_statuses, len(applicable_parts))
    required = ["parts"] if applicable_parts else list(criterion.proof)
    found.status = _status(found.verdicts, required)
    return found


def _tests_verdict(tests: list[TestResult]) -> str:
    outcomes = Counter(t.outcome for t in tests)
    if any(outcomes[o] for o in FAILING_OUTCOMES):
        return FAIL
    if not outcomes["passed"]:
        return NONE
    if any(outcomes[o] for o in INCOMPLETE_OUTCOMES):
        return PARTIAL
    return OK


def _bench_verdict(criterion: Criterion, benchmarks: Benchmarks, found: Assessment) -> str:
    spec = criterion.bench
    assert spec is not None
    linked = {b.name: b for b in found.benches}
    for name in spec.names:
        if name in benchmarks.results:
            linked.setdefault(name, benchmarks.results[name])
        else:
            found.missing_benches.append(name)
    found.benches = list(linked.values())
    for target in spec.targets:
        checks = [
            BenchCheck(bench=bench, figure=key, value=value, target=target)
            for bench in found.benches
            for key, value in bench.figures.items()
            if any(fnmatchcase(key, pattern) for pattern in target.figures)
        ]
        if not checks:
            found.unmeasured_targets.append(target)
        found.checks.extend(checks)
    if any(not check.ok for check in found.checks):
        return FAIL
    if not found.checks:
        return NONE
    if found.missing_benches or found.unmeasured_targets:
        return PARTIAL
    return OK


def _parts_verdict(statuses: Counter, total: int) -> str:
    if statuses[NOT_MET]:
        return FAIL
    if statuses[MET] == total:
        return OK
    if statuses[NOT_ASSESSED] == total:
        return NONE
    return PARTIAL


def _status(verdicts: dict[str, str], required: list[str]) -> str:
    present = list(verdicts.values())
    if FAIL in present:
        return NOT_MET
    if all(v == NONE for v in present):
        return NOT_ASSESSED
    if all(verdicts.get(method) == OK for method in required) and PARTIAL not in present:
        return MET
    return PARTLY_MET
