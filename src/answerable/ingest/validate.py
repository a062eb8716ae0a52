"""Step 5, validate: over the typed staging table only (the file is not read again).

Rejected rows (empty key, a value that does not parse: kept with the rule and the text as written),
loaded-with-warning rows (implausible content the data-quality indicators count), and the refusal of
the whole file when every row, or more than the allowed share, is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from answerable.contract import dataset
from answerable.ingest.dates import TsFormat
from answerable.ingest.limits import IngestLimits
from answerable.ingest.parse import Parsed, kept_raw
from answerable.ingest.plan import Plan
from answerable.ingest.report import MAX_LISTED, Problem, refuse
from answerable.ingest.values import RULES, Params, reject_message
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
    con: duckdb.DuckDBPyConnection, stage: str, plan: Plan, formats: dict[str, TsFormat], file_name: str
) -> Rejects:
    """Fill {stage}.rejects (line, column, value, rule, message) from the rows typed as `_bad`, with
    each rejected value's text as the parse step kept it (`_raw`)."""
    ds = dataset(plan.kind)
    p = Params()
    key = ds.key
    con.execute(
        f"CREATE TABLE {stage}.rejects (_line BIGINT, column_name VARCHAR, value VARCHAR, "
        "rule VARCHAR, message VARCHAR)"
    )
    bad = con.execute(f"SELECT count(*) FROM {stage}.typed WHERE _bad").fetchall()[0]  # noqa: S608
    n_bad = int(bad[0]) if bad else 0
    if n_bad == 0:
        return Rejects(0, {}, ())
    rows = f"{stage}.rows AS t WHERE t._bad AND"
    parts = [
        f"SELECT t._line, {p.add(plan.mapping.columns[key])} AS column_name, NULL::VARCHAR AS value, "  # noqa: S608
        f"'empty_key' AS rule, {p.add(f'Row rejected: the key {key} is empty. Fill it in.')} "
        f"AS message FROM {rows} t.{q(key)} IS NULL"
    ]
    kept = kept_raw(plan)  # `_raw[i]` is the text of kept[i - 1]
    for c in typed_columns(plan):
        col = ds.column(c)
        text = f"t._raw[{kept.index(q(c + '__raw')) + 1}]"
        parts.append(
            f"SELECT t._line, {p.add(plan.mapping.columns[c])}, {text}, {p.add(RULES[col.type])}, "  # noqa: S608
            f"{p.add(reject_message(c, col.type, formats.get(c), plan.mapping.decimal))} FROM {rows} "
            f"{text} IS NOT NULL AND t.{q(c)} IS NULL"
        )
    if plan.version_position is not None and plan.mapping.version_column:
        parts.append(
            f"SELECT t._line, {p.add(plan.mapping.version_column)}, t._raw[{len(kept)}], 'not_an_integer', "  # noqa: S608
            f"{p.add('Row rejected: the version column must be a whole number. Fix the value.')} FROM {rows} "
            f"t._raw[{len(kept)}] IS NOT NULL AND t._version IS NULL"
        )
    con.execute(f"INSERT INTO {stage}.rejects " + " UNION ALL ".join(parts), p.values)
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
        if col.required and c != ds.key:
            checks.append(
                (
                    "required_empty",
                    c,
                    f"{q(c)} IS NULL",
                    f"Loaded, but {c} is empty; the indicators that need it leave this record out.",
                    [],
                )
            )
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


@dataclass(frozen=True)
class Checked:
    """What the validate step produced: counts, rejects and warnings of the typed rows in staging."""

    parsed: Parsed
    rows_loaded: int  # accepted rows (read minus rejected), before collapsing versions
    records: int  # distinct keys among them
    rejects: Rejects
    warning_counts: dict[str, int]
    warnings: tuple[Problem, ...]
    columns_dropped: int = 0  # columns without a header and without a value
    multi_valued: bool = False  # repeated keys that nothing orders as versions: one record, several rows
    links: int = 0  # distinct (change, CI) pairs of a change export

    @property
    def plan(self) -> Plan:
        return self.parsed.plan

    @property
    def rows_read(self) -> int:
        return self.parsed.rows_read


