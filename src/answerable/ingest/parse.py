"""Step 4, parse: read the file once, typed, into private staging (DESIGN §3 "Values").

Staging is an in-memory database attached to the connection for one ingest. `{stage}.typed` is
written straight from DuckDB's CSV reader (or the XLSX sheet's Arrow table), so its `rowid` is the
file order: one typed column per mapped contract column, `_version`, `_bad` (the row will be
rejected: empty key or a value that does not parse) and `_raw`, the text of the typed columns kept
for the bad rows only, which the validate step reports without reading the file again. The view
`{stage}.rows` adds each row's `_line` (header = line 1).

Timestamp columns whose first rows fit one strptime format are typed by DuckDB's CSV reader itself
(`typed_pass`, `guess.reader_types`), a third of the pass saved; a value it cannot take exactly as
the text would stops that read, and the pass is done from the text.

The file is read a second time only when the timestamp formats guessed from the first rows fail on
some row: the format is then decided from the whole column (never from the first rows alone). A
day/month guess proved wrong by a field above 12 is first tried the other way round (`_other_way`),
which the whole column confirms without reading the file again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from answerable.contract import dataset
from answerable.ingest.dates import FIRST_FIELD_RE, SECOND_FIELD_RE, TsEvidence, TsFormat, iso_exact
from answerable.ingest.encoding import binary_refusal, has_empty_line, skipped_empty_lines
from answerable.ingest.guess import (
    GIVE_UP,
    GuessDoomed,
    choose_formats,
    days_above_12,
    doomed_by,
    first_guess,
    first_rows_evidence,
    reader_types,
    sampled,
    turned,
)
from answerable.ingest.limits import IngestLimits
from answerable.ingest.plan import Plan
from answerable.ingest.read import Source, single_byte_source
from answerable.ingest.relation import NotUtf8Error, Reader, ReaderTypes, reader
from answerable.ingest.report import refuse
from answerable.ingest.values import (
    RESCALED_COLUMNS,
    VERSION_RE,
    Params,
    int_expr,
    key_expr,
    null_token_expr,
    raw,
    register_functions,
    value_expr,
    value_map_expr,
)
from answerable.store import quote_ident as q

READ_AGAIN = "answerable: a value the CSV reader's timestamp type cannot take as the text would"


def kept_raw(plan: Plan) -> list[str]:
    """The text columns whose values `_raw` keeps for a rejected row, in its list's order: the typed
    columns' (`<column>__raw`), then the version column's (`_version__raw`)."""
    ds = dataset(plan.kind)
    kept = [raw(c) for c in plan.mapping.columns if ds.column(c).type != "str"]
    return kept + (["_version__raw"] if plan.version_position is not None else [])


class ReadAgain(Exception):
    """The pass with timestamps typed by the CSV reader met a value it cannot take as the text would."""


def typed_pass(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    rd: Reader,
    formats: dict[str, TsFormat],
    give_up: dict[str, int],
) -> tuple[int, bool]:
    """`type_rows`, first with the timestamp columns typed by the CSV reader when the first rows allow
    (`reader_types`: one strptime format, the null tokens seen), which saves a third of the pass;
    when any value does not fit, the pass from the text, which gives every value exactly as before
    (and stops where a value dooms a day/month guess, `give_up`). (blank lines, whether the reader
    typed any column)."""
    types = reader_types(con, rd, formats)
    if types is not None:
        try:
            return type_rows(con, stage, rd, formats, types=types), True
        except ReadAgain:
            pass
    return type_rows(con, stage, rd, formats, give_up), False


def type_rows(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    rd: Reader,
    formats: dict[str, TsFormat],
    give_up: dict[str, int] | None = None,
    *,
    types: ReaderTypes | None = None,
) -> int:
    """{stage}.typed: one typed pass over the file, `_bad` marking rows to reject (empty key or a value
    that does not parse) and `_blank` rows with every field empty (skipped, counted); the view
    {stage}.rows holds the other rows, with each row's `_line` (header = line 1).

    `types`: timestamp columns the reader types (`typed_pass`). Any error, and a value that the text
    would not give (outside years 1-9999, as the word infinity reads, or 1970-01-01 00:00, as the
    word epoch reads), raises ReadAgain. Such a column needs no `give_up` check: a
    value that dooms its format is one the reader cannot read."""
    plan = rd.plan
    ds = dataset(plan.kind)
    m = plan.mapping
    p = Params()
    register_functions(con)
    xlsx = rd.view is not None
    inner = ["_line"] if xlsx else []
    mid = ["_line"] if xlsx else []  # timestamps outside years 1..9999 (Python cannot hold them) fail
    outer = ["_line"] if xlsx else []
    bad = [f"{q(ds.key)} IS NULL"]
    flags = rd.flag_names()
    by_reader = {c for c, i in plan.positions.items() if types is not None and i in types.positions}
    stop: list[str] = []
    for c in m.columns:
        col = ds.column(c)
        text = raw(c)
        if c in by_reader:  # never rejected: a value out of range, or the epoch, stops the pass
            zone = m.timezone
            value = text if zone.upper() == "UTC" else f"timezone('UTC', timezone({p.add(zone)}, {text}))"
            inner += [f"{value} AS {q(c)}", text]
            mid += [q(c), text]
            stop.append(
                f"CASE WHEN NOT {_in_years_1_to_9999(q(c))} OR {text} = TIMESTAMP '1970-01-01' "
                f"THEN error({p.add(READ_AGAIN)}) ELSE true END"
            )
            outer.append(q(c))
            continue
        if col.type == "str":
            value_map = m.value_map(c)
            if value_map:
                text = value_map_expr(text, value_map, p)
            expr = value_expr(col, text, fmt=None, decimal=m.decimal, timezone=m.timezone, rescale=False, p=p)
            expr = key_expr(expr, p) if c == ds.key else expr
            token = null_token_expr(raw(c), m.tokens(c) + m.placeholders, p)
            inner.append(f"CASE WHEN {token} THEN NULL ELSE {expr} END AS {q(c)}")
            mid.append(q(c))
        else:
            fmt = formats.get(c)
            exact = iso_exact(sampled(rd, c)) if fmt is not None and fmt.iso else None
            expr = value_expr(
                col, text, fmt=fmt, decimal=m.decimal, timezone=m.timezone, rescale=False, p=p, exact=exact
            )
            inner += [f"{expr} AS {q(c)}", raw(c)]
            if col.type == "ts":
                mid.append(f"CASE WHEN {_in_years_1_to_9999(q(c))} THEN {q(c)} END AS {q(c)}")
            else:
                mid.append(q(c))
            mid.append(raw(c))
            bad.append(f"({raw(c)} IS NOT NULL AND {q(c)} IS NULL)")
        outer.append(q(c))
    if plan.version_position is not None:
        inner += [
            f"{int_expr('_version__raw', VERSION_RE, p)} AS _version",
            "_version__raw",
        ]
        bad.append("(_version__raw IS NOT NULL AND _version IS NULL)")
        mid += ["_version", "_version__raw"]
    else:
        inner.append("NULL::BIGINT AS _version")
        mid.append("_version")
    kept = kept_raw(plan)
    inner += flags
    mid += flags
    reader_texts = {raw(c) for c in by_reader}
    outer += ["_version", *(k for k in kept if k not in reader_texts), *flags]
    outer.append(f"(NOT _blank AND ({' OR '.join(bad)})) AS _bad")
    final = ["_line"] if xlsx else []
    final += [q(c) for c in m.columns] + ["_version", "_bad", *flags]
    # the text of the typed values, for the rejected rows only (the validate step reports it): a list
    # in the order of `kept_raw` (a NULL list is cheaper to write than a NULL struct of the columns)
    # (a column the reader typed is never rejected: its text is not kept)
    texts = ["NULL::VARCHAR" if k in reader_texts else k for k in kept]
    final.append(f"CASE WHEN _bad THEN [{', '.join(texts)}] END AS _raw" if kept else "NULL AS _raw")
    # `give_up` (from `doomed_by`): a value that fails its column's format with that field above 12
    # stops the pass with GuessDoomed (no table is written)
    stop += [
        f"CASE WHEN {q(c)} IS NULL AND {raw(c)} IS NOT NULL AND TRY_CAST(regexp_extract({raw(c)}, "
        f"{p.add(FIRST_FIELD_RE if field == 1 else SECOND_FIELD_RE)}, 1) AS INTEGER) > 12 "
        f"THEN error({p.add(GIVE_UP)}) ELSE true END"
        for c, field in (give_up or {}).items()
        if c not in by_reader
    ]
    where = f" WHERE {' AND '.join(stop)}" if stop else ""
    sql = (
        f"CREATE OR REPLACE TABLE {stage}.typed AS SELECT {', '.join(final)} FROM "  # noqa: S608
        f"(SELECT {', '.join(outer)} FROM (SELECT {', '.join(mid)} FROM (SELECT {', '.join(inner)} "
        f"FROM {rd.sql(p, types=types)})){where})"
    )
    if types is not None:
        try:
            con.execute(sql, p.values)
        except duckdb.Error:  # GIVE_UP too: the text pass stops at the same value
            raise ReadAgain from None
    else:
        try:
            rd.execute(con, sql, p.values)
        except duckdb.InvalidInputException as exc:
            if GIVE_UP in str(exc):
                raise GuessDoomed from None
            raise
    if xlsx:
        con.execute(f"CREATE OR REPLACE VIEW {stage}.rows AS SELECT * FROM {stage}.typed WHERE NOT _blank")  # noqa: S608
        return 0
    path = rd.src.csv_path
    lead = rd.src.skip  # blank lines above the header: neither the header nor blank rows
    skips = skipped_empty_lines(path, lead) if path is not None and _may_skip(con, stage, rd.src) else []
    if not skips:  # the usual file: line = data row + 2 (the header is line 1, after `lead` lines)
        con.execute(
            f"CREATE OR REPLACE VIEW {stage}.rows AS SELECT rowid + {2 + lead:d} AS _line, * "  # noqa: S608
            f"FROM {stage}.typed WHERE NOT _blank"
        )
        return 0
    con.execute(
        f"CREATE OR REPLACE TABLE {stage}.skips AS SELECT unnest(?::BIGINT[]) AS from_row, "
        "unnest(?::BIGINT[]) AS skipped",
        [[r for r, _ in skips], [n for _, n in skips]],
    )
    con.execute(
        f"CREATE OR REPLACE VIEW {stage}.rows AS "  # noqa: S608
        f"SELECT t._r + {2 + lead:d} + coalesce(s.skipped, 0) AS _line, "
        f"t.* EXCLUDE (_r) FROM (SELECT rowid AS _r, * FROM {stage}.typed) AS t "
        f"ASOF LEFT JOIN {stage}.skips AS s ON t._r >= s.from_row WHERE NOT t._blank"
    )
    return skips[-1][1]  # empty lines between data rows: blank rows too (trailing ones are not rows)


def _in_years_1_to_9999(ts: str) -> str:
    """Is the timestamp one Python can hold (years 1 to 9999)? Outside, a value does not parse."""
    return f"({ts} >= TIMESTAMP '0001-01-01' AND {ts} < TIMESTAMP '10000-01-01')"


def _may_skip(con: duckdb.DuckDBPyConnection, stage: str, src: Source) -> bool:
    """Could DuckDB's reader have skipped an empty line? Not when the text has exactly as many lines
    as the lines above the header, the header and the rows read (each row at least one line): no
    line is left over for an empty one. Otherwise (quoted values over several lines, empty lines)
    the text is searched."""
    assert src.csv_path is not None
    row = con.execute(f"SELECT count(*) FROM {stage}.typed").fetchall()[0]  # noqa: S608
    if src.scan.result().lines() == src.skip + 1 + int(row[0]):
        return False
    return has_empty_line(src.csv_path)


def _check_row_count(
    con: duckdb.DuckDBPyConnection, stage: str, src: Source, limits: IngestLimits
) -> tuple[int, int]:
    """(rows read, blank rows skipped), or a refusal of the whole file."""
    row = con.execute(f"SELECT count(*), count(*) FILTER (WHERE _blank) FROM {stage}.typed").fetchall()[0]  # noqa: S608
    n, blank = int(row[0]), int(row[1])
    if src.table is None and src.scan.result().has_nul:
        raise binary_refusal(src.name)
    if n == blank:
        also = f" (only {blank:,} blank rows)" if blank else ""
        raise refuse(
            src.name,
            "no_data_rows",
            f"The file has a header but no data rows{also}. Export it again with its data.",
        )
    if n > limits.max_rows:
        raise refuse(
            src.name,
            "too_many_rows",
            f"The file has more than {limits.max_rows:,} rows, the limit. "
            "Split it, or raise ANSWERABLE_MAX_ROWS.",
        )
    if n > src.physical_lines - 1:
        raise refuse(
            src.name,
            "row_count_mismatch",
            f"The CSV reader found {n:,} rows in a file of "
            f"{src.physical_lines:,} lines; the file is malformed. Re-export it and load it again.",
        )
    return n - blank, blank


def rescale_percentages(con: duckdb.DuckDBPyConnection, stage: str, plan: Plan) -> tuple[str, ...]:
    """A confidence column with any value above 1 is a percentage: the whole column is divided by 100."""
    done = []
    for c in (c for c in plan.mapping.columns if c in RESCALED_COLUMNS):
        row = con.execute(f"SELECT max({q(c)}) FROM {stage}.typed WHERE NOT _bad").fetchall()[0]  # noqa: S608
        if row and row[0] is not None and row[0] > 1:
            con.execute(f"UPDATE {stage}.typed SET {q(c)} = {q(c)} / 100.0")  # noqa: S608
            done.append(c)
    return tuple(done)


def bad_rows(con: duckdb.DuckDBPyConnection, stage: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {stage}.typed WHERE _bad").fetchall()[0]  # noqa: S608
    return int(row[0]) if row else 0


def confirm_blank(con: duckdb.DuckDBPyConnection, stage: str, rd: Reader, by_reader: bool = False) -> None:
    """A CSV row whose read columns are all empty is blank only if its other columns are empty too,
    and (`by_reader`: the reader typed timestamps, reading null tokens as NULL) if its typed columns
    are empty as text; otherwise it is a row without a key (rejected). Reads the file again, only
    when such rows exist."""
    if rd.view is not None or (len(rd.read_positions()) == len(rd.src.headers) and not by_reader):
        return
    if not con.execute(f"SELECT count(*) FROM {stage}.typed WHERE _blank").fetchall()[0][0]:  # noqa: S608
        return
    p = Params()
    every = rd.empty(list(range(len(rd.src.headers))))
    source = rd.sql(p, ("row_number() OVER () - 1 AS _n", f"{every} AS _all"))
    rd.execute(
        con,
        f"UPDATE {stage}.typed SET _blank = false, _bad = true WHERE _blank AND rowid IN "  # noqa: S608
        f"(SELECT _n FROM {source} WHERE NOT _all)",
        p.values,
    )


def _other_way(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    rd: Reader,
    formats: dict[str, TsFormat],
    give_up: dict[str, int],
    first: dict[str, TsEvidence],
) -> tuple[dict[str, TsFormat], int, bool, bool, bool]:
    """After a value doomed the first-rows day/month guesses: the typed pass with those columns the
    other way round (what a file's first days, all ambiguous, usually hide). (formats, blank lines,
    decide again from the whole column, stopped: the table is not typed, the reader typed columns).

    The turned formats stand without reading the file again only when every value parses (no bad row)
    and each turned column holds a day above 12: then its whole-column evidence has a field above 12
    on the side the turned format expects and none on the other (every value parsed that way), which
    is the choice `choose_format` makes from it. Otherwise the whole column decides, as before.
    """
    other = turned(rd.plan, formats, give_up, first)
    if other == formats:  # every doomed guess was proved by the first rows: nothing to turn
        return formats, 0, True, True, False
    try:
        empty, by_reader = typed_pass(con, stage, rd, other, doomed_by(rd.plan, other, first))
    except GuessDoomed:
        return formats, 0, True, True, False
    flipped = [c for c in other if other[c] != formats[c]]
    again = bad_rows(con, stage) > 0 or not days_above_12(con, stage, rd.plan, flipped)
    return other, empty, again, False, by_reader


@dataclass(frozen=True)
class Parsed:
    """What the parse step produced: the typed rows in `{stage}.typed`, and how they were typed."""

    src: Source  # the source as read (re-encoded when it was not UTF-8 after all)
    plan: Plan
    stage: str
    rows_read: int  # data rows, blank rows not counted
    rows_blank: int  # rows with every field empty: skipped, never rejected
    formats: dict[str, TsFormat]  # the one format of each timestamp column
    rescaled: tuple[str, ...]  # percentage columns divided by 100


def parse_file(
    con: duckdb.DuckDBPyConnection, stage: str, src: Source, plan: Plan, limits: IngestLimits
) -> Parsed:
    """Type the file once; re-type with whole-column evidence if the first format guess failed rows."""
    try:
        with reader(con, src, plan) as rd:
            first = first_rows_evidence(rd)
            formats = first_guess(plan, first)
            give_up = doomed_by(plan, formats, first)
            try:
                empty, by_reader = typed_pass(con, stage, rd, formats, give_up)
                again, stopped = bool(formats) and bad_rows(con, stage) > 0, False
            except GuessDoomed:
                formats, empty, again, stopped, by_reader = _other_way(
                    con, stage, rd, formats, give_up, first
                )
            if again:
                full = choose_formats(con, rd)
                if full != formats or stopped:
                    formats, by_reader = full, False
                    empty = type_rows(con, stage, rd, formats)
            confirm_blank(con, stage, rd, by_reader)
            rows_read, blank = _check_row_count(con, stage, src, limits)
            blank += empty
    except NotUtf8Error:
        return parse_file(con, stage, single_byte_source(src), plan, limits)
    return Parsed(src, plan, stage, rows_read, blank, formats, rescale_percentages(con, stage, plan))
