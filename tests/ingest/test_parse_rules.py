"""Every parse rule, evaluated by DuckDB exactly as ingestion does, plus property tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answerable.contract import Column
from answerable.ingest.dates import TsEvidence, TsFormat, choose_format
from answerable.ingest.mapping import DEFAULT_NULL_TOKENS
from answerable.ingest.values import Params, clean_expr, register_functions, value_expr

_CON = duckdb.connect()
register_functions(_CON)  # the NFKC function keys and enumerations use, as the typed pass registers it
ISO = TsFormat(True, (), "iso")
DMY = TsFormat(False, ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"), "dmy")


def parse(
    type_: str,
    text: str | None,
    *,
    fmt: TsFormat | None = None,
    decimal: str = ".",
    tz: str = "UTC",
    enum: tuple[str, ...] | None = None,
    rescale: bool = False,
) -> Any:
    """Clean then type one value with the same SQL expressions the pipeline uses."""
    p = Params()
    cleaned = clean_expr("v", DEFAULT_NULL_TOKENS, None, p)
    expr = value_expr(
        Column("x", type_, enum=enum), '"c"', fmt=fmt, decimal=decimal, timezone=tz, rescale=rescale, p=p
    )
    sql = f'SELECT {expr} FROM (SELECT {cleaned} AS "c" FROM (SELECT ?::VARCHAR AS v))'.replace(
        "?::", f"${len(p.values) + 1}::"
    )
    row = _CON.execute(sql, [*p.values, text]).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(
    "token", ["", "  ", "?", "NULL", " null ", "None", "N/A", "na", "#N/A", "#n/b", "NaN"]
)
def test_null_tokens_case_insensitive_after_trim(token: str) -> None:
    assert parse("str", token) is None
    assert parse("int", token) is None  # a null is not a parse failure


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1 - Critical", 1),
        ("3", 3),
        (" 4 ", 4),
        ("+2", 2),
        ("-1", -1),
        ("2.0", 2),
        ("2 High", 2),
        ("1: Urgent", 1),
        ("3.5", None),
        ("high", None),
        ("12abc", None),
    ],
)
def test_integers_take_the_leading_integer(text: str, want: int | None) -> None:
    assert parse("int", text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("true", True),
        ("FALSE", False),
        ("Yes", True),
        ("no", False),
        ("y", True),
        ("N", False),
        ("t", True),
        ("F", False),
        ("1", True),
        ("0", False),
        (" yes ", True),
        ("maybe", None),
        ("2", None),
    ],
)
def test_booleans(text: str, want: bool | None) -> None:
    assert parse("bool", text) is want


@pytest.mark.parametrize(
    ("text", "decimal", "want"),
    [
        ("0.85", ".", 0.85),
        ("85", ".", 85.0),
        ("1e2", ".", 100.0),
        ("12,5", ",", 12.5),
        ("1.234,5", ",", 1234.5),
        ("0.5", ",", 0.5),
        ("abc", ".", None),
    ],
)
def test_floats_and_decimal_comma(text: str, decimal: str, want: float | None) -> None:
    assert parse("float", text, decimal=decimal) == want


def test_percentage_rescale() -> None:
    assert parse("float", "85", rescale=True) == pytest.approx(0.85)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Human approval", "human_approval"),
        ("recommend-only", "recommend_only"),
        (" AUTONOMOUS ", "autonomous"),
    ],
)
def test_enums_normalised(text: str, want: str) -> None:
    assert parse("str", text, enum=("recommend_only", "human_approval", "autonomous")) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "2016-02-29T01:16:00+02:00",
            datetime(2016, 2, 28, 23, 16),
        ),  # 01:16 at +02:00 = 23:16 UTC the day before
        ("2016-02-29 01:16Z", datetime(2016, 2, 29, 1, 16)),
        ("2016-02-29 01:16:30-0500", datetime(2016, 2, 29, 6, 16, 30)),
        ("2016-02-29 01:16", datetime(2016, 2, 29, 1, 16)),
        ("2016-02-29T01:16:00.250", datetime(2016, 2, 29, 1, 16, 0, 250000)),
        ("2016-02-29", datetime(2016, 2, 29)),
        ("29/02/2016", None),
        ("2016-02-30", None),
    ],
)
def test_iso_timestamps(text: str, want: datetime | None) -> None:
    assert parse("ts", text, fmt=ISO) == want


def test_naive_times_in_the_profile_zone() -> None:
    # 12:00 in Amsterdam in winter (UTC+1) is 11:00 UTC
    assert parse("ts", "2024-01-15 12:00", fmt=ISO, tz="Europe/Amsterdam") == datetime(2024, 1, 15, 11, 0)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("29/2/2016 01:16", datetime(2016, 2, 29, 1, 16)),
        ("29/02/2016 01:16:05", datetime(2016, 2, 29, 1, 16, 5)),
        ("5/3/2016", datetime(2016, 3, 5)),
        ("2016-02-29", None),
        ("31/2/2016 10:00", None),
    ],
)
def test_day_first(text: str, want: datetime | None) -> None:
    assert parse("ts", text, fmt=DMY) == want


def _ev(**kw: int | None) -> TsEvidence:
    base: dict[str, int | None] = dict(
        values=10,
        iso=0,
        numeric=10,
        month_name=0,
        max_first=12,
        max_second=12,
        slash=10,
        dash=0,
        dot=0,
        two_digit_year=0,
        ampm=0,
    )
    base.update(kw)
    return TsEvidence(**base)  # type: ignore[arg-type]


def test_format_choice_from_evidence() -> None:
    assert choose_format(_ev(max_first=29), dayfirst=False, given=None).formats[0].startswith("%d/%m/%Y")
    assert choose_format(_ev(max_second=29), dayfirst=True, given=None).formats[0].startswith("%m/%d/%Y")
    # ambiguous: the profile decides, and the description says so
    amb = choose_format(_ev(), dayfirst=False, given=None)
    assert amb.formats[0].startswith("%m/%d/%Y") and "ambiguous" in amb.description
    assert choose_format(_ev(), dayfirst=None, given=None).formats[0].startswith("%d/%m/%Y")
    assert (
        choose_format(_ev(dash=10, slash=0, max_first=29), dayfirst=True, given=None)
        .formats[0]
        .startswith("%d-%m-%Y")
    )
    assert choose_format(_ev(iso=10, numeric=0), dayfirst=True, given=None).iso
    assert (
        choose_format(_ev(two_digit_year=10, max_first=29), dayfirst=True, given=None)
        .formats[0]
        .startswith("%d/%m/%y")
    )
    assert choose_format(_ev(), dayfirst=True, given="%Y%m%d").formats == ("%Y%m%d",)


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )
)
@settings(max_examples=60, deadline=None)
def test_day_first_round_trip(d: datetime) -> None:
    assert parse("ts", f"{d.day}/{d.month}/{d.year} {d.hour:02d}:{d.minute:02d}", fmt=DMY) == d


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
)
@settings(max_examples=60, deadline=None)
def test_iso_offsets_convert_to_utc(d: datetime, offset_min: int) -> None:
    sign = "+" if offset_min >= 0 else "-"
    text = d.isoformat() + f"{sign}{abs(offset_min) // 60:02d}:{abs(offset_min) % 60:02d}"
    assert parse("ts", text, fmt=ISO) == d - timedelta(minutes=offset_min)


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["", " - Label", " High", ".0"]))
@settings(max_examples=80, deadline=None)
def test_leading_integer_property(n: int, suffix: str) -> None:
    assert parse("int", f"{n}{suffix}") == n


@given(st.text(max_size=12))
@settings(max_examples=80, deadline=None)
def test_parsers_never_raise(text: str) -> None:
    for type_ in ("int", "float", "bool", "str"):
        parse(type_, text)
    parse("ts", text, fmt=ISO)
    parse("ts", text, fmt=DMY)
