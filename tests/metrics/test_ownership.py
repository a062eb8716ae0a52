"""Ownership indicators: unowned decisions, inventory owner coverage, unowned incidents."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.metrics.helpers import T0, decision, incident, load, metric, system


def test_unowned_decision_rate_counts_placeholders_blanks_and_nulls(con):
    owners = ["TBD", " unassigned ", "", None, "N/A"] + ["alice"] * 35
    load(con, "ai_decisions", [decision(i, accountable_owner=o) for i, o in enumerate(owners)])
    r = metric(con, "unowned_decision_rate")
    # 5 unowned (TBD, " unassigned ", empty, null, N/A) of 40 decisions = 12.5%
    assert (r.status, r.numerator, r.denominator) == ("ok", 5, 40)
    assert r.value == pytest.approx(12.5)
    assert r.unit == "%" and r.kind == "accountability"


def test_unowned_decision_rate_owner_names_resembling_placeholders_are_owners(con):
    # "Tbd Team" and "nonetheless" are not placeholders: only an exact (trimmed, case-insensitive) match is.
    owners = ["Tbd Team", "nonetheless", "?"] + ["alice"] * 37
    load(con, "ai_decisions", [decision(i, accountable_owner=o) for i, o in enumerate(owners)])
    r = metric(con, "unowned_decision_rate")
    # 1 unowned ("?") of 40 = 2.5%
    assert (r.numerator, r.denominator, r.value) == (1, 40, pytest.approx(2.5))


def test_ai_system_owner_coverage_ignores_retired_and_needs_both_owners(con):
    load(con, "ai_systems", [
        system("a"),
        system("b", technical_owner="tbd"),
        system("c", business_owner=None),
        system("d"),
        system("old", business_owner=None, status="Retired"),  # not an AI system any more
    ])
    r = metric(con, "ai_system_owner_coverage")
    # a and d have both owners, of 4 systems not retired = 50%; min evidence for systems is 1
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 2, 4, pytest.approx(50.0))


def test_unowned_incident_rate_counts_resolved_or_closed_only(con):
    rows = [incident(i, assigned_to="Unknown" if i < 3 else "bob") for i in range(36)]
    rows += [incident(100 + i, resolved_at=None, closed_at=None, assigned_to=None) for i in range(5)]
    rows += [incident(200 + i, resolved_at=None, closed_at=T0 + timedelta(days=1), assigned_to="-")
             for i in range(4)]
    load(con, "incidents", rows)
    r = metric(con, "unowned_incident_rate")
    # open incidents (5) are out; resolved 36 + closed-only 4 = 40; unowned 3 "Unknown" + 4 "-" = 7
    # 7 / 40 = 17.5%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 7, 40, pytest.approx(17.5))
