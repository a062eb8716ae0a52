"""`answerable demo`: loads the six demo CSVs into a real store; --if-empty and --reset behave."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.cli import main
from answerable.contract import KINDS
from answerable.demo.load import REPO_DEMO_DIR, load_demo
from answerable.errors import AnswerableError


def _csv_records(kind: str) -> int:
    """Data rows in the committed CSV (one record per row: the demo files have unique keys)."""
    with (REPO_DEMO_DIR / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _state(db: Path) -> tuple[dict[str, int], list[store.Batch]]:
    con = store.connect(db)
    try:
        return store.record_counts(con), store.list_batches(con)
    finally:
        con.close()


def test_demo_loads_all_six_kinds_then_if_empty_and_reset(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {kind: _csv_records(kind) for kind in KINDS}
    assert expected["incidents"] == 6000 and expected["ai_systems"] == 10

    # 1. An empty store: --if-empty loads every dataset, one demo batch each.
    assert main(["--db", str(db_path), "demo", "--if-empty"]) == 0
    counts, batches = _state(db_path)
    assert counts == expected
    assert sorted(b.kind for b in batches) == sorted(KINDS)
    assert all(b.is_demo and b.active for b in batches)
    out = capsys.readouterr().out
    assert "Northwind Services" in out and "6,000 records" in out

    # 2. Plain `demo` again: the same files by sha256, nothing new.
    assert main(["--db", str(db_path), "demo"]) == 0
    assert _state(db_path) == (expected, batches)
    assert capsys.readouterr().out.count("already loaded") == len(KINDS)

    # 3. --if-empty on a store with data: does nothing and says so.
    assert main(["--db", str(db_path), "demo", "--if-empty"]) == 0
    assert _state(db_path) == (expected, batches)
    assert "not loaded" in capsys.readouterr().out

    # 4. --reset: cleared, then loaded again as new batches with the same records.
    assert main(["--db", str(db_path), "demo", "--reset"]) == 0
    counts, reloaded = _state(db_path)
    assert counts == expected
    assert len(reloaded) == len(KINDS)
    assert min(b.batch_id for b in reloaded) > max(b.batch_id for b in batches)
    assert "cleared the store" in capsys.readouterr().out


def test_reset_and_if_empty_cannot_be_combined(db_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(db_path), "demo", "--reset", "--if-empty"])


def test_incomplete_demo_directory_is_a_clear_error_and_loads_nothing(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copy(REPO_DEMO_DIR / "ai_systems.csv", partial / "ai_systems.csv")
    with pytest.raises(AnswerableError, match=r"incidents\.csv"):
        load_demo(con, directory=partial)
    assert store.is_empty(con)


def test_without_the_repository_data_the_demo_is_generated_identically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import answerable.demo.load as demo_load

    monkeypatch.setattr(demo_load, "REPO_DEMO_DIR", tmp_path / "not-a-checkout")
    folder = demo_load.demo_dir()
    try:
        assert folder != REPO_DEMO_DIR
        for kind in KINDS:
            assert (folder / f"{kind}.csv").read_bytes() == (REPO_DEMO_DIR / f"{kind}.csv").read_bytes()
    finally:
        shutil.rmtree(folder)
