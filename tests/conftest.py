"""Shared fixtures: a real DuckDB store on a temporary file, and the shared real data."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from answerable import store
from answerable.contract import KINDS, dataset

ROOT = Path(__file__).resolve().parent.parent
# ANSWERABLE_SHARED_DATA: the shared data folder when the repository is not beside it (a worktree)
SHARED_DATA = Path(os.environ.get("ANSWERABLE_SHARED_DATA") or ROOT.parent / "shared" / "data")
SERVICENOW_ZIP = SHARED_DATA / "servicenow_incident_event_log.zip"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO = ROOT / "data" / "demo"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = store.connect(db_path)
    yield c
    c.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the committed demo data, loaded once per session through the ingestion API.
    Shared: tests copy it (shutil.copy) before opening or changing it."""
    from answerable.ingest import ingest_file

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = store.connect(path)
    try:
        for kind in KINDS:
            ingest_file(con, DEMO / f"{kind}.csv", kind=kind, is_demo=True, loaded_by="test")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def servicenow_zip() -> Path:
    if not SERVICENOW_ZIP.exists():
        where = f"shared data not present at {SERVICENOW_ZIP} (set ANSWERABLE_SHARED_DATA to its folder)"
        if os.environ.get("ANSWERABLE_REQUIRE_SHARED_DATA"):  # CI: the real-data tests must run
            pytest.fail(where)
        pytest.skip(where)
    return SERVICENOW_ZIP


def load_rows(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    file_name: str = "fixture.csv",
) -> int:
    """Append already-typed records as one batch (a test shortcut past file parsing; same tables).

    Metric fixtures use it so each test states its records as Python values. Returns the batch id.
    """
    ds = dataset(kind)
    cols = list(ds.names)
    with store.transaction(con):
        batch_id = store.next_batch_id(con)
        placeholders = ", ".join("?" * (len(cols) + 2))
        quoted = ", ".join(store.quote_ident(c) for c in cols)
        for line, row in enumerate(rows, start=2):
            unknown = set(row) - set(cols)
            assert not unknown, f"not contract columns of {kind}: {unknown}"
            con.execute(
                f"INSERT INTO {store.rows_table(kind)} (_batch_id, _line, {quoted}) VALUES ({placeholders})",
                [batch_id, line, *[row.get(c) for c in cols]],
            )
        digest = hashlib.sha256(json.dumps([dict(r) for r in rows], default=str).encode()).hexdigest()
        store.record_batch(
            con,
            store.Batch(
                batch_id=batch_id, kind=kind, file_name=file_name, sha256=digest, size_bytes=0,
                profile="fixture", mapping=None, rows_read=len(rows), rows_loaded=len(rows),
                rows_rejected=0, rows_collapsed=0, records=len(rows), loaded_by="test",
                loaded_at=datetime(2026, 1, 1), retracted_at=None, is_demo=False,
                # the file "supplied" every column some row states (None included: present but empty)
                columns_supplied=tuple(c for c in cols if any(c in r for r in rows)),
            ),
        )
    return batch_id


E2E_FILES = (ROOT / "tests" / "e2e", ROOT / "tests" / "hardening" / "test_browser_sign_in.py")


def _selects_browser_tests(config: pytest.Config) -> bool:
    if "not e2e" in (config.option.markexpr or ""):
        return False
    for arg in config.args or [str(config.rootpath)]:
        path = Path(arg.split("::")[0]).resolve()
        if any(path == f or path in f.parents or f in path.parents for f in E2E_FILES):
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    """No Chromium: stop in the first second with the command to run, not when the browser tests start."""
    from tests.app_server import CHROMIUM

    if hasattr(config, "workerinput") or os.access(CHROMIUM, os.X_OK) or not _selects_browser_tests(config):
        return
    pytest.exit(
        f"The browser tests need Chromium at {CHROMIUM}. Install it with: sudo apt-get install -y chromium "
        "(`make test` does it when run as root), or deselect them with -m 'not e2e'.",
        returncode=4,
    )
