"""Decision rights & oversight: autonomy defined, violations, low-confidence review."""

from __future__ import annotations

import pytest

from tests.metrics.helpers import decision, incident, load, metric, system


def test_autonomy_defined_rate_normalises_spelling(con):
    values = ["Human approval", "HUMAN-APPROVAL", " recommend only ", "Autonomous", "full", None, ""]
    values += ["human_approval"] * 33
    load(con, "ai_decisions", [decision(i, autonomy=v) for i, v in enumerate(values)])
    r = metric(con, "autonomy_defined_rate")
    # invalid: "full", null, "" = 3; defined 37 of 40 = 92.5%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 37, 40, pytest.approx(92.5))


def test_decision_rights_violation_rate_each_reason(con):
    load(con, "ai_systems", [
        system("triage"),
        system("gone", status="retired"),
        system("capped", max_autonomy="Human approval"),
        system("nomax", max_autonomy=None),
        system("lenient", confidence_threshold=0.6),
    ])
    load(con, "incidents", [incident(i, priority={7: 1, 8: 2}.get(i, 3)) for i in range(40)])
    rows = []
    for i in range(40):
        d = decision(i, autonomy="autonomous")
        if i <= 2:
            d["ai_system"] = "ghost"  # absent from the inventory
        elif i <= 4:
            d["ai_system"] = "gone"  # retired
        elif i == 5:
            d["ai_system"] = "capped"  # max_autonomy human_approval < autonomous
        elif i == 6:
            d["ai_system"] = "nomax"  # max_autonomy missing
        elif i == 9:
            d["confidence"] = 0.5  # below the default 0.7
        elif i == 10:
            d["confidence"] = None  # missing confidence is not low
        elif i == 11:
            d.update(ai_system="lenient", confidence=0.65)  # not below lenient's own 0.6
        elif i == 12:
            d["incident_id"] = "INC9999"  # no linked incident: judged on the other conditions
        rows.append(d)
    # not autonomous: outside the population even though the system is unknown
    rows += [decision(100 + i, autonomy="human approval", ai_system="ghost") for i in range(10)]
    load(con, "ai_decisions", rows)
    r = metric(con, "decision_rights_violation_rate")
    # violations: ghost 3 + retired 2 + capped 1 + nomax 1 + priority 1-2 (i=7,8) 2 + low conf 1 = 10
    # of 40 autonomous decisions = 25%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 10, 40, pytest.approx(25.0))


def test_decision_rights_violation_needs_inventory(con):
    load(con, "ai_decisions", [decision(i, autonomy="autonomous") for i in range(40)])
    r = metric(con, "decision_rights_violation_rate")
    assert r.status == "not_assessed" and "ai_systems" in (r.reason or "")


def test_low_confidence_review_rate_per_system_thresholds(con):
    load(con, "ai_systems", [system("triage"), system("strict", confidence_threshold=0.9)])
    rows = []
    specs = (
        [dict(confidence=0.5, reviewed_by="eve")] * 10          # reviewed by a person
        + [dict(confidence=0.69, reviewed_at=decision(0)["decided_at"])] * 5  # reviewed_at only
        + [dict(ai_system="strict", confidence=0.85, overridden=True)] * 5    # low under strict's 0.9
        + [dict(ai_system="strict", confidence=0.8, escalated=True)] * 5      # escalated, untimed
        + [dict(confidence=0.1, escalated_at=decision(0)["decided_at"])] * 5  # escalated_at only
        + [dict(confidence=0.3, reviewed_by="TBD")] * 5          # placeholder reviewer: not reviewed
        + [dict(confidence=0.6)] * 5                             # nothing
        + [dict(confidence=0.7)] * 3                             # not below 0.7: not low
        + [dict(confidence=None)] * 3                            # missing: not low
        + [dict(ai_system="strict", confidence=0.95)] * 2        # not below 0.9
    )
    for i, spec in enumerate(specs):
        rows.append(decision(i, **spec))
    load(con, "ai_decisions", rows)
    r = metric(con, "low_confidence_review_rate")
    # low: 10+5+5+5+5+5+5 = 40; reviewed/overridden/escalated: 10+5+5+5+5 = 30 -> 75%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 30, 40, pytest.approx(75.0))
