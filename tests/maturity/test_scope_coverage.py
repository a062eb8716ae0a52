"""One AI system (organisation-wide indicators are context, not scored) and coverage beside every level
(DESIGN §4 "One AI system", §5 "4 of 6 indicators assessed", provisional below two thirds)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import duckdb
import pytest

from answerable.cli import main
from answerable.maturity import load_model
from answerable.maturity.score import assemble, score, score_to_json
from answerable.maturity.scoring import dimension_result, overall_result
from answerable.results import Filters, IndicatorScore, MetricResult
from tests.metrics.helpers import decision, incident, load, system


def _ind(i: int, assessed: bool, level: int = 4, scored: bool = True) -> IndicatorScore:
    if assessed:
        return IndicatorScore(f"i{i}", "ok", 1.0, level, 70.0, scored=scored)
    return IndicatorScore(f"i{i}", "not_assessed", None, None, None, scored=scored)


def _dims(assessed_per_dim: list[int], per_dim: int = 3):
    return [
        dimension_result(f"d{d}", f"D{d}", [_ind(10 * d + k, k < n) for k in range(per_dim)])
        for d, n in enumerate(assessed_per_dim)
    ]


def test_overall_is_provisional_below_two_thirds_of_the_indicators() -> None:
    below = overall_result(_dims([2, 2, 2, 2, 2, 2, 1]), {})
    # 7 dimensions all assessed, but 13 of 21 indicators: 13/21 = 0.619 < 2/3 -> provisional
    assert (below.indicators_assessed, below.indicators_total, below.dimensions_assessed) == (13, 21, 7)
    assert below.provisional
    exact = overall_result(_dims([2, 2, 2, 2, 2, 2, 2]), {})
    # 14 of 21 = exactly two thirds: not below -> not provisional (7 of 7 dimensions)
    assert (exact.indicators_assessed, exact.provisional) == (14, False)


def test_overall_is_provisional_with_fewer_than_5_of_7_dimensions() -> None:
    four = overall_result(_dims([3, 3, 3, 3, 0, 0, 0]), {})
    # 12 of 21 indicators (0.571) and 4 of 7 dimensions: provisional for both reasons
    assert (four.dimensions_assessed, four.indicators_assessed, four.provisional) == (4, 12, True)
    five = overall_result(_dims([3, 3, 3, 3, 3, 0, 0], per_dim=3), {})
    # 5 of 7 dimensions but 15 of 21 = 0.714 >= 2/3: not provisional
    assert (five.dimensions_assessed, five.indicators_assessed, five.provisional) == (5, 15, False)


def test_dimension_coverage_and_half_rule() -> None:
    d = dimension_result("esc", "Escalation", [_ind(k, k < 2) for k in range(6)])
    # 2 of 6 assessed: fewer than half -> the level is provisional
    assert (d.indicators_assessed, d.indicators_total, d.provisional) == (2, 6, True)
    d = dimension_result("esc", "Escalation", [_ind(k, k < 3) for k in range(6)])
    assert (d.indicators_assessed, d.provisional) == (3, False)  # 3 of 6 is half, not fewer


def test_organisation_wide_context_is_not_scored_for_one_system() -> None:
    model = load_model()

    def result(ind_id: str, value: float, scope: str) -> MetricResult:
        return MetricResult(id=ind_id, title=ind_id, status="ok", value=value, numerator=None,
                            denominator=100, level=None, score=None, unit="%", scope=scope)  # type: ignore[arg-type]

    results = [
        result("unowned_decision_rate", 3.0, "ai_system"),  # L4 (<= 5%)
        result("ai_system_owner_coverage", 100.0, "ai_system"),  # L5
        result("unowned_incident_rate", 50.0, "organisation"),  # would be L1: organisation-wide context
        result("pir_coverage", 10.0, "organisation"),
    ]
    s = assemble(results, model, None)
    ownership = next(d for d in s.dimensions if d.id == "ownership")
    # level = lowest of the system's two indicators (L4, L5) = 4; the incident indicator is left out
    assert (ownership.level, ownership.indicators_assessed, ownership.indicators_total) == (4, 2, 2)
    incident_rate = next(i for i in ownership.indicators if i.id == "unowned_incident_rate")
    assert (incident_rate.scored, incident_rate.level, incident_rate.value) == (False, None, 50.0)
    learning = next(d for d in s.dimensions if d.id == "incident_learning")
    assert (learning.level, learning.indicators_total) == (None, 0)  # not assessed for the system
    j = score_to_json(s)
    dim = next(d for d in j["dimensions"] if d["id"] == "ownership")
    assert dim["coverage"] == "2 of 2 indicators assessed"
    scopes = {i["id"]: (i["scope"], i["scored"]) for i in dim["indicators"]}
    assert scopes["unowned_incident_rate"] == ("organisation", False)
    assert scopes["unowned_decision_rate"] == ("ai_system", True)


def _store(con: duckdb.DuckDBPyConnection) -> None:
    t = datetime(2026, 3, 2)
    load(con, "ai_systems", [system("triage"), system("other")])
    load(con, "incidents", [incident(i, assigned_to=None) for i in range(40)])  # 100% unowned incidents
    rows = [decision(i, decided_at=t + timedelta(hours=i)) for i in range(40)]
    rows += [decision(100 + i, ai_system="other", accountable_owner=None) for i in range(40)]
    load(con, "ai_decisions", rows)


def test_score_for_one_system_leaves_incidents_out(con: duckdb.DuckDBPyConnection) -> None:
    _store(con)
    whole = score(con, Filters())
    one = score(con, Filters(ai_system="triage"))
    own_whole = next(d for d in whole.dimensions if d.id == "ownership")
    own_one = next(d for d in one.dimensions if d.id == "ownership")
    # organisation: 40 of 80 decisions unowned (50%, L1) and 40 of 40 incidents (100%, L1) -> L1
    assert own_whole.level == 1
    # triage: 0 of 40 decisions unowned (L5), 1 of 1 system owned (L5); incidents left out -> L5
    assert (own_one.level, own_one.indicators_assessed, own_one.indicators_total) == (5, 2, 2)
    inc = next(m for m in one.metrics if m.id == "unowned_incident_rate")
    assert (inc.scope, inc.value, inc.level) == ("organisation", pytest.approx(100.0), None)


def test_metrics_and_score_json_mark_scope(con: duckdb.DuckDBPyConnection, db_path, capsys) -> None:
    _store(con)
    con.close()
    assert main(["--db", str(db_path), "metrics", "--ai-system", "triage", "--json"]) == 0
    by_id = {m["id"]: m for m in json.loads(capsys.readouterr().out)}
    assert by_id["unowned_decision_rate"]["scope"] == "ai_system"
    assert (by_id["unowned_incident_rate"]["scope"], by_id["unowned_incident_rate"]["level"]) == (
        "organisation", None)
    assert main(["--db", str(db_path), "score", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert all(i["scope"] == "organisation" for d in j["dimensions"] for i in d["indicators"])
    assert j["overall"]["coverage"].endswith("indicators assessed")
