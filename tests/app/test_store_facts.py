"""The sidebar's store facts (filter choices, data status, linkage) come from ONE statement; each figure
equals its definition: the current views (latest version of each key, retracted batches out), the
trimmed AI system names, `store.record_counts` and `ingest.linkage.linkage`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from answerable import store
from answerable.ingest.linkage import linkage
from answerable.ui.queries import store_facts
from tests.conftest import load_rows


def test_store_facts_on_an_empty_store(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    facts = store_facts(con)
    con.close()
    assert (facts.options.first, facts.options.last, facts.options.ai_systems, facts.options.groups) == (
        None, None, (), ()
    )
    assert facts.status.empty and facts.status.counts["incidents"] == 0 and facts.status.last_loaded is None
    assert facts.linkage is None


def test_store_facts_read_the_current_data_once(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    load_rows(con, "incidents", [
        {"incident_id": "INC1", "opened_at": datetime(2026, 1, 5), "assignment_group": "Desk"},
        {"incident_id": "INC2", "opened_at": datetime(2026, 1, 9), "assignment_group": "  "},  # no choice
    ])
    # a later batch holds a newer version of INC1 (now the Network team) and a new INC3
    load_rows(con, "incidents", [
        {"incident_id": "INC1", "opened_at": datetime(2026, 1, 5), "assignment_group": "Network"},
        {"incident_id": "INC3", "opened_at": datetime(2026, 2, 1), "assignment_group": "Desk"},
    ])
    retracted = load_rows(con, "incidents", [
        {"incident_id": "INC9", "opened_at": datetime(2020, 1, 1), "assignment_group": "Ghost"},
    ])
    store.retract(con, retracted)
    load_rows(con, "ai_decisions", [
        {"decision_id": "D1", "decided_at": datetime(2025, 12, 31), "ai_system": " bot ",
         "incident_id": "INC1"},
        {"decision_id": "D2", "decided_at": datetime(2026, 1, 10), "ai_system": "bot", "incident_id": "INC9"},
        {"decision_id": "D3", "decided_at": datetime(2026, 1, 11), "ai_system": "", "incident_id": None},
        # a no-break space around the name: one system with "bot" (the filter compares the trimmed name)
        {"decision_id": "D4", "decided_at": datetime(2026, 1, 12), "ai_system": "\u00a0bot\u00a0",
         "incident_id": None},
    ])
    load_rows(con, "ai_systems", [{"ai_system": "alpha"}])
    facts = store_facts(con)
    expected_link = linkage(con)
    counts = store.record_counts(con)
    con.close()
    o = facts.options
    # dates over incidents INC1-3 and decisions D1-4 (INC9 retracted): 31 Dec 2025 .. 1 Feb 2026
    assert (o.first, o.last) == (datetime(2025, 12, 31), datetime(2026, 2, 1))
    assert o.ai_systems == ("alpha", "bot")  # " bot ", "bot" and the no-break-spaced one are one; "" none
    assert o.groups == ("Desk", "Network")  # INC1's current group is Network; the blank and Ghost are out
    # incidents INC1, INC2, INC3; decisions D1-4; one system; 5 batches of which 4 active (2 of incidents,
    # the decisions, the systems: the INC9 batch is retracted)
    assert facts.status.counts == counts
    assert (counts["incidents"], counts["ai_decisions"], counts["ai_systems"]) == (3, 4, 1)
    assert (facts.status.active_batches, facts.status.demo_batches) == (4, 0)
    # D1 names INC1 (loaded), D2 names INC9 (retracted: not loaded), D3 and D4 none -> 1 of 2 references
    assert facts.linkage == expected_link
    assert facts.linkage is not None
    assert (facts.linkage.decisions, facts.linkage.with_reference, facts.linkage.linked) == (4, 2, 1)
