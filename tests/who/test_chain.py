"""Chains computed by hand on a small fixture: nobody answering, an identity uncontrolled at the decision's
time (though controlled earlier), an escalation never taken over, an incident caused by an unannounced
change, minutes to an accountable human. The expected values are worked out in the comments."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from answerable.errors import AnswerableError
from answerable.who import chain
from tests.conftest import load_rows

T0 = datetime(2026, 3, 1, 10, 0)
SYSTEMS = [
    # sys-a: controlled while as_of - 90 days <= 2026-01-01, i.e. up to 2026-04-01 00:00
    dict(
        ai_system="sys-a",
        business_owner="Bea Owner",
        technical_owner="Tom Tech",
        max_autonomy="autonomous",
        confidence_threshold=0.8,
        escalation_path="Service Desk L2",
        escalation_sla_minutes=30,
        identity="svc-a",
        access_scope="least_privilege",
        access_reviewed_at=datetime(2026, 1, 1),
        credentials_rotated_at=datetime(2026, 1, 1),
        status="approved",
        last_reviewed_at=datetime(2026, 1, 1),
    ),
    # sys-b: business owner is a placeholder, broad access (never controlled)
    dict(
        ai_system="sys-b",
        business_owner="TBD",
        technical_owner="Tom Tech",
        max_autonomy="human_approval",
        confidence_threshold=0.7,
        escalation_path=None,
        escalation_sla_minutes=None,
        identity="svc-b",
        access_scope="broad",
        access_reviewed_at=datetime(2026, 1, 1),
        credentials_rotated_at=datetime(2026, 1, 1),
        status="approved",
        last_reviewed_at=datetime(2026, 1, 1),
    ),
]


def decision(decision_id: str, decided_at: datetime, **kw: object) -> dict[str, object]:
    row: dict[str, object] = dict(
        decision_id=decision_id,
        decided_at=decided_at,
        ai_system="sys-a",
        decision_type="classify",
        decision_value="network",
        confidence=0.9,
        autonomy="human_approval",
        accountable_owner="Ann Lee",
        outcome="correct",
        identity="svc-a",
        escalated=False,
        overridden=False,
    )
    row.update(kw)
    return row


DECISIONS = [
    # D1: owner "unassigned" (placeholder) and sys-b's business owner "TBD" (placeholder): nobody answers
    decision("D1", T0, ai_system="sys-b", accountable_owner="unassigned", identity="svc-b"),
    # D2: 2026-05-01 is past 2026-04-01, so svc-a is uncontrolled AT THE DECISION'S TIME
    decision("D2", datetime(2026, 5, 1, 10, 0)),
    # D3: the same identity on 2026-03-01: controlled then (2026-01-01 >= 2026-03-01 - 90 days = 2025-12-01)
    decision("D3", T0),
    # D4: escalated 10 min after deciding, never acknowledged; its SLA (30 min) ended long before the
    # as-of date (the latest decided_at, 2026-05-01 10:00): an unanswered escalation
    decision("D4", T0, escalated=True, escalated_at=T0 + timedelta(minutes=10), escalated_to="Network Ops"),
    # D5: reviewed 5 min BEFORE deciding (ignored), acknowledged after 20.5 min, reviewed again? no:
    # minutes to an accountable human = earliest of (ack 20.5, review -5 -> not >= decided_at) = 20.5
    decision(
        "D5",
        T0,
        escalated=True,
        escalated_at=T0 + timedelta(minutes=2),
        escalated_to="Network Ops",
        acknowledged_at=T0 + timedelta(minutes=20, seconds=30),
        reviewed_at=T0 - timedelta(minutes=5),
        reviewed_by="Rex Review",
    ),
    # D6: on incident I1 (P2), caused by change C1 (approved, never communicated: unannounced)
    decision("D6", T0 + timedelta(hours=1), incident_id="I1", autonomy="autonomous", outcome="incorrect"),
    # D7: no accountable owner: sys-a's business owner answers
    decision("D7", T0, accountable_owner=None),
]
INCIDENTS = [
    dict(
        incident_id="I1",
        opened_at=T0,
        priority=2,
        assignment_group="Network Ops",
        assigned_to="n/a",
        caused_by_change="C1",
        resolved_at=T0 + timedelta(hours=3),
        acknowledged_at=T0 + timedelta(minutes=7),
    ),
]
CHANGES = [
    dict(
        change_id="C1",
        implemented_at=T0 - timedelta(hours=8),
        cmdb_ci="CI9",
        owner="Cy Change",
        approved=True,
        communicated=False,
    )
]


@pytest.fixture
def store_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    load_rows(con, "ai_systems", SYSTEMS)
    load_rows(con, "ai_decisions", DECISIONS)
    load_rows(con, "incidents", INCIDENTS)
    load_rows(con, "changes", CHANGES)
    return con


def link(c, step):  # type: ignore[no-untyped-def]
    return next(li for li in c.links if li.step == step)


def test_nobody_answers(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D1")
    assert c.kind == "decision"
    assert c.answers.name is None and c.answers.role == "nobody"
    assert c.to_json()["answers"]["name"] is None
    assert link(c, "accountable owner").rule == "unowned_decision_rate"
    assert not link(c, "accountable owner").held
    # sys-b: business owner "TBD" is not owner-present -> ai_system_owner_coverage broken
    assert link(c, "ai system").rule == "ai_system_owner_coverage"
    # svc-b has broad access: uncontrolled at any time
    assert link(c, "identity").rule == "uncontrolled_identity_decision_rate"


def test_owner_and_business_owner_answer(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D3")
    assert (c.answers.name, c.answers.source) == ("Ann Lee", "ai_decisions.accountable_owner")
    assert c.broken == ()  # nothing breaks for D3
    assert c.minutes_to_human is None  # never reviewed nor acknowledged


def test_business_owner_answers_when_the_decision_has_no_owner(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D7")
    assert (c.answers.name, c.answers.role, c.answers.source) == (
        "Bea Owner",
        "business owner of the AI system",
        "ai_systems.business_owner",
    )
    assert c.broken == ("unowned_decision_rate",)


def test_identity_judged_at_the_decisions_time(store_con: duckdb.DuckDBPyConnection) -> None:
    late, early = chain(store_con, "D2"), chain(store_con, "D3")
    assert not link(late, "identity").held
    assert link(late, "identity").fact("controlled_at_decision") is False
    assert late.broken == ("uncontrolled_identity_decision_rate",)
    assert link(early, "identity").held  # the same identity, two months earlier
    assert link(early, "identity").fact("controlled_at_decision") is True


def test_escalation_never_taken_over(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D4")
    esc, takeover = link(c, "escalation"), link(c, "human takeover")
    assert esc.held and esc.who == "Network Ops"  # latency 10 min <= SLA 30 min
    assert esc.fact("latency_min") == pytest.approx(10.0)
    assert not takeover.held and takeover.rule == "unanswered_escalation_rate"
    assert takeover.who is None and takeover.fact("taken_over") is False
    assert c.minutes_to_human is None
    assert c.broken == ("unanswered_escalation_rate",)


def test_minutes_to_human_ignores_a_review_before_the_decision(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D5")
    assert c.minutes_to_human == pytest.approx(20.5)  # 20 min 30 s; the review at -5 min does not count
    takeover = link(c, "human takeover")
    assert takeover.held and takeover.who == "Network Ops"
    assert takeover.fact("minutes") == pytest.approx(20.5)


def test_incident_caused_by_an_unannounced_change(store_con: duckdb.DuckDBPyConnection) -> None:
    c = chain(store_con, "D6")
    steps = [li.step for li in c.links]
    assert steps[-2:] == ["incident", "causing change"]  # I1 is P2, not major: no review link
    change = link(c, "causing change")
    assert not change.held and change.rule == "unannounced_change_incident_rate"
    assert change.who == "Cy Change" and change.fact("cis") == "CI9"
    # I1's assignee "n/a" is a placeholder and I1 is resolved -> unowned_incident_rate broken, group answers
    incident = link(c, "incident")
    assert incident.who == "Network Ops" and incident.rule == "unowned_incident_rate"
    # autonomous on a P2 incident -> decision rights; incorrect and never escalated/reviewed/overridden
    assert set(c.broken) == {
        "decision_rights_violation_rate",
        "missed_escalation_rate",
        "unowned_incident_rate",
        "unannounced_change_incident_rate",
    }


def test_incident_and_change_chains(store_con: duckdb.DuckDBPyConnection) -> None:
    inc = chain(store_con, "I1")
    assert inc.kind == "incident"
    assert (inc.answers.name, inc.answers.role) == ("Network Ops", "assignment group of the incident")
    assert inc.minutes_to_human == pytest.approx(7.0)  # acknowledged 7 min after opening
    chg = chain(store_con, " C1 ")  # ids are trimmed
    assert chg.kind == "change" and chg.answers.name == "Cy Change"
    assert [li.step for li in chg.links] == ["causing change", "caused incident"]
    assert chg.to_json()["broken"] == ["unannounced_change_incident_rate", "unowned_incident_rate"]


def test_an_incident_reads_the_same_from_its_own_chain_and_from_a_decisions(
    store_con: duckdb.DuckDBPyConnection,
) -> None:
    # I1 is put in focus either way (as the record asked for, or as D6's incident): the same links, each
    # judged by the same rules (I1's "n/a" assignee breaks unowned_incident_rate; C1 was not announced)
    own = chain(store_con, "I1").links
    via_decision = chain(store_con, "D6").links[-2:]
    assert [li.step for li in own] == ["incident", "causing change"]
    assert own == via_decision
    assert [(li.held, li.rule) for li in own] == [
        (False, "unowned_incident_rate"), (False, "unannounced_change_incident_rate")
    ]


def test_json_shape_and_unknown_id(store_con: duckdb.DuckDBPyConnection) -> None:
    out = chain(store_con, "D4").to_json()
    assert list(out) == ["kind", "id", "answers", "minutes_to_human", "links", "broken", "batches"]
    assert list(out["answers"]) == ["name", "role", "source"]
    assert list(out["links"][0]) == ["step", "who", "at", "held", "rule", "facts"]
    assert out["batches"] == [1, 2]  # the inventory (batch 1) and the decisions (batch 2)
    with pytest.raises(AnswerableError, match="No AI decision, incident or change has the id 'X9'"):
        chain(store_con, "X9")
