"""Sidebar filters change the figures, exactly as the core computes them (hand-built store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from answerable import store
from tests.app.conftest import _clear_caches, run_page, texts
from tests.conftest import load_rows


def _decisions(system: str, month: int, count: int, unowned: int, incident: str) -> list[dict[str, object]]:
    owners = ["", "TBD", " unassigned ", "n/a"]  # every placeholder spelling counts as unowned
    rows = []
    for i in range(count):
        rows.append({
            "decision_id": f"{system}-{month}-{i}",
            "decided_at": datetime(2026, month, 1 + i, 9, 0),
            "ai_system": system,
            "incident_id": incident,
            "accountable_owner": owners[i % len(owners)] if i < unowned else f"owner{i}",
        })
    return rows


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "small.duckdb"
    con = store.connect(path)
    # A: 15 in Jan (4 unowned) + 15 in Feb (2 unowned); B: 15 in Jan (1 unowned) + 15 in Feb (2 unowned).
    rows = (_decisions("A", 1, 15, 4, "INC-A") + _decisions("A", 2, 15, 2, "INC-A")
            + _decisions("B", 1, 15, 1, "INC-B") + _decisions("B", 2, 15, 2, "INC-B"))
    load_rows(con, "ai_decisions", rows, file_name="decisions.csv")
    load_rows(con, "incidents", [
        {"incident_id": "INC-A", "opened_at": datetime(2026, 1, 1), "assignment_group": "Service Desk"},
        {"incident_id": "INC-B", "opened_at": datetime(2026, 1, 1), "assignment_group": "Network"},
    ], file_name="incidents.csv")
    con.close()
    monkeypatch.setenv("ANSWERABLE_DB", str(path))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path))
    _clear_caches()
    yield path
    _clear_caches()


def _unowned_value(at: object) -> str:
    values = [str(m.value) for m in at.metric if m.label == "Value"]  # type: ignore[attr-defined]
    return values[0]  # the first indicator card on the Ownership page is unowned_decision_rate


def test_filters_change_the_figures(small_db: Path) -> None:
    at = run_page("2_Ownership_and_decision_rights.py")
    # All: (4 + 2 + 1 + 2) unowned of 60 decisions = 9 / 60 = 15.0%
    assert _unowned_value(at) == "15%"
    assert "Loaded: Incidents: 2; AI decisions: 60" in texts(at)

    at.selectbox(key="flt_ai_system").set_value("A").run()
    assert not at.exception
    # System A: (4 + 2) of 30 = 20.0%
    assert _unowned_value(at) == "20%"

    at.selectbox(key="flt_ai_system").set_value("All AI systems").run()
    at.date_input(key="flt_from").set_value(date(2026, 2, 1))
    at.date_input(key="flt_to").set_value(date(2026, 3, 1)).run()
    assert not at.exception
    # February only: (2 + 2) of 30 = 13.3%
    assert _unowned_value(at) == "13.3%"

    at.date_input(key="flt_from").set_value(None)
    at.date_input(key="flt_to").set_value(None)
    at.selectbox(key="flt_group").set_value("Network").run()
    # Team Network: decisions linked to INC-B only: (1 + 2) of 30 = 10.0%
    assert _unowned_value(at) == "10%"


def test_a_reversed_period_is_reported_and_ignored(small_db: Path) -> None:
    at = run_page("2_Ownership_and_decision_rights.py")
    at.date_input(key="flt_from").set_value(date(2026, 2, 10))
    at.date_input(key="flt_to").set_value(date(2026, 2, 5)).run()
    assert "'From' must be before 'To'" in texts(at)
    assert _unowned_value(at) == "15%"  # the whole period: 9 / 60


def test_a_not_assessed_indicator_says_what_to_load(small_db: Path) -> None:
    at = run_page("4_Access_control.py")
    text = texts(at)
    # access_control_coverage needs the AI inventory, which this store does not have
    assert "Load the AI system inventory (ai_systems) to assess this." in text
