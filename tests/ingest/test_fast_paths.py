"""The typed pass's fast paths (issue 16 D) give exactly what the slower expressions they skip give.

`int_expr` skips the integer regex for plain integers and "3 - Moderate" shapes; `normalized` skips
`trim(text, characters)` for ASCII text with nothing to trim. Each is checked against the expression
it replaces, evaluated by DuckDB, on hand-picked edge cases and on generated text.
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answerable.ingest.values import (
    _ASCII_TRIMMED,
    INT_RE,
    NORMALIZE_FN,
    VERSION_RE,
    Params,
    int_expr,
    normalized,
    register_functions,
)

EDGE_CASES = [
    None, "", " ", "3", "-3", "+3", "03", "0", "-0", " 3", "3 ", "3.0", "3,00", "3.5", "1e3", "1_000",
    "0x10", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999",
    "1 - Critical", "3 - Moderate", "3 -", "3 - ", "3 - 5", "3 -5", "3-Low", "3 – Low", "12 - High",
    "1: Urgent", "2 High", "3 7", "- 3", "x - y", "٣ - High", "3\u00a0- High", "3 -\u00e9", "\t3 - a",
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
        f"SELECT {expr} FROM (SELECT unnest(${first}) AS v, generate_subscripts(${first}, 1) AS i) ORDER BY i",
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


def _same(con: duckdb.DuckDBPyConnection, values: list[str | None]) -> None:
    for regex in (INT_RE, VERSION_RE):
        fast = _eval(con, lambda col, p, r=regex: int_expr(col, r, p), values)
        assert fast == _eval(con, _old_int(regex), values), regex
    assert _eval(con, normalized, values) == _eval(con, _old_normalized, values)


def test_fast_paths_match_the_slow_expressions_on_edge_cases(con: duckdb.DuckDBPyConnection) -> None:
    _same(con, EDGE_CASES)
    # the fast paths are taken, and read what a person reads
    assert _eval(con, lambda col, p: int_expr(col, INT_RE, p), ["3 - Moderate", "-12", "+3", "3.5"]) == [
        3, -12, 3, None]
    assert _eval(con, normalized, ["INC1", " INC1\t", "ＩＮＣ１"]) == ["INC1", "INC1", "INC1"]


_chars = st.sampled_from(list("0123456789 -+.,:–\tabcXYZ\u00a0\u200bé٣\x1f~"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_chars, max_size=8), min_size=1, max_size=40))
def test_fast_paths_match_the_slow_expressions_on_generated_text(values: list[str]) -> None:
    c = duckdb.connect()
    register_functions(c)
    _same(c, list(values))
