"""A dimension with fewer than half of its indicators assessed shows its level as provisional in the
report and the CLI, as in the app (DESIGN §5 "Only claim what the data supports"): one rule, the core's."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from answerable import store
from answerable.cli import main
from answerable.report import build_report
from tests.conftest import load_rows


@pytest.fixture
def decisions_only(db_path: Path) -> Path:
    # 40 AI decisions, 4 without an owner (10%), and nothing else loaded
    con = store.connect(db_path)
    load_rows(con, "ai_decisions", [
        dict(decision_id=f"D{i}", decided_at=datetime(2026, 3, 1 + i % 28, 10), ai_system="bot",
             accountable_owner=None if i < 4 else "Ana")
        for i in range(40)
    ])
    con.close()
    return db_path


def test_the_report_marks_a_dimension_level_provisional(decisions_only: Path) -> None:
    con = store.connect(decisions_only, read_only=True)
    try:
        report = build_report(con)
    finally:
        con.close()
    ownership = next(d for d in report.dimensions if d.id == "ownership")
    # Ownership: unowned AI decisions is assessed (10% of 40); owner coverage needs the inventory and
    # unowned incidents need incidents: 1 of 3 assessed, fewer than half -> provisional
    assert ownership.coverage_text == "1 of 3 indicators assessed"
    assert ownership.level is not None and ownership.level_text.endswith(" (provisional)")


def test_the_cli_score_table_says_so(decisions_only: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(decisions_only), "score"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Ownership"))
    assert line.endswith("(1 of 3 indicators assessed; level provisional)")
