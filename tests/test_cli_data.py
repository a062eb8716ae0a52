"""CLI data commands through main([...]) with --db on a temporary store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from answerable import store
from answerable.cli import main
from answerable.contract import template_header

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"


def test_ingest_json_fields(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--db",
            str(db_path),
            "ingest",
            str(FIX / "servicenow_incidents.csv"),
            str(FIX / "changes.csv"),
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["status"] for o in out] == ["loaded", "loaded"]
    first = out[0]
    for key in (
        "kind",
        "profile",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "records",
        "batch_id",
        "status",
    ):
        assert key in first
    # 6 rows of 3 incidents (fixture), nothing rejected
    assert (
        first["kind"],
        first["profile"],
        first["rows_read"],
        first["rows_rejected"],
        first["records"],
    ) == ("incidents", "servicenow", 6, 0, 3)
    assert out[1]["batch_id"] == first["batch_id"] + 1


def test_ingest_text_and_duplicate(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "ingest", str(FIX / "incidents.csv")]) == 0
    text = capsys.readouterr().out
    assert "loaded as batch 1 (incidents, profile canonical)" in text and "4 records loaded" in text
    # one line per warning rule, with its message and line (incidents.csv: line 3 resolved before opened)
    assert "warning: 1 row [resolved_before_opened]: Loaded, but resolved_at is before opened_at" in text
    assert "opened_at; check the source record. Line 3." in text
    assert main(["--db", str(db_path), "ingest", str(FIX / "incidents.csv")]) == 0
    assert "Already loaded as batch 1" in capsys.readouterr().out


def test_ingest_refused_exit_code_and_stderr(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code = main(["--db", str(db_path), "ingest", str(bad), str(FIX / "changes.csv"), "--json"])
    assert code == 1
    captured = capsys.readouterr()
    assert "bad.csv" in captured.err and "missing_required_column" in captured.err
    out = json.loads(captured.out)
    assert [o["status"] for o in out] == ["refused", "loaded"]  # the good file still loads


def test_ingest_with_mapping_and_kind(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--db",
            str(db_path),
            "ingest",
            str(FIX / "custom_incidents.csv"),
            "--mapping",
            str(FIX / "custom_mapping.toml"),
            "--json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)[0]["records"] == 2
    code = main(["--db", str(db_path), "ingest", str(FIX / "changes.csv"), "--kind", "cmdb_items"])
    assert code == 1
    assert "ci_id" in capsys.readouterr().err


def test_batches_and_retract(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", str(db_path), "ingest", str(FIX / "changes.csv")])
    main(["--db", str(db_path), "ingest", str(FIX / "cmdb_items.csv")])
    capsys.readouterr()
    assert main(["--db", str(db_path), "batches"]) == 0
    table = capsys.readouterr().out
    assert "changes.csv" in table and "cmdb_items.csv" in table
    assert main(["--db", str(db_path), "retract", "1"]) == 0
    assert "Batch 1 (changes, changes.csv) retracted" in capsys.readouterr().out
    assert main(["--db", str(db_path), "batches", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["batch_id"], r["active"]) for r in rows] == [(1, False), (2, True)]
    assert main(["--db", str(db_path), "retract", "1"]) == 2
    assert "already retracted" in capsys.readouterr().err
    con = store.connect(db_path)
    try:
        assert store.record_counts(con)["changes"] == 0
    finally:
        con.close()


def test_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "ai_decisions"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == template_header("ai_decisions")
    assert out.startswith("decision_id,decided_at,ai_system,")


def test_module_entry_point(db_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "answerable", "--db", str(db_path), "ingest", "/nonexistent.csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "nonexistent.csv" in proc.stderr and "Cannot read the file" in proc.stderr