def validate_rows(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> Checked:
    """Rejects, warnings and counts of what the parse step staged."""
    plan, stage, name = parsed.plan, parsed.stage, parsed.src.name
    rejects = find_rejects(con, stage, plan, parsed.formats, name)
    accepted, records = accepted_counts(con, stage, plan)
    counts, warnings = find_warnings(con, stage, plan, name)
    if parsed.rescaled:
        counts["rescaled_percent"] = len(parsed.rescaled)
        warnings += tuple(
            Problem(
                name,
                None,
                plan.mapping.columns[c],
                None,
                "rescaled_percent",
                f"{c} had values above 1, so the whole column was read as a percentage and divided by 100.",
            )
            for c in parsed.rescaled
        )
    dropped, notes = column_warnings(con, parsed)
    for w in notes:
        counts[w.rule] = counts.get(w.rule, 0) + 1
    ds = dataset(plan.kind)
    ordered = plan.version_position is not None or (ds.updated_column or "") in plan.positions
    multi = accepted > records and not ordered
    links = change_ci_links(con, stage, plan)
    return Checked(parsed, accepted, records, rejects, counts, notes + warnings, dropped, multi, links)


def change_ci_links(con: duckdb.DuckDBPyConnection, stage: str, plan: Plan) -> int:
    """Distinct (change, CI) pairs of a change export (kept as links by the load step)."""
    if plan.kind != "changes" or "cmdb_ci" not in plan.positions:
        return 0
    row = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT change_id, trim(cmdb_ci) FROM {stage}.rows "  # noqa: S608
        "WHERE NOT _bad AND nullif(trim(cmdb_ci), '') IS NOT NULL)"
    ).fetchall()[0]
    return int(row[0])


def _all(positions: tuple[int, ...]) -> str:
    return "both" if len(positions) == 2 else "all"


def column_warnings(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> tuple[int, tuple[Problem, ...]]:
    """(columns dropped, warnings) about whole columns: unnamed ones (dropped when empty, ignored
    with a warning when they hold values), unused duplicated names, and placeholders such as HP SM's
    #MULTIVALUE (stored as empty; the values they stand for are not in the export)."""
    plan, name, line = parsed.plan, parsed.src.name, parsed.src.header_line
    counts: list[str] = [f"count(*) FILTER (WHERE _u{i})" for i in plan.unnamed]
    ph = list(plan.positions) if plan.mapping.placeholders else []
    counts += [f"count(*) FILTER (WHERE {q('_ph__' + c)})" for c in ph]
    found = (
        con.execute(f"SELECT {', '.join(counts)} FROM {parsed.stage}.rows").fetchall()[0] if counts else ()  # noqa: S608
    )
    held = dict(zip(plan.unnamed, found[: len(plan.unnamed)], strict=True))
    out: list[Problem] = [
        Problem(
            name, line, None, None, "unnamed_column",
            f"Column {i + 1} has no header but holds {n:,} value(s); it was ignored. If it matters, give it "
            "a header in the export and map it.",
        )
        for i, n in held.items() if n
    ]
    out += [
        Problem(
            name, line, header, None, "duplicate_header_ignored",
            f"Columns {' and '.join(str(i + 1) for i in pos)} are {_all(pos)} named {header!r}; no mapped "
            "column uses that name, so they were ignored.",
        )
        for header, pos in plan.ignored_duplicates
    ]
    out += [
        Problem(
            name, line, header, None, "repeated_header_first_used",
            f"Columns {' and '.join(str(i + 1) for i in pos)} are {_all(pos)} named {header!r} (an export "
            f"writes one column per value of a multi-valued field): {col} was read from the first, column "
            f"{pos[0] + 1}; "
            "values in the others were not read. To read another one, map the column in a mapping.",
        )
        for col, header, pos in plan.repeated
    ]
    tokens = " or ".join(repr(t) for t in plan.mapping.placeholders)
    out += [
        Problem(
            name, None, plan.mapping.columns[c], None, "placeholder",
            f"{n:,} row(s) hold {tokens} in {c} (the tool's mark for several values, which the export "
            "does not list): stored as empty.",
        )
        for c, n in zip(ph, found[len(plan.unnamed) :], strict=True) if n
    ]
    return sum(1 for n in held.values() if not n), tuple(out)


def accepted_counts(con: duckdb.DuckDBPyConnection, stage: str, plan: Plan) -> tuple[int, int]:
    """(accepted rows, distinct keys among them)."""
    key = q(dataset(plan.kind).key)
    row = con.execute(
        f"SELECT count(*), count(DISTINCT {key}) FROM {stage}.rows WHERE NOT _bad"  # noqa: S608
    ).fetchall()[0]
    assert row is not None
    return int(row[0]), int(row[1])


def refuse_if_too_many_rejects(checked: Checked, limits: IngestLimits) -> None:
    """All rows rejected, or more than the allowed share: the whole file is refused."""
    rej, name, read = checked.rejects, checked.parsed.src.name, checked.rows_read
    if rej.rows == 0:
        return
    examples = "; ".join(str(p) for p in rej.listed[:3])
    if rej.rows == read:
        raise refuse(
            name,
            "all_rows_rejected",
            f"Every one of the {read:,} rows was rejected, so "
            f"nothing was loaded. First problems: {examples}. Check the mapping (--kind/--mapping) "
            "and the date format.",
        )
    if rej.rows / read > limits.max_reject_share:
        raise refuse(
            name,
            "too_many_rejects",
            f"{rej.rows:,} of {read:,} rows were rejected, more "
            f"than the allowed share of {limits.max_reject_share:.0%}; nothing was loaded. First "
            f"problems: {examples}. Check the mapping and the date format.",
        )
