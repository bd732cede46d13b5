"""Shared by the benchmark scripts: ``from common import record``.

A script measures, then calls ``record(name, figures, criteria)``, which writes
``var/bench/<name>.json``::

    {"name": ..., "figures": {...}, "criteria": [...], "produced_at": ..., "commit": ...}

The compliance report (``motcua compliance report``) shows those figures as evidence for the
listed criteria and compares them with the targets of the criteria registry
(``src/motcua/compliance/data/criteria.yaml``). Targets match figure names — the dotted path of
a numeric value inside ``figures`` — by suffix, so name figures by what they measure:

    mean_ms, p50_ms, p95_ms, max_ms      response times in milliseconds (PL4-1, PL4-2)
    cpu_percent, memory_percent          server utilisation under load (PL4-3)
    concurrent_users, error_rate         concurrent use (PL4-4)

e.g. ``{"postgresql": {"tracking": {"p50_ms": 8.1, "p95_ms": 21.4}}}``. Other figures (per
second rates, counts) are shown as they are.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def record(name: str, figures: dict, criteria: list[str]) -> Path:
    """Write this run's figures to ``var/bench/<name>.json`` and return the path."""
    from django.conf import settings

    from motcua.compliance.evidence import bench_dir, git_state, now_iso, write_json_atomic
    from motcua.compliance.registry import load_registry

    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"bench name {name!r}: use lower-case letters, digits, '_', '-', '.'")
    if not isinstance(figures, dict) or not figures:
        raise ValueError("figures must be a non-empty dict")
    _check_figures(figures)
    registry = load_registry()
    unknown = [c for c in criteria if c not in registry]
    if unknown:
        raise ValueError(f"unknown criterion ID(s) {', '.join(unknown)} (see criteria.yaml)")
    path = bench_dir(settings.VAR_DIR) / f"{name}.json"
    write_json_atomic(
        path,
        {
            "name": name,
            "figures": figures,
            "criteria": list(criteria),
            "produced_at": now_iso(),
            **git_state(Path(__file__).resolve().parent),
        },
    )
    print(f"bench: {name} → {path}")
    return path


def _check_figures(figures: dict, prefix: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            _check_figures(value, f"{prefix}{key}.")
        elif isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"figure {prefix}{key} is not a finite number")
    json.dumps(figures)  # raises on values JSON cannot hold
