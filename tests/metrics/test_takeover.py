"""Human takeover (DESIGN §4 second edition): time to takeover (p90) and unanswered escalations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from answerable.metrics import trends
from answerable.results import Filters
from tests.metrics.helpers import decision, load, metric, system

AS_OF = datetime(2026, 3, 10)  # the period's end below


def _esc(i: int, decided: datetime, takeover_min: float | None, **fields):
    d = decision(i, decided_at=decided, escalated=True, **fields)
    d["acknowledged_at"] = decided + timedelta(minutes=takeover_min) if takeover_min is not None else None
    return d


def test_human_takeover_p90_over_escalations_taken_over(con):
    t = datetime(2026, 3, 2, 8, 0)
    rows = [_esc(k, t + timedelta(hours=k), 1.5 * k) for k in range(1, 41)]  # 1.5, 3.0 .. 60.0 minutes
    rows[0]["escalated"] = None
    rows[0]["escalated_at"] = rows[0]["decided_at"]  # escalated_at alone makes it an escalation
    rows += [_esc(100 + k, t, -2.0) for k in range(2)]  # acknowledged before deciding: beside, not used
    rows += [_esc(200 + k, t, None) for k in range(3)]  # never taken over: beside
    rows += [decision(300, decided_at=t, acknowledged_at=t + timedelta(minutes=500))]  # not escalated
    load(con, "ai_decisions", rows)
    r = metric(con, "human_takeover_p90_min")
    # 40 takeovers 1.5..60 (step 1.5); p90 position (40-1)*0.9 = 35.1 between x[35] = 36*1.5 = 54.0
    # and x[36] = 55.5: 54.0 + 0.1 * 1.5 = 54.15 minutes
    assert (r.status, r.unit, r.numerator, r.denominator) == ("ok", "min", None, 40)
    assert r.value == pytest.approx(54.15)
    assert r.extra == {"escalations_not_taken_over": 3, "negative_takeover_escalations": 2}


def test_human_takeover_uses_fractional_minutes_and_the_period(con):
    march, april = datetime(2026, 3, 5), datetime(2026, 4, 5)
    rows = [_esc(k, march, 10 + k / 60) for k in range(30)]  # 10 min + k seconds, in March
    rows += [_esc(100 + k, april, 500.0) for k in range(30)]  # slow, in April: outside the period
    load(con, "ai_decisions", rows)
    r = metric(con, "human_takeover_p90_min", Filters(date_from=date(2026, 3, 1), date_to=date(2026, 4, 1)))
    # 30 values 10 + k/60 (k = 0..29); position 29*0.9 = 26.1: x[26] = 10 + 26/60, x[27] = 10 + 27/60
    # 10 + 26/60 + 0.1/60 = 10.435 minutes
    assert (r.status, r.denominator) == ("ok", 30)
    assert r.value == pytest.approx(10 + 26.1 / 60)


def test_unanswered_escalation_rate_due_by_each_system_sla(con):
    load(con, "ai_systems", [system("triage"), system("slow", escalation_sla_minutes=120)])
    rows = [
        _esc(1, AS_OF - timedelta(minutes=31), None),  # triage SLA 30: due, unanswered
        _esc(2, AS_OF - timedelta(minutes=30), None),  # exactly due (<= as-of): unanswered
        _esc(3, AS_OF - timedelta(minutes=29), None),  # not yet due: outside
        _esc(4, AS_OF - timedelta(minutes=100), None, ai_system="slow"),  # SLA 120: not due
        _esc(5, AS_OF - timedelta(minutes=121), None, ai_system="slow"),  # due, unanswered
        _esc(6, AS_OF - timedelta(minutes=45), None, ai_system="ghost"),  # no inventory: 30, due
    ]
    rows += [_esc(10 + k, datetime(2026, 3, 3) + timedelta(hours=k), 20.0) for k in range(35)]  # answered
    rows += [_esc(60, datetime(2026, 3, 3), -5.0)]  # acknowledged "before" deciding: still taken over
    rows += [decision(70 + k, decided_at=datetime(2026, 3, 3)) for k in range(5)]  # not escalated
    load(con, "ai_decisions", rows)
    r = metric(con, "unanswered_escalation_rate", Filters(date_to=AS_OF.date()))
    # due: #1, #2, #5, #6 + 35 answered + 1 negative = 40; unanswered 4 of 40 = 10%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 4, 40, pytest.approx(10.0))


def test_unanswered_escalations_trend_judges_each_month_at_its_end(con):
    rows = [_esc(k, datetime(2026, 1, 31, 23, 50), None) for k in range(30)]  # due 1 Feb 00:20
    rows += [_esc(100 + k, datetime(2026, 2, 10), 15.0) for k in range(30)]  # answered in February
    rows += [decision(200, decided_at=datetime(2026, 2, 20))]  # the latest decision: as-of 20 Feb
    load(con, "ai_decisions", rows)
    series = trends(con, ids=["unanswered_escalation_rate"])["unanswered_escalation_rate"]
    points = {p.month: p for p in series}
    # January (as of 1 Feb 00:00): none of its 30 escalations is due yet (23:50 + 30 min = 00:20)
    assert (points[date(2026, 1, 1)].numerator, points[date(2026, 1, 1)].denominator) == (0, 0)
    # February (as of the latest decision, 20 Feb): its 30 escalations, all answered = 0%
    assert (points[date(2026, 2, 1)].numerator, points[date(2026, 2, 1)].denominator) == (0, 30)
    overall = metric(con, "unanswered_escalation_rate")
    # as of 20 Feb every escalation is due: 30 unanswered of 60 = 50%
    assert (overall.numerator, overall.denominator, overall.value) == (30, 60, pytest.approx(50.0))


def test_takeover_not_assessed_without_acknowledged_at_and_assessed_when_empty(con):
    t = datetime(2026, 3, 2)
    load(con, "ai_decisions", [decision(k, decided_at=t, escalated=True) for k in range(40)])
    for ind in ("human_takeover_p90_min", "unanswered_escalation_rate"):
        r = metric(con, ind)
        assert r.status == "not_assessed"
        assert r.reason == (
            "The AI decision log has no acknowledged_at column: add acknowledged_at to your AI decision "
            "log (or map it when loading it) to assess this indicator."
        )


def test_takeover_column_supplied_but_empty_is_evidence(con):
    t = datetime(2026, 3, 2)
    load(con, "ai_decisions", [_esc(k, t + timedelta(hours=k), None) for k in range(40)])
    unanswered = metric(con, "unanswered_escalation_rate")
    # as of the last decision (t + 39 h): decisions up to t + 38.5 h are due -> k = 0..38: 39 due,
    # none taken over: 39 of 39 = 100%
    assert (unanswered.status, unanswered.numerator, unanswered.denominator) == ("ok", 39, 39)
    assert unanswered.warnings == (
        "The AI decision log's acknowledged_at column is empty in all 40 current records: the figure "
        "counts them as missing.",
    )
    p90 = metric(con, "human_takeover_p90_min")
    assert (p90.status, p90.denominator) == ("not_assessed", 0)
    assert p90.reason == "No escalations taken over in the selected data and filters."
