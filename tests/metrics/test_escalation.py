"""Escalation: p90 latency, late escalations, missed escalations, escalation paths."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.metrics.helpers import decision, load, metric, system


def _escalated(i: int, minutes: float | None, **fields):
    d = decision(i, escalated=True, **fields)
    if minutes is not None:
        d["escalated_at"] = d["decided_at"] + timedelta(minutes=minutes)
    return d


def test_escalation_latency_p90_is_continuous_over_fractional_minutes(con):
    rows = [_escalated(k, 0.5 * k) for k in range(1, 41)]  # 0.5, 1.0, ... 20.0 minutes
    rows[0]["escalated"] = None  # escalated_at alone makes it an escalation
    rows += [_escalated(100 + k, -5.0) for k in range(2)]  # negative: reported, not used
    rows += [_escalated(200 + k, None) for k in range(3)]  # untimed
    rows += [decision(300 + k) for k in range(5)]  # not escalated
    load(con, "ai_decisions", rows)
    r = metric(con, "escalation_latency_p90_min")
    # 40 latencies 0.5..20 (step 0.5); p90 position (40-1)*0.9 = 35.1 between x[35]=18.0 and x[36]=18.5
    # 18.0 + 0.1 * 0.5 = 18.05 minutes
    assert r.status == "ok" and r.unit == "min"
    assert r.value == pytest.approx(18.05)
    assert (r.numerator, r.denominator) == (None, 40)
    assert r.extra == {"untimed_escalations": 3, "negative_latency_escalations": 2}


def test_late_escalation_rate_uses_each_system_sla(con):
    load(con, "ai_systems", [system("triage"), system("slow", escalation_sla_minutes=10)])
    latencies = [("triage", 30), ("triage", 30.5), ("triage", 45)] + [("triage", 10)] * 16
    latencies += [("ghost", 31)]  # not in the inventory: default SLA 30
    latencies += [("slow", 11)] * 3 + [("slow", 5)] * 17
    rows = [_escalated(i, m, ai_system=s) for i, (s, m) in enumerate(latencies)]
    rows += [_escalated(100, -1.0), _escalated(101, None)]
    load(con, "ai_decisions", rows)
    r = metric(con, "late_escalation_rate")
    # late: triage 30.5 and 45 (30 is not slower than 30) = 2; ghost 31 > 30 = 1; slow 11 > 10 x3 = 3
    # 6 late of 40 timed escalations = 15%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 6, 40, pytest.approx(15.0))
    assert r.extra == {"untimed_escalations": 1, "negative_latency_escalations": 1}


def test_missed_escalation_rate(con):
    specs = (
        [dict()] * 4  # incorrect, nobody caught it
        + [dict(escalated=True)] * 10
        + [dict(overridden=True)] * 10
        + [dict(reviewed_by="eve")] * 10
        + [dict(reviewed_at=decision(0)["decided_at"])] * 5
        + [dict(reviewed_by="n/a")]  # placeholder reviewer: missed
    )
    rows = [decision(i, outcome="Incorrect ", **s) for i, s in enumerate(specs)]
    rows += [decision(100 + i, outcome="correct") for i in range(20)]  # not incorrect: outside
    load(con, "ai_decisions", rows)
    r = metric(con, "missed_escalation_rate")
    # incorrect: 4+10+10+10+5+1 = 40; missed 4 + 1 = 5 -> 12.5%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 5, 40, pytest.approx(12.5))


def test_escalation_path_coverage(con):
    load(con, "ai_systems", [
        system("a"), system("b", escalation_path=None), system("c", escalation_path=" TBD "),
        system("d"), system("e", escalation_path=None, status="retired"),
    ])
    r = metric(con, "escalation_path_coverage")
    # a and d of 4 systems not retired = 50%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 2, 4, pytest.approx(50.0))
