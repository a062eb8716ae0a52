"""answerable.present: the one way numbers, periods, levels and long names are said (app, CLI, report)."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

from answerable import present
from answerable.present import (
    clip,
    format_count,
    format_number,
    format_score,
    level_colour,
    period_text,
    rgb,
    target_text,
    timestamp_text,
)
from answerable.results import Filters

SRC = Path(__file__).resolve().parents[1] / "src" / "answerable"


def test_numbers_have_thousands_separators_and_no_trailing_zero() -> None:
    assert format_number(7.94) == "7.9"
    assert format_number(5.0) == "5"
    assert format_number(1234.5) == "1,234.5"
    assert format_number(-0.04) == "0"  # rounds to zero: no "-0"
    assert format_number(0.125, 2) == "0.12"  # banker's rounding of the float 0.125
    assert format_count(25219.0) == "25,219"
    assert format_score(54.26, 1) == "54.3 / 100" and format_score(None) == "—"


def test_targets_point_the_way_of_the_indicator() -> None:
    assert target_text("lower", 5.0, "%") == "≤ 5%"
    assert target_text("higher", 80.0, "%") == "≥ 80%"
    assert target_text("lower", 30.0, "min") == "≤ 30 min"


def test_periods_read_as_days_with_an_exclusive_end() -> None:
    # to = 1 Nov is exclusive, so the last day shown is 31 Oct
    assert period_text(Filters(date_from=date(2026, 5, 1), date_to=date(2026, 11, 1))) == (
        "1 May 2026 – 31 Oct 2026"
    )
    span = period_text(Filters(), date(2026, 1, 1), date(2026, 1, 28))  # no filter: the data's own span
    assert span == "1 Jan 2026 – 28 Jan 2026 (all data)"
    assert period_text(Filters(date_from=date(2026, 3, 1))) == "From 1 Mar 2026"
    assert period_text(Filters()) == "All data"
    assert timestamp_text("2026-10-31T19:20:05") == "2026-10-31 19:20 UTC"
    assert timestamp_text(datetime(2026, 1, 2, 3, 4)) == "2026-01-02 03:04 UTC"


def test_one_palette_gives_every_level_a_colour() -> None:
    assert level_colour(None) == present.NOT_ASSESSED_COLOUR
    assert rgb(level_colour(1)) == (176, 0, 32)  # #b00020
    assert [rgb(level_colour(n)) for n in range(1, 6)] == [rgb(c) for c in present.LEVEL_COLOURS.values()]


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert clip("short") == "short"
    assert clip("a" * 120) == "a" * 120  # exactly at the limit: whole
    cut = clip("a" * 1500)
    assert len(cut) == 120 and cut == "a" * 119 + "…"
    assert clip("abc def", 5) == "abc…"  # no dangling space before the ellipsis


def test_present_is_a_leaf_without_streamlit() -> None:
    """It may import only the standard library and answerable.results, so every layer can use it."""
    tree = ast.parse((SRC / "present.py").read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert {m for m in imported if m and m.startswith(("answerable", "streamlit"))} == {"answerable.results"}
