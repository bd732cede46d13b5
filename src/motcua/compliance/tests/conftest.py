"""Fixtures of the compliance tests: a tiny registry and an empty var/ directory."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from motcua.compliance.evidence import RESULTS_ENV
from motcua.compliance.registry import REGISTRY_ENV

from .builders import TINY_REGISTRY


@pytest.fixture
def registry_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "criteria.yaml"
    path.write_text(textwrap.dedent(TINY_REGISTRY), encoding="utf-8")
    monkeypatch.setenv(REGISTRY_ENV, str(path))
    return path


@pytest.fixture
def var_dir(tmp_path, settings, monkeypatch) -> Path:
    """An empty var/ for the report: results and bench files go here."""
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR
