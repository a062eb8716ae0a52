"""Timestamp formats for the parse step: a first guess per column from the file's first rows, the
values that prove a day/month guess wrong (the typed pass stops there), the guess turned the other way
round, and the whole-column evidence (DESIGN §3 "Values": a format rests on the whole column, never on
the first rows alone).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb

from answerable.contract import dataset
from answerable.ingest.dates import (
    TsEvidence,
    TsFormat,
    choose_format,
    evidence_from_row,
    evidence_from_values,
    iso_exact,
)
from answerable.ingest.plan import Plan
from answerable.ingest.relation import Reader, ReaderTypes
from answerable.ingest.values import Params, evidence_match, evidence_sql, raw
from answerable.store import quote_ident as q

GIVE_UP = "answerable: the first-rows timestamp format is proved wrong"


def _ts_columns(plan: Plan) -> list[str]:
    ds = dataset(plan.kind)
    return [c for c in plan.mapping.columns if ds.column(c).type == "ts"]


def first_rows_evidence(rd: Reader) -> dict[str, TsEvidence]:
    """Each timestamp column's evidence in the file's first rows (computed in Python, once per file:
    the first guess, the values that doom it and its turn all read it)."""
    return {c: evidence_from_values(sampled(rd, c)) for c in _ts_columns(rd.plan)}


def first_guess(plan: Plan, evidence: dict[str, TsEvidence]) -> dict[str, TsFormat]:
    """One format per timestamp column from its first rows' evidence. The typed pass checks it on every
    row: when any value fails, `parse_file` decides again from the whole column (`choose_formats`),
    so a choice never rests on the first rows alone."""
    return {c: _choose(plan, ev) for c, ev in evidence.items()}


def choose_formats(con: duckdb.DuckDBPyConnection, rd: Reader) -> dict[str, TsFormat]:
    """One format per timestamp column, from the evidence of all of its values (read by DuckDB)."""
    plan = rd.plan
    ts_cols = _ts_columns(plan)
    if not ts_cols:
        return {}
    p = Params()
    exprs: list[str] = []
    matched: list[str] = []
    for i, c in enumerate(ts_cols):
        matched.append(f"{raw(c)}, {evidence_match(raw(c), p)} AS _m{i}")
        exprs += evidence_sql(raw(c), f"_m{i}", f"_slow{i}", p)
    flagged = ", ".join(f"{raw(c)}, _m{i}, _m{i}.f = '' AS _slow{i}" for i, c in enumerate(ts_cols))
    sql = (
        f"SELECT {', '.join(exprs)} FROM (SELECT {flagged} FROM "  # noqa: S608
        f"(SELECT {', '.join(matched)} FROM {rd.sql(p)}))"
    )
    row = rd.execute(con, sql, p.values).fetchall()[0]
    assert row is not None
    width = len(exprs) // len(ts_cols)
    return {
        c: _choose(plan, evidence_from_row(row[i * width : (i + 1) * width])) for i, c in enumerate(ts_cols)
    }


def _choose(plan: Plan, ev: TsEvidence) -> TsFormat:
    return choose_format(ev, dayfirst=plan.mapping.dayfirst, given=plan.mapping.timestamp_format)


def sampled(rd: Reader, column: str) -> list[str]:
    """The non-null values of a column in the file's first rows."""
    pos = rd.plan.positions[column]
    tokens = {t.strip().lower() for t in rd.plan.mapping.null_tokens}
    values = (row[pos] if pos < len(row) else None for row in rd.src.sample)
    return [v for v in values if v is not None and v.strip().lower() not in tokens]


class GuessDoomed(Exception):
    """A value proved the first-rows timestamp guess will be decided again from the whole column."""


def doomed_by(plan: Plan, formats: dict[str, TsFormat], evidence: dict[str, TsEvidence]) -> dict[str, int]:
    """For each day/month column guessed from the file's first rows, the field (1 or 2) whose value
    above 12, anywhere in the column, proves the guess wrong: a day-first guess made with no second
    field above 12 in those rows, and a second field above 12 later, means the whole-column evidence
    will describe the column differently (month-first, or conflicting fields), so the typed pass is
    certain to be redone (`parse_file`). Stopping at that value saves the rest of a doomed pass, the
    dearest one: values that fail the guessed format try every other format of its family.
    `evidence`: the first rows' (`first_rows_evidence`)."""
    if plan.mapping.timestamp_format:
        return {}
    out = {}
    for c, fmt in formats.items():
        if fmt.iso or not fmt.formats or "%b" in fmt.formats[0] or "%B" in fmt.formats[0]:
            continue
        ev = evidence[c]
        if fmt.formats[0].startswith("%d") and (ev.max_second or 0) <= 12:
            out[c] = 2
        elif fmt.formats[0].startswith("%m") and (ev.max_first or 0) <= 12:
            out[c] = 1
    return out


