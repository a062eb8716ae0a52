"""One long value must not break the board report (issue 16.3): a ~1,500-character AI system name or a
2,000-character file name used to fail the PDF with "The row with index N is too high", and the Board
report page showed the traceback. Every table cell is now cut with an ellipsis (long words wrap), in the
PDF and the HTML alike; the page says clearly when a report cannot be built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from answerable import store
from answerable.ingest import ingest_file
from answerable.present import ELLIPSIS, NAME_LIMIT
from answerable.report import build_report, render_html, render_pdf
from answerable.results import Filters
from tests.app.conftest import app_on
from tests.report.conftest import pdf_text, squash

ROOT = Path(__file__).resolve().parents[2]
# 1,500 characters: a readable head, then one unbroken word (the worst case for wrapping).
LONG_SYSTEM = "Claims triage assistant " + "x" * 1476
LONG_OWNER = "Ana " + "Q" * 1496
LONG_FILE = "export-" + "f" * 1989 + ".csv"  # 2,000 characters, as a browser upload may name it
INVENTORY = (
    "ai_system,business_owner,technical_owner,escalation_path,status\n"
    f"{LONG_SYSTEM},{LONG_OWNER},Dev Gupta,Service Desk L2,approved\n"
    "short-bot,Grace Hansen,Dev Gupta,Service Desk L2,approved\n"
)


def _decisions() -> str:
    rows = "".join(
        f"D{i},2026-01-{1 + i % 28:02d} 10:00:00,{LONG_SYSTEM if i % 2 else 'short-bot'},"
        f"{'' if i % 5 == 0 else LONG_OWNER}\n"
        for i in range(40)
    )
    return "decision_id,decided_at,ai_system,accountable_owner\n" + rows


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    con = store.connect(db)
    try:
        inv = tmp_path / "inventory.csv"
        inv.write_text(INVENTORY, encoding="utf-8")
        dec = tmp_path / "decisions.csv"
        dec.write_text(_decisions(), encoding="utf-8")
        assert ingest_file(con, inv, kind="ai_systems").records == 2
        assert ingest_file(con, dec, kind="ai_decisions", display_name=LONG_FILE).records == 40
    finally:
        con.close()
    return db


def _cut(value: str) -> str:
    """The head of `value` as a report cell shows it: NAME_LIMIT characters, the last an ellipsis."""
    return value[: NAME_LIMIT - 1] + ELLIPSIS


def _report(db: Path, filters: Filters = Filters()) -> tuple[str, bytes]:  # noqa: B008 - frozen value
    con = store.connect(db, read_only=True)
    try:
        report = build_report(con, filters, organisation="Northwind")
    finally:
        con.close()
    return render_html(report), render_pdf(report)


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)


def test_a_1500_character_ai_system_name_is_cut_in_every_table(tmp_path: Path) -> None:
    html, pdf = _report(_store(tmp_path))
    assert pdf.startswith(b"%PDF-")  # it builds (it failed: "The row with index 1 is too high")
    assert LONG_SYSTEM not in html and LONG_OWNER not in html  # never whole
    assert _cut(LONG_SYSTEM) in _cells(html)  # the inventory row names it, cut with an ellipsis
    assert _cut(LONG_OWNER) in _cells(html)  # its business owner too
    assert max(len(c) for c in _cells(html)) < 1500  # no cell of any table holds a whole long value
    text = squash(pdf_text(pdf, tmp_path))
    assert "Claims triage assistant xxxx" in text and ELLIPSIS in text  # shown in the PDF, cut
    assert "x" * 200 not in text.replace(" ", "")  # never the whole run of 1,476 x's


def test_a_long_ai_system_filter_is_cut_on_the_cover(tmp_path: Path) -> None:
    html, pdf = _report(_store(tmp_path), Filters(ai_system=LONG_SYSTEM))
    assert pdf.startswith(b"%PDF-")
    assert f"AI system: {_cut(LONG_SYSTEM)}" in html and LONG_SYSTEM not in html


def test_a_2000_character_file_name_is_cut_in_the_lineage_even_after_retracting(tmp_path: Path) -> None:
    db = _store(tmp_path)
    html, pdf = _report(db)
    assert _cut(LONG_FILE) in _cells(html) and LONG_FILE not in html
    text = pdf_text(pdf, tmp_path).replace("\n", "").replace(" ", "")
    assert "export-ffff" in text and "f" * 400 not in text  # the PDF lineage shows it, cut
    con = store.connect(db)
    try:  # the retracted batch stays in the lineage appendix: the report must still build
        batch = next(b for b in store.list_batches(con) if b.file_name == LONG_FILE)
        store.retract(con, batch.batch_id)
    finally:
        con.close()
    html, pdf = _report(db)
    assert pdf.startswith(b"%PDF-") and _cut(LONG_FILE) in _cells(html)


@pytest.fixture
def long_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ANSWERABLE_ROLES", raising=False)  # every viewer may open the Board report
    monkeypatch.chdir(tmp_path)
    yield from app_on(_store(tmp_path), tmp_path, monkeypatch)


def _page() -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / "9_Board_report.py"), default_timeout=180).run()


def test_the_board_report_page_builds_with_the_long_values(long_store: Path) -> None:
    at = _page()
    assert not at.exception, [str(e.value)[:200] for e in at.exception]
    assert len(at.get("download_button")) == 2
    # the preview shows the rows the PDF and HTML show: the long name cut the same way
    inventory = next(d.value for d in at.dataframe if "AI system" in d.value.columns)
    assert _cut(LONG_SYSTEM) in list(inventory["AI system"])
    lineage = next(d.value for d in at.dataframe if "sha256" in d.value.columns)
    assert _cut(LONG_FILE) in list(lineage["File"])


def test_the_board_report_page_says_so_when_a_report_cannot_be_built(
    long_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: object) -> bytes:
        raise RuntimeError("/srv/answerable/secret/path: the row with index 1 is too high")

    monkeypatch.setattr("answerable.report.render_pdf", broken)
    at = _page()
    assert not at.exception  # no traceback for the user
    errors = [e.value for e in at.error]
    assert any("could not be built" in e for e in errors), errors
    assert not any("/srv/answerable" in e for e in errors)  # no server path or internals shown
    assert len(at.get("download_button")) == 0
