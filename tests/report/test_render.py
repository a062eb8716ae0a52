"""Rendering a hand-made Report: escaping, self-containment, Unicode in the PDF, chart geometry."""

from __future__ import annotations

import re
from pathlib import Path

from answerable.report import charts, render_html, render_pdf
from answerable.report.structure import Chart, Report, Series
from tests.report.conftest import UNICODE_ORG, pdf_text, squash

RESOURCE_REF = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:|@import""", re.I)


def test_html_escapes_every_data_value(sample_report: Report) -> None:
    html = render_html(sample_report)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # Jinja2 autoescape: " is &#34;
    assert "&lt;b&gt;ops-bot&lt;/b&gt;" in html  # the filters line too
    assert "<img" not in html


def test_html_is_self_contained(sample_report: Report) -> None:
    html = render_html(sample_report)
    assert RESOURCE_REF.search(html) is None
    assert "http://" not in html.replace("http://evil.example", "")  # only the escaped data value has one
    assert "<script" not in html and "<link" not in html
    assert "<svg" in html and "<style>" in html


def test_pdf_renders_unicode_and_page_numbers(sample_report: Report, tmp_path: Path) -> None:
    pdf = render_pdf(sample_report)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert UNICODE_ORG in text  # "José Müller — €": accented letters, em dash and euro sign survive
    assert "Zoë Ødegård" in text
    flat = squash(text)
    assert "Page 1 of " in flat and "Level 3 – Defined" in flat
    assert "a" * 64 in flat  # the sha256, whole, on one line


def test_pdf_is_byte_identical_for_the_same_report(sample_report: Report) -> None:
    assert render_pdf(sample_report) == render_pdf(sample_report)


def test_nice_ceiling() -> None:
    assert charts.nice_ceiling(0.4) == 1.0
    assert charts.nice_ceiling(13) == 20.0  # 1 x 10 < 13 <= 2 x 10
    assert charts.nice_ceiling(22) == 25.0  # 2.5 x 10
    assert charts.nice_ceiling(51) == 100.0  # above 5 x 10 the next step is 10 x 10


def test_layout_breaks_lines_at_unassessed_months() -> None:
    chart = Chart(
        "t",
        "%",
        ("2025-01", "2025-02", "2025-03", "2025-04"),
        (Series("s", (10, None, 20, 30)),),
        y_max=100.0,
    )
    g = charts.layout(chart, 400, 200, font_size=10)
    # plot box: left 10 x 3.4 = 34, right 400 - 10 x 1.8 = 382, top 8, bottom 200 - 22 = 178
    assert [len(seg) for seg in g.series[0].segments] == [1, 2]
    x0, y0 = g.series[0].segments[0][0]
    assert (x0, y0) == (34.0, 161.0)  # y = 178 - 170 x 10/100 = 161
    assert g.series[0].segments[1][1] == (382.0, 127.0)  # y = 178 - 170 x 30/100 = 127
    assert [label for _, label in g.y_ticks] == ["0", "25", "50", "75", "100"]
