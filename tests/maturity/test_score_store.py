"""score() and score_trend() on a real DuckDB store built with load_rows (figures worked by hand)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest

from answerable.maturity import load_model, score, score_trend
from answerable.results import Filters
from tests.conftest import load_rows

JAN = datetime(2026, 1, 5)
FEB = datetime(2026, 2, 5)


def _system(name: str) -> dict[str, Any]:
    return dict(
        ai_system=name, business_owner="Ana Ruiz", technical_owner="Bo Chen", risk_tier="low",
        max_autonomy="autonomous", escalation_path="L2 desk", escalation_sla_minutes=30, identity="svc",
        access_scope="least_privilege", status="approved", access_reviewed_at=FEB, credentials_rotated_at=FEB,
        last_reviewed_at=FEB,
    )


def _decision(i: int, when: datetime, **extra: Any) -> dict[str, Any]:
    row = dict(
        decision_id=f"D{i:04d}", decided_at=when + timedelta(minutes=i), ai_system="alpha",
        decision_type="route", confidence=0.9, autonomy="human_approval", accountable_owner="Ana Ruiz",
        outcome="correct", escalated=False, identity="svc",
    )
    row.update(extra)
    return row


def test_p90_gap_counts_timed_escalations_in_the_store(con: duckdb.DuckDBPyConnection) -> None:
    load_rows(con, "ai_systems", [_system("alpha")])
    rows = []
    for i in range(40):  # 30 escalations after 10 minutes, 10 after 100 minutes
        decided = JAN + timedelta(hours=i)
        latency = 100 if i >= 30 else 10
        rows.append(_decision(i, JAN, decided_at=decided, escalated=True,
                              escalated_at=decided + timedelta(minutes=latency)))
    load_rows(con, "ai_decisions", rows)
    s = score(con, Filters())
    esc = next(d for d in s.dimensions if d.id == "escalation")
    by_id = {i.id: i for i in esc.indicators}
    # p90 of 40 latencies: position 0.9 x 39 = 35.1, positions 30..39 hold 100 -> 100 min: L2
    assert by_id["escalation_latency_p90_min"].value == pytest.approx(100)
    assert by_id["escalation_latency_p90_min"].level == 2
    assert by_id["escalation_latency_p90_min"].score == pytest.approx(40 - 40 / 180 * 20)  # 35.56
    # 10 of 40 timed escalations slower than the 30 min SLA = 25%: L2
    assert by_id["late_escalation_rate"].value == pytest.approx(25)
    assert by_id["late_escalation_rate"].level == 2
    assert esc.level == 2
    # next level 3: p90 <= 60 min. 10 exceed 60; at most 40 - 1 - ceil(35.1) = 3 may: 7 to bring within.
    # late <= 15% of 40 = 6: 10 - 6 = 4.
    assert esc.next_level_gaps == (
        "bring 7 more timed escalations within 60 min (10 of 40 exceed it; p90 100 min → ≤ 60 min)",
        "bring 4 more escalations within their SLA (late 25% → ≤ 15%)",
    )
    assert s.model_version == load_model().version
    assert s.as_of == (JAN + timedelta(hours=39)).isoformat()  # latest decided_at: the 40th hour


def test_trend_scores_each_month(con: duckdb.DuckDBPyConnection) -> None:
    load_rows(con, "ai_systems", [_system("alpha")])
    jan = [_decision(i, JAN, accountable_owner="TBD" if i < 8 else "Ana Ruiz") for i in range(40)]
    feb = [_decision(100 + i, FEB) for i in range(40)]
    load_rows(con, "ai_decisions", jan + feb)
    months = score_trend(con, Filters())
    assert [m.isoformat() for m, _ in months] == ["2026-01-01", "2026-02-01"]

    def unowned(s: Any) -> Any:
        return next(i for d in s.dimensions for i in d.indicators if i.id == "unowned_decision_rate")

    jan_u, feb_u = unowned(months[0][1]), unowned(months[1][1])
    # January: 8 of 40 unowned = 20% -> L2, 40 - (20-15)/(30-15) x 20 = 33.33
    assert jan_u.value == pytest.approx(20) and jan_u.level == 2 and jan_u.score == pytest.approx(100 / 3)
    # February: 0 of 40 = 0% -> L5, score 100
    assert feb_u.value == 0 and feb_u.level == 5 and feb_u.score == 100
    assert months[0][1].as_of == "2026-01-01"
    assert all(d.next_level_gaps == () for _, s in months for d in s.dimensions)
    # the whole period: 8 of 80 = 10% -> L3
    whole = unowned(score(con, Filters()))
    assert whole.value == pytest.approx(10) and whole.level == 3


def test_filters_reach_the_engine(con: duckdb.DuckDBPyConnection) -> None:
    load_rows(con, "ai_systems", [_system("alpha")])
    jan = [_decision(i, JAN, accountable_owner="TBD" if i < 8 else "Ana Ruiz") for i in range(40)]
    feb = [_decision(100 + i, FEB) for i in range(40)]
    load_rows(con, "ai_decisions", jan + feb)
    s = score(con, Filters(date_from=FEB.date().replace(day=1)))
    u = next(m for m in s.metrics if m.id == "unowned_decision_rate")
    assert u.value == 0 and u.denominator == 40 and u.level == 5  # February only: 0 of 40


def test_empty_store_is_not_assessed(con: duckdb.DuckDBPyConnection) -> None:
    s = score(con, Filters())
    assert s.overall.level is None and s.overall.index is None and s.overall.provisional is True
    assert all(d.level is None for d in s.dimensions)
    assert all(m.level is None and m.score is None for m in s.metrics)
