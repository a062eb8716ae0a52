"""What a page may claim (DESIGN §5, §3, §6 second edition): the pure rules, and the pages on real stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from answerable import store
from answerable.maturity.reasons import leader_reason
from answerable.maturity.score import coverage_text
from answerable.results import DimensionScore, IndicatorScore
from answerable.ui import charts
from answerable.ui.claims import delta_text, dimension_level_text, dimension_provisional
from tests.app.conftest import _clear_caches, run_page, texts
from tests.conftest import load_rows


def _dim(statuses: list[str], level: int | None = 4) -> DimensionScore:
    inds = tuple(IndicatorScore(f"i{n}", s, 1.0 if s == "ok" else None, level if s == "ok" else None, 70.0)  # type: ignore[arg-type]
                 for n, s in enumerate(statuses))
    return DimensionScore("d", "Ownership", level, 70.0, inds)


def test_a_dimension_under_half_assessed_shows_its_level_as_provisional() -> None:
    one_of_three = _dim(["ok", "not_assessed", "not_assessed"])  # 1 * 2 < 3
    assert dimension_provisional(one_of_three)
    assert dimension_level_text(one_of_three) == "Level 4 – Managed (provisional)"
    two_of_four = _dim(["ok", "ok", "not_assessed", "insufficient_evidence"])  # 2 * 2 = 4: half is enough
    assert not dimension_provisional(two_of_four)
    assert coverage_text(4, 6) == "4 of 6 indicators assessed"


def test_a_change_that_rounds_to_zero_is_no_change_never_a_red_minus_zero() -> None:
    assert delta_text(-0.04, "pts") == "no change (0.0 pts)"
    assert delta_text(-1.25, "pts") == "-1.2 pts"  # round-half-even of the float -1.25
    assert delta_text(1234.5, "min") == "+1,234.5 min"
    assert delta_text(None, "pts") is None


def test_reasons_are_written_for_a_leader_with_the_column_after_them() -> None:
    engine = "No incidents record has a value in pir_completed_at: map or upload that column to assess this."
    assert leader_reason(engine) == ("The incident export has no post-incident review date "
                                     "(pir_completed_at): add it to the export to assess this.")
    assert leader_reason("The changes dataset is not loaded: load changes (kind changes) to assess this "
                         "indicator.") == "No change export is loaded (changes): load one to assess this."


def test_trend_lines_break_at_gaps_and_thin_months_and_every_tick_has_its_year() -> None:
    months = [date(2016, 11, 1), date(2016, 12, 1), date(2017, 1, 1), date(2025, 11, 1), date(2025, 12, 1)]
    xs, ys = charts.line_points(months, [1.0, 2.0, 3.0, 4.0, 5.0], [False, True, False, False, False])
    # Dec 2016 is thin (no line through it); a break is inserted after Jan 2017 (gap of 106 months)
    assert ys == [1.0, None, 3.0, None, 4.0, 5.0]
    assert xs[3] == date(2017, 2, 1)
    fig = charts.index_line(months, [50.0, 40.0, 60.0, 30.0, 35.0], [False, True, False, False, False])
    axis = fig.layout.xaxis
    assert all(t[-4:].isdigit() and t[-5] == " " for t in axis.ticktext)  # "Nov 2016", never "Nov"
    assert axis.rangebreaks[0].bounds == ("2017-03-01", "2025-10-01")  # the 8 empty years cut out


@pytest.fixture
def unrelated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """2016 incidents and a 2025 AI log that names none of them."""
    path = tmp_path / "mixed.duckdb"
    con = store.connect(path)
    load_rows(con, "incidents", [
        {"incident_id": f"INC-{i}", "opened_at": datetime(2016, 3 + i % 3, 1 + i % 28, 9),
         "resolved_at": datetime(2016, 3 + i % 3, 1 + i % 28, 17), "assigned_to": "Ana",
         "assignment_group": "Network", "category": "network", "priority": 3}
        for i in range(90)
    ])
    load_rows(con, "ai_decisions", [
        {"decision_id": f"D{i}", "decided_at": datetime(2025, 10 + i % 3, 1 + i % 28, 9), "ai_system": "bot",
         "incident_id": f"T-{i}", "decision_type": "classify", "decision_value": "network",
         "autonomy": "autonomous", "accountable_owner": "Bo"}
        for i in range(90)
    ])
    con.close()
    monkeypatch.setenv("ANSWERABLE_DB", str(path))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path))
    _clear_caches()
    yield path
    _clear_caches()


def test_unrelated_logs_are_flagged_on_the_overview_and_in_the_data_status(unrelated_db: Path) -> None:
    at = run_page("1_Overview.py")
    text = texts(at)
    assert "The AI decision log and the incident export do not describe the same operations" in text
    assert "only 0 of 90 AI decisions (0.0%) link to a loaded incident" in text
    assert "⚠ Linkage: 0.0% of 90 AI decisions link to a loaded incident" in text  # the data-status line
    assert "Not enough evidence for a level" in text  # 2 of 7 dimensions at most


def test_the_indicators_relying_on_the_link_say_so(unrelated_db: Path) -> None:
    at = run_page("5_Data_quality.py")
    assert "This indicator joins each AI decision to its incident." in texts(at)
