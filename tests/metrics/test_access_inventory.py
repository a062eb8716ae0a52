"""Access control and inventory: controlled identities (90-day full interval), privileged access,
shadow AI, inventory reviews; the as-of date comes from the `to` filter when given."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from answerable.metrics import as_of
from answerable.results import Filters
from tests.metrics.helpers import decision, load, metric, system

TO = Filters(date_to=date(2026, 6, 1))  # as-of 2026-06-01 00:00; minus 90 days = 2026-03-03 00:00


def test_access_control_coverage_full_interval_and_as_of_from_to(con):
    load(con, "ai_systems", [
        system("a", access_reviewed_at=datetime(2026, 3, 3), credentials_rotated_at=datetime(2026, 3, 3)),
        system("b", access_reviewed_at=datetime(2026, 3, 2, 23, 59),  # 90 days + 1 minute: too old
               credentials_rotated_at=datetime(2026, 5, 1)),
        system("c", access_scope="Least Privilege", access_reviewed_at=datetime(2026, 5, 1),
               credentials_rotated_at=datetime(2026, 5, 1)),
        system("d", access_scope="broad", access_reviewed_at=datetime(2026, 5, 1),
               credentials_rotated_at=datetime(2026, 5, 1)),
        system("e", access_reviewed_at=datetime(2026, 5, 1), credentials_rotated_at=None),
        system("f", status="retired"),
    ])
    assert as_of(con, TO) == datetime(2026, 6, 1)
    r = metric(con, "access_control_coverage", TO)
    # controlled: a (exactly 90 days), c (normalised scope) = 2 of 5 not retired = 40%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 2, 5, pytest.approx(40.0))


def test_access_control_coverage_without_any_as_of_is_not_assessed(con):
    load(con, "ai_systems", [system("a")])
    r = metric(con, "access_control_coverage")  # no `to`, no incidents or decisions: no as-of date
    assert r.status == "not_assessed" and "as-of" in (r.reason or "")


def test_uncontrolled_identity_decision_rate(con):
    load(con, "ai_systems", [
        system("triage"),  # svc-triage, controlled
        system("bot2", access_scope="broad"),  # svc-bot2, not controlled
        system("old", status="retired"),  # svc-old: retired but still an inventory identity, controlled
    ])
    identities = ["svc-triage"] * 30 + ["svc-bot2"] * 4 + ["svc-old"] * 2 + [None, " "] + ["svc-x"] * 2
    load(con, "ai_decisions", [decision(i, identity=v) for i, v in enumerate(identities)])
    # as-of = latest decided_at (2026-03-02 24h after T0); reviews on 2026-02-01 are within 90 days
    r = metric(con, "uncontrolled_identity_decision_rate")
    # uncontrolled: bot2 4 + empty 2 + unknown svc-x 2 = 8 of 40 = 20%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 8, 40, pytest.approx(20.0))


def test_identity_shared_with_an_uncontrolled_system_is_uncontrolled(con):
    load(con, "ai_systems", [system("triage"), system("twin", identity="svc-triage", access_scope="admin")])
    load(con, "ai_decisions", [decision(i) for i in range(30)])
    r = metric(con, "uncontrolled_identity_decision_rate")
    # every decision acts as svc-triage, which "twin" holds with admin scope: 30 of 30 = 100%
    assert (r.numerator, r.denominator, r.value) == (30, 30, pytest.approx(100.0))


def test_privileged_ai_identity_rate(con):
    load(con, "ai_systems", [
        system("a"), system("b", access_scope="Admin"), system("c", access_scope="broad"),
        system("d", access_scope=None), system("e", access_scope="admin", status="retired"),
    ])
    r = metric(con, "privileged_ai_identity_rate")
    # b and c of 4 not retired = 50%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 2, 4, pytest.approx(50.0))


def test_shadow_ai_rate_absent_or_retired(con):
    load(con, "ai_systems", [system("triage"), system("old", status="Retired")])
    names = ["triage"] * 34 + ["ghost"] * 3 + ["old"] * 3
    load(con, "ai_decisions", [decision(i, ai_system=n) for i, n in enumerate(names)])
    r = metric(con, "shadow_ai_rate")
    # ghost 3 + old 3 = 6 of 40 = 15%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 6, 40, pytest.approx(15.0))


def test_inventory_review_rate_180_days(con):
    load(con, "ai_systems", [
        system("a", last_reviewed_at=datetime(2026, 1, 1)),
        system("b", last_reviewed_at=datetime(2025, 12, 3)),  # exactly 180 days before 2026-06-01
        system("c", last_reviewed_at=datetime(2025, 12, 2)),  # 181 days
        system("d", last_reviewed_at=None),
        system("e", last_reviewed_at=None, status="retired"),
    ])
    r = metric(con, "inventory_review_rate", TO)
    # a and b of 4 = 50%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 2, 4, pytest.approx(50.0))
