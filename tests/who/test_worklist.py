"""The Unanswered work list, declared vs observed responsibility and a change's blast radius, by hand on
the chain fixture (tests/who/test_chain.py) and a small responsibility fixture."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from answerable.errors import AnswerableError
from answerable.metrics import Session, settings_for
from answerable.results import Filters
from answerable.who import chain
from answerable.who.blast import blast_radius
from answerable.who.responsibility import responsibility
from answerable.who.worklist import reason_counts, unanswered
from tests.conftest import load_rows
from tests.who.test_chain import SYSTEMS, T0, decision, store_con  # noqa: F401  (the fixture)


def test_worklist_members_and_consequence_order(store_con: duckdb.DuckDBPyConnection) -> None:  # noqa: F811
    page = unanswered(store_con)
    # D6 incorrect (first); then no incident, none autonomous: D1 has 2 reasons, D2 and D4 one each,
    # latest first (D2 on 1 May before D4 on 1 March). D3, D5, D7 hold every rule.
    assert [r[0] for r in page.rows] == ["D6", "D1", "D2", "D4"]
    assert page.total == 4
    by_id = {r[0]: dict(zip(page.columns, r, strict=True)) for r in page.rows}
    assert by_id["D6"]["broken"] == "incorrect and never caught, beyond decision rights"
    assert by_id["D1"]["broken"] == "nobody answers, uncontrolled identity at the decision's time"
    assert by_id["D1"]["who_answers"] is None
    assert by_id["D4"]["broken"] == "escalation unanswered"
    # the list and the chain agree on every decision
    for row in page.rows:
        assert chain(store_con, row[0]).answers.name == by_id[row[0]]["who_answers"]


def test_worklist_paging_filters_and_reason(store_con: duckdb.DuckDBPyConnection) -> None:  # noqa: F811
    second = unanswered(store_con, limit=2, offset=2)
    assert [r[0] for r in second.rows] == ["D2", "D4"] and second.total == 4
    past = unanswered(store_con, limit=2, offset=4)  # past the end: no rows, the same total
    assert (past.rows, past.total) == ([], 4)
    # by reason, paged: uncontrolled identity holds D1 then D2 (the list's order); page 2 of size 1 is D2
    assert [r[0] for r in unanswered(store_con, limit=1, offset=1,
                                     reason="uncontrolled_identity_decision_rate").rows] == ["D2"]
    # period filter: decisions in March 2026 only -> D6, D1, D4 (D2 is in May)
    march = unanswered(store_con, Filters(date_from=T0.date(), date_to=datetime(2026, 4, 1).date()))
    assert [r[0] for r in march.rows] == ["D6", "D1", "D4"]
    only = unanswered(store_con, reason="uncontrolled_identity_decision_rate")
    assert [r[0] for r in only.rows] == ["D1", "D2"]
    empty = unanswered(store_con, Filters(ai_system="nope"))
    assert (empty.rows, empty.total) == ([], 0)
    with pytest.raises(AnswerableError, match="Unknown reason"):
        unanswered(store_con, reason="bogus")
    with Session(store_con, settings_for(None)) as s:
        assert reason_counts(s) == {
            "nobody_answers": 1,
            "missed_escalation_rate": 1,
            "unanswered_escalation_rate": 1,
            "uncontrolled_identity_decision_rate": 2,
            "decision_rights_violation_rate": 1,
        }


def test_blast_radius_of_an_unannounced_change(store_con: duckdb.DuckDBPyConnection) -> None:  # noqa: F811
    b = blast_radius(store_con, "C1")
    assert [r[0] for r in b.incidents.rows] == ["I1"]
    assert [r[0] for r in b.decisions.rows] == ["D6"]
    # D6 acted as svc-a on 1 March: controlled then -> 0 uncontrolled
    assert b.identities.rows == [("svc-a", "sys-a", 1, 0)]
    assert b.summary[0] == (
        "C1 (Cy Change answers for it; approved, not announced) was implemented 2026-03-01 02:00 on CI9."
    )
    assert (
        b.summary[1] == "It caused 1 incident across 1 team (Network Ops), opened 2026-03-01 10:00 to 10:00."
    )
    with pytest.raises(AnswerableError, match="No change has the id 'D6'"):
        blast_radius(store_con, "D6")


def test_declared_vs_observed(con: duckdb.DuckDBPyConnection) -> None:
    load_rows(con, "ai_systems", SYSTEMS[:1])  # sys-a: business owner Bea Owner, path Service Desk L2, SLA 30
    rows = []
    for n in range(6):  # 6 escalations, all taken over: 5 by Network Ops, 1 by Service Desk L2
        team = "Service Desk L2" if n == 5 else "Network Ops"
        at = T0 + timedelta(hours=n)
        rows.append(
            decision(
                f"E{n}",
                at,
                escalated=True,
                escalated_at=at + timedelta(minutes=1),
                escalated_to=team,
                acknowledged_at=at + timedelta(minutes=40 + n),
                reviewed_by="Rex Review",
            )
        )
    rows.append(decision("E9", T0, overridden=True, reviewed_by="Olive Override"))
    load_rows(con, "ai_decisions", rows)
    (r,) = responsibility(con)
    assert (r.decisions, r.reviewed, r.reviewed_by_business_owner) == (7, 7, 0)
    assert (r.top_reviewer, r.top_reviewer_share) == ("Rex Review", pytest.approx(6 / 7))
    assert (r.overridden, r.top_overrider) == (1, "Olive Override")
    assert (r.escalated, r.taken_over, r.top_taker) == (6, 6, "Network Ops")
    assert r.taken_over_by_path_share == pytest.approx(1 / 6)
    # takeover minutes 40..45: median of 40,41,42,43,44,45 = 42.5
    assert r.median_takeover_min == pytest.approx(42.5)
    assert r.mismatches == (
        "the business owner (Bea Owner) reviewed none of 7 decisions",
        "escalation path says Service Desk L2; 83% of takeovers were by Network Ops",  # 5 of 6
        "median takeover 42 min against an SLA of 30 min",
    )


def test_board_section_is_the_lists_head_and_the_mismatches(
    store_con: duckdb.DuckDBPyConnection,  # noqa: F811
) -> None:
    from answerable.who.board import who_section

    section = who_section(store_con, Filters())
    assert [r[0] for r in section.head.rows] == ["D6", "D1", "D2", "D4"]  # the whole list: 4 < 10
    assert section.head.total == 4
    assert section.reason_lines()[0] == "nobody answers: 1"
    # sys-a: business owner Bea Owner reviewed none of its 6 decisions (D2..D7); sys-b has no business
    # owner: "TBD" is a placeholder
    assert section.mismatches == (
        ("sys-a", "the business owner (Bea Owner) reviewed none of 6 decisions"),
        ("sys-b", "no business owner is declared ('TBD' is a placeholder)"),
    )


def test_identity_at_decision_time_agrees_between_list_and_chain(
    store_con: duckdb.DuckDBPyConnection,  # noqa: F811
) -> None:
    listed = {r[0] for r in unanswered(store_con, reason="uncontrolled_identity_decision_rate").rows}
    for decision_id in ("D1", "D2", "D3", "D4", "D5", "D6", "D7"):
        identity = next(li for li in chain(store_con, decision_id).links if li.step == "identity")
        assert (not identity.held) == (decision_id in listed), decision_id
    assert listed == {"D1", "D2"}  # svc-b is broad; svc-a's review is too old by 1 May only
