"""Parse rules as SQL expressions over staged text (DESIGN §3 "Values").

Null tokens, value maps, integers ("1 - Critical" is 1), numbers with a decimal comma, booleans,
enumerations and timestamps in the column's one format (`dates.TsFormat`). Every value the user
controls (null tokens, formats, time zone, value maps) is a bound parameter; identifiers come from
the contract through `quote_ident`.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from duckdb import sqltypes
from duckdb.func import PythonUDFType

from answerable.contract import Column
from answerable.ingest.dates import (
    EPOCH_MS_RE,
    EPOCH_S_RE,
    FIRST_FIELD_RE,
    PLAIN_SLASH_RE,
    SECOND_FIELD_RE,
    SHAPE_RES,
    TsFormat,
)
from answerable.store import quote_ident

TRUE_TOKENS = ("true", "t", "yes", "y", "1")
FALSE_TOKENS = ("false", "f", "no", "n", "0")
# A leading integer: "3", "+3", "3.0", "1 - Critical", "2 High", "1: Urgent".
INT_RE = r"^\s*([+-]?\d+)(?:[.,]0+)?(?:\s*$|\s*[-:–]\s*\D|\s+\D)"
# An ISO timestamp ending in an offset (Z, +02:00, -0500): converted to UTC. Real offsets run from
# -12:00 to +14:00; any other (+99:00) makes the value unparseable, as DuckDB alone would accept it.
OFFSET_RE = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
STRPTIME_SPACES = " \t\n\x0b\x0c\r"  # what DuckDB's strptime skips around a value (its isspace)
REAL_OFFSET_RE = r"(?:[zZ]|[+-](?:0\d|1[0-4])(?::?[0-5]\d)?)$"
VERSION_RE = r"^\s*([+-]?\d+)"
# A priority may also be written "P1", "P2 - High", "Sev 2", "Severity 1", "S3" or "Priority 4".
PRIORITY_RE = r"^\s*(?i:p|sev|severity|s|priority)?\s*([+-]?\d+)(?:[.,]0+)?(?:\s*$|\s*[-:–]\s*\D|\s+\D)"
TOKEN_PADDING = 4
RESCALED_COLUMNS = ("confidence", "confidence_threshold")


def raw(col: str) -> str:
    """The staged text of a contract column (quoted identifier)."""
    return quote_ident(f"{col}__raw")


class Params:
    """Numbered bound parameters for one statement: `p.add(value)` returns its placeholder."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def evidence_match(col: str, p: Params) -> str:
    """Per value, the fields of the plain `1/2/2016 1:16(:05)` shape ({f, s, t}: '' when not that shape),
    computed once per value below the aggregates of `evidence_sql`."""
    return f"regexp_extract({col}, {p.add(PLAIN_SLASH_RE)}, ['f', 's', 't'])"


def evidence_sql(col: str, match: str, slow: str, p: Params) -> list[str]:
    """Aggregates over one staged text column (quoted identifier) that decide its format.

    `match` is the column's `evidence_match` and `slow` says it is '' (not the plain shape). A plain
    value's evidence is known without a regex (tests/ingest/test_fast_paths.py checks it): a numeric
    date with `/`, its first and second fields, seconds when it has them, and none of the other shapes.
    Only other values run the shape regexes (each costs as much as the one match).
    """
    first = f"TRY_CAST(regexp_extract({col}, {p.add(FIRST_FIELD_RE)}, 1) AS INTEGER)"
    second = f"TRY_CAST(regexp_extract({col}, {p.add(SECOND_FIELD_RE)}, 1) AS INTEGER)"

    def n(regex: str) -> str:
        return f"count_if(CASE WHEN {slow} THEN regexp_matches({col}, {p.add(regex)}) ELSE false END)"

    def field(slow_expr: str, name: str) -> str:
        return f"max(CASE WHEN {slow} THEN {slow_expr} ELSE {match}.{name}::INTEGER END)"

    plain = f"count(CASE WHEN NOT {slow} THEN 1 END)"
    s = [n(r) for r in SHAPE_RES]
    return [
        f"count({col})", s[0], f"{s[1]} + {plain}", s[2], field(first, "f"), field(second, "s"),
        f"{s[3]} + {plain}", s[4], s[5], s[6], s[7], f"{s[8]} + count(CASE WHEN {match}.t <> '' THEN 1 END)",
        *s[9:],  # day-month space, month name first, full month name, Unix times: never a plain value
    ]


