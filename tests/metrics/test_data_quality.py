"""Data quality: incident gaps (with per-field shares), AI misclassification, reclassification,
stale knowledge and CMDB (with the share of incidents on unknown CIs)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from answerable.results import Filters
from tests.metrics.helpers import decision, incident, load, metric

TO = Filters(date_to=date(2026, 6, 1))


def test_incident_data_gap_rate_and_share_missing_per_field(con):
    rows = [incident(i) for i in range(40)]
    rows[0]["category"] = None
    rows[1]["assignment_group"] = "  "
    rows[2]["priority"] = None
    rows[3]["cmdb_ci"] = None
    rows[4]["resolved_at"] = rows[4]["opened_at"] - timedelta(minutes=1)
    rows[5].update(category="", cmdb_ci=None)  # two gaps, one incident
    load(con, "incidents", rows)
    r = metric(con, "incident_data_gap_rate")
    # 6 incidents with a gap of 40 = 15%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 6, 40, pytest.approx(15.0))
    # category 2/40 = 5%, group 1/40 = 2.5%, priority 2.5%, cmdb_ci 2/40 = 5%, resolved<opened 2.5%
    assert r.extra == {
        "missing_category_pct": pytest.approx(5.0), "missing_assignment_group_pct": pytest.approx(2.5),
        "missing_priority_pct": pytest.approx(2.5), "missing_cmdb_ci_pct": pytest.approx(5.0),
        "resolved_before_opened_pct": pytest.approx(2.5), "fields_not_checked": [],
    }
    assert r.warnings == ()


def test_ai_misclassification_rate(con):
    incidents = [incident(i, category="Hardware" if i < 6 else "network") for i in range(40)]
    incidents.append(incident(40, category=None))
    load(con, "incidents", incidents)
    rows = [decision(i, decision_type="Classify", decision_value=" network ") for i in range(40)]
    rows.append(decision(40, decision_type="classify"))  # its incident has no category: outside
    rows.append(decision(41, decision_type="classify", incident_id="INC9999"))  # unlinked: outside
    rows += [decision(50 + i, decision_type="route", decision_value="x") for i in range(5)]  # not classify
    load(con, "ai_decisions", rows)
    r = metric(con, "ai_misclassification_rate")
    # " network " equals "network" after trimming; 6 differ ("Hardware") of 40 = 15%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 6, 40, pytest.approx(15.0))


def test_reclassification_rate(con):
    rows = [incident(i, initial_category="software" if i < 4 else " network") for i in range(40)]
    rows += [incident(100 + i, initial_category=None) for i in range(3)]  # no initial: outside
    load(con, "incidents", rows)
    r = metric(con, "reclassification_rate")
    # 4 of 40 with both = 10%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 4, 40, pytest.approx(10.0))


def test_stale_knowledge_rate(con):
    fresh = datetime(2026, 1, 1)
    rows = [{"article_id": f"KB{i}", "status": ["published", "Published", None][i % 3],
             "last_reviewed_at": fresh} for i in range(40)]
    rows[0]["last_reviewed_at"] = None  # never reviewed
    rows[1]["last_reviewed_at"] = None
    rows[2]["last_reviewed_at"] = datetime(2025, 5, 31, 23, 0)  # more than 365 days before 2026-06-01
    rows[3]["last_reviewed_at"] = datetime(2025, 6, 1)  # exactly 365 days: not stale
    rows[4]["valid_to"] = datetime(2026, 5, 31)  # expired before as-of
    rows += [{"article_id": "KB-draft", "status": "draft"}, {"article_id": "KB-ret", "status": "retired"}]
    load(con, "knowledge_articles", rows)
    r = metric(con, "stale_knowledge_rate", TO)
    # stale: 2 never reviewed + 1 too old + 1 expired = 4 of 40 published = 10%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 4, 40, pytest.approx(10.0))


def test_stale_cmdb_rate_and_unknown_ci_share(con):
    rows = [{"ci_id": f"CI-{i}", "status": "operational", "last_verified_at": datetime(2026, 5, 1)}
            for i in range(40)]
    for i in range(3):
        rows[i]["last_verified_at"] = None
    rows[3]["last_verified_at"] = rows[4]["last_verified_at"] = datetime(2026, 3, 2)  # > 90 days
    rows.append({"ci_id": "CI-old", "status": "Retired"})
    load(con, "cmdb_items", rows)
    incidents = [incident(i, cmdb_ci="CI-1") for i in range(8)]
    incidents += [incident(10, cmdb_ci="CI-nope"), incident(11, cmdb_ci="CI-old"), incident(12, cmdb_ci=None)]
    load(con, "incidents", incidents)
    r = metric(con, "stale_cmdb_rate", TO)
    # stale: 3 never verified + 2 older than 2026-03-03 = 5 of 40 not retired = 12.5%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 5, 40, pytest.approx(12.5))
    # incidents with a cmdb_ci: 10 (8 CI-1, CI-nope, CI-old); unknown: CI-nope (a retired CI is known)
    # 1 of 10 = 10%
    assert r.extra == {"incidents_with_unknown_ci": 1, "incidents_with_ci": 10,
                       "unknown_ci_incident_pct": pytest.approx(10.0)}
