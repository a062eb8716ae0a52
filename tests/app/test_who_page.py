"""AppTest of the Who answers page: empty store guidance; on the demo data the chain (typed and deep
linked), the Unanswered list, declared vs observed and the blast radius equal the core's answers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from answerable import store
from answerable.results import Filters
from answerable.who import chain
from answerable.who.worklist import unanswered
from tests.app.conftest import app_on, page, run_page, texts
from tests.conftest import load_rows

PAGE = "10_Who_answers.py"


def test_empty_store_says_what_to_upload(empty_db: Path) -> None:
    text = texts(run_page(PAGE))
    assert "No data loaded yet" in text and "AI decision log (ai_decisions)" in text


def test_chain_typed_in_the_search_box(demo_db: Path) -> None:
    con = store.connect(demo_db, read_only=True)
    try:
        expected = chain(con, "AID0011033")
        total = unanswered(con, limit=1).total
    finally:
        con.close()
    at = run_page(PAGE)
    assert "Type an id" in texts(at)
    at.text_input(key="who_id").set_value("AID0011033").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Who answers"] == expected.answers.name == "Tariq Okafor"
    assert metrics["Broken links"] == f"{sum(not li.held for li in expected.links)} of {len(expected.links)}"
    links = at.dataframe[0].value
    assert list(links["Link"]) == [li.step for li in expected.links]
    assert list(links["Held or broken"]).count("BROKEN") == len([li for li in expected.links if not li.held])
    text = texts(at)
    assert "Rules broken: " + ", ".join(expected.broken) in text
    assert f"of {total:,} AI decisions with a broken chain" in text


def test_deep_link_opens_the_chain(demo_db: Path) -> None:
    at = page(PAGE)
    at.query_params["id"] = "INC0012672"
    at.run()
    assert not at.exception
    assert at.text_input(key="who_id").value == "INC0012672"
    assert {m.label: m.value for m in at.metric}["Who answers"] == "Sami Jensen"
    assert "incident INC0012672: assignee of the incident (from incidents.assigned_to)" in texts(at)


def test_unknown_id_says_so(demo_db: Path) -> None:
    at = run_page(PAGE)
    at.text_input(key="who_id").set_value("NOPE-1").run()
    assert not at.exception
    assert "No AI decision, incident or change has the id 'NOPE-1'" in texts(at)


def test_responsibility_and_blast_radius_sections(demo_db: Path) -> None:
    at = run_page(PAGE)
    assert at.radio(key="who_section").value == "Unanswered"  # the first screen computes the list only
    assert "Declared vs observed responsibility" not in texts(at)
    at.radio(key="who_section").set_value("Declared vs observed").run()
    assert not at.exception
    text = texts(at)
    assert "not in the AI inventory: 380 decisions have no declared owner or escalation path" in text
    assert "retired in the inventory, yet it made 51 decisions" in text
    at.radio(key="who_section").set_value("Blast radius").run()
    assert not at.exception
    text = texts(at)
    # the change with the most incidents is preselected: the seeds' CHG0042
    assert "It caused 64 incidents across 6 teams" in text
    assert (
        "INC0012672 (P1, major) has a post-incident review by Dana Whitfield, completed 2026-04-17." in text
    )


def test_filters_narrow_the_work_list(demo_db: Path) -> None:
    con = store.connect(demo_db, read_only=True)
    try:
        rights = unanswered(
            con, Filters(ai_system="copilot-summarizer"), reason="decision_rights_violation_rate"
        ).total
    finally:
        con.close()
    assert 0 < rights < 380
    at = run_page(PAGE)
    at.selectbox(key="flt_ai_system").set_value("copilot-summarizer").run()
    assert not at.exception
    # copilot-summarizer: 380 decisions, none with an owner, not in the inventory -> nobody answers for all
    assert "of 380 AI decisions with a broken chain" in texts(at)
    at.selectbox(key="who_reason").set_value("decision_rights_violation_rate").run()
    assert f"of {rights:,} AI decisions with a broken chain" in texts(at)


def _store(tmp_path: Path, decisions: bool) -> Path:
    path = tmp_path / "partial.duckdb"
    con = store.connect(path)
    try:
        load_rows(con, "incidents", [{"incident_id": "INC1", "opened_at": datetime(2026, 1, 5, 9)}])
        if decisions:  # two autonomous decisions of a system no loaded inventory describes
            load_rows(con, "ai_decisions", [
                {"decision_id": f"D{i}", "decided_at": datetime(2026, 1, 5, 9, i), "ai_system": "bot",
                 "autonomy": "autonomous", "accountable_owner": "ann", "incident_id": "INC1"}
                for i in (1, 2)
            ], file_name="log.csv")
    finally:
        con.close()
    return path


def test_incidents_alone_state_no_count_of_broken_chains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in app_on(_store(tmp_path, decisions=False), tmp_path, monkeypatch):
        text = texts(run_page(PAGE))
        assert "Not assessed: no AI decision log is loaded" in text
        assert "Why the chain is broken" not in text  # no table of zeros that reads as 'all well'


def test_decisions_without_an_inventory_say_what_the_counts_mean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in app_on(_store(tmp_path, decisions=True), tmp_path, monkeypatch):
        at = run_page(PAGE)
        assert "No AI system inventory is loaded" in at.warning[0].value
        counts = dict(zip(at.dataframe[0].value["Why the chain is broken"],
                          at.dataframe[0].value["AI decisions"], strict=True))
        # both decisions: no inventory, so no evidence of a controlled identity (2 of 2)
        assert counts["uncontrolled identity at the decision's time"] == "2"