def ts_expr(col: str, fmt: TsFormat, timezone: str, p: Params, exact: str | None = None) -> str:
    """Text -> UTC TIMESTAMP (`_ts_expr`), NULL text settled first: a timestamp column is often mostly
    empty (a ticket not yet resolved), and the functions below cost time even on NULL (7 ISO columns
    of 1M rows, 2.6M values present: 0.34 -> 0.23 s)."""
    return f"CASE WHEN {col} IS NOT NULL THEN {_ts_expr(col, fmt, timezone, p, exact)} END"


def _ts_expr(col: str, fmt: TsFormat, timezone: str, p: Params, exact: str | None = None) -> str:
    """Text -> UTC TIMESTAMP, NULL when the value does not parse in the column's format.

    `exact` (ISO only): the strptime format of the column's usual shape (`dates.iso_exact`). A value
    that starts and ends with a digit and that format reads is that timestamp (strptime gives what
    the cast gives there, and such text holds no offset); every other value takes the ISO path. The
    strptime costs a third of the offset regex and the cast it saves.
    """
    if fmt.epoch:  # Unix time is UTC whatever the profile's zone; only the shape the evidence counted
        shape = p.add(EPOCH_MS_RE if fmt.epoch == 1000 else EPOCH_S_RE)
        micros = f"CAST(round(TRY_CAST(trim({col}) AS DOUBLE) * {1_000_000 // fmt.epoch}) AS BIGINT)"
        return f"CASE WHEN regexp_matches({col}, {shape}) THEN make_timestamp({micros}) END"
    if fmt.iso and exact:
        fast = (
            f"CASE WHEN ascii({col}) BETWEEN 48 AND 57 AND ascii(right({col}, 1)) BETWEEN 48 AND 57 "
            f"THEN try_strptime({col}, {p.add(exact)}) END"
        )
        if timezone.upper() != "UTC":
            fast = f"timezone('UTC', timezone({p.add(timezone)}, {fast}))"
        return f"coalesce({fast}, {_ts_expr(col, fmt, timezone, p)})"
    if fmt.iso:
        # only text starting with a digit: DuckDB also casts the words epoch and infinity. Text that
        # starts and ends with a digit has nothing to trim: cast as is (trim costs as much as the cast).
        # Trimmed of the ASCII spaces strptime skips (tab, CR, ...), so that text read by strptime in
        # the column's exact shape, here or by the CSV reader (`guess.reader_types`), is read here too
        spaces = p.add(STRPTIME_SPACES)
        naive = (
            f"CASE WHEN ascii({col}) BETWEEN 48 AND 57 AND ascii(right({col}, 1)) BETWEEN 48 AND 57 "
            f"THEN TRY_CAST({col} AS TIMESTAMP) "
            f"WHEN ascii(trim({col}, {spaces})) BETWEEN 48 AND 57 "
            f"THEN TRY_CAST(trim({col}, {spaces}) AS TIMESTAMP) END"
        )
    else:
        # the most frequent shape alone first (a list of formats costs several times more per value).
        # strptime also reads the words epoch and (-)infinity, whatever the format: text with no digit
        # is never a date
        naive = (
            f"CASE WHEN ascii({col}) BETWEEN 48 AND 57 OR regexp_matches({col}, '[0-9]') "
            f"THEN coalesce(try_strptime({col}, {p.add(fmt.formats[0])}), "
            f"try_strptime(trim({col}), {p.add(list(fmt.formats))})) END"
        )
    if timezone.upper() != "UTC":
        naive = f"timezone('UTC', timezone({p.add(timezone)}, {naive}))"
    if not fmt.iso:
        return naive
    return (
        f"CASE WHEN regexp_matches({col}, {p.add(OFFSET_RE)}) "
        f"THEN CASE WHEN regexp_matches(trim({col}), {p.add(REAL_OFFSET_RE)}) "
        f"THEN timezone('UTC', TRY_CAST(trim({col}) AS TIMESTAMPTZ)) END ELSE {naive} END"
    )


def float_text(col: str, decimal: str) -> str:
    if decimal == ",":
        swapped = f"replace(replace(trim({col}), '.', ''), ',', '.')"
        return f"CASE WHEN contains({col}, ',') THEN {swapped} ELSE trim({col}) END"
    return f"trim({col})"


# Keys and enumerations are stored as compared (DESIGN §4 "Text comparisons"): NFKC (composed accents,
# full-width letters as ASCII) and trimmed of every Unicode whitespace and of U+200B-U+200D, U+FEFF.
NORMALIZE_FN = "answerable_normalize_text"
TRIMMED = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace()) + "\u200b\u200c\u200d\ufeff"
_ASCII_TRIMMED = "".join(ch for ch in TRIMMED if ord(ch) < 128)


def _normalize_arrow(values: pa.Array) -> pa.Array:
    return pc.utf8_trim(pc.utf8_normalize(values, form="NFKC"), characters=TRIMMED)


