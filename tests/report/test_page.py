"""AppTest of the Board report page: preview figures equal the core's, two downloads, empty-store guidance."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from answerable import maturity, store
from answerable.present import format_score, level_text
from answerable.report import build_report, default_organisation
from answerable.report.tables import NO_MISMATCH, frame_rows, tables
from tests.app.conftest import app_on, demo_db, empty_db, run_page, texts  # noqa: F401 - fixtures
from tests.conftest import load_rows
from tests.who.test_chain import INCIDENTS, store_con  # noqa: F401 - fixture

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


def test_board_report_page_previews_who_answers_as_the_report_lays_it_out(demo_db: Path) -> None:  # noqa: F811
    # The preview shows the PDF/HTML section from the same Report and the same tables (report.tables).
    con = store.connect(demo_db)
    try:
        report = build_report(con, organisation=default_organisation())
    finally:
        con.close()
    t = tables(report)
    assert report.broken_chains and report.mismatches  # the demo story has both
    at = run_page(PAGE)
    headings = [str(m.value) for m in at.markdown]
    order = [headings.index(h) for h in ("#### Top risks and who answers for them", "#### Who answers",
                                         "##### Declared vs observed responsibility",
                                         "#### AI inventory accountability")]
    assert order == sorted(order)  # where the PDF and the HTML put it
    assert report.broken_chains_note in texts(at)
    frames = {tuple(df.value.columns): df.value for df in at.dataframe}
    chains = frames[t["broken_chains"].headers]
    assert chains.values.tolist() == frame_rows(t["broken_chains"])
    assert list(chains["Decision"]) == [b.decision_id for b in report.broken_chains]
    assert frames[t["mismatches"].headers].values.tolist() == frame_rows(t["mismatches"])


@pytest.fixture
def chain_fixture_db(
    store_con: duckdb.DuckDBPyConnection,  # noqa: F811 - the fixture
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path]:
    store_con.close()  # the app opens the file itself
    yield from app_on(db_path, tmp_path, monkeypatch)


def test_board_report_page_who_answers_on_the_hand_computed_fixture(chain_fixture_db: Path) -> None:
    # tests/who/test_chain.py's fixture; the list worked out in tests/report/test_who_section.py: D6
    # (incorrect, P2 incident) first, then D1 (nobody answers, two reasons), then D2 (May), D4 (March).
    at = run_page(PAGE)
    frames = {tuple(df.value.columns): df.value for df in at.dataframe}
    chains = frames[
        ("Decision", "Decided", "AI system", "Who answers", "Why it is broken", "Outcome", "Incident")
    ]
    assert list(chains["Decision"]) == ["D6", "D1", "D2", "D4"]
    assert list(chains["Who answers"])[:2] == ["Ann Lee", "nobody"]
    assert chains["Incident"].iloc[0] == "I1 (P2)"
    assert "4 AI decisions have a broken accountability chain" in texts(at)
    assert frames[("AI system", "Declared vs observed")].values.tolist() == [
        ["sys-a", "the business owner (Bea Owner) reviewed none of 6 decisions"],
        ["sys-b", "no business owner is declared ('TBD' is a placeholder)"],
    ]
    assert NO_MISMATCH not in texts(at)


@pytest.fixture
def incidents_only_db(
    con: duckdb.DuckDBPyConnection, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    load_rows(con, "incidents", INCIDENTS)
    con.close()
    yield from app_on(db_path, tmp_path, monkeypatch)


def test_board_report_page_without_ai_decisions_says_nothing_is_broken_or_mismatched(
    incidents_only_db: Path,
) -> None:
    at = run_page(PAGE)
    text = texts(at)
    assert "No AI decision under these filters has a broken accountability chain." in text
    assert NO_MISMATCH in text
    assert not any("Why it is broken" in df.value.columns for df in at.dataframe)
