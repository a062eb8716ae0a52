"""Rendering a hand-made Report: escaping, self-containment, Unicode in the PDF, chart geometry."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
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


def test_y_ticks_are_round_numbers() -> None:
    # a quarter of 100, 20, 200 or 1 is a round number (25, 5, 50, 0.25): four steps
    assert [charts.y_divisions(v) for v in (100.0, 20.0, 200.0, 1.0)] == [4, 4, 4, 4]
    # a quarter of 25, 5 or 2.5 is not (6.25, 1.25, 0.625): five steps of 5, 1 and 0.5
    assert [charts.y_divisions(v) for v in (25.0, 5.0, 2.5)] == [5, 5, 5]
    chart = Chart("t", "%", ("2025-01", "2025-02"), (Series("s", (21.5, 20.4)),))
    g = charts.layout(chart, 400, 200, font_size=10)  # peak 21.5 x 1.1 = 23.65 -> y max 25
    assert [label for _, label in g.y_ticks] == ["0", "5", "10", "15", "20", "25"]


def test_layout_breaks_lines_at_unassessed_months() -> None:
    chart = Chart(
        "t",
        "%",
        ("2025-01", "2025-02", "2025-03", "2025-04"),
        (Series("s", (10, None, 20, 30)),),
        y_max=100.0,
    )
    g = charts.layout(chart, 400, 200, font_size=10)
    # plot box: left 10 x 3.4 = 34, right 400 - 10 x 2.6 = 374, top 8, bottom 200 - 22 = 178
    assert [len(seg) for seg in g.series[0].segments] == [1, 2]
    x0, y0 = g.series[0].segments[0][0]
    assert (x0, y0) == (34.0, 161.0)  # y = 178 - 170 x 10/100 = 161
    assert g.series[0].segments[1][1] == (374.0, 127.0)  # y = 178 - 170 x 30/100 = 127
    assert [label for _, label in g.y_ticks] == ["0", "25", "50", "75", "100"]


def test_a_long_gap_is_cut_out_of_the_month_axis_and_named() -> None:
    # Feb 2017 and Nov 2025 are 105 months apart (unrelated data): the axis is cut, not stretched.
    months = ("2017-01", "2017-02", "2025-11", "2025-12")
    chart = Chart("t", "%", months, (Series("s", (10, 20, 30, 40)),), y_max=100.0)
    g = charts.layout(chart, 400, 200, font_size=10)
    # plot box 34..374 (340 wide). Two plain steps of one month and one cut: the cut takes 3 months'
    # room (340 / (2 + 3) x 3 = 204), more than a label's (10 x 5.4 x 1.1 = 59.4): months at x = 34,
    # 102, 306 and 374; the cut sits midway between Feb 2017 and Nov 2025, at 204.
    assert [x for x, _ in g.series[0].points] == [34.0, 102.0, 306.0, 374.0]
    assert g.cuts == ((204.0, "no data Mar 2017–Oct 2025"),)
    assert [len(seg) for seg in g.series[0].segments] == [2, 2]  # the line breaks at the cut
    # both sides of the cut are named, with the year, and no two labels are closer than 54 (10 x 5.4)
    labels = [label for _, label in g.x_labels]
    assert labels == ["Jan 2017", "Feb 2017", "Nov 2025", "Dec 2025"]
    xs = [x for x, _ in g.x_labels]
    assert all(b - a >= 54 for a, b in itertools.pairwise(xs))


def test_month_labels_never_collide_on_a_long_axis() -> None:
    # 26 months (Jan 2016 - Feb 2017, then Nov 2025 - Oct 2026): a label at most every 54 units
    pairs = [*((2016, m) for m in range(1, 13)), (2017, 1), (2017, 2), (2025, 11), (2025, 12),
             *((2026, m) for m in range(1, 11))]
    months = tuple(f"{y}-{m:02d}" for y, m in pairs)
    chart = Chart("t", "%", months, (Series("s", tuple(float(i) for i in range(len(months)))),))
    g = charts.layout(chart, 420, 200, font_size=10)
    xs = [x for x, _ in g.x_labels]
    assert all(b - a >= 54 for a, b in itertools.pairwise(xs))
    labels = [label for _, label in g.x_labels]
    assert labels[0] == "Jan 2016" and labels[-1] == "Oct 2026" and "Feb 2017" in labels
    assert len(g.cuts) == 1 and g.cuts[0][1] == "no data Mar 2017–Oct 2025"


def test_the_html_and_pdf_mark_the_cut(sample_report: Report, tmp_path: Path) -> None:
    chart = Chart("Cut chart", "%", ("2017-01", "2017-02", "2025-11"), (Series("s", (10, 20, 30)),))
    report = replace(sample_report, charts=(chart,))
    assert "// axis cut: no data Mar 2017–Oct 2025" in render_html(report)
    assert "axis cut: no data Mar 2017–Oct 2025" in squash(pdf_text(render_pdf(report), tmp_path))
