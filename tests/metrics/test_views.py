"""Drill-down records (paging), monthly trends and breakdowns."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from answerable.errors import AnswerableError
from answerable.metrics import BreakdownRow, TrendPoint, breakdown, compute, records, trends
from answerable.results import Filters
from tests.metrics.helpers import decision, incident, load, system


@pytest.fixture
def two_months(con):
    """40 decisions in March (4 unowned), 30 on 2026-04-20 (6 unowned); system reviewed 2026-01-15."""
    load(con, "incidents", [incident(i, assignment_group="desk" if i % 2 else "ops") for i in range(40)])
    march = [decision(i, accountable_owner="TBD" if i < 4 else "alice") for i in range(40)]
    april = [decision(100 + i, decided_at=datetime(2026, 4, 20) + timedelta(minutes=i), incident_id=None,
                      decision_type="classify", accountable_owner=None if i < 6 else "alice")
             for i in range(30)]
    load(con, "ai_decisions", march + april)
    reviewed = datetime(2026, 1, 15)
    load(con, "ai_systems", [system("triage", access_reviewed_at=reviewed, credentials_rotated_at=reviewed)])


def test_records_pages_the_numerator(con, two_months):
    page = records(con, "unowned_decision_rate", Filters(), limit=3, offset=0)
    assert page.total == 10  # 4 + 6 unowned
    assert page.columns[0] == "decision_id" and "in_numerator" not in page.columns
    assert [r[0] for r in page.rows] == ["D0000", "D0001", "D0002"]
    last = records(con, "unowned_decision_rate", Filters(), limit=3, offset=9)
    assert [r[0] for r in last.rows] == ["D0105"]
    everything = records(con, "unowned_decision_rate", Filters(), limit=5, only_numerator=False)
    assert everything.total == 70 and len(everything.rows) == 5


def test_records_of_a_percentile_are_ordered_by_the_measure(con):
    rows = [decision(i, escalated=True) for i in range(3)]
    for i, minutes in enumerate([5, 50, 20]):
        rows[i]["escalated_at"] = rows[i]["decided_at"] + timedelta(minutes=minutes)
    load(con, "ai_decisions", rows)
    page = records(con, "escalation_latency_p90_min", Filters())
    assert page.total == 3
    measure = page.columns.index("measure")
    assert [r[measure] for r in page.rows] == [pytest.approx(50), pytest.approx(20), pytest.approx(5)]


def test_monthly_trend(con, two_months):
    t = trends(con, Filters(), ids=["unowned_decision_rate", "access_control_coverage", "stale_cmdb_rate"])
    # March: 4 of 40 = 10%; April: 6 of 30 = 20%
    assert t["unowned_decision_rate"] == [
        TrendPoint(datetime(2026, 3, 1).date(), pytest.approx(10.0), 4, 40, "ok"),
        TrendPoint(datetime(2026, 4, 1).date(), pytest.approx(20.0), 6, 30, "ok"),
    ]
    # snapshot indicator re-evaluated per month: March as-of 2026-04-01 (cut-off 2026-01-01: reviewed
    # 2026-01-15 is in time) -> 100%; April as-of = latest decision 2026-04-20 00:29 (cut-off
    # 2026-01-20 00:29: too old) -> 0%
    assert [(p.value, p.status) for p in t["access_control_coverage"]] == [(100.0, "ok"), (0.0, "ok")]
    assert t["stale_cmdb_rate"] == []  # CMDB not loaded: no points
    [overall] = compute(con, ids=["access_control_coverage"])
    assert overall.value == 0.0  # the headline agrees with the last trend point


def test_breakdowns(con, two_months):
    rows = breakdown(con, "unowned_decision_rate", Filters(), "assignment_group")
    # linked March decisions: odd i -> desk (20, unowned i=1,3), even -> ops (20, unowned 0,2);
    # April decisions are unlinked -> "(none)" (30, 6 unowned)
    assert rows == [
        BreakdownRow("(none)", pytest.approx(20.0), 6, 30, "ok"),
        BreakdownRow("desk", pytest.approx(10.0), 2, 20, "insufficient_evidence"),
        BreakdownRow("ops", pytest.approx(10.0), 2, 20, "insufficient_evidence"),
    ]
    by_type = breakdown(con, "unowned_decision_rate", Filters(), "decision_type")
    assert [(r.group, r.numerator, r.denominator) for r in by_type] == [("classify", 6, 30), ("route", 4, 40)]
    with pytest.raises(AnswerableError, match="cannot be broken down by 'decision_type'"):
        breakdown(con, "unowned_incident_rate", Filters(), "decision_type")


def test_records_refuses_a_negative_page(con, two_months):
    with pytest.raises(AnswerableError, match="offset >= 0"):
        records(con, "unowned_decision_rate", Filters(), offset=-1)
