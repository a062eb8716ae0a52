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
