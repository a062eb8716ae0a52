"""The app's pure helpers: level words, value formatting, the comparison period, upload staging."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from answerable.present import format_value, level_text, ratio_text
from answerable.results import Filters
from answerable.ui.format import previous_period
from answerable.ui.upload import stage


def test_levels_are_words() -> None:
    assert level_text(3) == "Level 3 – Defined"
    assert level_text(5) == "Level 5 – Optimizing"
    assert level_text(None) == "Not assessed"
    assert level_text(None, "insufficient_evidence") == "Insufficient evidence"


def test_values_carry_their_units() -> None:
    assert format_value(7.94, "%") == "7.9%"
    assert format_value(46.25, "min") == "46.2 min"  # banker's rounding of the float 46.25 -> 46.2
    assert format_value(3.0, "days") == "3 days"  # no trailing ".0": the app says what the report says
    assert format_value(80.0, "%") == "80%"
    assert format_value(1234.56, "min") == "1,234.6 min"  # thousands separated
    assert format_value(None, "%") == "—"
    assert ratio_text(213.0, 2700.0) == "213 of 2,700"
    assert ratio_text(None, 852.0) == "over 852"  # p90 / median: the records it is taken over
    assert ratio_text(None, None) == "—"
    assert format_value(0.4, "count") == "0.40"  # a mean count keeps its decimals
    assert format_value(6000.0, "count") == "6,000"


def test_a_full_period_is_compared_with_the_equal_period_before_it() -> None:
    f = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 4, 1), ai_system="A")
    period = previous_period(f, None)
    assert period is not None
    current, prev, label = period
    # March has 31 days, so the previous period is the 31 days before 1 March: 29 Jan .. 1 Mar
    assert current == f
    assert (prev.date_from, prev.date_to, prev.ai_system) == (date(2026, 1, 29), date(2026, 3, 1), "A")
    assert label == "vs the previous 31 days"


def test_without_a_period_the_last_complete_month_is_compared_with_the_one_before() -> None:
    period = previous_period(Filters(), datetime(2026, 10, 31, 19, 20))
    assert period is not None
    current, prev, label = period
    # as of 31 Oct 19:20: the data reaches October's last day, so October vs September
    assert (current.date_from, current.date_to) == (date(2026, 10, 1), date(2026, 11, 1))
    assert (prev.date_from, prev.date_to) == (date(2026, 9, 1), date(2026, 10, 1))
    assert label == "from Sep 2026 to Oct 2026"
    # as of 30 Oct: October is not complete, so September vs August
    period = previous_period(Filters(), datetime(2026, 10, 30, 23, 59))
    assert period is not None
    assert (period[0].date_from, period[1].date_from) == (date(2026, 9, 1), date(2026, 8, 1))
    # across a year boundary: as of 15 Jan 2026 -> December 2025 vs November 2025
    period = previous_period(Filters(), datetime(2026, 1, 15))
    assert period is not None
    assert (period[0].date_from, period[1].date_from) == (date(2025, 12, 1), date(2025, 11, 1))
    assert previous_period(Filters(), None) is None  # no data, nothing to compare
    # the last representable day: no overflow; December 9999 is incomplete, so November vs October
    period = previous_period(Filters(), datetime(9999, 12, 31, 23, 0))
    assert period is not None and period[0].date_from == date(9999, 11, 1)


def test_uploads_are_staged_under_a_content_name_never_the_users(tmp_path: Path) -> None:
    staged = stage("../../etc/passwd.csv", b"incident_id,opened_at\n", tmp_path)
    assert staged.path.parent == tmp_path  # the user's path components are never used
    assert staged.path.name == staged.sha256[:24] + ".csv"
    assert staged.name == "../../etc/passwd.csv"  # kept for messages and lineage only
    assert staged.path.read_bytes() == b"incident_id,opened_at\n"
    assert stage("export.XLSX", b"x", tmp_path).path.suffix == ".xlsx"
