"""Helpers for hardening tests: a snapshot of everything a store holds, to prove "nothing changed"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from answerable import store
from answerable.contract import KINDS


@dataclass(frozen=True)
class StoreState:
    batches: tuple[tuple[object, ...], ...]
    rows: tuple[tuple[str, int], ...]
    rejects: int
    current_digest: str


def snapshot(con: duckdb.DuckDBPyConnection) -> StoreState:
    cur = con.cursor()
    batches = tuple(
        tuple(r)
        for r in cur.execute(
            "SELECT batch_id, kind, sha256, rows_loaded, records, retracted_at FROM batches ORDER BY batch_id"
        ).fetchall()
    )
    rows = []
    digest = hashlib.sha256()
    for kind in KINDS:
        n = cur.execute(f"SELECT count(*) FROM {store.rows_table(kind)}").fetchone()
        rows.append((kind, int(n[0]) if n else 0))
        for r in cur.execute(f"SELECT * FROM {store.current_view(kind)} ORDER BY ALL").fetchall():
            digest.update(repr(r).encode())
    rejects = cur.execute("SELECT count(*) FROM rejects").fetchone()
    return StoreState(batches, tuple(rows), int(rejects[0]) if rejects else 0, digest.hexdigest())


def consistency_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every batch has its rows (one per record), and no row or reject points at a missing batch."""
    cur = con.cursor()
    problems: list[str] = []
    for kind in KINDS:
        table = store.rows_table(kind)
        orphans = cur.execute(
            f"SELECT count(*) FROM {table} r ANTI JOIN batches b ON b.batch_id = r._batch_id"
        ).fetchone()
        if orphans and orphans[0]:
            problems.append(f"{orphans[0]} {kind} rows without a batch")
        short = cur.execute(
            f"SELECT b.batch_id, b.records, count(r._batch_id) FROM batches b "
            f"LEFT JOIN {table} r ON r._batch_id = b.batch_id WHERE b.kind = ? "
            "GROUP BY ALL HAVING count(r._batch_id) <> b.records",
            [kind],
        ).fetchall()
        problems += [f"batch {b} says {want} records, has {got} rows" for b, want, got in short]
        cur.execute(f"SELECT count(*) FROM {store.current_view(kind)}").fetchone()
    stray = cur.execute("SELECT count(*) FROM rejects r ANTI JOIN batches b USING (batch_id)").fetchone()
    if stray and stray[0]:
        problems.append(f"{stray[0]} rejects without a batch")
    return problems


def open_and_check(path: Path) -> tuple[StoreState, list[str]]:
    con = store.connect(path)
    try:
        return snapshot(con), consistency_problems(con)
    finally:
        con.close()
