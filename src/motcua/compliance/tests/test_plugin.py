"""The pytest plugin, run in small pytest sessions of their own (subprocesses)."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from motcua.compliance.evidence import RESULTS_ENV

SUITE = '''
import pytest


@pytest.mark.criterion("PL2-2.2")
def test_codes(request):
    """Codes are consecutive per desk.

    More words that are not the title.
    """
    request.node.user_properties.append(("artifact", "shots/codes.png"))


@pytest.mark.criterion("PL2-2.2", "PL1-1")
def test_broken():
    assert 1 + 1 == 3


@pytest.mark.criterion("PL3-3")
def test_needs_postgres():
    pytest.skip("needs PostgreSQL")


@pytest.mark.criterion("PL3-10")
@pytest.mark.xfail(reason="search ignores đ")
def test_known_defect():
    assert "đ" == "d"


@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("cleanup failed")


@pytest.mark.criterion("PL3-4")
def test_teardown_breaks(broken_teardown):
    pass


def test_not_marked():
    pass
'''


def run_pytest(directory, *args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env[RESULTS_ENV] = str(directory / "results.json")
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only this plugin: quick and isolated
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "motcua.compliance.pytest_plugin",
            *args,
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = .\n", encoding="utf-8")
    (tmp_path / "test_suite.py").write_text(textwrap.dedent(SUITE), encoding="utf-8")
    return tmp_path


def results(directory):
    return json.loads((directory / "results.json").read_text(encoding="utf-8"))


def test_an_unknown_criterion_id_fails_the_run_and_records_nothing(suite):
    (suite / "test_typo.py").write_text(
        "import pytest\n\n\n"
        '@pytest.mark.criterion("PL2-2.22")\n'
        "def test_typo():\n    pass\n\n\n"
        '@pytest.mark.criterion("D1")\n'
        "def test_scope():\n    pass\n",
        encoding="utf-8",
    )
    # Deselecting the bad tests does not hide them: markers are checked before -k applies.
    run = run_pytest(suite, "-k", "codes")
    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "test_typo.py::test_typo: unknown criterion ID 'PL2-2.22'" in run.stderr
    assert "test_typo.py::test_scope: D1 places no requirement on the software" in run.stderr
    assert not (suite / "results.json").exists()


def test_each_marked_test_is_recorded_with_its_outcome_and_artifacts(suite):
    run = run_pytest(suite)
    assert run.returncode == pytest.ExitCode.TESTS_FAILED
    assert "compliance: 5 marked test(s) recorded" in run.stdout
    data = results(suite)
    tests = data["tests"]
    assert set(tests) == {
        "test_suite.py::test_codes",
        "test_suite.py::test_broken",
        "test_suite.py::test_needs_postgres",
        "test_suite.py::test_known_defect",
        "test_suite.py::test_teardown_breaks",
    }
    codes = tests["test_suite.py::test_codes"]
    assert codes["outcome"] == "passed"
    assert codes["title"] == "Codes are consecutive per desk."
    assert codes["criteria"] == ["PL2-2.2"]
    assert codes["artifacts"] == ["shots/codes.png"]
    assert codes["duration"] >= 0
    broken = tests["test_suite.py::test_broken"]
    assert (broken["outcome"], broken["criteria"]) == ("failed", ["PL2-2.2", "PL1-1"])
    assert "assert" in broken["message"]
    assert tests["test_suite.py::test_needs_postgres"]["outcome"] == "skipped"
    assert tests["test_suite.py::test_needs_postgres"]["message"] == "needs PostgreSQL"
    assert tests["test_suite.py::test_known_defect"]["outcome"] == "xfailed"
    assert tests["test_suite.py::test_known_defect"]["message"] == "search ignores đ"
    assert tests["test_suite.py::test_teardown_breaks"]["outcome"] == "error"
    (run_meta,) = data["runs"].values()
    assert run_meta["full"] is True
    assert run_meta["exit_status"] == 1
    assert {"started_at", "finished_at", "commit", "dirty", "database"} <= set(run_meta)
    assert data["root"] == str(suite)


def test_a_partial_run_merges_and_a_full_run_replaces(suite):
    run_pytest(suite)
    first = results(suite)

    # Fix the broken test and run only it: the other entries stay, with their own run.
    source = (suite / "test_suite.py").read_text(encoding="utf-8")
    (suite / "test_suite.py").write_text(source.replace("1 + 1 == 3", "1 + 1 == 2"), "utf-8")
    run = run_pytest(suite, "test_suite.py::test_broken")
    assert run.returncode == pytest.ExitCode.OK
    merged = results(suite)
    assert merged["tests"]["test_suite.py::test_broken"]["outcome"] == "passed"
    assert (
        merged["tests"]["test_suite.py::test_codes"] == first["tests"]["test_suite.py::test_codes"]
    )
    assert len(merged["runs"]) == 2
    partial_run = merged["runs"][merged["tests"]["test_suite.py::test_broken"]["run"]]
    assert partial_run["full"] is False

    # -k is partial too, even with no path given.
    run_pytest(suite, "-k", "codes")
    assert set(results(suite)["tests"]) == set(merged["tests"])

    # A full run of a suite whose test was removed forgets it.
    (suite / "test_suite.py").write_text(
        source.split('@pytest.mark.criterion("PL2-2.2", "PL1-1")')[0], "utf-8"
    )
    run_pytest(suite)
    final = results(suite)
    assert set(final["tests"]) == {"test_suite.py::test_codes"}
    assert len(final["runs"]) == 1


def test_a_run_without_marked_tests_leaves_the_results_alone(suite):
    run_pytest(suite)
    before = (suite / "results.json").read_text(encoding="utf-8")
    run = run_pytest(suite, "test_suite.py::test_not_marked")
    assert run.returncode == pytest.ExitCode.OK
    assert (suite / "results.json").read_text(encoding="utf-8") == before
