"""Evidence at the as-of date (DESIGN §4 second edition): a date of a thing done later than the as-of
date is no evidence; each such date is the latest one at or before the as-of date across every loaded
version of the record (all non-retracted batches)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from answerable import store
from answerable.metrics import trends
from answerable.results import Filters
from tests.metrics.helpers import decision, incident, load, metric, system

JAN, APR, JUN = datetime(2026, 1, 10), datetime(2026, 4, 5), datetime(2026, 6, 1)


def _reviewed(name: str, when: datetime | None, **fields):
    return system(name, access_reviewed_at=when, credentials_rotated_at=when, last_reviewed_at=when, **fields)


def _snapshots(con) -> int:
    # January snapshot, then an April snapshot (a re-reviewed, c's dates blanked, d first reviewed in June)
    load(con, "ai_systems", [_reviewed("a", JAN), _reviewed("b", JAN), _reviewed("c", JAN),
                             _reviewed("d", None)])
    return load(con, "ai_systems", [_reviewed("a", APR), _reviewed("b", JAN), _reviewed("c", None),
                                    _reviewed("d", JUN)])


def test_access_control_takes_the_latest_date_at_or_before_the_as_of_date(con):
    april = _snapshots(con)
    march = metric(con, "access_control_coverage", Filters(date_to=date(2026, 3, 1)))
    # as of 1 Mar: a Jan 10 (its Apr 5 review is later: no evidence), b Jan 10, c Jan 10 (from the January
    # version; the April one is blank), d none (June is later): a, b, c within 90 days (50 days) = 3 of 4
    assert (march.numerator, march.denominator, march.value) == (3, 4, pytest.approx(75.0))
    may = metric(con, "access_control_coverage", Filters(date_to=date(2026, 5, 1)))
    # as of 1 May: a Apr 5 (26 days), b and c Jan 10 (111 days > 90), d none = 1 of 4
    assert (may.numerator, may.denominator, may.value) == (1, 4, pytest.approx(25.0))
    july = metric(con, "inventory_review_rate", Filters(date_to=date(2026, 7, 1)))
    # as of 1 Jul, 180 days back = 2 Jan: a Apr 5, b Jan 10, c Jan 10, d Jun 1 all reviewed = 4 of 4
    assert (july.numerator, july.denominator) == (4, 4)
    store.retract(con, april)
    after = metric(con, "access_control_coverage", Filters(date_to=date(2026, 5, 1)))
    # the April snapshot retracted: its dates are no evidence either; a, b, c Jan 10 (111 days) = 0 of 4
    assert (after.numerator, after.denominator) == (0, 4)


def test_uncontrolled_identity_decisions_follow_the_evidence_rule(con):
    _snapshots(con)
    rows = [decision(k, ai_system="a", identity="svc-a", decided_at=datetime(2026, 2, 1) + timedelta(hours=k))
            for k in range(40)]
    load(con, "ai_decisions", rows)
    r = metric(con, "uncontrolled_identity_decision_rate", Filters(date_to=date(2026, 6, 1)))
    # as of 1 Jun, svc-a's latest review at or before it is Apr 5 (57 days): controlled; 0 of 40
    assert (r.numerator, r.denominator) == (0, 40)
    r = metric(con, "uncontrolled_identity_decision_rate", Filters(date_to=date(2026, 3, 1)))
    # as of 1 Mar: Jan 10 (50 days): controlled too. 0 of 40
    assert (r.numerator, r.denominator) == (0, 40)
    r = metric(con, "uncontrolled_identity_decision_rate", Filters(date_to=date(2026, 4, 15)))
    # as of 15 Apr: Apr 5 (10 days): controlled. Without the April snapshot's review it would be 95 days
    assert r.numerator == 0


def test_inventory_review_trend_never_uses_later_reviews(con):
    _snapshots(con)
    # decisions in Jan..Jul give the trend its months; the overall as-of is the last one (20 Jul)
    load(con, "ai_decisions", [decision(m, decided_at=datetime(2026, m, 20)) for m in range(1, 8)])
    points = {p.month: p for p in trends(con, ids=["inventory_review_rate"])["inventory_review_rate"]}
    # each month is judged at its end (180 days back from it); only reviews dated before it count:
    # Jan (as of 1 Feb): a, b, c reviewed Jan 10 = 3 of 4
    assert (points[date(2026, 1, 1)].numerator, points[date(2026, 1, 1)].denominator) == (3, 4)
    # May (as of 1 Jun 00:00): d's review is dated 1 Jun 00:00, at the as-of date: counts = 4 of 4
    assert points[date(2026, 5, 1)].numerator == 4
    # Jul (as of 20 Jul, the overall as-of): 180 days back = 21 Jan; b and c (Jan 10) are too old,
    # a (Apr 5) and d (Jun 1) = 2 of 4
    assert points[date(2026, 7, 1)].numerator == 2


def test_pir_after_the_as_of_date_is_no_evidence_and_older_versions_count(con):
    resolved = datetime(2026, 3, 1)
    rows = []
    for k in range(40):
        inc = incident(k, priority=1, pir_owner="erin")
        inc["resolved_at"] = resolved
        inc["pir_completed_at"] = resolved + timedelta(days=5 if k < 20 else 40)  # 20 by Mar 6, 20 by Apr 10
        rows.append(inc)
    load(con, "incidents", rows)
    # a later export of the first 10 incidents lost its PIR date: the earlier version still counts
    later = [dict(r, pir_completed_at=None) for r in rows[:10]]
    load(con, "incidents", later)
    march = metric(con, "pir_coverage", Filters(date_to=date(2026, 4, 1)))
    # as of 1 Apr: 40 major incidents resolved Mar 1 (>= 10 days before); PIRs dated Mar 6 count (20,
    # 10 of them from the earlier version), those dated Apr 10 are later: 20 of 40 = 50%
    assert (march.numerator, march.denominator, march.value) == (20, 40, pytest.approx(50.0))
    lead = metric(con, "pir_lead_time_days", Filters(date_to=date(2026, 4, 1)))
    # only the 20 PIRs done by 1 Apr, each 5 days after resolution: median 5.0 days
    assert (lead.value, lead.denominator) == (pytest.approx(5.0), 20)
    may = metric(con, "pir_coverage", Filters(date_to=date(2026, 5, 1)))
    # as of 1 May every PIR is done: 40 of 40
    assert (may.numerator, may.denominator) == (40, 40)


def test_stale_knowledge_and_cmdb_ignore_later_reviews(con):
    load(con, "knowledge_articles", [
        {"article_id": f"KB{k}", "status": "published",
         "last_reviewed_at": datetime(2026, 5, 1) if k < 3 else datetime(2025, 9, 1)} for k in range(4)
    ])
    load(con, "cmdb_items", [
        {"ci_id": f"CI{k}", "status": "live", "last_verified_at": datetime(2026, 5, 1) if k < 1 else None}
        for k in range(2)
    ])
    kb = metric(con, "stale_knowledge_rate", Filters(date_to=date(2026, 3, 1)))
    # as of 1 Mar the May reviews are no evidence: KB0-KB2 never reviewed by then; KB3 (Sep 2025,
    # 181 days) is fresh: 3 stale of 4 = 75%
    assert (kb.numerator, kb.denominator, kb.value) == (3, 4, pytest.approx(75.0))
    ci = metric(con, "stale_cmdb_rate", Filters(date_to=date(2026, 3, 1)))
    # CI0 verified only in May (later): never verified as of 1 Mar; CI1 never: 2 of 2
    assert (ci.numerator, ci.denominator) == (2, 2)
    ci_june = metric(con, "stale_cmdb_rate", Filters(date_to=date(2026, 6, 1)))
    # as of 1 Jun CI0 was verified 31 days before: fresh; 1 of 2
    assert (ci_june.numerator, ci_june.denominator) == (1, 2)
