"""The criteria registry: ``data/criteria.yaml`` loaded into typed, validated objects.

Pure Python (no Django): the pytest plugin loads it before Django is set up. Errors name the
criterion and the key so whoever edits the YAML sees what to fix.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "criteria.yaml"
REGISTRY_ENV = "MOTCUA_COMPLIANCE_REGISTRY"

KINDS = ("functional", "performance", "security", "other")
PROOFS = ("tests", "benchmark", "manual")
CONFIDENCES = ("seen", "basis-seen", "inferred")
REVIEW_OUTCOMES = ("met", "not_met")
OPERATORS = ("<=", "<", ">=", ">")
LANGUAGES = ("vi", "en")

_CRITERION_KEYS = {
    "id",
    "vi",
    "en",
    "kind",
    "proof",
    "confidence",
    "parent",
    "applicable",
    "article",
    "clause",
    "basis",
    "note",
    "bench",
    "review",
    "remedy",
}


class RegistryError(ValueError):
    """The registry file is malformed; the message says where."""


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class BenchTarget:
    figures: tuple[str, ...]  # glob patterns over flattened figure keys
    op: str
    value: float
    unit: str

    def holds(self, measured: float) -> bool:
        return {
            "<=": measured <= self.value,
            "<": measured < self.value,
            ">=": measured >= self.value,
            ">": measured > self.value,
        }[self.op]


@dataclass(frozen=True)
class BenchSpec:
    names: tuple[str, ...]
    targets: tuple[BenchTarget, ...]


@dataclass(frozen=True)
class Review:
    outcome: str
    reviewer: str
    date: dt.date
    text: Text


@dataclass(frozen=True)
class Remedy:
    text: Text
    target: dt.date


@dataclass(frozen=True)
class Section:
    id: str
    circular: str
    title: Text
    article: int | None
    appendix: str | None
    note: Text | None


@dataclass(frozen=True)
class Criterion:
    id: str
    section: Section
    title: Text
    kind: str
    proof: tuple[str, ...]  # empty for a group: its parts prove it
    confidence: str
    parent: str | None
    applicable: bool
    article: int | None
    clause: int | None
    basis: str
    note: Text | None
    bench: BenchSpec | None
    review: Review | None
    remedy: Remedy | None

    def source(self, lang: str) -> dict[str, str | None]:
        if lang == "en":
            article = f"Article {self.article}" if self.article else None
            if article and self.clause:
                article += f"({self.clause})"
            appendix = f"Appendix {self.section.appendix}" if self.section.appendix else None
        else:
            article = f"Điều {self.article}" if self.article else None
            if article and self.clause:
                article += f" khoản {self.clause}"
            appendix = f"Phụ lục {self.section.appendix}" if self.section.appendix else None
        return {"circular": self.section.circular, "article": article, "appendix": appendix}


class Registry:
    """Criteria in file order, with their groups."""

    def __init__(self, sections: list[Section], criteria: list[Criterion], circular: str):
        self.sections = sections
        self.circular = circular
        self._criteria = {c.id: c for c in criteria}
        self._order = [c.id for c in criteria]
        self._parts: dict[str, list[str]] = {c.id: [] for c in criteria}
        for c in criteria:
            if c.parent:
                self._parts[c.parent].append(c.id)

    def __contains__(self, criterion_id: object) -> bool:
        return criterion_id in self._criteria

    def __getitem__(self, criterion_id: str) -> Criterion:
        return self._criteria[criterion_id]

    def __iter__(self):
        return (self._criteria[i] for i in self._order)

    def __len__(self) -> int:
        return len(self._order)

    def parts(self, criterion_id: str) -> list[str]:
        return list(self._parts[criterion_id])

    def in_section(self, section_id: str) -> list[Criterion]:
        return [c for c in self if c.section.id == section_id]


def registry_path() -> Path:
    return Path(os.environ.get(REGISTRY_ENV) or DEFAULT_PATH)


def load_registry(path: Path | str | None = None) -> Registry:
    """Load and validate the registry (cached per file and modification time)."""
    path = Path(path) if path else registry_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise RegistryError(f"criteria registry {path} cannot be read: {exc}") from exc
    return _load_cached(path.resolve(), mtime)


@cache
def _load_cached(path: Path, _mtime: int) -> Registry:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    return parse_registry(data, origin=str(path))


def parse_registry(data: Any, *, origin: str = "registry") -> Registry:
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise RegistryError(f"{origin}: expected a mapping with a list under 'sections'")
    circular = _required_str(data, "circular", origin)
    sections: list[Section] = []
    criteria: list[Criterion] = []
    seen_sections: set[str] = set()
    for index, raw_section in enumerate(data["sections"]):
        where = f"{origin}: section #{index + 1}"
        if not isinstance(raw_section, dict):
            raise RegistryError(f"{where}: expected a mapping")
        section_id = _required_str(raw_section, "id", where)
        where = f"{origin}: section {section_id}"
        if section_id in seen_sections:
            raise RegistryError(f"{where}: duplicate section id")
        seen_sections.add(section_id)
        section = Section(
            id=section_id,
            circular=circular,
            title=_text(raw_section, where),
            article=_optional_int(raw_section, "article", where),
            appendix=_optional_str(raw_section, "appendix", where),
            note=_optional_text(raw_section, "note", where),
        )
        sections.append(section)
        raw_criteria = raw_section.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            raise RegistryError(f"{where}: 'criteria' must be a non-empty list")
        for raw in raw_criteria:
            criteria.append(_criterion(raw, section, where))
    _check_links(criteria, origin)
    return Registry(sections, criteria, circular)


def _criterion(raw: Any, section: Section, where: str) -> Criterion:
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: every criterion must be a mapping")
    cid = _required_str(raw, "id", where)
    where = f"{where}, criterion {cid}"
    unknown = set(raw) - _CRITERION_KEYS
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    applicable = raw.get("applicable", True)
    if not isinstance(applicable, bool):
        raise RegistryError(f"{where}: 'applicable' must be true or false")
    kind = _choice(raw, "kind", KINDS, where)
    confidence = _choice(raw, "confidence", CONFIDENCES, where)
    proof = raw.get("proof", [])
    if not isinstance(proof, list) or any(p not in PROOFS for p in proof):
        raise RegistryError(f"{where}: 'proof' must be a list of {', '.join(PROOFS)}")
    if len(set(proof)) != len(proof):
        raise RegistryError(f"{where}: 'proof' repeats a method")
    bench = _bench(raw.get("bench"), where)
    if ("benchmark" in proof) != (bench is not None):
        raise RegistryError(f"{where}: 'bench' is required with, and only with, proof 'benchmark'")
    review = _review(raw.get("review"), where)
    if review is not None and "manual" not in proof:
        raise RegistryError(f"{where}: 'review' is only for criteria proven by 'manual'")
    remedy = _remedy(raw.get("remedy"), where)
    if applicable and remedy is None:
        raise RegistryError(f"{where}: 'remedy' (vi, en, target) is required")
    if not applicable and (proof or remedy):
        raise RegistryError(f"{where}: a criterion that does not apply has no proof or remedy")
    return Criterion(
        id=cid,
        section=section,
        title=_text(raw, where),
        kind=kind,
        proof=tuple(proof),
        confidence=confidence,
        parent=_optional_str(raw, "parent", where),
        applicable=applicable,
        article=_optional_int(raw, "article", where, default=section.article),
        clause=_optional_int(raw, "clause", where),
        basis=_optional_str(raw, "basis", where) or "",
        note=_optional_text(raw, "note", where),
        bench=bench,
        review=review,
        remedy=remedy,
    )


def _check_links(criteria: list[Criterion], origin: str) -> None:
    by_id: dict[str, Criterion] = {}
    for c in criteria:
        if c.id in by_id:
            raise RegistryError(f"{origin}: duplicate criterion id {c.id}")
        by_id[c.id] = c
    has_parts = {c.parent for c in criteria if c.parent}
    for c in criteria:
        if c.parent is not None:
            if c.parent not in by_id:
                raise RegistryError(f"{origin}: criterion {c.id}: unknown parent {c.parent}")
            if not by_id[c.parent].applicable:
                raise RegistryError(f"{origin}: criterion {c.id}: parent {c.parent} does not apply")
            ancestor, hops = by_id[c.parent], 0
            while ancestor.parent is not None and hops <= len(criteria):
                if ancestor.parent == c.id:
                    raise RegistryError(f"{origin}: criterion {c.id}: parent links form a cycle")
                ancestor, hops = by_id[ancestor.parent], hops + 1
        if c.applicable and not c.proof and c.id not in has_parts:
            raise RegistryError(
                f"{origin}: criterion {c.id}: 'proof' is required (only a group may omit it)"
            )


def _required_str(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: '{key}' is required (text)")
    if unicodedata.normalize("NFC", value) != value:
        raise RegistryError(f"{where}: '{key}' must be Unicode NFC")
    return value.strip()


def _optional_str(raw: dict, key: str, where: str) -> str | None:
    if raw.get(key) is None:
        return None
    return _required_str(raw, key, where)


def _optional_int(raw: dict, key: str, where: str, default: int | None = None) -> int | None:
    value = raw.get(key, default)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise RegistryError(f"{where}: '{key}' must be a whole number")
    return value


def _choice(raw: dict, key: str, choices: tuple[str, ...], where: str) -> str:
    value = raw.get(key)
    if value not in choices:
        raise RegistryError(f"{where}: '{key}' must be one of {', '.join(choices)}")
    return value


def _text(raw: dict, where: str) -> Text:
    return Text(vi=_required_str(raw, "vi", where), en=_required_str(raw, "en", where))


def _optional_text(raw: dict, key: str, where: str) -> Text | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: '{key}' must be a mapping with 'vi' and 'en'")
    return _text(value, f"{where}, {key}")


def _date(raw: dict, key: str, where: str) -> dt.date:
    value = raw.get(key)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise RegistryError(f"{where}: '{key}' must be a date written YYYY-MM-DD")
    return value


def _bench(raw: Any, where: str) -> BenchSpec | None:
    if raw is None:
        return None
    where = f"{where}, bench"
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping with 'names' and 'targets'")
    names = raw.get("names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise RegistryError(f"{where}: 'names' must be a non-empty list of bench names")
    raw_targets = raw.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise RegistryError(f"{where}: 'targets' must be a non-empty list")
    targets = []
    for target in raw_targets:
        if not isinstance(target, dict):
            raise RegistryError(f"{where}: every target must be a mapping")
        figures = target.get("figure")
        figures = [figures] if isinstance(figures, str) else figures
        if (
            not isinstance(figures, list)
            or not figures
            or not all(isinstance(f, str) and f for f in figures)
        ):
            raise RegistryError(f"{where}: 'figure' must be a pattern or a list of patterns")
        if target.get("op") not in OPERATORS:
            raise RegistryError(f"{where}: 'op' must be one of {' '.join(OPERATORS)}")
        value = target.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RegistryError(f"{where}: 'value' must be a number")
        targets.append(
            BenchTarget(
                figures=tuple(figures),
                op=target["op"],
                value=float(value),
                unit=str(target.get("unit") or ""),
            )
        )
    return BenchSpec(names=tuple(names), targets=tuple(targets))


def _review(raw: Any, where: str) -> Review | None:
    if raw is None:
        return None
    where = f"{where}, review"
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping")
    return Review(
        outcome=_choice(raw, "outcome", REVIEW_OUTCOMES, where),
        reviewer=_required_str(raw, "reviewer", where),
        date=_date(raw, "date", where),
        text=_text(raw, where),
    )


def _remedy(raw: Any, where: str) -> Remedy | None:
    if raw is None:
        return None
    where = f"{where}, remedy"
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping with 'vi', 'en' and 'target'")
    return Remedy(text=_text(raw, where), target=_date(raw, "target", where))
