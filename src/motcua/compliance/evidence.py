"""Evidence on disk: the test-results file the pytest plugin writes and the benchmark files.

Results file (``var/compliance/test-results.json``, or ``$MOTCUA_COMPLIANCE_RESULTS``)::

    {"schema": "motcua.compliance.test-results/1", "root": "/path/of/the/checkout",
     "updated_at": "...", "runs": {"<run id>": {started_at, finished_at, commit, dirty,
                                                 database, full, args, exit_status}},
     "tests": {"<node id>": {nodeid, title, criteria, outcome, duration, artifacts, message,
                             run}}}

A full run (``pytest`` with no paths, nothing deselected, not stopped early) replaces the file;
any other run merges: its tests replace their earlier entries, the rest stay with the run that
recorded them, so a partial run never wipes a full run's evidence and every entry keeps its own
date and commit. Writers take a lock, so parallel runs in one checkout do not lose entries.

Benchmark files (``var/bench/<name>.json``, written by ``bench/common.py``)::

    {"name": ..., "figures": {...}, "criteria": [...], "produced_at": ..., "commit": ...}

Pure Python: the pytest plugin and ``bench/`` use it without Django set up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

RESULTS_ENV = "MOTCUA_COMPLIANCE_RESULTS"
RESULTS_SCHEMA = "motcua.compliance.test-results/1"
OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")


class EvidenceError(ValueError):
    """An evidence file exists but cannot be used; the message says which and why."""


def results_path(var_dir: Path | str) -> Path:
    """Where test results live: ``$MOTCUA_COMPLIANCE_RESULTS`` or ``<var>/compliance/…``."""
    override = os.environ.get(RESULTS_ENV)
    return Path(override) if override else Path(var_dir) / "compliance" / "test-results.json"


def bench_dir(var_dir: Path | str) -> Path:
    return Path(var_dir) / "bench"


def git_state(cwd: Path | str) -> dict[str, Any]:
    """The checked-out commit and whether tracked files differ from it ("" when not a repo)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return {"commit": "", "dirty": False}
    return {"commit": commit, "dirty": dirty}


def now_iso() -> str:
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).isoformat(timespec="seconds")


# --- test results -------------------------------------------------------------------------


@dataclass
class TestResult:
    nodeid: str
    title: str
    criteria: list[str]
    outcome: str
    duration: float
    artifacts: list[str]
    message: str
    run: dict[str, Any]


@dataclass
class Results:
    path: Path
    available: bool = False
    root: Path | None = None
    updated_at: str = ""
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    tests: list[TestResult] = field(default_factory=list)

    def for_criterion(self, criterion_id: str) -> list[TestResult]:
        return [t for t in self.tests if criterion_id in t.criteria]

    def by_nodeid(self) -> dict[str, TestResult]:
        return {t.nodeid: t for t in self.tests}

    def artifact_file(self, artifact: str) -> Path:
        path = Path(artifact)
        return path if path.is_absolute() or self.root is None else self.root / path

    def artifacts(self) -> set[str]:
        return {a for t in self.tests for a in t.artifacts}


def load_results(path: Path | str) -> Results:
    """Read a results file; a missing file gives empty, unavailable results."""
    path = Path(path)
    data = _read_results(path)
    if data is None:
        return Results(path=path)
    runs = data["runs"]
    tests = []
    for nodeid, entry in sorted(data["tests"].items()):
        tests.append(
            TestResult(
                nodeid=nodeid,
                title=str(entry.get("title") or nodeid),
                criteria=list(entry.get("criteria") or []),
                outcome=entry.get("outcome") if entry.get("outcome") in OUTCOMES else "error",
                duration=float(entry.get("duration") or 0),
                artifacts=[str(a) for a in entry.get("artifacts") or []],
                message=str(entry.get("message") or ""),
                run=runs.get(entry.get("run"), {}),
            )
        )
    return Results(
        path=path,
        available=True,
        root=Path(data["root"]) if data.get("root") else path.parent,
        updated_at=str(data.get("updated_at") or ""),
        runs=runs,
        tests=tests,
    )


def _read_results(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot be read: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvidenceError(f"{path}: not valid JSON: {exc}") from exc
    if (
        not isinstance(data, dict)
        or data.get("schema") != RESULTS_SCHEMA
        or not isinstance(data.get("tests"), dict)
        or not isinstance(data.get("runs"), dict)
    ):
        raise EvidenceError(f"{path}: not a test-results file ({RESULTS_SCHEMA})")
    return data


def write_results(
    path: Path | str,
    *,
    run_id: str,
    run: dict[str, Any],
    tests: dict[str, dict[str, Any]],
    root: Path | str,
    full: bool,
) -> None:
    """Record one run's tests: a full run replaces the file, a partial one merges into it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        previous = None
        if not full:
            try:
                previous = _read_results(path)
            except EvidenceError:
                previous = None  # an unreadable file is replaced rather than blocking the run
        merged_tests = dict(previous["tests"]) if previous else {}
        for nodeid, entry in tests.items():
            merged_tests[nodeid] = {**entry, "run": run_id}
        runs = dict(previous["runs"]) if previous else {}
        runs[run_id] = {**run, "full": full}
        used = {entry.get("run") for entry in merged_tests.values()}
        data = {
            "schema": RESULTS_SCHEMA,
            "root": str(root),
            "updated_at": now_iso(),
            "runs": {rid: meta for rid, meta in runs.items() if rid in used},
            "tests": dict(sorted(merged_tests.items())),
        }
        write_json_atomic(path, data)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- benchmarks ---------------------------------------------------------------------------


@dataclass
class BenchResult:
    name: str
    figures: dict[str, float]  # flattened: {"postgresql.search.p95_ms": 12.5}
    criteria: list[str]
    produced_at: str
    commit: str
    path: Path


@dataclass
class Benchmarks:
    results: dict[str, BenchResult] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_benchmarks(directory: Path | str) -> Benchmarks:
    """Read every ``*.json`` in the bench directory; unreadable files are listed as problems."""
    directory = Path(directory)
    found = Benchmarks()
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
                raise ValueError("no 'figures' mapping")
            criteria = data.get("criteria") or []
            if not isinstance(criteria, list):
                raise ValueError("'criteria' is not a list")
        except (OSError, ValueError) as exc:
            found.problems.append(f"{path.name}: {exc}")
            continue
        name = str(data.get("name") or path.stem)
        found.results[name] = BenchResult(
            name=name,
            figures=flatten_figures(data["figures"]),
            criteria=[str(c) for c in criteria],
            produced_at=str(data.get("produced_at") or ""),
            commit=str(data.get("commit") or ""),
            path=path,
        )
    return found


def flatten_figures(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Numeric leaves of nested figures, keyed by their dotted path."""
    flat: dict[str, float] = {}
    for key, value in figures.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_figures(value, dotted + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[dotted] = float(value)
    return flat
