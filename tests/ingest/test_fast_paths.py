"""The typed pass's fast paths (issue 16 D) give exactly what the slower expressions they skip give.

`int_expr` skips the integer regex for plain integers and "3 - Moderate" shapes; `normalized` skips
`trim(text, characters)` for ASCII text with nothing to trim; an ISO timestamp that starts and ends
with a digit is cast without `trim` (or read by strptime in the column's exact shape); the null-token
check settles text whose first character is printable ASCII that starts no token without
`lower(trim(text))`, and NULL or an exact ASCII token by one test; a boolean written exactly `true`
or `false` is read by one comparison; text starting with printable ASCII is not empty without a
`trim`; the whole-column evidence of a timestamp column counts a plain `1/2/2016 1:16` value without
the shape regexes. Each is checked against the expression it replaces, evaluated by DuckDB, on
hand-picked edge cases and on generated text.
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answerable.ingest.dates import FIRST_FIELD_RE, ISO_EXACT, SECOND_FIELD_RE, SHAPE_RES, TsFormat, iso_exact
from answerable.ingest.mapping import DEFAULT_NULL_TOKENS
from answerable.ingest.values import (
    _ASCII_TRIMMED,
    FALSE_TOKENS,
    INT_RE,
    NORMALIZE_FN,
    OFFSET_RE,
    REAL_OFFSET_RE,
    STRPTIME_SPACES,
    TRUE_TOKENS,
    VERSION_RE,
    Params,
    bool_expr,
    empty_expr,
    evidence_match,
    evidence_sql,
    int_expr,
    normalized,
    null_token_expr,
    register_functions,
    ts_expr,
)

EDGE_CASES = [
    None, "", " ", "3", "-3", "+3", "03", "0", "-0", " 3", "3 ", "3.0", "3,00", "3.5", "1e3", "1_000",
    "0x10", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999",
    "1 - Critical", "3 - Moderate", "3 -", "3 - ", "3 - 5", "3 -5", "3-Low", "3 – Low", "12 - High",
    "1: Urgent", "2 High", "3 7", "- 3", "x - y", "٣ - High", "3\u00a0- High", "3 -\u00e9", "\t3 - a",
    "2016-02-29 01:16:05", "2016-02-29T01:16:05", "2016-02-29 01:16\t", "2016-02-29 24:00",
    "20160-02-29 01:16",
    "0000-01-01 00:00", "16-02-29 01:16", "2016-02-29  01:16", "2016-02-29 1:16", "2016-02-29 01:16Z",
    "2016-02-29 01:60", "2016-02-29 -1:16", "2016-02-29 +1:16", "2016-02-29 01:+6", "2016-02-29 01:16:05Z",
    "2016-02-29T01:16:05+02:00", "2016-03-27 02:30", "2016-10-30 02:30", "2016-2-29", "2016-02-29\t",
    "2016-02-29 01:16", " 2016-02-29 01:16 ", "2016-02-29T01:16:05.5", "2016-02-29 01:16+02:00",
    "2016-02-29 01:16 Z", "2016-02-29 01:16+99:00", "2016-02-29", "2016-02-29 ", "20160229", "2016-2-9 1:6",
    "epoch", " infinity", "1-1-1 0:0", "2016-02-30 01:16", "2016-02-29 01:16 x", "9", "\t2016-02-29 01:16",
    "?", " ? ", "NULL", "Null", "n/a", "N/A ", "#N/A", "NaN", "na", "New", "none", "-", " - ", "unknown",
    "UNKNOWN", " Unknown", "\u3000Unknown", "\tn/a", "ＮＡ", "ｎａ", "\u212a", "k", "K", "İ", "i̇", "\u00a0?",
    "#multivalue", "#MULTIVALUE ", "#", "Phone", "true", "0", "false", "TRUE", " true", "true ", "False",
    "fals", "truee", "yes", "No", "Y", "f", "1", "ｔｒｕｅ", "true\u200b", "\ttrue",
    "\u3000", "\u00a0", "\u00a0x", "\x7f", "\x7f ", "  ", "\n", "\r\n", " \u2003 ", "!", "~ ",
    "INC001", " INC001", "INC001 ", "INC001\t", "\u200bINC001", "ÉCOLE", "é", "a\x00b", "~", "!x!", "\x7f",
]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    register_functions(c)
    return c


def _eval(con: duckdb.DuckDBPyConnection, build, values: list[str | None]) -> list[object]:  # type: ignore[no-untyped-def]
    p = Params()
    expr = build("v", p)
    first = len(p.values) + 1
    p.values.append(values)
    rows = con.execute(
        f"SELECT {expr} FROM (SELECT unnest(${first}) AS v, generate_subscripts(${first}, 1) AS i) "
        "ORDER BY i",
        p.values,
    ).fetchall()
    return [r[0] for r in rows]


def _old_int(regex: str):  # type: ignore[no-untyped-def]
    return lambda col, p: f"TRY_CAST(regexp_extract({col}, {p.add(regex)}, 1) AS BIGINT)"


def _old_normalized(col: str, p: Params) -> str:
    return (
        f"CASE WHEN strlen({col}) = length({col}) THEN trim({col}, {p.add(_ASCII_TRIMMED)}) "
        f"ELSE {NORMALIZE_FN}({col}) END"
    )


def _old_iso(col: str, p: Params) -> str:
    # a naive value is trimmed of the ASCII spaces strptime skips (tab, CR, ...), not only of spaces
    trimmed = f"trim({col}, {p.add(STRPTIME_SPACES)})"
    naive = f"CASE WHEN ascii({trimmed}) BETWEEN 48 AND 57 THEN TRY_CAST({trimmed} AS TIMESTAMP) END"
    return (
        f"CASE WHEN regexp_matches({col}, {p.add(OFFSET_RE)}) "
        f"THEN CASE WHEN regexp_matches(trim({col}), {p.add(REAL_OFFSET_RE)}) "
        f"THEN timezone('UTC', TRY_CAST(trim({col}) AS TIMESTAMPTZ)) END ELSE {naive} END"
    )


ISO = TsFormat(True, (), "ISO 8601")


def _old_bool(col: str, p: Params) -> str:
    low = f"lower(trim({col}))"
    return (
        f"CASE WHEN list_contains({p.add(list(TRUE_TOKENS))}, {low}) THEN true "
        f"WHEN list_contains({p.add(list(FALSE_TOKENS))}, {low}) THEN false END"
    )


def _old_token(tokens: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def build(col: str, p: Params) -> str:
        low = sorted({t.strip().lower() for t in tokens})
        longest = max((len(t.encode()) for t in low), default=0) + 4
        guard = f"(strlen({col}) <= {p.add(longest)} OR starts_with({col}, ' ') OR ends_with({col}, ' '))"
        return f"({guard} AND list_contains({p.add(low)}, lower(trim({col}))))"

    return build


TOKEN_LISTS = [
    DEFAULT_NULL_TOKENS, ("",), ("-", "N/A", " Unknown ", "ＮＡ", "İ", "\u212a"), ("#MULTIVALUE", "?"),
]


def _same(con: duckdb.DuckDBPyConnection, values: list[str | None]) -> None:
    for tokens in TOKEN_LISTS:
        fast = _eval(con, lambda col, p, t=tokens: null_token_expr(col, t, p), values)
        assert fast == _eval(con, _old_token(tokens), values), tokens
    for regex in (INT_RE, VERSION_RE):
        fast = _eval(con, lambda col, p, r=regex: int_expr(col, r, p), values)
        assert fast == _eval(con, _old_int(regex), values), regex
    assert _eval(con, normalized, values) == _eval(con, _old_normalized, values)
    assert _eval(con, bool_expr, values) == _eval(con, _old_bool, values)
    old_empty = _eval(con, lambda col, p: f"nullif(trim({col}), '') IS NULL", values)
    assert _eval(con, lambda col, p: empty_expr(col), values) == old_empty
    old_iso = _eval(con, _old_iso, values)
    assert _eval(con, lambda col, p: ts_expr(col, ISO, "UTC", p), values) == old_iso
    for _, exact in ISO_EXACT:  # the column's exact ISO shape read by strptime first
        assert _eval(con, lambda col, p, e=exact: ts_expr(col, ISO, "UTC", p, e), values) == old_iso, exact
        in_paris = _eval(con, lambda col, p, e=exact: ts_expr(col, ISO, "Europe/Paris", p, e), values)
        assert in_paris == _eval(con, lambda col, p: ts_expr(col, ISO, "Europe/Paris", p), values), exact


def test_fast_paths_match_the_slow_expressions_on_edge_cases(con: duckdb.DuckDBPyConnection) -> None:
    _same(con, EDGE_CASES)
    # the fast paths are taken, and read what a person reads
    assert _eval(con, lambda col, p: int_expr(col, INT_RE, p), ["3 - Moderate", "-12", "+3", "3.5"]) == [
        3, -12, 3, None]
    assert _eval(con, normalized, ["INC1", " INC1\t", "ＩＮＣ１"]) == ["INC1", "INC1", "INC1"]
    texts = ["2016-02-29 01:16", " 2016-02-29 01:16 ", "epoch"]
    iso = _eval(con, lambda col, p: ts_expr(col, ISO, "UTC", p), texts)
    assert [str(v) for v in iso] == ["2016-02-29 01:16:00", "2016-02-29 01:16:00", "None"]


_chars = st.sampled_from(list("0123456789 -+.,:–\tabcTXYZnN/?#\u00a0\u200bé٣\x1f~"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_chars, max_size=8), min_size=1, max_size=40))
def test_fast_paths_match_the_slow_expressions_on_generated_text(values: list[str]) -> None:
    c = duckdb.connect()
    register_functions(c)
    _same(c, list(values))


_pad = st.sampled_from(["", " ", "  ", "\t", "x", "0"])
_tail = st.sampled_from(["", ":05", ":05.25", "Z", "+02:00", "-0500", "+99:00", " UTC", "+1"])
_timestamps = st.builds(
    lambda a, y, mo, d, sep, h, mi, t, b: f"{a}{y}-{mo}-{d}{sep}{h}:{mi}{t}{b}",
    _pad, st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32), st.sampled_from([" ", "T", "  "]),
    st.integers(0, 25), st.integers(0, 61), _tail, _pad,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_timestamps, min_size=1, max_size=40))
def test_iso_fast_path_matches_on_generated_timestamps(values: list[str]) -> None:
    c = duckdb.connect()
    fast = _eval(c, lambda col, p: ts_expr(col, ISO, "UTC", p), list(values))
    old = _eval(c, _old_iso, list(values))
    assert fast == old
    for _, exact in ISO_EXACT:
        assert _eval(c, lambda col, p, e=exact: ts_expr(col, ISO, "UTC", p, e), list(values)) == old, exact


# The whole-column evidence of a timestamp column (parse.choose_formats): a value of the plain
# `1/2/2016 1:16(:05)` shape contributes without the shape regexes; every other value runs them all.
def _old_evidence(col: str, p: Params) -> list[str]:
    first = f"TRY_CAST(regexp_extract({col}, {p.add(FIRST_FIELD_RE)}, 1) AS INTEGER)"
    second = f"TRY_CAST(regexp_extract({col}, {p.add(SECOND_FIELD_RE)}, 1) AS INTEGER)"

    def n(regex: str) -> str:
        return f"count(*) FILTER (WHERE regexp_matches({col}, {p.add(regex)}))"

    shapes = [n(r) for r in SHAPE_RES]
    return [f"count({col})", *shapes[:3], f"max({first})", f"max({second})", *shapes[3:]]


def _evidence(con: duckdb.DuckDBPyConnection, values: list[str | None], *, old: bool) -> tuple[object, ...]:
    p = Params()
    p.add(values)  # $1
    if old:
        sql = f"SELECT {', '.join(_old_evidence('v', p))} FROM (SELECT unnest($1) AS v)"
    else:
        match = evidence_match("v", p)
        exprs = evidence_sql("v", "m", "slow", p)
        sql = (
            f"SELECT {', '.join(exprs)} FROM (SELECT v, m, m.f = '' AS slow FROM "
            f"(SELECT v, {match} AS m FROM (SELECT unnest($1) AS v)))"
        )
    return tuple(con.execute(sql, p.values).fetchall()[0])


DATE_CASES = [
    None, "", " ", "1/2/2016 1:16", "29/2/2016 1:16", "2/29/2016 1:16", "12/12/2016 23:59",
    "01/02/2016 01:16", "1/2/2016 1:16:05", "1/13/2016 1:16:05", "13/1/2016 1:16", "31/12/1999 0:00",
    "0/0/0000 0:00", " 1/2/2016 1:16", "1/2/2016 1:16 ", "1/2/2016 1:16\n", "1/2/2016  1:16",
    "1/2/2016\t1:16", "1/2/2016T1:16", "1/2/2016 1:16 PM", "1/2/2016 1:16:05 am", "1/2/2016 1:16:05.5",
    "1/2/2016 1:16:5", "1/2/2016 1:6", "1/2/16 1:16", "1/2/16", "1/2/2016", "111/2/2016 1:16",
    "1/222/2016 1:16", "1/2/20160 1:16", "1/2/201 1:16", "1/2/2016 123:16", "1-2-2016 1:16",
    "1.2.2016 1:16", "1/2-2016 1:16", "29/Feb/2016 1:16", "29-feb-16", "2016-02-29 01:16",
    "2016/02/29 01:16", "٣/2/2016 1:16", "1/2/2016 1:16:05:07", "1/2/2016 1:16:", "1/2/2016 1:16x",
    "x1/2/2016 1:16", "99/99/9999 99:99", "1/2/2016 1:16+02:00",
]


def test_evidence_fast_path_matches_on_edge_cases(con: duckdb.DuckDBPyConnection) -> None:
    for v in DATE_CASES:  # each value alone: its whole contribution
        assert _evidence(con, [v], old=False) == _evidence(con, [v], old=True), v
    assert _evidence(con, DATE_CASES, old=False) == _evidence(con, DATE_CASES, old=True)
    # the plain shape is the fast one, and reads what the regexes read
    plain = ["2/29/2016 1:16", "12/1/2016 1:16:05"]
    # (values, iso, numeric, month name, max first, max second, slash, dash, dot, 2-digit year, am/pm,
    # seconds, then day-month space, month name first, full month name, Unix s, Unix ms: none of those)
    assert _evidence(con, plain, old=False) == (2, 0, 2, 0, 12, 29, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0)


_sep = st.sampled_from(["/", "/", "-", ".", " "])
_dates = st.builds(
    lambda a, d, s1, m, s2, y, sp, h, mi, sec, b: f"{a}{d}{s1}{m}{s2}{y}{sp}{h}:{mi}{sec}{b}",
    _pad, st.integers(0, 40).map(str) | st.just("01") | st.just("Feb"), _sep,
    st.integers(0, 40).map(str) | st.just("02"), _sep, st.sampled_from(["2016", "16", "20160", "216"]),
    st.sampled_from([" ", "  ", "T", ""]), st.integers(0, 25).map(str), st.sampled_from(["16", "6", "160"]),
    st.sampled_from(["", ":05", ":5", ".5", " PM", " am"]), _pad,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_dates | st.none(), min_size=1, max_size=40))
def test_evidence_fast_path_matches_on_generated_dates(values: list[str | None]) -> None:
    c = duckdb.connect()
    assert _evidence(c, list(values), old=False) == _evidence(c, list(values), old=True)


def test_the_exact_iso_shape_comes_from_most_of_the_first_rows() -> None:
    assert iso_exact(["2016-02-29 01:16", "2016-03-01 00:00", "2016-3-1 0:00"]) == "%Y-%m-%d %H:%M"
    assert iso_exact(["2016-02-29T01:16:05", "?"]) is None  # not more than half
    seconds = ["2016-02-29T01:16:05", "2016-02-29T01:16:06Z", "2016-02-29T01:16:07"]
    assert iso_exact(seconds) == "%Y-%m-%dT%H:%M:%S"
    assert iso_exact([]) is None
