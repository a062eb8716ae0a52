"""Report test helpers: pdftotext, a hand-made Report value, and a small store with known figures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from answerable.report.structure import (
    Chart,
    DimensionRow,
    InventoryRow,
    KpiRow,
    LineageRow,
    NotAssessed,
    Overall,
    Report,
    Risk,
    Series,
)

UNICODE_ORG = "José Müller — €"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) extracts it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed (apt-get install poppler-utils)")
    src = tmp_path / "report.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(src), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def squash(text: str) -> str:
    """Whitespace-insensitive form: table cells wrap and pdftotext spaces columns out."""
    return " ".join(text.split())


@pytest.fixture
def sample_report() -> Report:
    """A hand-made report value (no store): for rendering tests."""
    months = tuple(f"2025-{m:02d}" for m in range(1, 13))
    kpi = KpiRow(
        "unowned_decision_rate",
        "Unowned AI decisions",
        "Ownership",
        "7.9%",
        "Level 3 – Defined",
        "≤ 5% (L4)",
        "≤ 5%",
        "9.1%",
        "ok",
        "1,975 of 25,000",
        value=7.9,
        unit="%",
        level=3,
        previous=9.1,
    )
    missing = KpiRow(
        "pir_coverage",
        "PIR coverage",
        "Incident learning",
        "—",
        "Not assessed",
        "—",
        "≥ 90%",
        "—",
        "not_assessed",
        "no incident has a pir_completed_at",
        value=None,
        unit="%",
        level=None,
        previous=None,
    )
    return Report(
        title="AI governance and accountability report",
        organisation=UNICODE_ORG,
        period_text="1 Jan 2025 – 31 Dec 2025",
        filters_text="AI system: <b>ops-bot</b>",
        generated_at="2026-01-01 00:00 UTC",
        as_of="2025-12-31 23:10 UTC",
        model_version="answerable-default-1.0",
        demo_data=True,
        overall=Overall(3, "Level 3 – Defined", 54.3, "54.3 / 100", False, False, "+4.1 points"),
        summary=(
            "Governance is at Level 3 – Defined with an index of 54.3 out of 100.",
            'A value with markup: <script>alert("x")</script> & <img src="http://evil.example/x.png">',
        ),
        dimensions=(
            DimensionRow(
                "ownership",
                "Ownership",
                "Level 3 – Defined",
                "48.0",
                ("Unowned AI decisions: 7.9% (Level 3 – Defined)",),
                ("assign 213 owners",),
                level=3,
                score=48.0,
            ),
        ),
        kpis=(kpi, missing),
        indicators=(kpi, missing),
        charts=(
            Chart(
                "Overall governance index per month",
                "index 0–100",
                months,
                (Series("Index", (40, 42, None, 45, 47, 50, 51, 52, 53, 54, 54, 55)),),
                60.0,
                "L4 edge",
                100.0,
            ),
        ),
        risks=(
            Risk(
                "Unowned AI decisions",
                "Ownership",
                "7.9%",
                "Level 3 – Defined",
                "assign 213 owners",
                "Zoë Ødegård (ops-bot: 213 AI decisions)",
                value=7.9,
                unit="%",
                level=3,
            ),
        ),
        inventory=(
            InventoryRow(
                "ops-bot",
                "Zoë Ødegård",
                "none named",
                "none defined",
                "approved",
                "uncontrolled",
                "access scope broad",
            ),
        ),
        inventory_note="Every AI system is registered.",
        not_assessed=(
            NotAssessed("PIR coverage", "Incident learning", "no incident has a pir_completed_at"),
        ),
        lineage=(
            LineageRow(1, "incidents", "export «é».csv", "a" * 64, 10, 9, 1, 9, "2026-01-01 10:00", "active"),
        ),
    )
