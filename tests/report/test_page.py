"""AppTest of the Board report page: preview figures equal the core's, two downloads, empty-store guidance."""

from __future__ import annotations

from pathlib import Path

from answerable import maturity, store
from answerable.present import format_score, level_text
from tests.app.conftest import demo_db, demo_template, empty_db, run_page, texts  # noqa: F401 - fixtures

PAGE = "9_Board_report.py"


def test_board_report_page_previews_and_offers_both_downloads(demo_db: Path) -> None:  # noqa: F811
    con = store.connect(demo_db)
    try:
        score = maturity.score(con)
    finally:
        con.close()
    at = run_page(PAGE)
    metrics = {m.label: str(m.value) for m in at.metric}
    assert metrics["Overall maturity"] == level_text(score.overall.level)
    assert metrics["Governance index"] == format_score(score.overall.index, 1)
    assert len(at.get("download_button")) == 2  # PDF and self-contained HTML
    text = texts(at)
    assert "Executive summary" in text and "Demo data" in text
    assert len(at.dataframe) >= 4  # KPIs, dimensions, risks, inventory (+ lineage in the expander)


def test_board_report_page_on_an_empty_store_says_what_to_load(empty_db: Path) -> None:  # noqa: F811
    at = run_page(PAGE)
    assert "No data loaded yet" in texts(at)
    assert len(at.get("download_button")) == 0
