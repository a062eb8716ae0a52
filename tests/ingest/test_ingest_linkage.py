"""The linkage check at load (DESIGN §3): the ingest report of incidents or AI decisions says what share
of the decisions link to a loaded incident and whether the date ranges overlap; CLI text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from answerable.cli import main
from answerable.ingest import ingest_file

INCIDENTS = """incident_id,opened_at,assigned_to
INC1,2026-01-02 09:00,Ana
INC2,2026-01-03 09:00,Ana
INC3,2026-01-04 09:00,Ana
INC4,2026-01-05 09:00,Ana
"""
# Five decisions: D1-D3 name loaded incidents, D4 names INC9 (not loaded), D5 names none.
DECISIONS = """decision_id,decided_at,ai_system,incident_id
D1,2026-01-02 10:00,bot,INC1
D2,2026-01-03 10:00,bot,INC2
D3,2026-01-04 10:00,bot,INC3
D4,2026-01-05 10:00,bot,INC9
D5,2026-01-06 10:00,bot,
"""
# An AI log of 2025 whose references name none of the 2016 incidents below.
OLD_INCIDENTS = "incident_id,opened_at\nINC0010001,2016-03-01 09:00\nINC0010002,2016-03-02 09:00\n"
NEW_DECISIONS = ("decision_id,decided_at,ai_system,incident_id\n"
                 "X1,2025-06-01 10:00,bot,T-1\nX2,2025-07-01 10:00,bot,T-2\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_ingest_report_measures_the_link(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    first = ingest_file(con, _write(tmp_path, "incidents.csv", INCIDENTS))
    assert first.kind == "incidents" and first.linkage is None  # no AI decisions yet: nothing to link
    report = ingest_file(con, _write(tmp_path, "ai_decisions.csv", DECISIONS))
    link = report.linkage
    assert link is not None
    # 5 decisions, 4 name an incident, 3 of those are loaded: 3 / 5 = 60% linked (not below half);
    # decisions 2-6 Jan 2026 and incidents 2-5 Jan 2026 overlap
    assert (link.decisions, link.with_reference, link.linked) == (5, 4, 3)
    assert link.share == pytest.approx(0.6) and link.overlap and not link.weak
    out = report.to_json()["linkage"]
    assert (out["decisions"], out["with_reference"], out["linked"], out["share"]) == (5, 4, 3, 0.6)
    assert out["overlap"] is True and out["weak"] is False and out["warning"] is None
    assert out["summary"] == ("60.0% of 5 AI decisions link to a loaded incident (3 of 4 incident "
                              "references found); the date ranges overlap.")
    assert out["decisions_from"] == "2026-01-02T10:00:00" and out["incidents_to"] == "2026-01-05T09:00:00"


def test_the_cli_says_when_unrelated_logs_do_not_link(db_path: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "incidents.csv", OLD_INCIDENTS)
    new = _write(tmp_path, "ai_decisions.csv", NEW_DECISIONS)
    assert main(["--db", str(db_path), "ingest", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    # 0 of 2 decisions link (0.0% < 50%), and Jun-Jul 2025 never overlaps Mar 2016
    assert ("  linkage: 0.0% of 2 AI decisions link to a loaded incident (0 of 2 incident references "
            "found); the date ranges do not overlap.") in text
    assert ("  warning: The AI decision log and the incident export do not describe the same operations: "
            "only 0 of 2 AI decisions (0.0%) link to a loaded incident and the AI decisions (Jun 2025 to "
            "Jul 2025) and the incidents (Mar 2016 to Mar 2016) cover different periods.") in text
    assert text.count("linkage:") == 1  # the incidents came first: no decisions to link yet


def test_the_ingest_json_carries_the_linkage(db_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    new = _write(tmp_path, "ai_decisions.csv", NEW_DECISIONS)
    old = _write(tmp_path, "incidents.csv", OLD_INCIDENTS)
    assert main(["--db", str(db_path), "ingest", str(new), str(old), "--json"]) == 0
    decisions, incidents = json.loads(capsys.readouterr().out)
    assert decisions["linkage"] is None  # loaded first: no incidents yet
    link = incidents["linkage"]
    assert (link["decisions"], link["linked"], link["overlap"], link["weak"]) == (2, 0, False, True)
    assert link["warning"].startswith("The AI decision log and the incident export do not describe")
