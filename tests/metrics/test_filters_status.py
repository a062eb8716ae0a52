"""The DESIGN §4 filter table, the as-of date, statuses (not assessed, insufficient evidence) and
lineage (the batches each figure read)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from answerable import store
from answerable.metrics import REGISTRY, as_of
from answerable.results import Filters
from tests.metrics.helpers import T0, decision, incident, load, metric, system


@pytest.fixture
def org(con):
    """60 incidents (40 service-desk, 20 network-ops), 60 decisions (40 triage on service-desk
    incidents, 10 chatbot on network-ops incidents, 10 triage unlinked), 2 systems."""
    inc = [incident(i, assigned_to="TBD" if i < 2 else "bob") for i in range(40)]
    inc += [incident(100 + i, assignment_group="network-ops", assigned_to=None if i < 3 else "kim")
            for i in range(20)]
    ids = {"incidents": load(con, "incidents", inc)}
    dec = [decision(i, accountable_owner=None if i < 4 else "alice") for i in range(40)]
    dec += [decision(100 + i, ai_system="chatbot", incident_id=f"INC{100 + i:04d}",
                     accountable_owner="tbd" if i < 2 else "alice") for i in range(10)]
    dec += [decision(200 + i, incident_id=None, accountable_owner="" if i < 5 else "alice")
            for i in range(10)]
    ids["ai_decisions"] = load(con, "ai_decisions", dec)
    ids["ai_systems"] = load(con, "ai_systems", [system("triage"), system("chatbot", technical_owner=None)])
    return ids


def test_no_filter(con, org):
    r = metric(con, "unowned_decision_rate")
    # unowned: 4 (triage linked) + 2 (chatbot) + 5 (unlinked) = 11 of 60 = 18.33%
    assert (r.numerator, r.denominator, r.value) == (11, 60, pytest.approx(100 * 11 / 60))


def test_ai_system_filter_applies_to_decisions_and_inventory_not_incidents(con, org):
    f = Filters(ai_system=" triage ")  # the filter value is trimmed too
    r = metric(con, "unowned_decision_rate", f)
    # triage: 40 linked + 10 unlinked = 50; unowned 4 + 5 = 9 -> 18%
    assert (r.numerator, r.denominator, r.value) == (9, 50, pytest.approx(18.0))
    inc = metric(con, "unowned_incident_rate", f)
    # incidents ignore the AI system filter: unowned 2 "TBD" + 3 null of 60 = 8.33%
    assert (inc.numerator, inc.denominator) == (5, 60)
    owners = metric(con, "ai_system_owner_coverage", Filters(ai_system="chatbot"))
    # only chatbot, which lacks a technical owner: 0 of 1
    assert (owners.numerator, owners.denominator, owners.value) == (0, 1, 0.0)


def test_group_filter_reaches_decisions_through_the_linked_incident(con, org):
    r = metric(con, "unowned_decision_rate", Filters(assignment_group="service-desk"))
    # only the 40 decisions linked to service-desk incidents (unlinked ones drop out): 4 of 40 = 10%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 4, 40, pytest.approx(10.0))
    small = metric(con, "unowned_decision_rate", Filters(assignment_group="network-ops"))
    # 2 of 10 = 20%, below the minimum evidence of 30: value still reported
    assert (small.status, small.value) == ("insufficient_evidence", pytest.approx(20.0))
    assert small.reason == "Only 10 AI decisions; at least 30 are needed."
    inc = metric(con, "unowned_incident_rate", Filters(assignment_group="network-ops"))
    # 3 unowned of 20 network-ops incidents = 15%
    assert (inc.numerator, inc.denominator, inc.value) == (3, 20, pytest.approx(15.0))
    owners = metric(con, "ai_system_owner_coverage", Filters(assignment_group="network-ops"))
    # the inventory ignores the group filter: triage of 2 = 50%
    assert (owners.numerator, owners.denominator) == (1, 2)


def test_period_filter_from_inclusive_to_exclusive(con, org):
    # chatbot decisions are at T0+100h..109h = 2026-03-05 13:00..22:00; unlinked ones from T0+200h
    f = Filters(date_from=date(2026, 3, 5), date_to=date(2026, 3, 9))
    r = metric(con, "unowned_decision_rate", f)
    assert (r.numerator, r.denominator) == (2, 10)
    owners = metric(con, "ai_system_owner_coverage", f)
    assert (owners.numerator, owners.denominator) == (1, 2)  # the inventory ignores the period



def test_period_boundaries(con):
    load(con, "ai_decisions", [decision(1, decided_at=datetime(2026, 3, 9)),
                               decision(2, decided_at=datetime(2026, 3, 8, 23, 59, 59))])
    before = metric(con, "unowned_decision_rate", Filters(date_to=date(2026, 3, 9)))
    after = metric(con, "unowned_decision_rate", Filters(date_from=date(2026, 3, 9)))
    # `to` is exclusive (only the 23:59:59 decision), `from` inclusive (only the midnight one)
    assert (before.denominator, after.denominator) == (1, 1)


def test_knowledge_and_cmdb_ignore_every_filter(con, org):
    load(con, "cmdb_items", [{"ci_id": f"CI-{i}", "last_verified_at": None if i < 3 else datetime(2026, 3, 1)}
                             for i in range(10)])
    every = Filters(date_from=date(2026, 3, 5), date_to=date(2026, 3, 9), ai_system="chatbot",
                    assignment_group="network-ops")
    # 3 never verified of 10 with or without filters (as-of 2026-03-09 with the filter: 8 days old)
    unfiltered, filtered = metric(con, "stale_cmdb_rate"), metric(con, "stale_cmdb_rate", every)
    assert (unfiltered.numerator, unfiltered.denominator) == (3, 10)
    assert (filtered.numerator, filtered.denominator) == (3, 10)


def test_zero_denominator_is_not_assessed(con, org):
    r = metric(con, "unowned_decision_rate", Filters(date_from=date(2030, 1, 1)))
    assert (r.status, r.value, r.denominator) == ("not_assessed", None, 0)
    assert r.reason == "No AI decisions in the selected data and filters."


def test_as_of_is_latest_event_over_both_datasets_ignoring_filters(con, org):
    latest = T0 + timedelta(hours=209)  # the last unlinked decision; incidents end at T0+119h
    assert as_of(con) == latest
    assert as_of(con, Filters(ai_system="chatbot", assignment_group="network-ops")) == latest
    assert as_of(con, Filters(date_to=date(2026, 4, 1))) == datetime(2026, 4, 1)


def test_missing_dataset_and_batches_used(con, org):
    r = metric(con, "stale_knowledge_rate")
    assert r.status == "not_assessed" and "knowledge_articles" in (r.reason or "")
    shadow = metric(con, "shadow_ai_rate")
    assert shadow.batches == tuple(sorted((org["ai_decisions"], org["ai_systems"])))
    assert metric(con, "unowned_incident_rate").batches == (org["incidents"],)
    store.retract(con, org["ai_systems"])
    after = metric(con, "shadow_ai_rate")
    assert after.status == "not_assessed" and after.batches == (org["ai_decisions"],)


def test_ignored_filters_follow_the_table():
    assert REGISTRY["unowned_incident_rate"].ignored_filters == ("ai_system",)
    assert REGISTRY["unowned_decision_rate"].ignored_filters == ()
    assert REGISTRY["inventory_review_rate"].ignored_filters == ("period", "assignment_group")
    assert REGISTRY["stale_cmdb_rate"].ignored_filters == ("period", "ai_system", "assignment_group")
    first = ["unowned_decision_rate", "ai_system_owner_coverage", "unowned_incident_rate"]
    assert list(REGISTRY)[:3] == first
    kinds = [i.kind for i in REGISTRY.values()]  # accountability first, then context (registry order)
    assert kinds == sorted(kinds) and kinds.count("accountability") >= 23  # DESIGN §4 has 23
    assert all((i.dimension is not None) == (i.kind == "accountability") for i in REGISTRY.values())
    assert REGISTRY["inventory_review_rate"].min_evidence_basis == "systems"


def test_current_data_only_latest_version_and_retraction_restores(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 10 else "al") for i in range(40)])
    fix = load(con, "ai_decisions", [decision(i, accountable_owner="alice") for i in range(5)])
    r = metric(con, "unowned_decision_rate")
    # D0000-D0004 now owned by their later version: 10 - 5 = 5 unowned of 40 records
    assert (r.numerator, r.denominator) == (5, 40)
    store.retract(con, fix)
    r = metric(con, "unowned_decision_rate")
    # the fix retracted: back to 10 of 40
    assert (r.numerator, r.denominator) == (10, 40)
