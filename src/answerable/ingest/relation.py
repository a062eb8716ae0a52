"""The file as a relation for the parse step's SQL: its mapped columns as text, with row flags.

`Reader.sql` selects, from DuckDB's CSV reader (or the XLSX sheet's Arrow table), each mapped column's
text (`<column>__raw`, null tokens already NULL for typed columns), the version column, and the flags
`_blank`, `_u<i>` (an unnamed column holds a value) and `_ph__<column>` (a placeholder such as
#MULTIVALUE). A malformed CSV becomes a clear refusal; bytes that are not UTF-8 raise NotUtf8Error.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

from answerable.contract import dataset
from answerable.ingest.plan import Plan
from answerable.ingest.read import Source
from answerable.ingest.report import refuse
from answerable.ingest.values import Params, clean_expr, empty_expr, raw
from answerable.store import quote_ident as q

MAX_LINE_BYTES = 32 << 20  # one CSV record (DuckDB's default is 2 MB; long text cells exist)
# DuckDB's read buffer defaults to 16 x max_line_size (512 MB here): a file smaller than that is one
# buffer, and the typed pass ran on about one core (1.8-2.8 s against 1.0-1.3 s for 1M rows of the
# 16-column ServiceNow shape). The smallest buffer DuckDB accepts for this line size restores both.
READ_BUFFER_BYTES = MAX_LINE_BYTES


@contextmanager
def staging_area(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """A private in-memory schema for one ingest, detached (freed) afterwards."""
    name = q(f"answerable_stage_{uuid.uuid4().hex[:12]}")
    con.execute(f"ATTACH ':memory:' AS {name}")
    try:
        yield name
    finally:
        con.execute(f"DETACH {name}")


class NotUtf8Error(Exception):
    """DuckDB met bytes that are not UTF-8 past the first MiB: re-read the file as cp1252/latin-1."""


@dataclass(frozen=True)
class ReaderTypes:
    """Timestamp columns that DuckDB's CSV reader types itself, in one strptime format (what the typed
    pass would read from their text), with the null tokens it reads as NULL in every column.

    A value the format does not read stops the read (nothing is dropped): the pass is then done from
    the text. `nulls` are tokens of every read column and no placeholder, so NULL in a text column
    means what its token check would decide; only `_blank` differs (a row of only null tokens there),
    which `confirm_blank` checks against the text."""

    positions: frozenset[int]
    fmt: str
    nulls: tuple[str, ...]


@dataclass(frozen=True)
class Reader:
    """The file as a relation of its mapped columns as text (`<column>__raw`).

    Text that will be typed has its null tokens turned into NULL (and value maps applied) here, so
    that afterwards "text present but no value" means exactly "does not parse".
    """

    src: Source
    plan: Plan
    view: str | None  # the registered Arrow table of an XLSX sheet

    def sql(self, p: Params, extra: tuple[str, ...] = (), types: ReaderTypes | None = None) -> str:
        """The relation; `extra` expressions over the file's columns (c0..cN) are selected first.
        `types`: timestamp columns the CSV reader types (their `<column>__raw` is then a TIMESTAMP)."""
        ds = dataset(self.plan.kind)
        plan, m = self.plan, self.plan.mapping
        typed = types.positions if types is not None else frozenset()
        select = [*extra] + [
            f"c{i} AS {raw(c)}"
            if ds.column(c).type == "str" or i in typed
            else f"{clean_expr(f'c{i}', m.tokens(c) + m.placeholders, m.value_map(c), p)} AS {raw(c)}"
            for c, i in plan.positions.items()
        ]
        if plan.version_position is not None:
            pos = plan.version_position
            select.append(f"{clean_expr(f'c{pos}', m.null_tokens, None, p)} AS _version__raw")
        select += self.flags(p, typed)
        if self.view is not None:
            source = q(self.view)
            select.insert(0, "_line")
        else:
            source = self._read_csv(p, types)
        return f"(SELECT {', '.join(select)} FROM {source})"  # noqa: S608

    def _read_csv(self, p: Params, types: ReaderTypes | None) -> str:
        typed = types.positions if types is not None else frozenset()
        columns = "{" + ", ".join(
            f"'c{i}': '{'TIMESTAMP' if i in typed else 'VARCHAR'}'" for i in range(len(self.src.headers))
        ) + "}"
        skip = f"skip = {p.add(self.src.skip)}, " if self.src.skip else ""  # blank lines above the header
        if types is None:
            kinds = "all_varchar = true, "
        else:
            kinds = f"timestampformat = {p.add(types.fmt)}, nullstr = {p.add(list(types.nulls))}, "
        return (
            f"read_csv({p.add(str(self.src.csv_path))}, header = true, {kinds}{skip}"
            f"auto_detect = false, delim = {p.add(self.src.delimiter)}, quote = '\"', escape = '\"', "
            f"columns = {columns}, strict_mode = true, null_padding = false, ignore_errors = false, "
            f"encoding = 'utf-8', max_line_size = {MAX_LINE_BYTES}, "
            f"buffer_size = {READ_BUFFER_BYTES})"
        )

    def flags(self, p: Params, typed: frozenset[int] = frozenset()) -> list[str]:
        """`_blank` (every field of the row is empty), `_u<i>` (unnamed column i holds a value) and
        `_ph__<column>` (the column holds a placeholder such as #MULTIVALUE). `typed`: positions the
        reader types (NULL is empty; a value it reads is no placeholder)."""
        plan = self.plan
        key = plan.positions[dataset(plan.kind).key]
        out = [f"CASE WHEN {empty_expr(f'c{key}')} THEN {self.empty(self.read_positions(), typed)} "
               "ELSE false END AS _blank"]
        out += [f"NOT {empty_expr(f'c{i}')} AS _u{i}" for i in plan.unnamed]
        if plan.mapping.placeholders:
            tokens = p.add(sorted({t.strip().lower() for t in plan.mapping.placeholders}))
            out += [
                f"false AS {q('_ph__' + c)}" if i in typed else
                f"coalesce(list_contains({tokens}, lower(trim(c{i}))), false) AS {q('_ph__' + c)}"
                for c, i in plan.positions.items()
            ]
        return out

    def read_positions(self) -> list[int]:
        """The columns this pass reads: all of an XLSX sheet (already in memory); of a CSV, the mapped,
        version and unnamed ones (reading every column would cost a third more; `confirm_blank` checks
        the others for the few rows that look blank)."""
        if self.view is not None:
            return list(range(len(self.src.headers)))
        plan = self.plan
        version = [plan.version_position] if plan.version_position is not None else []
        return sorted({*plan.positions.values(), *version, *plan.unnamed})

    @staticmethod
    def empty(positions: list[int], typed: frozenset[int] = frozenset()) -> str:
        return " AND ".join(f"c{i} IS NULL" if i in typed else empty_expr(f"c{i}") for i in positions)

    def flag_names(self) -> list[str]:
        names = ["_blank", *(f"_u{i}" for i in self.plan.unnamed)]
        if self.plan.mapping.placeholders:
            names += [q("_ph__" + c) for c in self.plan.positions]
        return names

    def execute(
        self, con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]
    ) -> duckdb.DuckDBPyConnection:
        """Run a statement that reads the file; a malformed CSV becomes a clear refusal."""
        try:
            return con.execute(sql, params)
        except duckdb.InvalidInputException as exc:
            if self.view is None and "Invalid unicode" in str(exc):
                raise NotUtf8Error(str(exc)) from None
            if self.view is None and "CSV" in str(exc):
                raise _csv_error(exc, self.src) from None
            raise


@contextmanager
def reader(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan) -> Iterator[Reader]:
    if src.table is None:
        yield Reader(src, plan, None)
        return
    view = f"answerable_xlsx_{uuid.uuid4().hex[:12]}"
    con.register(view, src.table)
    try:
        yield Reader(src, plan, view)
    finally:
        con.unregister(view)


def _csv_error(exc: duckdb.Error, src: Source) -> Exception:
    text = str(exc)
    m = re.search(r"CSV Error on Line: (\d+)", text)
    line = int(m.group(1)) if m else None
    size = re.search(r"Maximum line size of (\d+) bytes exceeded", text)
    if size:
        limit_mb = int(size.group(1)) // (1 << 20)
        return refuse(
            src.name,
            "line_too_long",
            f"Line {line} is longer than {limit_mb} MB, the longest line a CSV row may have; nothing was "
            "loaded. Check that quotes are balanced, or shorten the value.",
            line=line,
        )
    if "unterminated quote" in text.lower():
        why = 'a quoted value is never closed (an unterminated " quote)'
        rule = "unterminated_quote"
    elif "Expected Number of Columns" in text:
        found = re.search(r"Found: (\d+)", text)
        why = (
            f"the row has {found.group(1) if found else 'a different number of'} fields where the header "
            f"has {len(src.headers)}"
        )
        rule = "ragged_row"
    else:
        why, rule = text.splitlines()[0], "malformed_csv"
    return refuse(
        src.name,
        rule,
        f"The file is not a well-formed CSV: {why}. Nothing was loaded. Fix that "
        "row in the source (or re-export the file) and load it again.",
        line=line,
    )
