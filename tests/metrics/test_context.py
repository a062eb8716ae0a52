"""Context metrics: shown beside the indicators, never scored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from answerable.metrics import REGISTRY, compute
from answerable.results import Filters
from tests.metrics.helpers import decision, incident, load


def _incidents():
    rows = []
    for i in range(40):
        inc = incident(i, made_sla=i < 30, reopen_count=1 if i < 4 else 0,
                       reassignment_count=0 if i < 20 else (1 if i < 30 else 3),
                       caused_by_change="C1" if i < 6 else None)
        inc["acknowledged_at"] = inc["opened_at"] + timedelta(minutes=10 if i < 20 else 30)
        if i < 10:
            inc["resolved_at"] = inc["opened_at"] + timedelta(hours=2)
        rows.append(inc)
    rows[39]["acknowledged_at"] = rows[39]["opened_at"] - timedelta(minutes=5)  # negative: not used
    return rows


def _decisions():
    specs = (
        [dict(autonomy="autonomous")] * 25
        + [dict(autonomy="autonomous", overridden=True)] * 5
        + [dict(autonomy="autonomous", escalated=True, acknowledged_at=decision(0)["decided_at"])] * 2
        + [dict(autonomy="autonomous", escalated=True)] * 3
        + [dict(autonomy="human_approval")] * 5
    )
    rows = [decision(i, decision_type="resolve", outcome="correct" if i < 30 else "incorrect", **s)
            for i, s in enumerate(specs)]
    rows += [decision(100 + i, outcome=o) for i, o in enumerate(["unknown"] * 5 + [None] * 5)]
    return rows


def test_context_metrics(con):
    load(con, "incidents", _incidents())
    load(con, "ai_decisions", _decisions())
    got = {r.id: r for r in compute(con, ids=[i for i, m in REGISTRY.items() if m.kind == "context"])}
    assert all(r.kind == "context" and r.level is None for r in got.values())
    assert (got["incident_volume"].value, got["incident_volume"].unit) == (40, "count")
    # MTTA: 20 x 10 min + 19 x 30 min (the negative one left out) = 770 / 39
    assert got["mtta_minutes"].value == pytest.approx(770 / 39)
    assert got["mtta_minutes"].denominator == 39
    # resolution: sorted 10 x 2 h then 30 x 4 h; median position (40-1)*0.5 = 19.5, between
    # x[19] = 4 and x[20] = 4 -> 4.0; mean (10*2 + 30*4) / 40 = 3.5
    assert got["mttr_median_hours"].value == pytest.approx(4.0)
    assert got["mttr_mean_hours"].value == pytest.approx(3.5)
    assert got["sla_compliance_rate"].value == pytest.approx(75.0)  # 30 of 40
    assert got["reopen_rate"].value == pytest.approx(10.0)  # 4 of 40
    assert got["mean_reassignments"].value == pytest.approx(1.0)  # (10*1 + 10*3) / 40
    assert got["first_assignment_resolution_rate"].value == pytest.approx(50.0)  # 20 of 40
    assert got["change_induced_incident_rate"].value == pytest.approx(15.0)  # 6 of 40
    # resolve decisions: 40; autonomous, not overridden, not escalated: 25 -> 62.5%
    assert (got["ai_auto_resolution_rate"].numerator, got["ai_auto_resolution_rate"].denominator) == (25, 40)
    # known outcome: 40 (30 correct, 10 incorrect); unknown and missing are left out -> 75%
    assert (got["ai_accuracy_rate"].numerator, got["ai_accuracy_rate"].denominator) == (30, 40)
    # overridden 5 of 50 decisions = 10%
    assert got["override_rate"].value == pytest.approx(10.0)
    ack = got["escalation_ack_rate"]
    # escalated 5, acknowledged 2 = 40%, fewer than 30: insufficient evidence
    assert (ack.status, ack.value, ack.denominator) == ("insufficient_evidence", pytest.approx(40.0), 5)


def test_volume_of_an_empty_selection_is_zero_not_unassessed(con):
    load(con, "incidents", _incidents())
    [r] = compute(con, Filters(assignment_group="nobody"), ids=["incident_volume"])
    assert (r.status, r.value) == ("ok", 0)
