"""The app's locked-down connection cannot reach files outside the upload directory (DESIGN §10)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from answerable import security, store
from answerable.errors import StoreError
from tests.conftest import load_rows


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    d = tmp_path / "uploads"
    d.mkdir()
    return d


@pytest.fixture
def locked(db_path: Path, uploads: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = store.connect(db_path)
    security.lock_down(con, [uploads])
    yield con
    con.close()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "COPY batches TO '/tmp/answerable-exfiltrated.csv'",
        "ATTACH '/tmp/answerable-other.duckdb' AS other",
        "INSTALL httpfs",
        "SELECT * FROM read_csv('https://example.org/x.csv')",
    ],
)
def test_locked_connection_cannot_touch_other_files(locked: duckdb.DuckDBPyConnection, sql: str) -> None:
    with pytest.raises(duckdb.Error, match=r"disabled by configuration|Permission"):
        locked.cursor().execute(sql)
    assert not Path("/tmp/answerable-exfiltrated.csv").exists()


@pytest.mark.parametrize(
    "setting",
    [
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET allowed_directories = ['/']",
        "SET allowed_paths = ['/etc/passwd']",
    ],
)
def test_locked_settings_cannot_be_undone(locked: duckdb.DuckDBPyConnection, setting: str) -> None:
    with pytest.raises(duckdb.Error, match="configuration has been locked"):
        locked.execute(setting)
    assert security.is_locked_down(locked)


def test_paths_escaping_the_upload_dir_are_refused(locked: duckdb.DuckDBPyConnection, uploads: Path) -> None:
    os.symlink("/etc/passwd", uploads / "link.csv")
    for path in [f"{uploads}/../../../../etc/passwd", str(uploads / "link.csv"), f"{uploads}x/secret.csv"]:
        with pytest.raises(duckdb.Error, match="disabled by configuration"):
            # The path is a bound parameter, as ingestion passes it: still refused.
            locked.cursor().execute("SELECT * FROM read_csv(?, header=false)", [path]).fetchall()


def test_store_still_works_when_locked(locked: duckdb.DuckDBPyConnection, uploads: Path) -> None:
    # Reading an upload, temp tables, inserts through the store API, current views, checkpoint.
    (uploads / "ok.csv").write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    cur = locked.cursor()
    got = cur.execute("SELECT a, b FROM read_csv(?, all_varchar=true) ORDER BY a", [str(uploads / "ok.csv")])
    assert got.fetchall() == [("1", "x"), ("2", "y")]
    cur.execute("CREATE TEMP TABLE staging AS SELECT range AS n FROM range(100000)")
    assert cur.execute("SELECT sum(n) FROM staging").fetchone() == (4999950000,)  # 99999*100000/2
    batch = load_rows(locked, "changes", [{"change_id": "C1", "implemented_at": "2026-01-01 00:00:00"}])
    assert store.record_counts(locked)["changes"] == 1
    store.retract(locked, batch)
    assert store.record_counts(locked)["changes"] == 0
    cur.execute("CHECKPOINT")


def test_lock_down_needs_existing_directories(db_path: Path, tmp_path: Path) -> None:
    con = store.connect(db_path)
    try:
        with pytest.raises(StoreError, match="not an existing directory"):
            security.lock_down(con, [tmp_path / "missing"])
        assert not security.is_locked_down(con)  # nothing was locked half-way
    finally:
        con.close()


def test_upload_dir_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(security.UPLOAD_DIR_ENV, str(tmp_path / "up"))
    d = security.upload_dir()
    assert d.is_dir()
    assert oct(d.stat().st_mode & 0o777) == oct(0o700)
