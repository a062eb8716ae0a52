"""Step 6, load: the validated rows into the store, atomically, with the event-log collapse.

One transaction per file: the latest version of each key (DESIGN §3 "Event logs"), the rejected rows
and the lineage row. Only this step writes to the store; check-then-load is serialised in this
process (the store's only writer), so the same file loaded twice at once becomes one batch.
"""

from __future__ import annotations

import threading

import duckdb

from answerable import store
from answerable.contract import dataset
from answerable.ingest.lineage import loaded_before, record
from answerable.ingest.plan import Plan
from answerable.ingest.report import IngestReport
from answerable.ingest.validate import Checked
from answerable.store import quote_ident as q
from answerable.store import rows_table

WRITE_LOCK = threading.Lock()


def load_batch(
    con: duckdb.DuckDBPyConnection,
    checked: Checked,
    loaded_by: str | None,
    is_demo: bool,
    *,
    replacing: int | None = None,
) -> IngestReport:
    """One transaction: the batch it replaces retracted (if any), the rows (latest version per key),
    the rejects and the lineage row; a file another session loaded meanwhile is reported as that
    batch's duplicate."""
    src, stage = checked.parsed.src, checked.parsed.stage
    with WRITE_LOCK:
        again = loaded_before(con, src, checked.plan, replacing=replacing)
        if again is not None:
            return again
        with store.transaction(con):
            if replacing is not None:
                store.retract(con, replacing)
            batch_id = store.next_batch_id(con)
            insert_rows(con, stage, checked.plan, batch_id, event_log=checked.rows_loaded > checked.records)
            insert_rejects(con, stage, batch_id)
            if checked.links:
                insert_change_cis(con, stage, batch_id)
            return record(con, checked, batch_id, loaded_by, is_demo)


def insert_rows(
    con: duckdb.DuckDBPyConnection, stage: str, plan: Plan, batch_id: int, *, event_log: bool
) -> None:
    """One INSERT ... SELECT of the latest version per key, in file order.

    Versions are ordered ascending by updated_at, then the version column, then file order, nulls
    first (DESIGN §3); the last one wins. `arg_max` over that order (`version_order`) picks each
    key's latest line in one hash aggregation (cheaper than sorting every column through a window),
    and `arg_min_null` the earliest version's category for an event log's initial_category. Rows
    go in sorted by line: one ordered stream appends to the store's wide table faster than the
    join's parallel batches (0.36 s against 0.42 s for 250,221 records of 1M rows).
    """
    ds = dataset(plan.kind)
    key = version_order(con, stage, plan)
    picks = [f"arg_max(_line, {key}) AS _pick"]
    names = [c for c in ds.names if c in plan.mapping.columns]
    values = [f"t.{q(c)}" for c in names]
    if "initial_category" in ds.names and event_log and "category" in plan.mapping.columns:
        picks.append(f"arg_min_null({q('category')}, {key}) AS _first_category")
        names = [c for c in names if c != "initial_category"] + ["initial_category"]
        values = [f"t.{q(c)}" for c in names[:-1]] + ["p._first_category"]
    cols = ", ".join(q(c) for c in names)
    con.execute(
        f"INSERT INTO {rows_table(plan.kind)} (_batch_id, _line, _version, {cols}) "  # noqa: S608
        f"WITH p AS (SELECT {', '.join(picks)} FROM {stage}.rows WHERE NOT _bad GROUP BY {q(ds.key)}) "
        f"SELECT ?, t._line, t._version, {', '.join(values)} "
        f"FROM {stage}.rows AS t JOIN p ON t._line = p._pick ORDER BY t._line",
        [batch_id],
    )


VERSION_BITS = 22  # versions 0 .. 2^22 - 2 pack beside a line number below 2^40 in one BIGINT
LINE_BITS = 40


def version_order(con: duckdb.DuckDBPyConnection, stage: str, plan: Plan) -> str:
    """The order of a key's versions as one SQL value: (updated_at, version, line), nulls first.

    When every version is a whole number from 0 to 2^22 - 2 (a ServiceNow sys_mod_count is) and
    every line is below 2^40, the three pack into one number that compares the same way: the
    version plus one (NULL as 0) shifted above the line, under updated_at's microseconds (NULL
    below every timestamp, which lie in years 1-9999) times 2^64. One integer compares faster
    than a tuple (the aggregation 0.20 -> 0.15 s for 1M rows). Otherwise, the tuple itself.
    """
    ds = dataset(plan.kind)
    updated = ds.updated_column if ds.updated_column in plan.mapping.columns else None
    low, high, last = con.execute(
        f"SELECT min(_version), max(_version), max(_line) FROM {stage}.rows"  # noqa: S608
    ).fetchall()[0]
    packs = (low is None or (low >= 0 and high < (1 << VERSION_BITS) - 1)) and (last or 0) < (1 << LINE_BITS)
    if not packs:
        order = [f"coalesce({q(updated)}, '-infinity'::TIMESTAMP)"] if updated else []
        order += ["coalesce(_version, -9223372036854775808)", "_line"]
        return "(" + ", ".join(order) + ")"
    packed = f"((coalesce(_version + 1, 0) << {LINE_BITS}) + _line)"
    if not updated:
        return packed
    return f"(coalesce(epoch_us({q(updated)}), -9223372036854775808)::HUGEINT * {1 << 64} + {packed})"


def insert_rejects(con: duckdb.DuckDBPyConnection, stage: str, batch_id: int) -> None:
    con.execute(
        f"INSERT INTO rejects (batch_id, line, column_name, value, rule, message) "  # noqa: S608
        f"SELECT ?, _line, column_name, value, rule, message FROM {stage}.rejects ORDER BY _line",
        [batch_id],
    )


def insert_change_cis(con: duckdb.DuckDBPyConnection, stage: str, batch_id: int) -> None:
    """The distinct CIs of each change (a change export may list one row per change and CI)."""
    con.execute(
        "INSERT INTO rows_change_cis (_batch_id, change_id, cmdb_ci) "  # noqa: S608
        f"SELECT DISTINCT ?, change_id, trim(cmdb_ci) FROM {stage}.rows "
        "WHERE NOT _bad AND nullif(trim(cmdb_ci), '') IS NOT NULL",
        [batch_id],
    )
