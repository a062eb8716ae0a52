"""A report on the real ServiceNow event log alone (incidents only) is honest about what it cannot assess."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from answerable.ingest import ingest_file
from answerable.report import build_report, render_html, render_pdf
from tests.report.conftest import pdf_text, squash

AI_INDICATORS = (
    "Unowned AI decisions",
    "Escalation latency (p90)",
    "Decisions under uncontrolled identities",
)


@pytest.mark.realdata
def test_incidents_only_report_says_what_is_not_assessed(
    con: duckdb.DuckDBPyConnection, servicenow_zip: Path, tmp_path: Path
) -> None:
    ingested = ingest_file(con, servicenow_zip)
    assert ingested.kind == "incidents"
    report = build_report(con)

    reasons = {n.title: n.reason for n in report.not_assessed}
    for title in AI_INDICATORS:
        assert "ai_decisions" in reasons[title]  # not assessed because no AI decision log is loaded
    assert report.overall.provisional  # only incident-based dimensions can be assessed (< 5 of 7)
    summary = " ".join(report.summary)
    assert summary.startswith("Not enough evidence for a level")  # no level headlined (DESIGN §5)
    assert "provisional" in summary
    assert "No AI decision log is loaded (ai_decisions)" in summary  # the reason in a leader's words
    assert report.inventory == ()  # no inventory loaded: the table is empty, and the report says so
    assert report.inventory_note.startswith("No AI system inventory is loaded")

    flat = squash(pdf_text(render_pdf(report), tmp_path))
    html = render_html(report)
    for title in AI_INDICATORS:
        assert title in flat and title in html
    # the cover says "3 of 25 indicators assessed; provisional" (lower case)
    assert "Not assessed" in flat and "provisional" in flat.lower()
    assert ingested.sha256 in flat and ingested.sha256 in html
