"""Validation over the typed staging table: rejected rows (with the rule) and loaded-with-warning rows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from answerable.contract import dataset
from answerable.ingest.detect import Plan
from answerable.ingest.load import Reader
from answerable.ingest.parse import RULES, Params, TsFormat, raw, reject_message
from answerable.ingest.report import MAX_LISTED, Problem
from answerable.store import quote_ident as q


def typed_columns(plan: Plan) -> list[str]:
    """Mapped contract columns whose text is parsed into a type (these can reject a row)."""
    ds = dataset(plan.kind)
    return [c for c in plan.mapping.columns if ds.column(c).type != "str"]


@dataclass(frozen=True)
class Rejects:
    rows: int  # distinct rejected rows
    counts: dict[str, int]  # per rule
    listed: tuple[Problem, ...]


def find_rejects(
    con: duckdb.DuckDBPyConnection, stage: str, rd: Reader, formats: dict[str, TsFormat], file_name: str
) -> Rejects:
    """Fill {stage}.rejects (line, column, value, rule, message) for the rows typed as `_bad`.

    The file is read again only when there are such rows, to report each rejected value as written.
    """
    plan = rd.plan
    ds = dataset(plan.kind)
    p = Params()
    key = ds.key
    bad = con.execute(f"SELECT count(*) FROM {stage}.typed WHERE _bad").fetchone()  # noqa: S608
    n_bad = int(bad[0]) if bad else 0
    if n_bad == 0:
        con.execute(
            f"CREATE TABLE {stage}.rejects (_line BIGINT, column_name VARCHAR, value VARCHAR, "
            "rule VARCHAR, message VARCHAR)"
        )
        return Rejects(0, {}, ())
    rows = f"{rd.sql(p, with_line=True)} AS r JOIN {stage}.rows AS t ON t._line = r._line AND t._bad WHERE"
    parts = [
        f"SELECT t._line, {p.add(plan.mapping.columns[key])} AS column_name, NULL::VARCHAR AS value, "  # noqa: S608
        f"'empty_key' AS rule, {p.add(f'Row rejected: the key {key} is empty. Fill it in.')} "
        f"AS message FROM {rows} t.{q(key)} IS NULL"
    ]
    for c in typed_columns(plan):
        col = ds.column(c)
        parts.append(
            f"SELECT t._line, {p.add(plan.mapping.columns[c])}, r.{raw(c)}, {p.add(RULES[col.type])}, "  # noqa: S608
            f"{p.add(reject_message(c, col.type, formats.get(c), plan.mapping.decimal))} FROM {rows} "
            f"r.{raw(c)} IS NOT NULL AND t.{q(c)} IS NULL"
        )
    if plan.version_position is not None and plan.mapping.version_column:
        parts.append(
            f"SELECT t._line, {p.add(plan.mapping.version_column)}, r._version__raw, 'not_an_integer', "  # noqa: S608
            f"{p.add('Row rejected: the version column must be a whole number. Fix the value.')} FROM {rows} "
            f"r._version__raw IS NOT NULL AND t._version IS NULL"
        )
    rd.execute(con, f"CREATE TABLE {stage}.rejects AS " + " UNION ALL ".join(parts), p.values)
    counts = dict(con.execute(f"SELECT rule, count(*) FROM {stage}.rejects GROUP BY rule").fetchall())  # noqa: S608
    listed = con.execute(
        f"SELECT _line, column_name, value, rule, message FROM {stage}.rejects "  # noqa: S608
        "ORDER BY _line, column_name LIMIT ?",
        [MAX_LISTED],
    ).fetchall()
    problems = tuple(Problem(file_name, int(r[0]), r[1], r[2], r[3], r[4]) for r in listed)
    return Rejects(n_bad, {k: int(v) for k, v in counts.items()}, problems)


def find_warnings(
    con: duckdb.DuckDBPyConnection, stage: str, plan: Plan, file_name: str
) -> tuple[dict[str, int], tuple[Problem, ...]]:
    """Loaded rows with implausible content: counted exactly, the first MAX_LISTED of each listed."""
    ds = dataset(plan.kind)
    checks: list[tuple[str, str, str, str, list[object]]] = []  # rule, column, condition, message, params
    cols = plan.mapping.columns
    if plan.kind == "incidents" and "resolved_at" in cols and "opened_at" in cols:
        checks.append(
            (
                "resolved_before_opened",
                "resolved_at",
                '"resolved_at" < "opened_at"',
                "Loaded, but resolved_at is before opened_at; check the source record.",
                [],
            )
        )
    for c in cols:
        col = ds.column(c)
        if col.enum:
            checks.append(
                (
                    "out_of_enum",
                    c,
                    f"{q(c)} IS NOT NULL AND NOT list_contains(?, {q(c)})",
                    f"Loaded, but {c} is not one of {', '.join(col.enum)}; metrics treat it as invalid.",
                    [list(col.enum)],
                )
            )
        if col.min_value is not None and col.max_value is not None:
            checks.append(
                (
                    "out_of_range",
                    c,
                    f"({q(c)} < ? OR {q(c)} > ?)",
                    f"Loaded, but {c} is outside {col.min_value:g}..{col.max_value:g}.",
                    [col.min_value, col.max_value],
                )
            )
        elif col.type in ("int", "float") and (c.endswith("_count") or c.endswith("_minutes")):
            checks.append(("negative_count", c, f"{q(c)} < 0", f"Loaded, but {c} is negative.", []))
    counts: dict[str, int] = {}
    listed: list[Problem] = []
    for rule, c, cond, message, params in checks:
        rows = con.execute(
            f"SELECT _line, {q(c)}::VARCHAR, count(*) OVER () FROM {stage}.rows "  # noqa: S608
            f"WHERE NOT _bad AND {cond} ORDER BY _line LIMIT ?",
            [*params, MAX_LISTED],
        ).fetchall()
        if rows:
            counts[rule] = counts.get(rule, 0) + int(rows[0][2])
            listed += [Problem(file_name, int(r[0]), cols[c], r[1], rule, message) for r in rows]
    return counts, tuple(listed)
