"""Incident learning: PIR coverage (10-day grace before as-of), PIR lead time, unannounced changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from answerable.results import Filters
from tests.metrics.helpers import incident, load, metric

TO = Filters(date_to=date(2026, 6, 1))  # as-of 2026-06-01; resolved on or before 2026-05-22 counts


def test_pir_coverage(con):
    done = datetime(2026, 4, 1)
    rows = []
    for i in range(40):
        major = {"major_incident": True} if i % 2 else {"priority": 1}
        if i < 30:
            rows.append(incident(i, pir_completed_at=done, pir_owner="frank", **major))
        elif i < 34:
            rows.append(incident(i, pir_completed_at=done, pir_owner="TBD", **major))  # no owner
        else:
            rows.append(incident(i, **major))  # no review
    rows.append(incident(50, major_incident=True, resolved_at=datetime(2026, 5, 25)))  # within grace
    rows.append(incident(51, priority=2))  # not major
    rows.append(incident(52, major_incident=True, resolved_at=None))  # not resolved
    load(con, "incidents", rows)
    r = metric(con, "pir_coverage", TO)
    # 30 with review and owner of 40 major incidents resolved 10+ days before as-of = 75%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 30, 40, pytest.approx(75.0))


def test_pir_coverage_without_any_review_date_is_not_assessed(con):
    load(con, "incidents", [incident(i, priority=1) for i in range(40)])
    r = metric(con, "pir_coverage", TO)
    assert (r.status, r.value) == ("not_assessed", None)
    assert "pir_completed_at" in (r.reason or "")


def test_pir_lead_time_days_median_ignores_negative(con):
    rows = []
    for k in range(1, 32):  # lead times 0.5 .. 15.5 days
        inc = incident(k, major_incident=True)
        inc["pir_completed_at"] = inc["resolved_at"] + timedelta(days=0.5 * k)
        rows.append(inc)
    for k in range(2):
        inc = incident(100 + k, priority=1)
        inc["pir_completed_at"] = inc["resolved_at"] - timedelta(days=1)  # before resolution
        rows.append(inc)
    load(con, "incidents", rows)
    # as of 2026-06-01 (the period's end) every review above is done; see test_evidence_as_of.py
    r = metric(con, "pir_lead_time_days", Filters(date_to=date(2026, 6, 1)))
    # 31 values 0.5..15.5; median = x[15] = 8.0 days
    assert (r.status, r.value, r.numerator, r.denominator) == ("ok", pytest.approx(8.0), None, 31)
    assert r.extra == {"negative_lead_time_incidents": 2}


def test_unannounced_change_incident_rate_change_lookup_not_filtered(con):
    load(con, "changes", [
        {"change_id": "C1", "implemented_at": datetime(2025, 1, 1), "approved": True, "communicated": True},
        {"change_id": "C2", "implemented_at": datetime(2025, 1, 1), "approved": True, "communicated": False},
        {"change_id": "C3", "implemented_at": datetime(2025, 1, 1), "approved": None, "communicated": True},
    ])
    causes = ["C1"] * 30 + ["C2"] * 4 + ["C3"] * 3 + ["C404"] * 3
    rows = [incident(i, caused_by_change=c) for i, c in enumerate(causes)]
    rows += [incident(100 + i, caused_by_change=" ") for i in range(5)]  # blank: outside
    load(con, "incidents", rows)
    # the period starts long after the changes were implemented: the look-up still finds them
    r = metric(con, "unannounced_change_incident_rate", Filters(date_from=date(2026, 1, 1)))
    # C2 4 + C3 3 + unknown C404 3 = 10 of 40 = 25%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 10, 40, pytest.approx(25.0))