_REGISTER = threading.Lock()


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """The vectorised NFKC + trim function the typed pass calls for non-ASCII keys and enumerations."""
    # Once per database instance (its cursors share it); two sessions' ingests may race to register it.
    with _REGISTER, contextlib.suppress(duckdb.NotImplementedException, duckdb.CatalogException):
        con.create_function(
            NORMALIZE_FN, _normalize_arrow, [sqltypes.VARCHAR], sqltypes.VARCHAR, type=PythonUDFType.ARROW
        )


assert all(ord(ch) <= 32 for ch in _ASCII_TRIMMED)  # what makes normalized()'s fast path exact


def normalized(col: str, p: Params) -> str:
    """ASCII text takes the cheap path (only the trim can change it); other text goes through NFKC.

    ASCII text whose first and last characters are above 32 has nothing to trim (every ASCII
    character trimmed is at most 32): it is kept as is, without `trim(text, characters)`, which costs
    five times more per value (0.27 s per 1M keys against 0.05 s, single thread).
    """
    return (
        f"CASE WHEN strlen({col}) = length({col}) THEN CASE WHEN ascii({col}) > 32 AND "
        f"ascii(right({col}, 1)) > 32 THEN {col} ELSE trim({col}, {p.add(_ASCII_TRIMMED)}) END "
        f"ELSE {NORMALIZE_FN}({col}) END"
    )


def empty_expr(col: str) -> str:
    """Is the text NULL or only spaces (`nullif(trim(text), '') IS NULL`)? Text starting with printable
    ASCII keeps that character through `trim`, so it is settled without the trim's copy."""
    return f"(CASE WHEN ascii({col}) BETWEEN 33 AND 126 THEN false ELSE nullif(trim({col}), '') IS NULL END)"


def key_expr(col: str, p: Params) -> str:
    """Keys are compared normalised: "INC1 ", "INC1\u200b" and "ＩＮＣ１" are INC1."""
    return normalized(col, p)


def int_expr(col: str, regex: str, p: Params) -> str:
    """The integer at the start of the text, as `regex` (INT_RE or VERSION_RE) reads it, NULL if none.

    Two shapes skip the regular expression, each exactly equal to what the regex reads: text that is
    already a plain integer (it casts to BIGINT and back to the same text: "3", "-12"), and a digit
    followed by " -" ("3 - Moderate": both regexes read the one digit). Everything else ("+3", " 3",
    "3.0", "1: Urgent") goes through the regex. The regex costs four to five times more per value.
    The "3 - Moderate" shape is tested first: a cast that fails costs as much as the regex (0.14 ->
    0.05 s per 1M values); the two shapes are disjoint (a plain integer holds no space).
    """
    cast = f"TRY_CAST({col} AS BIGINT)"
    return (
        f"CASE WHEN strlen({col}) >= 3 AND ascii({col}) BETWEEN 48 AND 57 AND substr({col}, 2, 2) = ' -' "
        f"THEN (ascii({col}) - 48)::BIGINT "
        f"WHEN {cast}::VARCHAR = {col} THEN {cast} "
        f"ELSE TRY_CAST(regexp_extract({col}, {p.add(regex)}, 1) AS BIGINT) END"
    )


def bool_expr(col: str, p: Params) -> str:
    """true/false from the tokens, matched trimmed and case-insensitive. Text that is exactly `true` or
    `false` (as ServiceNow writes them) is settled by one comparison, without `lower(trim())` and the
    list lookups (a fifth of the cost per value)."""
    low = f"lower(trim({col}))"
    return (
        f"CASE WHEN {col} = 'true' THEN true WHEN {col} = 'false' THEN false "
        f"WHEN list_contains({p.add(list(TRUE_TOKENS))}, {low}) THEN true "
        f"WHEN list_contains({p.add(list(FALSE_TOKENS))}, {low}) THEN false END"
    )


assert "true" in TRUE_TOKENS and "false" in FALSE_TOKENS  # what makes bool_expr's fast path exact


def value_expr(
    column: Column,
    col: str,
    *,
    fmt: TsFormat | None,
    decimal: str,
    timezone: str,
    rescale: bool,
    p: Params,
    exact: str | None = None,
) -> str:
    """The typed value of a contract column from its staged text (NULL when it does not parse)."""
    if column.type == "ts":
        assert fmt is not None
        return ts_expr(col, fmt, timezone, p, exact)
    if column.type == "int":
        return int_expr(col, PRIORITY_RE if column.name == "priority" else INT_RE, p)
    if column.type == "float":
        number = f"TRY_CAST({float_text(col, decimal)} AS DOUBLE)"
        expr = f"CASE WHEN isfinite({number}) THEN {number} END"  # inf is not a value: rejected
        return f"({expr} / 100.0)" if rescale else expr
    if column.type == "bool":
        return bool_expr(col, p)
    if column.enum:
        return f"replace(replace(lower({normalized(col, p)}), ' ', '_'), '-', '_')"
    return col  # text is stored as given; metrics compare it trimmed (DESIGN §4)


