"""The board report shows coverage beside every level and marks organisation-wide context for one AI
system (DESIGN §4 "One AI system", §5 coverage)."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from answerable.report import build_report
from answerable.results import Filters
from tests.metrics.helpers import decision, incident, load, system


def _store(con: duckdb.DuckDBPyConnection) -> None:
    t = datetime(2026, 3, 2)
    load(con, "ai_systems", [system("triage"), system("other")])
    load(con, "incidents", [incident(i, assigned_to=None) for i in range(40)])
    load(con, "ai_decisions", [decision(i, decided_at=t + timedelta(hours=i)) for i in range(40)])


def test_report_for_one_system_marks_organisation_wide_context(con: duckdb.DuckDBPyConnection) -> None:
    _store(con)
    report = build_report(con, Filters(ai_system="triage"), organisation="Test")
    kpis = {k.id: k for k in report.kpis}
    # incidents are not filtered by AI system: shown as organisation-wide context, not scored
    assert kpis["unowned_incident_rate"].level_text == "Organisation-wide context (not scored)"
    assert kpis["unowned_decision_rate"].level_text.startswith("Level ")
    ownership = next(d for d in report.dimensions if d.id == "ownership")
    # triage: unowned_decision_rate and ai_system_owner_coverage scored; the incident indicator is not
    assert ownership.coverage_text == "2 of 2 indicators assessed"
    assert any("organisation-wide, not scored" in line for line in ownership.indicators)


def test_report_overall_result_carries_coverage(con: duckdb.DuckDBPyConnection) -> None:
    _store(con)
    report = build_report(con, Filters(), organisation="Test")
    coverage = report.overall.coverage_text
    assert coverage.endswith(" of 25 indicators assessed")
    assert f"({coverage})." in report.summary[0]
    assert all(d.coverage_text.endswith("assessed") for d in report.dimensions)
