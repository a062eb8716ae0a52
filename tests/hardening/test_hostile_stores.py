"""Crafted backups and DuckDB files that are not stores: refused clearly, nothing replaced or written.

`restore` compares the backup's whole catalog (tables, views and their SQL, sequences, macros,
indexes, types, schemas, the schema_version row) with the store this version of Answerable creates;
`metrics`, `batches` and every other command refuse a DuckDB file that holds someone else's tables
instead of writing the product's tables into it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from answerable import backup, store
from answerable.cli import main
from tests.conftest import load_rows
from tests.hardening.state import open_and_check

SECRET = "top-secret-line-from-a-local-file"


def _store_with_data(db: Path) -> None:
    con = store.connect(db)
    try:
        load_rows(con, "ai_systems", [{"ai_system": "Triage", "business_owner": "Ana"}])
        decision = {"decision_id": "D1", "decided_at": "2026-03-01 10:00", "ai_system": "Triage"}
        load_rows(con, "ai_decisions", [decision])
    finally:
        con.close()


def _crafted(tmp_path: Path, sql: str) -> Path:
    """A real backup of a real store, then altered by `sql` (what an attacker hands an admin)."""
    src, out = tmp_path / "src.duckdb", tmp_path / "crafted.duckdb"
    _store_with_data(src)
    backup.backup(src, out)
    con = duckdb.connect(str(out))
    try:
        con.execute(sql.replace("SECRET_FILE", str(tmp_path / "secret.txt")))
    finally:
        con.close()
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def _assert_clear(err: str, *must: str) -> None:
    assert err.startswith("error: "), err
    assert "Traceback" not in err and "duckdb." not in err and "File \"" not in err, err
    for m in must:
        assert m in err, (m, err)


VIEW_READS_FILE = (
    "CREATE OR REPLACE VIEW current_ai_systems AS SELECT 'Triage' AS ai_system, "
    "(SELECT content FROM read_text('SECRET_FILE')) AS business_owner"
)
CRAFTS: dict[str, tuple[str, str]] = {
    # (found) restore accepted this view; `answerable report` then printed the file as an owner name.
    "view reading a local file": (VIEW_READS_FILE, "view current_ai_systems is defined differently"),
    "extra table": ("CREATE TABLE payload AS SELECT 1 AS x", "table payload is not one Answerable creates"),
    "extra view": ("CREATE VIEW peek AS SELECT * FROM read_text('SECRET_FILE')", "view peek is not one"),
    "macro": ("CREATE MACRO owner_of(x) AS x", "macro or function owner_of is not one Answerable creates"),
    "column with a default expression": (
        "ALTER TABLE batches ALTER COLUMN report SET DEFAULT 'x'",
        "table batches is defined differently",
    ),
    "missing view": ("DROP VIEW current_changes", "view current_changes is missing"),
    "extra schema": ("CREATE SCHEMA attack", "schema attack is not one Answerable creates"),
    "two schema_version rows": (
        f"INSERT INTO schema_version VALUES ({store.SCHEMA_VERSION})",
        f"schema_version holds {store.SCHEMA_VERSION}, {store.SCHEMA_VERSION}",
    ),
    # (found) a text schema_version crashed restore with a raw ValueError traceback.
    "text schema_version": (
        "ALTER TABLE schema_version ALTER version TYPE VARCHAR; UPDATE schema_version SET version = 'one'",
        "table schema_version is defined differently",
    ),
}


@pytest.mark.parametrize("case", sorted(CRAFTS))
def test_restore_refuses_a_backup_whose_schema_is_not_the_products(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    sql, reason = CRAFTS[case]
    crafted = _crafted(tmp_path, sql)
    db = tmp_path / "store.duckdb"
    _store_with_data(db)
    before, digest = open_and_check(db), _digest(db)

    rc, out, err = _cli(capsys, "--db", str(db), "restore", str(crafted))

    assert rc == 2 and out == ""
    _assert_clear(err, str(crafted), "is not a store this version of Answerable wrote", reason,
                  "restore only backups made with `answerable backup`")
    assert SECRET not in err
    assert _digest(db) == digest and open_and_check(db) == before  # the store is untouched
    assert not list(tmp_path.glob("store.duckdb.before-restore-*"))
    assert not list(tmp_path.glob(".store.duckdb.restoring-*"))


def test_a_genuine_backup_still_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check compares against what migrate creates; a store that only held data passes it."""
    src, out, db = tmp_path / "src.duckdb", tmp_path / "b.duckdb", tmp_path / "store.duckdb"
    _store_with_data(src)
    con = store.connect(src)
    store.retract(con, 2)  # a retraction, and the batch sequence moved on: still the product's schema
    con.close()
    backup.backup(src, out)
    assert backup.schema_problems(duckdb.connect(str(out), read_only=True)) == []
    rc, _, err = _cli(capsys, "--db", str(db), "restore", str(out))
    assert rc == 0, err
    assert open_and_check(db) == open_and_check(src)


def _foreign(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)")
    con.execute("INSERT INTO customers VALUES (1, 'Ana')")
    con.close()


def _catalog(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE NOT internal ORDER BY 1"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "args",
    [["batches"], ["metrics"], ["metrics", "--json"], ["score"], ["retract", "1"], ["demo"]],
    ids=lambda a: " ".join(a),
)
def test_commands_refuse_a_duckdb_file_that_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """(found) `metrics` / `batches` quietly created batches, rows_* and current_* in such a file."""
    other = tmp_path / "crm.duckdb"
    _foreign(other)
    rc, out, err = _cli(capsys, "--db", str(other), *args)
    assert rc == 2 and out == ""
    _assert_clear(err, str(other), "is a DuckDB database but not an Answerable store (it holds customers)",
                  "Answerable never writes into another database", "Point --db or ANSWERABLE_DB")
    assert _catalog(other) == [("customers",)]  # nothing of ours was written into it


def test_a_store_whose_schema_version_is_text_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.duckdb"
    _store_with_data(db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE schema_version ALTER version TYPE VARCHAR")
    con.execute("UPDATE schema_version SET version = 'one'")
    con.close()
    for args in (["batches"], ["metrics"], ["backup", str(tmp_path / "b.duckdb")]):
        rc, out, err = _cli(capsys, "--db", str(db), *args)
        assert rc == 2, (args, out)
        _assert_clear(err, str(db))
        assert "schema_version" in err
    assert not (tmp_path / "b.duckdb").exists()


OPENERS: dict[str, Callable[[Path], object]] = {
    "new file": lambda p: None,
    "empty DuckDB file": lambda p: duckdb.connect(str(p)).close(),
}


@pytest.mark.parametrize("case", sorted(OPENERS))
def test_a_new_or_empty_file_still_becomes_a_store(tmp_path: Path, case: str) -> None:
    db = tmp_path / "store.duckdb"
    OPENERS[case](db)
    store.connect(db).close()
    assert ("batches",) in _catalog(db)
    store.connect(db, read_only=True).close()  # and opens read-only once it is one