def null_token_expr(col: str, null_tokens: tuple[str, ...], p: Params) -> str:
    """Is the text a null token (trimmed, case-insensitive)? A length guard keeps it cheap."""
    tokens = sorted({t.strip().lower() for t in null_tokens})
    # cheap guards first: only short text, or text with spaces around it, can be a token
    longest = max((len(t.encode()) for t in tokens), default=0) + TOKEN_PADDING
    guard = f"(strlen({col}) <= {p.add(longest)} OR starts_with({col}, ' ') OR ends_with({col}, ' '))"
    check = f"({guard} AND list_contains({p.add(tokens)}, lower(trim({col}))))"
    # Text starting with a printable ASCII character (33-127: trim keeps it, lower maps it within ASCII)
    # is a token only if that character, lowered, starts one: most text is settled by its first
    # character, without the lower(trim()) copy (a third of the whole check's cost per value).
    firsts = [x for x in range(33, 128) if chr(x).lower() in {t[0] for t in tokens if t}]
    other = f" AND NOT list_contains({p.add(firsts)}, ascii({col}))" if firsts else ""
    # Text equal to a token that is printable ASCII (`?`, `n/a`: trim and lower keep it) is that token,
    # without the copy; NULL stays NULL (what the check gives it).
    plain = [t for t in tokens if t and t.isascii() and t.isprintable() and t == t.strip(" ")]
    exact = f"WHEN list_contains({p.add(plain)}, {col}) THEN true " if plain else ""
    return (
        f"(CASE WHEN {col} IS NULL THEN NULL WHEN ascii({col}) BETWEEN 33 AND 127{other} THEN false "
        f"{exact}ELSE {check} END)"
    )


def value_map_expr(col: str, value_map: dict[str, str], p: Params) -> str:
    """Replace mapped values (matched trimmed, case-insensitive), e.g. JSM priority 'Highest' -> '1'."""
    keys = list(value_map)
    low = f"lower(trim({col}))"
    return (
        f"CASE WHEN list_contains({p.add(keys)}, {low}) THEN "
        f"list_extract({p.add([value_map[k] for k in keys])}, list_position({p.add(keys)}, {low})) "
        f"ELSE {col} END"
    )


def clean_expr(source: str, null_tokens: tuple[str, ...], value_map: dict[str, str] | None, p: Params) -> str:
    """Text with null tokens turned into NULL and an optional value map applied."""
    mapped = value_map_expr(source, value_map, p) if value_map else source
    return f"CASE WHEN {null_token_expr(source, null_tokens, p)} THEN NULL ELSE {mapped} END"


RULES = {
    "ts": "not_a_timestamp",
    "int": "not_an_integer",
    "float": "not_a_number",
    "bool": "not_a_boolean",
}


def reject_message(column: str, type_: str, fmt: TsFormat | None, decimal: str) -> str:
    """What a rejected value means and what to do, per column and rule."""
    if type_ == "ts":
        assert fmt is not None
        if fmt.epoch:
            unit = "milliseconds" if fmt.epoch == 1000 else "seconds"
            return (
                f"Row rejected: {column} must be a Unix time in {unit}, as the column's other values. "
                "Fix the value, or give --mapping with timestamp_format."
            )
        shape = "an ISO 8601 date/time" if fmt.iso else f"a date/time in the format {fmt.formats[0]}"
        return (
            f"Row rejected: {column} must be {shape}, the one format chosen for this column. "
            "Fix the value, or give --mapping with timestamp_format."
        )
    if type_ == "int" and column == "priority":
        return (
            "Row rejected: priority must be 1 to 5 as a number ('3', '1 - Critical', 'P2', 'Sev 1') or a "
            "word such as Critical, High, Medium, Low. Fix the value, or map your tool's words in a "
            "mapping's [values.priority] (e.g. \"blocker\" = \"1\")."
        )
    if type_ == "int":
        return f"Row rejected: {column} must be a whole number (e.g. 3 or '1 - Critical'). Fix the value."
    if type_ == "float":
        return (
            f"Row rejected: {column} must be a number (decimal separator {decimal!r}). Fix the value, "
            "or set decimal in the mapping."
        )
    if type_ == "bool":
        return f"Row rejected: {column} must be true/false, yes/no, y/n, t/f or 1/0. Fix the value."
    return f"Row rejected: {column} cannot be read."
