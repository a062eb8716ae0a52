"""Extreme but parseable values must not take the app down: one poisoned row is not a denial of service."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from answerable import store
from answerable.ingest import ingest_file

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def _decisions(extra: str) -> str:
    rows = "".join(f"D{i},2026-01-{1 + i % 28:02d} 10:00:00,Bot,Ana\n" for i in range(40))
    return "decision_id,decided_at,ai_system,accountable_owner\n" + rows + extra


@pytest.fixture
def extreme_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Year 1 and 9999 (both real Python dates, e.g. a "no end date" sentinel 9999-12-31)."""
    db = tmp_path / "app.duckdb"
    con = store.connect(db)
    p = tmp_path / "decisions.csv"
    p.write_text(
        _decisions("DX,9999-12-31 00:00:00,Bot,Ana\nDY,0001-01-01 00:00:00,Bot,\n"), encoding="utf-8"
    )
    assert ingest_file(con, p, kind="ai_decisions").records == 42  # implausible, not unparseable: loaded
    con.close()
    (tmp_path / "uploads").mkdir()
    monkeypatch.setenv("ANSWERABLE_DB", str(db))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.delenv("ANSWERABLE_ROLES", raising=False)
    monkeypatch.chdir(tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db
    st.cache_data.clear()
    st.cache_resource.clear()


# (found) the sidebar's date bounds were year - 1 / year + 1: "year 0 is out of range" on every page.
@pytest.mark.parametrize("page", PAGES)
def test_pages_survive_year_1_and_year_9999(extreme_store: Path, page: str) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120).run()
    assert not at.exception, [str(e.value)[:200] for e in at.exception]


def test_cli_survives_year_1_and_year_9999(extreme_store: Path, tmp_path: Path) -> None:
    for args in (
        ["metrics", "--json"],
        ["score", "--json"],
        ["report", "--format", "html", "--out", "r.html"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "answerable", "--db", str(extreme_store), *args],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert out.returncode == 0, (args, out.stderr[-500:])


def test_timestamps_beyond_year_9999_are_rejected_rows(db_path: Path, tmp_path: Path) -> None:
    con = store.connect(db_path)
    try:
        p = tmp_path / "decisions.csv"
        p.write_text(_decisions("DX,10000-01-01 00:00:00,Bot,Ana\n"), encoding="utf-8")
        report = ingest_file(con, p, kind="ai_decisions")
        # 41 rows: line 42 (header is line 1, D0..D39 are lines 2..41) is the year-10000 row.
        assert [(pr.line, pr.column, pr.value) for pr in report.problems] == [
            (42, "decided_at", "10000-01-01 00:00:00")
        ]
        assert report.records == 40
    finally:
        con.close()


# (found) `report` for a period in year 1 crashed with "year 0 is out of range" (the comparison period
# before it), and an open period starting in year 9999 overflowed the day after the as-of.
@pytest.mark.parametrize(
    "period",
    [
        ["--from", "0001-01-01", "--to", "0001-02-01"],
        ["--from", "0001-01-05", "--to", "0001-03-01"],
        ["--from", "0001-01-01"],
        ["--from", "9999-12-01"],
        ["--from", "9999-12-05", "--to", "9999-12-31"],
        ["--from", "9999-01-01", "--to", "9999-12-31"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_report_for_a_period_in_year_1_or_9999(
    extreme_store: Path, tmp_path: Path, period: list[str], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from answerable.cli import main

    out = tmp_path / f"r.{fmt}"
    assert main(["--db", str(extreme_store), "report", *period, "--format", fmt, "--out", str(out)]) == 0
    assert capsys.readouterr().err.startswith("wrote ")
    assert out.stat().st_size > 1000
