"""Data is never rendered as HTML or markdown: hostile values reach users only as text (DESIGN §10)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from answerable import store
from answerable.report import build_report, render_html, render_pdf
from answerable.results import Filters
from tests.conftest import load_rows

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[click me](javascript:alert(1))"
MD_IMAGE = "![tracker](https://evil.example/pixel.png)"
HOSTILE = (SCRIPT, IMG, LINK, MD_IMAGE)


def _fill(con: object) -> None:
    systems = [
        {
            "ai_system": SCRIPT,
            "business_owner": IMG,
            "technical_owner": LINK,
            "escalation_path": MD_IMAGE,
            "status": "approved",
            "access_scope": "admin",
            "identity": SCRIPT,
        },
        {"ai_system": "Router", "business_owner": "Ana", "technical_owner": "Li", "status": "approved"},
    ]
    load_rows(con, "ai_systems", systems, file_name=f"{SCRIPT}.csv")  # type: ignore[arg-type]
    decisions = [
        {
            "decision_id": f"D{i}",
            "decided_at": f"2026-01-{1 + i % 28:02d} 10:00:00",
            "ai_system": SCRIPT if i % 2 else "Router",
            "accountable_owner": IMG if i % 3 else None,
            "autonomy": "autonomous",
            "confidence": 0.4,
            "incident_id": f"I{i}",
            "identity": SCRIPT,
            "outcome": "incorrect",
            "decision_value": LINK,
        }
        for i in range(40)
    ]
    load_rows(con, "ai_decisions", decisions, file_name=f"{IMG}.csv")  # type: ignore[arg-type]
    incidents = [
        {
            "incident_id": f"I{i}",
            "opened_at": f"2026-01-{1 + i % 28:02d} 09:00:00",
            "assignment_group": MD_IMAGE,
            "assigned_to": SCRIPT,
            "category": LINK,
            "priority": 1 + i % 5,
        }
        for i in range(40)
    ]
    load_rows(con, "incidents", incidents, file_name="../../etc/passwd.csv")  # type: ignore[arg-type]


def test_board_report_escapes_every_value(db_path: Path) -> None:
    con = store.connect(db_path)
    try:
        _fill(con)
        report = build_report(con, Filters(), organisation=SCRIPT)
    finally:
        con.close()
    html = render_html(report)
    assert SCRIPT not in html and IMG not in html  # raw markup never appears
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html  # shown, escaped (Jinja2: ' is &#39;)
    assert not re.search(r"<(script|img|iframe)\b", html, re.IGNORECASE)  # the page has no script at all
    # Nothing is fetched from the network: no external src/href, stylesheet import or CSS url().
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)
    assert render_pdf(report).startswith(b"%PDF")  # the PDF renders the same values as text


@pytest.fixture
def hostile_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "app.duckdb"
    con = store.connect(db)
    _fill(con)
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


PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_hostile_values_only_as_text(hostile_app: Path, page: str) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("html")) == 0  # no st.html anywhere
    # Markdown-rendering elements never carry a data value (titles, captions and help are ours).
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "info",
        "warning",
        "error",
        "success",
    ):
        for element in at.get(kind):
            text = str(element.value)
            for value in HOSTILE:
                assert value not in text, f"{page}: {kind} renders data as markdown: {text[:200]!r}"


def test_hostile_file_names_are_shown_as_text_in_lineage(hostile_app: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "8_Data.py"), default_timeout=120).run()
    assert not at.exception
    shown = "\n".join(df.value.to_csv() for df in at.dataframe)
    # The values are displayed (so the check above is not vacuous), inside a dataframe: text cells.
    assert f"{SCRIPT}.csv" in shown and f"{IMG}.csv" in shown and "../../etc/passwd.csv" in shown
