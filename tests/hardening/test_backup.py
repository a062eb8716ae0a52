"""`answerable backup OUT` / `restore IN`: consistent copies, verified, never over a store in use."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from answerable import backup, store
from answerable.cli import main
from answerable.errors import StoreBusyError, StoreError
from tests.conftest import load_rows
from tests.hardening.state import open_and_check, snapshot

DECISION = {"decided_at": "2026-03-01 10:00:00", "ai_system": "Triage"}


def _fill(db: Path) -> None:
    con = store.connect(db)
    try:
        load_rows(con, "ai_decisions", [{"decision_id": f"D{i}", **DECISION} for i in range(5)])
        b2 = load_rows(con, "ai_decisions", [{"decision_id": "D0", **DECISION, "ai_system": "Router"}])
        store.retract(con, b2)
        load_rows(con, "changes", [{"change_id": "C1", "implemented_at": "2026-03-02 02:00:00"}])
    finally:
        con.close()


def test_backup_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "backups" / "b1.duckdb"
    _fill(db)
    before, problems = open_and_check(db)
    assert problems == []
    assert main(["--db", str(db), "backup", str(out)]) == 0
    # 3 batches (1 retracted), 5 + 1 decision rows + 1 change row = 7 stored rows
    assert "3 batches (2 active), 7 stored rows" in capsys.readouterr().out

    # Change the store after the backup: a new batch and a clear.
    con = store.connect(db)
    load_rows(con, "changes", [{"change_id": "C2", "implemented_at": "2026-03-03 02:00:00"}])
    store.clear(con)
    con.close()
    assert open_and_check(db)[0] != before

    assert main(["--db", str(db), "restore", str(out)]) == 0
    after, problems = open_and_check(db)
    assert problems == []
    assert after == before  # same batches, retraction, rows and current views
    kept = list(tmp_path.glob("store.duckdb.before-restore-*"))
    assert len(kept) == 1  # the replaced (cleared) store is kept, not lost
    assert open_and_check(kept[0])[0].batches == ()

    # The batch sequence continues after a restore: a new batch never reuses an id.
    con = store.connect(db)
    try:
        assert load_rows(con, "changes", [{"change_id": "C3", "implemented_at": "2026-03-04"}]) == 4
    finally:
        con.close()


def test_backup_includes_committed_changes_still_in_the_log(tmp_path: Path) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "b.duckdb"
    con = store.connect(db)
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    load_rows(con, "changes", [{"change_id": "C1", "implemented_at": "2026-03-02"}])
    con.close()  # no checkpoint: the batch lives only in store.duckdb.wal
    assert (tmp_path / "store.duckdb.wal").exists()
    summary = backup.backup(db, out)
    assert summary.rows["changes"] == 1 and summary.batches == 1


def test_backup_refuses_existing_target_and_missing_store(tmp_path: Path) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "b.duckdb"
    with pytest.raises(StoreError, match="No store at"):
        backup.backup(db, out)
    _fill(db)
    out.write_bytes(b"precious")
    with pytest.raises(StoreError, match=r"already exists.*--force"):
        backup.backup(db, out)
    assert out.read_bytes() == b"precious"
    backup.backup(db, out, overwrite=True)
    assert backup.verify_store_file(out).batches == 3


def test_restore_refuses_non_stores_and_leaves_the_store_alone(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    _fill(db)
    before = open_and_check(db)[0]
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"\x00" * 4096)
    with pytest.raises(StoreError, match="not a readable DuckDB file"):
        backup.restore(junk, db)
    other = tmp_path / "other.duckdb"
    import duckdb

    duckdb.connect(str(other)).close()  # a DuckDB file, but not an Answerable store
    with pytest.raises(StoreError, match="not an Answerable store"):
        backup.restore(other, db)
    assert open_and_check(db)[0] == before
    assert not list(tmp_path.glob("store.duckdb.before-restore-*"))


HOLDER = """
import sys, time
from answerable import store
con = store.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(30)
"""


def test_restore_refuses_a_store_in_use(tmp_path: Path) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "b.duckdb"
    _fill(db)
    backup.backup(db, out)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreBusyError, match=r"in use by another process.*Stop it, then retry"):
            backup.restore(out, db)
        with pytest.raises(StoreBusyError):
            backup.backup(db, tmp_path / "b2.duckdb")
        assert not (tmp_path / "b2.duckdb").exists()
        rc = subprocess.run(
            [sys.executable, "-m", "answerable", "--db", str(db), "restore", str(out)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert rc.returncode == 2 and "in use by another process" in rc.stderr
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert not list(tmp_path.glob("store.duckdb.before-restore-*"))
    assert not list(tmp_path.glob(".store.duckdb.restoring-*"))
    con = store.connect(db)
    try:
        assert len(snapshot(con).batches) == 3
    finally:
        con.close()


def test_restore_onto_a_fresh_machine_and_env_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "b.duckdb"
    _fill(db)
    monkeypatch.setenv("ANSWERABLE_DB", str(db))  # the default store, as in the app and every command
    assert main(["backup", str(out)]) == 0
    fresh = tmp_path / "new" / "answerable.duckdb"
    monkeypatch.setenv("ANSWERABLE_DB", str(fresh))
    assert main(["restore", str(out)]) == 0
    text = capsys.readouterr().out
    assert "kept as" not in text  # nothing was replaced
    assert open_and_check(fresh) == open_and_check(db)


def _as_older_schema(db: Path, version: int) -> None:
    """Turn a store into what an older Answerable wrote: schema 2 had no change-CI links, schema 1 also
    no batches.columns_supplied (DESIGN §3/§4 second edition added them)."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        con.execute("DROP VIEW current_change_cis")
        con.execute("DROP TABLE rows_change_cis")
        if version < 2:
            con.execute("ALTER TABLE batches DROP COLUMN columns_supplied")
        con.execute("UPDATE schema_version SET version = ?", [version])
        con.execute("CHECKPOINT")
    finally:
        con.close()


@pytest.mark.parametrize("version", [1, 2])
def test_restore_upgrades_a_backup_an_older_answerable_wrote(tmp_path: Path, version: int) -> None:
    db, old, target = tmp_path / "store.duckdb", tmp_path / "old.duckdb", tmp_path / "restored.duckdb"
    _fill(db)
    assert main(["--db", str(db), "backup", str(old)]) == 0
    _as_older_schema(old, version)
    before = old.read_bytes()
    summary, kept = backup.restore(old, target)
    assert kept is None
    assert old.read_bytes() == before  # the backup itself is never written
    # the same 3 batches (2 active) and 5 + 1 decision rows + 1 change row, now at the current schema
    assert (summary.schema_version, summary.batches, summary.active_batches) == (store.SCHEMA_VERSION, 3, 2)
    assert summary.rows["ai_decisions"] == 6 and summary.rows["changes"] == 1
    _, problems = open_and_check(target)
    assert problems == []


def test_restore_refuses_an_older_backup_that_holds_anything_else(tmp_path: Path) -> None:
    import duckdb

    db, old, target = tmp_path / "store.duckdb", tmp_path / "old.duckdb", tmp_path / "restored.duckdb"
    _fill(db)
    assert main(["--db", str(db), "backup", str(old)]) == 0
    _as_older_schema(old, 2)
    con = duckdb.connect(str(old))
    con.execute("CREATE VIEW owners AS SELECT 'x' AS owner")
    con.close()
    with pytest.raises(StoreError, match="view owners is not one Answerable creates"):
        backup.restore(old, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []
