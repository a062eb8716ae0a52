"""Parse rules as SQL expressions over staged text, and the per-column timestamp format choice.

Every value the user controls (null tokens, formats, time zone, value maps) is a bound parameter;
identifiers come from the contract through `quote_ident`. One format per timestamp column, chosen
from the evidence in the whole column, never per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from answerable.contract import Column
from answerable.store import quote_ident

TRUE_TOKENS = ("true", "t", "yes", "y", "1")
FALSE_TOKENS = ("false", "f", "no", "n", "0")
# A leading integer: "3", "+3", "3.0", "1 - Critical", "2 High", "1: Urgent".
INT_RE = r"^\s*([+-]?\d+)(?:[.,]0+)?(?:\s*$|\s*[-:–]\s*\D|\s+\D)"
# An ISO timestamp ending in an offset (Z, +02:00, -0500): converted to UTC.
OFFSET_RE = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
ISO_RE = r"^\s*\d{4}-\d{1,2}-\d{1,2}"
NUMERIC_DATE_RE = r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\D|$)"
MONTH_NAME_RE = r"^\s*\d{1,2}[/ .-][A-Za-z]{3,9}[/ .-]\d{2,4}(?:\D|$)"
AMPM_RE = r"(?i)\d\s*[ap]\.?m\.?\s*$"
FIRST_FIELD_RE = r"^\s*(\d{1,2})[/.-]\d{1,2}[/.-]"
SECOND_FIELD_RE = r"^\s*\d{1,2}[/.-](\d{1,2})[/.-]"
TWO_DIGIT_YEAR_RE = r"^\s*\d{1,2}[/ .-](?:\d{1,2}|[A-Za-z]{3,9})[/ .-]\d{2}(?:\D|$)"
VERSION_RE = r"^\s*([+-]?\d+)"
TOKEN_PADDING = 4
# Shapes counted as evidence, in TsEvidence order (iso, numeric, month name, then separators etc.)
SHAPE_RES = (
    ISO_RE,
    NUMERIC_DATE_RE,
    MONTH_NAME_RE,
    r"^\s*\d{1,2}/",
    r"^\s*\d{1,2}-\d",
    r"^\s*\d{1,2}\.\d",
    TWO_DIGIT_YEAR_RE,
    AMPM_RE,
    r"\d:\d{2}:\d{2}",
)
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


@dataclass(frozen=True)
class TsFormat:
    """How one timestamp column is parsed: ISO casts, or a list of strptime formats of one family."""

    iso: bool
    formats: tuple[str, ...]
    description: str  # what the report says, including why this format was chosen


@dataclass(frozen=True)
class TsEvidence:
    values: int
    iso: int
    numeric: int
    month_name: int
    max_first: int | None
    max_second: int | None
    slash: int
    dash: int
    dot: int
    two_digit_year: int
    ampm: int
    seconds: int = 0  # values with a HH:MM:SS time (their format is tried first)


def evidence_sql(col: str, p: Params) -> list[str]:
    """Aggregates over one staged text column (quoted identifier) that decide its format."""
    first = f"TRY_CAST(regexp_extract({col}, {p.add(FIRST_FIELD_RE)}, 1) AS INTEGER)"
    second = f"TRY_CAST(regexp_extract({col}, {p.add(SECOND_FIELD_RE)}, 1) AS INTEGER)"

    def n(regex: str) -> str:
        return f"count(*) FILTER (WHERE regexp_matches({col}, {p.add(regex)}))"

    shapes = [n(r) for r in SHAPE_RES]
    return [f"count({col})", *shapes[:3], f"max({first})", f"max({second})", *shapes[3:]]


def evidence_from_values(values: list[str]) -> TsEvidence:
    """The same evidence computed in Python over a few rows (the file's first lines): a first guess."""
    counts = [sum(1 for v in values if re.search(r, v)) for r in SHAPE_RES]
    firsts = [int(m.group(1)) for v in values if (m := re.search(FIRST_FIELD_RE, v))]
    seconds = [int(m.group(1)) for v in values if (m := re.search(SECOND_FIELD_RE, v))]
    return evidence_from_row(
        [len(values), *counts[:3], max(firsts, default=None), max(seconds, default=None), *counts[3:]]
    )


def evidence_from_row(values: tuple[object, ...] | list[object]) -> TsEvidence:
    """The aggregates of `evidence_sql` (in that order) as a TsEvidence."""
    v = [int(x) if isinstance(x, int | float) else None for x in values]
    z = [x or 0 for x in v]
    return TsEvidence(z[0], z[1], z[2], z[3], v[4], v[5], z[6], z[7], z[8], z[9], z[10], z[11])


def _times(ev: TsEvidence) -> tuple[str, ...]:
    """Time parts of one format family, the most frequent shape first (strptime tries them in order)."""
    times = [" %H:%M", " %H:%M:%S"] if ev.seconds * 2 <= ev.values else [" %H:%M:%S", " %H:%M"]
    times += [" %H:%M:%S.%f", "T%H:%M:%S", ""]
    if ev.ampm:
        ampm = [" %I:%M %p", " %I:%M:%S %p"]
        times = ampm + times if ev.ampm * 2 > ev.values else times + ampm
    return tuple(times)


def choose_format(ev: TsEvidence, *, dayfirst: bool | None, given: str | None) -> TsFormat:
    """One format for a whole column, from its evidence; the profile/mapping decides ambiguity."""
    if given:
        return TsFormat(False, (given,), f"{given} (given by the mapping)")
    if ev.values == 0 or ev.iso >= max(ev.numeric, ev.month_name):
        return TsFormat(
            True, (), "ISO 8601 (offsets converted to UTC, naive times taken as the profile zone)"
        )
    sep = max((ev.slash, "/"), (ev.dash, "-"), (ev.dot, "."))[1]
    year = "%y" if ev.two_digit_year * 2 > max(ev.numeric, ev.month_name) else "%Y"
    if ev.month_name > ev.numeric:
        base = f"%d{sep}%b{sep}{year}"
        fmts = tuple(base + t for t in _times(ev))
        return TsFormat(False, fmts, f"{fmts[0]} (day, month name, year)")
    first, second = ev.max_first or 0, ev.max_second or 0
    default = True if dayfirst is None else dayfirst
    if first > 12 and second <= 12:
        day_first, why = True, "day-first: a first field is above 12"
    elif second > 12 and first <= 12:
        day_first, why = False, "month-first: a second field is above 12"
    elif first > 12 and second > 12:
        day_first, why = (
            default,
            "conflicting fields above 12; the profile setting decided, other rows rejected",
        )
    else:
        day_first = default
        order = "day" if default else "month"
        why = f"{order}-first: ambiguous (no field above 12), the profile setting decided"
    base = f"%d{sep}%m{sep}{year}" if day_first else f"%m{sep}%d{sep}{year}"
    fmts = tuple(base + t for t in _times(ev))
    return TsFormat(False, fmts, f"{fmts[0]} ({why})")


def ts_expr(col: str, fmt: TsFormat, timezone: str, p: Params) -> str:
    """Text -> UTC TIMESTAMP, NULL when the value does not parse in the column's format."""
    if fmt.iso:
        naive = f"TRY_CAST(trim({col}) AS TIMESTAMP)"
    else:
        # the most frequent shape alone first (a list of formats costs several times more per value)
        naive = (
            f"coalesce(try_strptime({col}, {p.add(fmt.formats[0])}), "
            f"try_strptime(trim({col}), {p.add(list(fmt.formats))}))"
        )
    if timezone.upper() != "UTC":
        naive = f"timezone('UTC', timezone({p.add(timezone)}, {naive}))"
    if not fmt.iso:
        return naive
    return (
        f"CASE WHEN regexp_matches({col}, {p.add(OFFSET_RE)}) "
        f"THEN timezone('UTC', TRY_CAST(trim({col}) AS TIMESTAMPTZ)) ELSE {naive} END"
    )


def float_text(col: str, decimal: str) -> str:
    if decimal == ",":
        swapped = f"replace(replace(trim({col}), '.', ''), ',', '.')"
        return f"CASE WHEN contains({col}, ',') THEN {swapped} ELSE trim({col}) END"
    return f"trim({col})"


def key_expr(col: str) -> str:
    """Keys are compared trimmed ("INC1 " is INC1)."""
    return f"trim({col})"


def value_expr(
    column: Column, col: str, *, fmt: TsFormat | None, decimal: str, timezone: str, rescale: bool, p: Params
) -> str:
    """The typed value of a contract column from its staged text (NULL when it does not parse)."""
    if column.type == "ts":
        assert fmt is not None
        return ts_expr(col, fmt, timezone, p)
    if column.type == "int":
        return f"TRY_CAST(regexp_extract({col}, {p.add(INT_RE)}, 1) AS BIGINT)"
    if column.type == "float":
        number = f"TRY_CAST({float_text(col, decimal)} AS DOUBLE)"
        expr = f"CASE WHEN isfinite({number}) THEN {number} END"  # inf is not a value: rejected
        return f"({expr} / 100.0)" if rescale else expr
    if column.type == "bool":
        low = f"lower(trim({col}))"
        return (
            f"CASE WHEN list_contains({p.add(list(TRUE_TOKENS))}, {low}) THEN true "
            f"WHEN list_contains({p.add(list(FALSE_TOKENS))}, {low}) THEN false END"
        )
    if column.enum:
        return f"replace(replace(lower(trim({col})), ' ', '_'), '-', '_')"
    return col  # text is stored as given; metrics compare it trimmed (DESIGN §4)


def null_token_expr(col: str, null_tokens: tuple[str, ...], p: Params) -> str:
    """Is the text a null token (trimmed, case-insensitive)? A length guard keeps it cheap."""
    tokens = sorted({t.strip().lower() for t in null_tokens})
    # cheap guards first: only short text, or text with spaces around it, can be a token
    longest = max((len(t.encode()) for t in tokens), default=0) + TOKEN_PADDING
    guard = f"(strlen({col}) <= {p.add(longest)} OR starts_with({col}, ' ') OR ends_with({col}, ' '))"
    return f"({guard} AND list_contains({p.add(tokens)}, lower(trim({col}))))"


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
        shape = "an ISO 8601 date/time" if fmt.iso else f"a date/time in the format {fmt.formats[0]}"
        return (
            f"Row rejected: {column} must be {shape}, the one format chosen for this column. "
            "Fix the value, or give --mapping with timestamp_format."
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
