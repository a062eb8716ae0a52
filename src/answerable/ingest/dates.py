"""Timestamp formats: one format per column, chosen from the evidence of its values (DESIGN §3).

Pure Python: the evidence is counted by SQL (`values.evidence_sql`) over the whole column, or here
over the file's first rows (a first guess the parse step checks on every row). Day-first against
month-first is decided by the values when a field is above 12, else by the profile or mapping, and
the description says which; never guessed per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ISO_RE = r"^\s*\d{4}-\d{1,2}-\d{1,2}"
NUMERIC_DATE_RE = r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\D|$)"
MONTH_NAME_RE = r"^\s*\d{1,2}[/ .-][A-Za-z]{3,9}[/ .-]\d{2,4}(?:\D|$)"
AMPM_RE = r"(?i)\d\s*[ap]\.?m\.?\s*$"
FIRST_FIELD_RE = r"^\s*(\d{1,2})[/.-]\d{1,2}[/.-]"
SECOND_FIELD_RE = r"^\s*\d{1,2}[/.-](\d{1,2})[/.-]"
TWO_DIGIT_YEAR_RE = r"^\s*\d{1,2}[/ .-](?:\d{1,2}|[A-Za-z]{3,9})[/ .-]\d{2}(?:\D|$)"
# The commonest numeric shape, `29/2/2016 1:16` or `2/29/2016 1:16:05`, whose evidence needs no other regex
PLAIN_SLASH_RE = r"^(\d{1,2})/(\d{1,2})/\d{4} \d{1,2}:\d{2}(:\d{2})?$"
# "Mar 12, 2024 10:15 AM", "March 12 2024": the month's name first (US long dates)
MONTH_FIRST_RE = r"^\s*[A-Za-z]{3,9}\.? \d{1,2},? \d{4}(?:\D|$)"
# a month's full name ("12 March 2024"), which strptime reads with %B, not %b (May is both)
LONG_MONTH_RE = (
    r"(?i)^\s*(?:\d{1,2}[/ .-])?(?:january|february|march|april|june|july|august|september|october|"
    r"november|december)\b"
)

# Unix time: seconds (10 digits, 2001-2033, maybe a fraction) or milliseconds (13 digits), as logging
# pipelines and AI platforms write it. Other digit runs (20240312) are not taken for one.
EPOCH_S_RE = r"^\s*1\d{9}(?:\.\d{1,6})?\s*$"
EPOCH_MS_RE = r"^\s*1\d{12}\s*$"

# Shapes counted as evidence, in TsEvidence order (iso, numeric, month name, then separators etc.)
SHAPE_RES = (
    ISO_RE,
    NUMERIC_DATE_RE,
    MONTH_NAME_RE,
    r"^\s*\d{1,2}/",
    r"^\s*\d{1,2}-[0-9A-Za-z]",  # 12-03-2024 or 12-Mar-2024
    r"^\s*\d{1,2}\.[0-9A-Za-z]",
    TWO_DIGIT_YEAR_RE,
    AMPM_RE,
    r"\d:\d{2}:\d{2}",
    r"^\s*\d{1,2} [A-Za-z]",  # 12 Mar 2024
    MONTH_FIRST_RE,
    LONG_MONTH_RE,
    EPOCH_S_RE,
    EPOCH_MS_RE,
)


# Zero-padded ISO shapes whose values DuckDB's strptime reads (with the same value as the cast) cheaper
# than the generic ISO path: a speed hint for the typed pass, chosen from the file's first rows
ISO_EXACT = (
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"), "%Y-%m-%d %H:%M"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"), "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"), "%Y-%m-%dT%H:%M:%S"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d"),
)


def iso_exact(values: list[str]) -> str | None:
    """The strptime format of the ISO shape most of the values have (None when none has half)."""
    counts = [sum(1 for v in values if r.fullmatch(v)) for r, _ in ISO_EXACT]
    best = max(range(len(counts)), key=lambda i: counts[i])
    return ISO_EXACT[best][1] if counts[best] * 2 > len(values) else None


@dataclass(frozen=True)
class TsFormat:
    """How one timestamp column is parsed: ISO casts, or a list of strptime formats of one family."""

    iso: bool
    formats: tuple[str, ...]
    description: str  # what the report says, including why this format was chosen
    epoch: int = 0  # Unix time: 1 = seconds, 1000 = milliseconds (then iso is False, formats empty)


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
    space: int = 0  # "12 Mar 2024": a space between day and month name
    month_first: int = 0  # "Mar 12, 2024"
    long_month: int = 0  # a month's full name ("March")
    epoch_s: int = 0  # Unix time in seconds
    epoch_ms: int = 0  # Unix time in milliseconds


_COMPILED_SHAPES = tuple(re.compile(r) for r in SHAPE_RES)
_FIRST_FIELD, _SECOND_FIELD = re.compile(FIRST_FIELD_RE), re.compile(SECOND_FIELD_RE)


def evidence_from_values(values: list[str]) -> TsEvidence:
    """The same evidence computed in Python over a few rows (the file's first lines): a first guess."""
    counts = [sum(1 for v in values if r.search(v)) for r in _COMPILED_SHAPES]
    firsts = [int(m.group(1)) for v in values if (m := _FIRST_FIELD.search(v))]
    seconds = [int(m.group(1)) for v in values if (m := _SECOND_FIELD.search(v))]
    return evidence_from_row(
        [len(values), *counts[:3], max(firsts, default=None), max(seconds, default=None), *counts[3:]]
    )


def evidence_from_row(values: tuple[object, ...] | list[object]) -> TsEvidence:
    """The aggregates of `evidence_sql` (in that order) as a TsEvidence."""
    v = [int(x) if isinstance(x, int | float) else None for x in values]
    z = [x or 0 for x in v]
    z += [0] * (17 - len(z))
    return TsEvidence(z[0], z[1], z[2], z[3], v[4], v[5], *z[6:17])


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
    if ev.epoch_s + ev.epoch_ms > max(ev.iso, ev.numeric, ev.month_name, ev.month_first):
        ms = ev.epoch_ms > ev.epoch_s
        unit = "milliseconds" if ms else "seconds"
        return TsFormat(False, (), f"Unix time in {unit} (UTC)", epoch=1000 if ms else 1)
    if ev.values == 0 or ev.iso >= max(ev.numeric, ev.month_name, ev.month_first):
        return TsFormat(
            True, (), "ISO 8601 (offsets converted to UTC, naive times taken as the profile zone)"
        )
    names = ("%B", "%b") if ev.long_month * 2 > max(ev.month_name, ev.month_first) else ("%b", "%B")
    if ev.month_first > max(ev.numeric, ev.month_name):
        fmts = tuple(f"{m} %d{comma} %Y{t}" for m in names for comma in (",", "") for t in _times(ev))
        return TsFormat(False, fmts, f"{fmts[0]} (month name, day, year)")
    sep = max((ev.slash, "/"), (ev.dash, "-"), (ev.dot, "."), (ev.space, " "))[1]
    year = "%y" if ev.two_digit_year * 2 > max(ev.numeric, ev.month_name) else "%Y"
    if ev.month_name > ev.numeric:
        fmts = tuple(f"%d{sep}{m}{sep}{year}{t}" for m in names for t in _times(ev))
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
