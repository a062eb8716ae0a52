"""Overview and Maturity pages: the headline escalation KPI is time to human takeover, and every level
has its coverage beside it (DESIGN §4-5 second edition)."""

from __future__ import annotations

from pathlib import Path

from answerable import maturity, store
from answerable.present import format_value
from answerable.results import Filters
from tests.app.conftest import run_page, texts


def test_overview_headlines_time_to_human_takeover_and_coverage(demo_db: Path) -> None:
    con = store.connect(demo_db)
    expected = maturity.score(con, Filters())
    con.close()
    takeover = next(m for m in expected.metrics if m.id == "human_takeover_p90_min")
    at = run_page("1_Overview.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Time to human takeover (p90)"] == format_value(takeover.value, takeover.unit)
    text = texts(at)
    # the demo: every one of the 25 indicators is assessed over the whole year
    assert "Overall level from 25 of 25 indicators assessed in 7 of 7 dimensions." in text
    assert "6 of 6 indicators assessed" in text  # the Escalation tile


def test_maturity_scorecard_shows_coverage_beside_each_dimension_level(demo_db: Path) -> None:
    at = run_page("7_Maturity.py")
    card = at.dataframe[0].value
    escalation = card[card["Dimension"] == "Escalation"]
    assert len(escalation) == 6
    assert escalation["Dimension level"].iloc[0].endswith("(6 of 6 indicators assessed)")
