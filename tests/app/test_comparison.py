"""The Overview and the board report state the same change for the same store (maturity.compare, one rule):
the same two periods named, the same index change, the same KPI months."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from answerable import store
from answerable.report import build_report
from answerable.report.structure import Report
from tests.app.conftest import app_on, run_page, texts
from tests.conftest import load_rows
from tests.report.test_comparison import LABEL, THIN_LAST, _decisions


def _report(db: Path) -> Report:
    con = store.connect(db, read_only=True)
    try:
        return build_report(con)
    finally:
        con.close()


def _kpi_delta(at: object, title: str) -> str | None:
    [m] = [m for m in at.metric if m.label == title]  # type: ignore[attr-defined]
    return m.delta  # type: ignore[no-any-return]


def test_on_the_demo_both_compare_sep_with_oct(demo_db: Path) -> None:
    report = _report(demo_db)
    at = run_page("1_Overview.py")
    text = texts(at)
    # the demo's months all hold 2,256..3,023 records and the data reaches 31 Oct 2026: no thin month,
    # so both compare the last two months, September and October 2026
    assert "Change in the index from Sep 2026 to Oct 2026." in text
    [index] = [m for m in at.metric if m.label == "Governance index"]
    assert index.delta is not None and index.delta.endswith(" pts")
    change = index.delta.removesuffix(" pts")
    assert report.overall.change_text == f"{change} points from Sep 2026 to Oct 2026."
    assert report.compared_header == "Sep 2026 → Oct 2026"
    # each headline KPI's app delta is the later month minus the earlier, the two values the report shows
    for title in ("Unowned AI decisions", "Decisions under uncontrolled identities"):
        k = next(k for k in report.kpis if k.title == title)
        assert k.previous is not None and k.current is not None
        assert _kpi_delta(at, title) in (f"{k.current - k.previous:+.1f} pts", "no change (0.0 pts)")


@pytest.fixture
def thin_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "thin.duckdb"
    rows = _decisions(THIN_LAST)
    rows[-1]["decided_at"] = datetime(2026, 12, 31, 12)  # December complete, but only 20 records: thin
    con = store.connect(path)
    load_rows(con, "ai_decisions", rows)
    con.close()
    yield from app_on(path, tmp_path, monkeypatch)


def test_with_a_thin_last_month_both_name_the_two_months_compared(thin_db: Path) -> None:
    report = _report(thin_db)
    at = run_page("1_Overview.py")
    assert f"Values for the selected filters; the change is {LABEL}." in texts(at)
    assert report.overall.change_text == f"+5.0 points {LABEL}."
    # unowned AI decisions: October 10%, November 5% (tests/report/test_comparison.py): -5.0 pts in the app
    assert _kpi_delta(at, "Unowned AI decisions") == "-5.0 pts"
    unowned = next(k for k in report.kpis if k.id == "unowned_decision_rate")
    assert unowned.previous_text == "10% → 5%"


@pytest.fixture
def gap_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # 2016 incidents (April, May) and a 2025 AI log (November 20 decisions, thin; December 200): the
    # last month that is not thin follows eight years without a record
    path = tmp_path / "gap.duckdb"
    con = store.connect(path)
    load_rows(con, "incidents", [
        dict(incident_id=f"I{m}-{i}", opened_at=datetime(2016, m, 1 + i % 28, 9),
             resolved_at=datetime(2016, m, 1 + i % 28, 11), assigned_to="Ana")
        for m in (4, 5) for i in range(200)])
    decisions = _decisions({(2025, 11): (20, 0), (2025, 12): (200, 10)})
    decisions[-1]["decided_at"] = datetime(2025, 12, 31, 12)
    load_rows(con, "ai_decisions", decisions)
    con.close()
    yield from app_on(path, tmp_path, monkeypatch)


def test_across_a_gap_neither_claims_a_change(gap_db: Path) -> None:
    report = _report(gap_db)
    at = run_page("1_Overview.py")
    why = "no two months with enough records to compare without crossing a gap in the data"
    assert f"Values for the selected filters; no change is shown: {why}." in texts(at)
    assert [(m.label, m.delta) for m in at.metric if m.delta] == []
    assert report.overall.change_text == f"No change is stated: {why}."
