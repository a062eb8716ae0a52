from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from answerable import store
from answerable.errors import StoreBusyError, StoreError
from tests.conftest import load_rows


def test_quote_ident_refuses_anything_but_plain_names() -> None:
    assert store.quote_ident("incident_id") == '"incident_id"'
    for bad in ['a"b', "a b", "1abc", "x; DROP TABLE batches", ""]:
        with pytest.raises(StoreError):
            store.quote_ident(bad)


def test_current_view_takes_latest_per_key_and_retract_restores(con) -> None:  # type: ignore[no-untyped-def]
    t0 = datetime(2026, 1, 1, 8)
    first = load_rows(con, "incidents", [
        {"incident_id": "INC1", "opened_at": t0, "category": "network", "updated_at": datetime(2026, 1, 2)},
        {"incident_id": "INC2", "opened_at": t0, "category": "email"},
    ])
    second = load_rows(con, "incidents", [
        {"incident_id": "INC1", "opened_at": t0, "category": "identity", "updated_at": datetime(2026, 1, 3)},
    ])
    # an older update in a later batch does not win: updated_at orders before batch order
    load_rows(con, "incidents", [
        {"incident_id": "INC2", "opened_at": t0, "category": "stale", "updated_at": None},
    ])
    cur = dict(con.execute("SELECT incident_id, category FROM current_incidents").fetchall())
    # INC2: both versions have updated_at null, so the later batch wins
    assert cur == {"INC1": "identity", "INC2": "stale"}
    store.retract(con, second)
    cur = dict(con.execute("SELECT incident_id, category FROM current_incidents").fetchall())
    assert cur["INC1"] == "network"
    assert store.get_batch(con, first) is not None
    with pytest.raises(StoreError, match="already retracted"):
        store.retract(con, second)


def test_data_version_changes_on_load_and_retract(con) -> None:  # type: ignore[no-untyped-def]
    v0 = store.data_version(con)
    b = load_rows(con, "changes", [{"change_id": "CHG1", "implemented_at": datetime(2026, 1, 1)}])
    v1 = store.data_version(con)
    store.retract(con, b)
    v2 = store.data_version(con)
    assert len({v0, v1, v2}) == 3
    assert store.is_empty(con)


def test_second_process_gets_busy_message(db_path: Path) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,time; c=duckdb.connect({str(db_path)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreBusyError, match="in use by another process"):
            store.connect(db_path)
    finally:
        holder.kill()
        holder.wait()