def turned(
    plan: Plan, formats: dict[str, TsFormat], give_up: dict[str, int], evidence: dict[str, TsEvidence]
) -> dict[str, TsFormat]:
    """The doomed day/month guesses that the first rows left ambiguous (no field above 12), the other
    way round: each column's first-rows evidence plus the field above 12 that dooms its guess
    (`doomed_by`), so the description says why (e.g. "month-first: a second field is above 12"), as
    the whole-column evidence would. A guess the first rows proved is kept."""
    out = dict(formats)
    for c, field in give_up.items():
        ev = evidence[c]
        if max(ev.max_first or 0, ev.max_second or 0) <= 12:
            out[c] = _choose(plan, replace(ev, max_first=13) if field == 1 else replace(ev, max_second=13))
    return out


def days_above_12(con: duckdb.DuckDBPyConnection, stage: str, plan: Plan, columns: list[str]) -> bool:
    """Does each column hold a typed value whose day, as written (in the profile's zone, before the
    conversion to UTC), is above 12? For a column typed day/month the other way round, that is the
    field above 12 its whole-column evidence would find, proving the order."""
    if not columns:
        return True
    tz = plan.mapping.timezone
    p = Params()
    local = "{}" if tz.upper() == "UTC" else f"timezone({p.add(tz)}, timezone('UTC', {{}}))"
    found = ", ".join(f"bool_or(day({local.format(q(c))}) > 12)" for c in columns)
    row = con.execute(f"SELECT {found} FROM {stage}.typed", p.values).fetchall()[0]  # noqa: S608
    return all(bool(v) for v in row)


def reader_types(
    con: duckdb.DuckDBPyConnection, rd: Reader, formats: dict[str, TsFormat]
) -> ReaderTypes | None:
    """The timestamp columns DuckDB's CSV reader can type itself (`ReaderTypes`), or None.

    Only for a CSV with no unnamed column and no placeholder holding a digit. A column is typed when
    each of its first rows' values is empty, a null token every read column shares (and no
    placeholder), or holds a digit and is read by one strptime format (its ISO shape, `iso_exact`,
    or its first format); of the formats found, the one most columns share. The reader is given the
    null tokens seen there, as spelt there (each one costs the reader time on every field). Values
    further down that do not fit stop the read, and the text decides (`parse.typed_pass`): this is a
    speed path, never a rule.
    """
    plan, m = rd.plan, rd.plan.mapping
    placeholders = {t.strip().lower() for t in m.placeholders}
    if rd.view is not None or plan.unnamed or any(ch.isdigit() for t in placeholders for ch in t):
        return None
    shared = set(m.null_tokens)
    for c in plan.positions:
        shared &= set(m.tokens(c))
    plain = {t for t in shared - placeholders if t and t.isascii() and t.isprintable() and t == t.strip()}
    found: dict[str, list[int]] = {}
    seen: dict[str, set[str]] = {}
    for c, fmt in formats.items():
        pos = plan.positions[c]
        if fmt.epoch or any(pos >= len(row) or row[pos] is None for row in rd.src.sample):
            continue
        values = [str(row[pos]) for row in rd.src.sample if row[pos]]
        nulls = {v for v in values if v.lower() in plain and v.isascii() and v == v.strip()}
        text = [v for v in values if v not in nulls]
        one = (iso_exact(text) if fmt.iso else fmt.formats[0]) if text else None
        if one is None:
            continue
        fits = con.execute(
            "SELECT bool_and(regexp_matches(v, '[0-9]') AND try_strptime(v, ?) IS NOT NULL) "
            "FROM unnest(?::VARCHAR[]) AS t(v)",
            [one, text],
        ).fetchall()[0][0]
        if fits:
            found.setdefault(one, []).append(pos)
            seen.setdefault(one, set()).update(nulls)
    if not found:
        return None
    chosen = max(found, key=lambda f: len(found[f]))
    return ReaderTypes(frozenset(found[chosen]), chosen, tuple(sorted({"", *seen[chosen]})))
