"""DESIGN §4 "Not assessed" by supplied columns, the same rule for every indicator.

An indicator declares its needed columns once (`Indicator.needs`: (dataset, column) pairs; a column
written "a|b" is satisfied by either). It is *not assessed* when no current batch of the dataset
supplied a needed column (the lineage, `batches.columns_supplied`, records which contract columns
each file had). A supplied column that is empty in every current record IS evidence: the indicator is
assessed and carries a warning naming the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from answerable.contract import DATASETS
from answerable.store import quote_ident, rows_table

# What a leader calls each dataset's file.
EXPORT_NAMES = {
    "incidents": "incident export",
    "ai_decisions": "AI decision log",
    "ai_systems": "AI inventory",
    "changes": "change export",
    "knowledge_articles": "knowledge base export",
    "cmdb_items": "CMDB export",
}


def alternatives(column: str) -> tuple[str, ...]:
    """'escalated|escalated_at' -> ('escalated', 'escalated_at')."""
    return tuple(c.strip() for c in column.split("|"))


def filled_sql() -> str:
    """One row per (dataset, column) of the current records: how many records, how many non-empty
    (text compared after trimming). Read from the session's `src_<kind>` views; built once per version."""
    parts = []
    for kind, ds in DATASETS.items():
        counts = ", ".join(
            f"count({_value(quote_ident(c.name), c.sql_type)}) AS {quote_ident(c.name)}" for c in ds.columns
        )
        cols = ", ".join(quote_ident(c.name) for c in ds.columns)
        parts.append(
            f"SELECT '{kind}' AS dataset, column_name, records, filled FROM ("  # noqa: S608
            f"SELECT count(*) AS records, {counts} FROM {quote_ident('src_' + kind)}) "
            f"UNPIVOT (filled FOR column_name IN ({cols}))"
        )
    return "\nUNION ALL\n".join(parts)


def _value(column: str, sql_type: str) -> str:
    return f"clean({column})" if sql_type == "VARCHAR" else column


Execute = Callable[[str, dict[str, Any]], tuple[list[str], list[tuple[Any, ...]]]]


def supplied_by_batches(execute: Execute, kind: str, batch_ids: Iterable[int]) -> frozenset[str]:
    """The contract columns that at least one of these batches supplied. A batch loaded before the
    lineage recorded it (NULL) counts as supplying the columns that hold a value in its rows.
    `execute` runs DuckDB-dialect SQL with named parameters on the session's engine."""
    ids = sorted(set(batch_ids))
    if not ids:
        return frozenset()
    _, rows = execute(
        "SELECT batch_id, columns_supplied FROM batches WHERE list_contains($batch_ids, batch_id)",
        {"batch_ids": ids},
    )
    out: set[str] = set()
    for batch_id, columns in rows:
        if columns is not None:
            out.update(columns)
            continue
        names = DATASETS[kind].names
        counts = ", ".join(f"count({quote_ident(c)})" for c in names)
        _, found = execute(
            f"SELECT {counts} FROM {rows_table(kind)} WHERE _batch_id = $batch_id",  # noqa: S608
            {"batch_id": int(batch_id)},
        )
        out.update(c for c, n in zip(names, found[0] if found else (), strict=False) if n)
    return frozenset(out)


def _join(words: list[str], conj: str) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conj} " + words[-1]


def missing_reason(kind: str, missing: list[str]) -> str:
    """'The change export has no approved or communicated column: add approved and communicated to
    your change export (or map them when loading it) to assess this indicator.'"""
    export = EXPORT_NAMES.get(kind, f"{kind} export")
    what, add = [], []
    for need in missing:
        alts = list(alternatives(need))
        what.append(_join(alts, "nor") if len(alts) > 1 else alts[0])
        add.append(_join(alts, "or"))
    if len(missing) == 1 and len(alternatives(missing[0])) > 1:
        has = f"has neither {what[0]}"
    else:
        has = f"has no {_join(what, 'or')} column"
    them = "it" if len(missing) == 1 and len(alternatives(missing[0])) == 1 else "them"
    return (
        f"The {export} {has}: add {_join(add, 'and')} to your {export} "
        f"(or map {them} when loading it) to assess this indicator."
    )


def empty_warning(kind: str, columns: list[str], records: int) -> str:
    export = EXPORT_NAMES.get(kind, f"{kind} export")
    cols = _join(columns, "and")
    noun = "column is" if len(columns) == 1 else "columns are"
    return (
        f"The {export}'s {cols} {noun} empty in all {records:,} current records: "
        "the figure counts them as missing."
    )
