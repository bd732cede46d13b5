"""bench/common.record writes what the report reads; bench/run.py runs every script."""

import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    # Registered before running, as a normal import would: dataclasses resolve the module's
    # annotations through sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_record_writes_the_figures_with_date_commit_and_criteria(var_dir):
    common = load("common")
    figures = {"postgresql": {"tracking": {"p50_ms": 8.1, "p95_ms": 21.4}}, "per_second": 950}
    path = common.record("portal", figures, ["PL4-1", "PL4-2"])
    assert path == var_dir / "bench" / "portal.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "portal"
    assert data["figures"] == figures
    assert data["criteria"] == ["PL4-1", "PL4-2"]
    assert data["produced_at"].endswith("+07:00")
    assert {"commit", "dirty"} <= set(data)


@pytest.mark.parametrize(
    ("name", "figures", "criteria", "message"),
    [
        ("portal", {"p95_ms": 1}, ["PL4-9"], "unknown criterion ID(s) PL4-9"),
        ("Portal Bench", {"p95_ms": 1}, [], "bench name"),
        ("portal", {}, [], "non-empty"),
        ("portal", {"p95_ms": float("nan")}, [], "figure p95_ms is not a finite number"),
    ],
)
def test_record_refuses_what_the_report_could_not_use(var_dir, name, figures, criteria, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load("common").record(name, figures, criteria)
    assert not (var_dir / "bench").exists()


def test_run_runs_every_script_but_the_helpers_and_passes_arguments_on(tmp_path, capsys):
    directory = tmp_path / "bench"
    directory.mkdir()
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        Path(__file__).with_suffix(".ran").write_text(" ".join(sys.argv[1:]))
        sys.exit(EXIT)
        """
    )
    (directory / "alpha.py").write_text(script.replace("EXIT", "0"), encoding="utf-8")
    (directory / "beta.py").write_text(script.replace("EXIT", "3"), encoding="utf-8")
    (directory / "common.py").write_text(script.replace("EXIT", "0"), encoding="utf-8")
    (directory / "run.py").write_text(script.replace("EXIT", "0"), encoding="utf-8")

    run = load("run")
    assert [p.name for p in run.scripts(directory)] == ["alpha.py", "beta.py"]
    assert run.main(["--quick"], directory=directory) == 1  # beta failed, alpha still ran
    assert (directory / "alpha.ran").read_text() == "--quick"
    assert (directory / "beta.ran").read_text() == "--quick"
    assert not (directory / "common.ran").exists()
    assert not (directory / "run.ran").exists()
    assert "bench: failed: beta.py" in capsys.readouterr().err
