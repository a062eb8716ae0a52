"""Model file loading, key-by-key override and validation errors that name the key."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from answerable.errors import ModelError
from answerable.maturity import crosswalk, load_model
from answerable.maturity.crosswalk import link, parse_clauses
from answerable.maturity.model import builtin_model_text, merge, parse_model
from answerable.metrics import ACCOUNTABILITY_IDS, settings_for


def _base() -> dict[str, Any]:
    return tomllib.loads(builtin_model_text())


def _with(**changes: Any) -> dict[str, Any]:
    return merge(_base(), changes)


def test_builtin_model_matches_design() -> None:
    m = load_model()
    assert m.version == "answerable-default-2.0"
    assert [d.id for d in m.dimensions] == [
        "ownership", "decision_rights", "escalation", "access_control", "data_quality",
        "incident_learning", "inventory",
    ]
    members = [i for d in m.dimensions for i in d.indicators]
    assert sorted(members) == sorted(ACCOUNTABILITY_IDS)  # each indicator file's dimension, once
    assert m.indicators["unowned_decision_rate"].bands == (1, 5, 15, 30)
    assert m.indicators["shadow_ai_rate"].direction == "lower"
    assert m.defaults.min_evidence == 30 and m.defaults.escalation_sla_minutes == 30
    assert m.weights["inventory"] == 1.0
    assert m.source == "built-in"
    assert m.indicators["unowned_decision_rate"].edge(4) == 5


def test_user_file_overrides_key_by_key(tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(
        'version = "acme-2.0"\n'
        "[weights]\nownership = 3.0\n"
        "[indicators.unowned_decision_rate]\nbands = [2, 6, 16, 31]\n"
        "[defaults]\nmin_evidence = 50\n",
        encoding="utf-8",
    )
    m = load_model(f)
    assert m.version == "acme-2.0"
    assert m.indicators["unowned_decision_rate"].bands == (2, 6, 16, 31)
    assert m.indicators["unowned_decision_rate"].direction == "lower"  # kept from the built-in
    assert m.weights["ownership"] == 3.0 and m.weights["escalation"] == 1.0
    assert m.defaults.min_evidence == 50 and m.defaults.cmdb_verify_days == 90
    assert str(f) in m.source


def test_missing_and_unparsable_files(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[indicators\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid TOML"):
        load_model(bad)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indicators": {"unowned_decision_rate": {"bands": [1, 5, 15]}}},
         r"indicators\.unowned_decision_rate\.bands: expected 4 numbers"),
        ({"indicators": {"unowned_decision_rate": {"bands": [30, 15, 5, 1]}}},
         r"indicators\.unowned_decision_rate\.bands: edges must be ordered from best to worst .*'lower'"),
        ({"indicators": {"ai_system_owner_coverage": {"bands": [50, 80, 95, 100]}}},
         r"ai_system_owner_coverage\.bands: .*strictly decreasing"),
        ({"indicators": {"unowned_decision_rate": {"bands": [1, 5, 5, 30]}}}, r"strictly increasing"),
        ({"indicators": {"unowned_decision_rate": {"bands": [1, "5", 15, 30]}}}, r"expected 4 numbers"),
        ({"indicators": {"unowned_decision_rate": {"bands": [1, True, 15, 30]}}}, r"expected 4 numbers"),
        ({"indicators": {"unowned_decision_rate": {"direction": "down"}}},
         r'unowned_decision_rate\.direction: expected "lower" or "higher"'),
        ({"indicators": {"unowned_decision_rate": {"min_evidence": 0}}}, r"min_evidence: expected a whole"),
        ({"indicators": {"unowned_decision_rate": {"colour": "red"}}}, r"unknown key\(s\) colour"),
        ({"weights": {"ownrship": 1.0}}, r"weights\.ownrship: no such dimension"),
        ({"weights": {"ownership": -1}}, r"weights\.ownership: expected a number >= 0"),
        ({"dimensions": {"ownership": {"indicators": ["unowned_decision_rate", "no_such"]}}},
         r"dimensions\.ownership\.indicators: 'no_such' is not an indicator Answerable computes"),
        ({"dimensions": {"ownership": {"indicators": ["unowned_decision_rate", "mtta_minutes"]}}},
         r"dimensions\.ownership\.indicators: 'mtta_minutes' has no \[indicators\.mtta_minutes\]"),
        ({"indicators": {"unowned_decison_rate": {"direction": "lower", "bands": [1, 5, 15, 30]}}},
         r"\[indicators\.unowned_decison_rate\]: .* \(did you mean 'unowned_decision_rate'\?\)"),
        ({"dimensions": {"fairness": {"title": "Fairness", "indicators": ["shadow_ai_rate"]}}},
         r"\[dimensions\.fairness\]: no such dimension; expected one of ownership, "),
        ({"dimensions": {"ownership": {"indicators": ["shadow_ai_rate"]}}},
         r"'shadow_ai_rate' is already in dimension"),
        ({"defaults": {"min_evidnce": 3}}, r"\[defaults\]: unknown key\(s\) min_evidnce"),
        ({"defaults": {"confidence_threshold": 70}},
         r"defaults\.confidence_threshold: expected a number from 0 to 1"),
        ({"defaults": {"access_review_days": 9.5}}, r"defaults\.access_review_days: expected a whole number"),
        ({"defaults": {"owner_placeholders": "tbd"}}, r"defaults\.owner_placeholders: expected a list"),
        ({"version": ""}, r"version: expected a non-empty text"),
        ({"extra_table": {}}, r"unknown key\(s\) extra_table"),
    ],
)
def test_invalid_models_name_the_key(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        parse_model(_with(**changes))


def test_all_weights_zero_is_refused() -> None:
    zero = {d: 0.0 for d in _base()["weights"]}
    with pytest.raises(ModelError, match="at least one dimension needs a weight above 0"):
        parse_model(_with(weights=zero))


def test_placeholders_are_normalised() -> None:
    m = parse_model(_with(defaults={"owner_placeholders": [" TBD ", "Nobody"]}))
    assert m.defaults.owner_placeholders == ("tbd", "nobody")


def test_crosswalk_covers_every_indicator_with_titles() -> None:
    cw = crosswalk()
    assert set(cw) == set(load_model().indicators)
    for refs in cw.values():
        assert refs, "every indicator names at least one clause"
        assert all(r.framework and r.clause and r.title for r in refs)
    art14 = {r.clause: r.title for r in cw["decision_rights_violation_rate"]}
    assert art14["Art. 14"] == "Human oversight"
    assert {r.clause for r in cw["shadow_ai_rate"]} >= {"GOVERN 1.6"}


def test_builtin_settings_are_the_builtin_models() -> None:
    # The engine's own defaults (no model given) and the built-in model's settings agree.
    assert settings_for(None) == settings_for(load_model())


def test_the_downloadable_builtin_model_loads_back_unchanged(tmp_path: Path) -> None:
    f = tmp_path / "builtin.toml"
    f.write_text(builtin_model_text(), encoding="utf-8")
    mine, builtin = load_model(f), load_model()
    assert (mine.version, mine.defaults, mine.weights) == (builtin.version, builtin.defaults, builtin.weights)
    assert (mine.dimensions, mine.indicators) == (builtin.dimensions, builtin.indicators)


def test_crosswalk_refuses_a_clause_key_it_does_not_declare() -> None:
    clauses = parse_clauses({"clauses": {"EU AI Act Art. 14": {
        "framework": "EU AI Act", "clause": "Art. 14", "title": "Human oversight"}}})
    assert link(clauses, {"x": ("EU AI Act Art. 14",), "y": ()}) == {"x": (clauses["EU AI Act Art. 14"],)}
    with pytest.raises(ModelError, match=r"x\.toml: clauses: 'EU AI Act Art\. 99' is not declared"):
        link(clauses, {"x": ("EU AI Act Art. 99",)})
