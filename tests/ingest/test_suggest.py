"""Mapping suggestions for exports no profile recognises (DESIGN §3; issue 12 item 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from answerable.ingest import ingest_file, load_mapping
from answerable.ingest.suggest import suggest, suggest_file, suggestion_toml
from tests.ingest.helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def test_a_vendor_ai_decision_log_is_mapped_without_a_correction() -> None:
    s = suggest_file(FIXTURES / "vendor_ai_log.csv")
    assert s.kind == "ai_decisions" and s.missing_required == ()
    # every header of the file, read by hand: 11 headers, 11 contract columns
    assert s.columns == {
        "decision_id": "Inference ID",
        "decided_at": "Event Time",
        "ai_system": "Model Name",
        "model_version": "Model Version",
        "incident_id": "Ticket",
        "decision_value": "Decision",
        "confidence": "Confidence (%)",
        "accountable_owner": "Owner of Record",
        "reviewed_by": "Reviewer",
        "escalated": "Handed Off?",
        "identity": "Service Principal",
    }
    assert s.reasons["decided_at"] == "synonym 'event time'; values are timestamps"
    assert s.reasons["escalated"].endswith("values are yes/no flags")
    assert s.reasons["confidence"].endswith("values are scores 0-100")


def test_a_second_vendor_log_with_bracketed_units_and_its_own_words(con: duckdb.DuckDBPyConnection) -> None:
    # 13 headers read by hand, each with the contract column it holds; "Timestamp (UTC)" is the decision
    # time once its bracketed zone is set aside. Before: "Model" and "Service Account" alone made it an
    # AI inventory, since the log's time column went unrecognised.
    s = suggest_file(FIXTURES / "vendor_ai_log_2.csv")
    assert s.kind == "ai_decisions" and s.missing_required == ()
    assert s.columns == {
        "decision_id": "Prediction ID",
        "decided_at": "Timestamp (UTC)",
        "ai_system": "Model",
        "decision_type": "Action Type",
        "incident_id": "Ticket Number",
        "decision_value": "Predicted Category",
        "confidence": "Score",
        "accountable_owner": "Accountable Person",
        "reviewed_by": "Reviewed By",
        "reviewed_at": "Review Time",
        "outcome": "Outcome",
        "escalated": "Routed to Human",
        "identity": "Service Account",
    }
    mapping = s.mapping()
    assert mapping is not None
    report = ingest_file(con, FIXTURES / "vendor_ai_log_2.csv", mapping=mapping)
    assert (report.kind, report.records, report.rows_rejected) == ("ai_decisions", 3, 0)


def test_a_decision_log_missing_its_time_column_is_still_a_decision_log() -> None:
    headers = ("Prediction ID", "Model", "Score", "Ticket Number", "Predicted Category", "Reviewed By")
    rows = (("P1", "bot", "80", "INC1", "Network", "Ann"),)
    s = suggest(headers, rows)
    # ai_decisions: 6 columns found - 3 (decided_at missing) = 3; ai_systems: 1 column (ai_system) = 1
    assert s.kind == "ai_decisions" and s.missing_required == ("decided_at",)


def test_a_vendor_inventory_is_detected_as_ai_systems() -> None:
    s = suggest_file(FIXTURES / "vendor_ai_inventory.csv")
    assert s.kind == "ai_systems"
    assert s.columns["ai_system"] == "Agent"
    assert s.columns["technical_owner"] == "Tech Lead"
    assert s.columns["escalation_sla_minutes"] == "Escalation SLA (min)"
    assert s.columns["access_reviewed_at"] == "Last Access Review"
    assert len(s.columns) == 12  # all twelve headers


def test_values_decide_against_a_name_alone() -> None:
    # 'Time' is a synonym of decided_at, but these values are not timestamps: not suggested for it
    rows = (("d1", "fast", "m"), ("d2", "slow", "m"))
    s = suggest(("Decision ID", "Time", "Model"), rows, kind="ai_decisions")
    assert "decided_at" not in s.columns and s.missing_required == ("decided_at",)
    assert "Not found (required): decided_at" in suggestion_toml(s)


def test_the_cli_prints_toml_that_loads(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "answerable", "mapping", "suggest", str(FIXTURES / "vendor_ai_log.csv")],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout
    path = tmp_path / "m.toml"
    path.write_text(out, encoding="utf-8")
    report = ingest_file(con, FIXTURES / "vendor_ai_log.csv", mapping=load_mapping(path))
    assert (report.kind, report.records, report.rows_rejected) == ("ai_decisions", 3, 0)
    row = con.execute("SELECT confidence, escalated FROM current_ai_decisions WHERE decision_id = 'inf-0002'")
    assert row.fetchall() == [(0.42, True)]  # 42 (%) rescaled; 'Y'
