"""Golden file: the executive summary of the board report on the committed demo data.

The demo data (data/demo, loaded by `answerable demo`) is deterministic, so its summary is too. When a
change to the wording, the metrics or the demo data is intended, regenerate on purpose:

    ANSWERABLE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/report/test_golden.py

and review the diff of tests/report/golden/demo_summary.txt before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from answerable import store
from answerable.cli import main
from answerable.report import build_report
from answerable.results import Filters

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo_summary.txt"
# The second half of the demo year (ownership improves after month 6) against the first half.
PERIOD = Filters(date_from=date(2026, 5, 1), date_to=date(2026, 11, 1))


def _summary_text(db: Path) -> str:
    con = store.connect(db, read_only=True)
    try:
        report = build_report(con, PERIOD, organisation="Northwind Services")
    finally:
        con.close()
    lines = [
        f"{report.title} — {report.organisation}",
        f"Period: {report.period_text}",
        f"Overall: {report.overall.level_text}, index {report.overall.index_text}",
        f"Change: {report.overall.change_text}",
        "",
        *report.summary,
    ]
    return "\n".join(lines) + "\n"


def test_demo_summary_matches_golden(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    capsys.readouterr()
    text = _summary_text(db_path)
    if os.environ.get("ANSWERABLE_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file yet: run with ANSWERABLE_UPDATE_GOLDEN=1 to write {GOLDEN}"
    assert text == GOLDEN.read_text(encoding="utf-8")
