"""Shared helpers for ingestion tests: fixture paths and a snapshot of everything the store holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from answerable.contract import KINDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Row counts of every table ingestion writes: equal snapshots mean nothing was loaded."""
    out: dict[str, Any] = {}
    for table in ["batches", "rejects", *[f"rows_{k}" for k in KINDS]]:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = row[0] if row else None
    return out


def current(con: duckdb.DuckDBPyConnection, kind: str, key: str, columns: str) -> dict[str, tuple[Any, ...]]:
    """The current view of a kind as {key: (columns...)}."""
    rows = con.execute(f"SELECT {key}, {columns} FROM current_{kind}").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}
