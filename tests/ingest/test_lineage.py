"""The lineage row of a batch: who, what, when, how, and the report as JSON."""

from __future__ import annotations

import getpass
import hashlib
import json

import duckdb

from answerable import store
from answerable.ingest import ingest_file, load_mapping
from tests.ingest.helpers import FIXTURES


def test_lineage_row_is_complete(con: duckdb.DuckDBPyConnection) -> None:
    path = FIXTURES / "servicenow_incidents.csv"
    r = ingest_file(con, path, loaded_by="ana", is_demo=True, display_name="export (3).csv")
    (b,) = store.list_batches(con)
    assert b.file_name == "export (3).csv" and r.file == "export (3).csv"  # the user's name, not the path
    assert b.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == r.sha256
    assert b.size_bytes == path.stat().st_size
    assert (b.kind, b.profile, b.loaded_by, b.is_demo) == ("incidents", "servicenow", "ana", True)
    # 6 rows read, none rejected, 6 loaded, 3 folded into later versions, 3 records
    assert (b.rows_read, b.rows_loaded, b.rows_rejected, b.rows_collapsed, b.records) == (6, 6, 0, 3, 3)
    assert b.loaded_at is not None and b.retracted_at is None
    # the mapping used, as TOML that loads back
    assert b.mapping is not None
    m = load_mapping(b.mapping)
    assert m.columns["incident_id"] == "number" and m.version_column == "sys_mod_count"
    row = con.execute("SELECT report FROM batches WHERE batch_id = ?", [b.batch_id]).fetchone()
    assert row is not None
    saved = json.loads(row[0])
    assert {k: saved[k] for k in ("kind", "profile", "rows_read", "records", "batch_id", "status")} == {
        "kind": "incidents",
        "profile": "servicenow",
        "rows_read": 6,
        "records": 3,
        "batch_id": b.batch_id,
        "status": "loaded",
    }


def test_loaded_by_defaults_to_the_os_user(con: duckdb.DuckDBPyConnection) -> None:
    ingest_file(con, FIXTURES / "changes.csv")
    (b,) = store.list_batches(con)
    assert b.loaded_by == getpass.getuser() and b.is_demo is False


def test_reloading_names_the_batch_and_replacing_retracts_it_in_the_same_load(
    con: duckdb.DuckDBPyConnection,
) -> None:
    first = ingest_file(con, FIXTURES / "incidents.csv", loaded_by="ana")
    again = ingest_file(con, FIXTURES / "incidents.csv")
    assert again.status == "duplicate" and again.batch_id == first.batch_id
    assert f"retract batch {first.batch_id} first (`answerable retract {first.batch_id}`" in again.summary
    steps: list[tuple[float, str]] = []
    third = ingest_file(
        con, FIXTURES / "incidents.csv", replacing=first.batch_id, progress=lambda f, s: steps.append((f, s))
    )
    assert third.status == "loaded" and third.batch_id != first.batch_id
    active = [b.batch_id for b in store.list_batches(con) if b.active]
    assert active == [third.batch_id]
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
