"""The app's pure helpers: level words, value formatting, upload staging (the comparison period is the
core's: tests/maturity/test_compare.py)."""

from __future__ import annotations

from pathlib import Path

from answerable.present import format_value, level_text, ratio_text
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


def test_uploads_are_staged_under_a_content_name_never_the_users(tmp_path: Path) -> None:
    staged = stage("../../etc/passwd.csv", b"incident_id,opened_at\n", tmp_path)
    assert staged.path.parent == tmp_path  # the user's path components are never used
    assert staged.path.name == staged.sha256[:24] + ".csv"
    assert staged.name == "../../etc/passwd.csv"  # kept for messages and lineage only
    assert staged.path.read_bytes() == b"incident_id,opened_at\n"
    assert stage("export.XLSX", b"x", tmp_path).path.suffix == ".xlsx"


def test_side_figures_are_worded_never_python_reprs() -> None:
    from answerable.ui.indicator import _extra_row

    assert _extra_row("missing_category_pct", 1.6) == ("missing category", "1.6%")
    assert _extra_row("fields_not_checked", []) == ("fields not checked", "none")  # was "[]"
    assert _extra_row("fields_not_checked", ["cmdb_ci"]) == ("fields not checked", "cmdb_ci")
    assert _extra_row("missing_cmdb_ci_pct", None) == ("missing cmdb ci", "—")  # was "None"
