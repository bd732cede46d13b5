"""pytest plugin: the ``criterion`` marker, checked against the registry, and the evidence log.

Enabled for every run by ``-p motcua.compliance.pytest_plugin`` in ``pyproject.toml``.

- At collection, every ``@pytest.mark.criterion("ID", …)`` must name criteria of the registry
  that apply to the software; otherwise the run stops with a usage error listing each bad
  marker (before ``-k``/``-m`` deselection, so a filtered run cannot hide one).
- Each marked test's outcome (passed, failed, error, skipped, xfailed, xpassed), duration,
  docstring and artifacts (``("artifact", path)`` entries in ``item.user_properties``, e.g. the
  e2e ``screenshot`` fixture) are written at the end of the session to the results file
  (``motcua.compliance.evidence``: a full run replaces it, a partial run merges into it).
- Under pytest-xdist the workers attach the data to their reports and only the controller
  writes. Runs with ``-k``, ``-m``, ``--lf`` or explicit paths count as partial.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path
from typing import Any

import pytest

from .evidence import git_state, now_iso, results_path, write_results
from .registry import RegistryError, load_registry, registry_path

_IDS = pytest.StashKey[tuple[str, ...]]()
_REGISTRY = pytest.StashKey[Any]()
_PARTIAL_OPTIONS = ("keyword", "markexpr", "deselect", "lf")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "criterion(*ids): links a test to regulatory criteria (compliance/data/criteria.yaml)",
    )
    try:
        config.stash[_REGISTRY] = load_registry()
    except RegistryError as exc:
        raise pytest.UsageError(f"compliance: the criteria registry is invalid: {exc}") from exc
    if not hasattr(config, "workerinput"):  # xdist workers only report; the controller writes
        config.pluginmanager.register(EvidenceCollector(config), "motcua-compliance-collector")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    registry = config.stash[_REGISTRY]
    problems = []
    for item in items:
        ids: list[str] = []
        for mark in item.iter_markers("criterion"):
            if not mark.args:
                problems.append(f"  {item.nodeid}: criterion() names no criterion")
            for value in mark.args:
                if not isinstance(value, str) or value not in registry:
                    problems.append(f"  {item.nodeid}: unknown criterion ID {value!r}")
                elif not registry[value].applicable:
                    problems.append(
                        f"  {item.nodeid}: {value} places no requirement on the software; "
                        "mark the specific criterion instead"
                    )
                elif value not in ids:
                    ids.append(value)
        if ids:
            item.stash[_IDS] = tuple(ids)
    if problems:
        raise pytest.UsageError(
            "compliance: criterion markers must use IDs of the criteria registry "
            f"({registry_path()}):\n" + "\n".join(problems)
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    ids = item.stash.get(_IDS, None)
    if ids:
        # Plain attributes travel with the report through xdist's serialisation.
        report.compliance_criteria = list(ids)
        report.compliance_title = _title(item)
    return report


def _title(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
    first = " ".join(doc.strip().split("\n\n", 1)[0].split())
    if first:
        return first
    words = item.name.removeprefix("test_").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


class EvidenceCollector:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.started_at = now_iso()
        self.run_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}"
        self.tests: dict[str, dict[str, Any]] = {}
        self.deselected = False
        self.written: str = ""

    def pytest_deselected(self, items) -> None:
        if items:
            self.deselected = True

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        criteria = getattr(report, "compliance_criteria", None)
        if not criteria:
            return
        entry = self.tests.setdefault(
            report.nodeid,
            {
                "nodeid": report.nodeid,
                "title": getattr(report, "compliance_title", report.nodeid),
                "criteria": criteria,
                "outcome": None,
                "duration": 0.0,
                "artifacts": [],
                "message": "",
            },
        )
        entry["duration"] = round(entry["duration"] + (report.duration or 0.0), 4)
        for key, value in report.user_properties:
            if key == "artifact":
                artifact = self._artifact(value)
                if artifact not in entry["artifacts"]:
                    entry["artifacts"].append(artifact)
        outcome = _phase_outcome(report, entry["outcome"])
        if outcome != entry["outcome"]:
            entry["outcome"] = outcome
            entry["message"] = _message(report)

    def _artifact(self, value: Any) -> str:
        path = Path(str(value))
        if not path.is_absolute():
            path = self.config.invocation_params.dir / path
        try:
            return path.resolve().relative_to(self.config.rootpath.resolve()).as_posix()
        except ValueError:
            return str(path)

    def _partial(self, session: pytest.Session, exitstatus: int) -> bool:
        options = self.config.option
        return (
            self.config.args_source != pytest.Config.ArgsSource.TESTPATHS
            or self.deselected
            or any(getattr(options, name, None) for name in _PARTIAL_OPTIONS)
            or bool(session.shouldstop or session.shouldfail)
            or exitstatus == pytest.ExitCode.INTERRUPTED
        )

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
            return
        tests = {k: v for k, v in self.tests.items() if v["outcome"] is not None}
        if not tests:
            return
        root = self.config.rootpath
        run = {
            "started_at": self.started_at,
            "finished_at": now_iso(),
            **git_state(root),
            "database": _database(),
            "python": platform.python_version(),
            "args": list(self.config.invocation_params.args),
            "exit_status": int(exitstatus),
        }
        path = results_path(_var_dir(root))
        write_results(
            path,
            run_id=self.run_id,
            run=run,
            tests=tests,
            root=root,
            full=not self._partial(session, exitstatus),
        )
        self.written = f"compliance: {len(tests)} marked test(s) recorded in {path}"

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.written:
            terminalreporter.write_line(self.written)


def _phase_outcome(report: pytest.TestReport, current: str | None) -> str | None:
    """Fold the setup/call/teardown reports of one test into a single outcome."""
    if report.when == "setup":
        if report.failed:
            return "error"
        if report.skipped:
            return "xfailed" if hasattr(report, "wasxfail") else "skipped"
        return current
    if report.when == "call":
        if hasattr(report, "wasxfail"):
            return "xfailed" if report.skipped else "xpassed"
        return report.outcome
    if report.failed and current in (None, "passed"):  # teardown broke a passing test
        return "error"
    return current


def _message(report: pytest.TestReport) -> str:
    if getattr(report, "wasxfail", ""):
        return str(report.wasxfail)[:500]
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # skip: (file, line, reason)
        return str(longrepr[2]).removeprefix("Skipped: ")[:500]
    crash = getattr(longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(longrepr)
    return text.strip()[:500]


def _django_settings():
    from django.conf import settings

    return settings if settings.configured else None


def _database() -> str:
    """Which database the Django tests ran on ("" when Django was not in use)."""
    if _django_settings() is None:
        return ""
    from django.db import connection

    return connection.vendor


def _var_dir(root: Path) -> Path:
    """The project's var/ directory: from the Django settings when set up, else under root."""
    var_dir = getattr(_django_settings(), "VAR_DIR", None)
    return Path(var_dir or os.environ.get("MOTCUA_VAR_DIR") or root / "var")
