"""The registry file: complete against the reference checklist, and validated on load."""

import copy
import datetime as dt
import unicodedata

import pytest
import yaml

from motcua.compliance.registry import DEFAULT_PATH, RegistryError, load_registry, parse_registry

from .builders import TINY_REGISTRY

# Every ID of the reconstructed TT 22/2019 checklist (docs: tt22-criteria reference).
REFERENCE_IDS = (
    [f"D{n}" for n in range(1, 12)]
    + [f"D3.{n}" for n in range(1, 11)]
    + ["D4.1", "D4.2", "D4.3"]
    + [f"PL1-{n}" for n in range(0, 12)]
    + [f"PL2-{n}" for n in range(1, 11)]
    + [f"PL2-1.{n}" for n in range(1, 5)]
    + [f"PL2-2.{n}" for n in range(1, 12)]
    + ["PL2-3.1", "PL2-3.2"]
    + [f"PL3-{n}" for n in range(1, 20)]
    + [f"PL4-{n}" for n in range(1, 6)]
    + [f"PL5-{n}" for n in range(1, 12)]
    + [f"S-{n}" for n in range(1, 5)]
)


def test_the_registry_lists_every_criterion_of_the_reference_and_nothing_else():
    registry = load_registry(DEFAULT_PATH)
    assert {c.id for c in registry} == set(REFERENCE_IDS)
    assert len(registry) == len(REFERENCE_IDS) == 102


def test_every_applicable_criterion_says_how_it_is_proven_and_what_happens_if_not_met():
    registry = load_registry(DEFAULT_PATH)
    for c in registry:
        for text in (c.title.vi, c.title.en):
            assert text == unicodedata.normalize("NFC", text)
        if not c.applicable:
            assert c.note is not None, c.id
            continue
        assert c.proof or registry.parts(c.id), c.id
        assert c.remedy is not None and c.remedy.target > dt.date(2026, 1, 1), c.id
        assert c.remedy.text.vi and c.remedy.text.en, c.id
        if "benchmark" in c.proof:
            assert c.bench.names and c.bench.targets, c.id
    assert {c.id for c in registry if not c.applicable} == {"D1", "D2", "D10", "D11"}
    assert [c.id for c in registry if c.kind == "performance" and c.proof] == [
        "PL4-1",
        "PL4-2",
        "PL4-3",
        "PL4-4",
        "PL4-5",
    ]


def test_the_registry_is_honest_about_what_was_reconstructed():
    registry = load_registry(DEFAULT_PATH)
    assert registry["PL1-1"].confidence == "inferred"
    assert registry["PL2-2.2"].confidence == "basis-seen"
    assert "NĐ 61/2018" in registry["PL2-2.2"].basis
    assert registry["D3.10"].confidence == "seen"
    # No manual review is recorded by the developers themselves.
    assert [c.id for c in registry if c.review is not None] == []


def test_groups_and_their_parts():
    registry = load_registry(DEFAULT_PATH)
    assert registry.parts("PL2-2") == [f"PL2-2.{n}" for n in range(1, 12)]
    assert registry.parts("D5") == [f"PL2-{n}" for n in range(1, 11)]
    assert registry.parts("D4.3") == [f"PL1-{n}" for n in range(0, 12)]
    assert registry["PL2-2.7"].source("vi") == {
        "circular": "22/2019/TT-BTTTT",
        "article": "Điều 5",
        "appendix": "Phụ lục II",
    }
    assert registry["D3.10"].source("en")["article"] == "Article 3(10)"


def tiny():
    return yaml.safe_load(TINY_REGISTRY)


def first(data, cid):
    return next(c for s in data["sections"] for c in s["criteria"] if c["id"] == cid)


def broken(change):
    data = copy.deepcopy(tiny())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][0]["criteria"].append(dict(first(d, "T1"))),
            "duplicate criterion id T1",
        ),
        (lambda d: first(d, "T1").pop("vi"), "criterion T1: 'vi' is required"),
        (lambda d: first(d, "T1").update(kind="magic"), "criterion T1: 'kind' must be one of"),
        (lambda d: first(d, "T1").update(proof=["prayer"]), "criterion T1: 'proof' must be"),
        (lambda d: first(d, "T1").pop("proof"), "criterion T1: 'proof' is required"),
        (lambda d: first(d, "T1").pop("remedy"), "criterion T1: 'remedy' (vi, en, target)"),
        (
            lambda d: first(d, "T1")["remedy"].update(target="soon"),
            "criterion T1, remedy: 'target' must be a date",
        ),
        (lambda d: first(d, "G.1").update(parent="X"), "criterion G.1: unknown parent X"),
        (lambda d: first(d, "G").update(parent="G.1"), "parent links form a cycle"),
        (lambda d: first(d, "B1").pop("bench"), "criterion B1: 'bench' is required"),
        (
            lambda d: first(d, "B1")["bench"]["targets"][0].update(op="≈"),
            "criterion B1, bench: 'op' must be one of",
        ),
        (
            lambda d: first(d, "T1").update(review=first(d, "M1")["review"]),
            "criterion T1: 'review' is only for criteria proven by 'manual'",
        ),
        (
            lambda d: first(d, "T1").update(vi=unicodedata.normalize("NFD", "Tiếng Việt")),
            "criterion T1: 'vi' must be Unicode NFC",
        ),
        (lambda d: first(d, "T1").update(colour="red"), "criterion T1: unknown key(s) colour"),
        (lambda d: d.pop("sections"), "expected a mapping with a list under 'sections'"),
    ],
)
def test_a_malformed_registry_is_refused_with_a_message_saying_where(change, message):
    with pytest.raises(RegistryError) as caught:
        parse_registry(broken(change), origin="criteria.yaml")
    assert message in str(caught.value)


def test_a_registry_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "criteria.yaml"
    path.write_text("sections: [\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(path)
    with pytest.raises(RegistryError, match="cannot be read"):
        load_registry(tmp_path / "missing.yaml")
