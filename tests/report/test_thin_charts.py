"""The report's trend charts draw thin months as the app's charts do (DESIGN §5 "Thin months"): hollow,
never joined by the line, decided by the one definition in maturity.trend; a gap breaks the line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.maturity.trend import series_thin
from answerable.report import build_report, charts, render_html, render_pdf
from answerable.report.structure import Chart, Series
from tests.conftest import load_rows
from tests.report.conftest import pdf_text, squash

# Decisions per month and how many of them have no accountable owner. April has no record at all.
MONTHS = {(2026, 1): (200, 20), (2026, 2): (200, 10), (2026, 3): (40, 4), (2026, 5): (200, 0)}


@pytest.fixture
def thin_store(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    rows = []
    for (y, m), (n, unowned) in MONTHS.items():
        for i in range(n):
            rows.append(dict(
                decision_id=f"D{m}-{i}", decided_at=datetime(y, m, 1 + i % 28, 10),
                ai_system="ops-bot", decision_type="route", autonomy="human_approval", confidence=0.9,
                outcome="correct", accountable_owner=None if i < unowned else "Lee Park",
            ))
    rows[-1]["decided_at"] = datetime(2026, 5, 31, 12)  # the data reaches 31 May: May is complete
    con = store.connect(tmp_path / "thin.duckdb")
    load_rows(con, "ai_decisions", rows, file_name="decisions.csv")
    yield con
    con.close()


def test_series_thin_is_thin_flags_plus_the_incomplete_last_month() -> None:
    months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    # median month 200 (of 200, 200, 40): a quarter is 50, so March's 40 is thin
    assert series_thin(months, [200, 200, 40], 0, datetime(2026, 3, 31)) == [False, False, True]
    # the data ends on 15 March: March is not complete, and thin even with 200 records
    assert series_thin(months, [200, 200, 200], 0, datetime(2026, 3, 15)) == [False, False, True]
    # 29 records are below a min evidence of 30
    assert series_thin(months, [29, 30, 30], 30, None) == [True, False, False]


def test_the_report_marks_the_thin_month_on_every_chart(thin_store: duckdb.DuckDBPyConnection) -> None:
    report = build_report(thin_store)
    index, *kpis = report.charts
    assert index.months == ("2026-01", "2026-02", "2026-03", "2026-05")
    # month sizes 200, 200, 40, 200: median month 200, a quarter 50 -> March (40) is thin; as of 31 May
    assert index.series[0].thin == (False, False, True, False)
    unowned = next(c for c in kpis if c.title.startswith("Unowned AI decisions"))
    s = unowned.series[0]
    # 20/200 = 10%, 10/200 = 5%, 4/40 = 10%, 0/200 = 0%; March's denominator (40) is thin the same way
    assert s.values == pytest.approx((10.0, 5.0, 10.0, 0.0))
    assert s.thin == (False, False, True, False)


def test_thin_months_are_hollow_and_a_gap_breaks_the_line(thin_store: duckdb.DuckDBPyConnection) -> None:
    report = build_report(thin_store)
    g = charts.layout(report.charts[0], 400, 200, font_size=10)
    line = g.series[0]
    # Jan..May is four calendar months over the plot box 34..374 (400 - 10 x 2.6), 85 each: x = 34, 119,
    # 204 and 374
    # (April keeps its room on the axis). January and February are joined; March is a hollow dot on its
    # own; May stands alone (April has no record: the line breaks).
    assert [[x for x, _ in seg] for seg in line.segments] == [[34.0, 119.0], [374.0]]
    assert [x for x, _ in line.hollow] == [204.0]
    assert [x for x, _ in line.points] == [34.0, 119.0, 374.0]
    assert g.any_hollow

    html = render_html(report)
    n_hollow = sum(len(charts.layout(c, 420, 200, font_size=10).series[0].hollow) for c in report.charts)
    assert n_hollow >= 2  # the index and the unowned-decisions chart at least
    assert html.count('fill="#ffffff" stroke=') == n_hollow
    assert html.count(charts.HOLLOW_LABEL) == sum(
        1 for c in report.charts if charts.layout(c, 420, 200, font_size=10).any_hollow
    )


def test_the_pdf_legend_explains_the_hollow_dot(
    thin_store: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = squash(pdf_text(render_pdf(build_report(thin_store)), tmp_path))
    assert squash(charts.HOLLOW_LABEL) in text


def test_a_chart_without_thin_flags_draws_every_month_solid() -> None:
    chart = Chart("t", "%", ("2025-01", "2025-02", "2025-03"), (Series("s", (10, 20, 30)),), y_max=100.0)
    g = charts.layout(chart, 400, 200, font_size=10)
    assert len(g.series[0].segments) == 1 and len(g.series[0].points) == 3
    assert g.series[0].hollow == () and not g.any_hollow


def test_the_app_preview_draws_the_report_charts_as_the_app_does(
    thin_store: duckdb.DuckDBPyConnection,
) -> None:
    from answerable.ui import charts as app_charts

    report = build_report(thin_store)
    index = app_charts.report_chart(report.charts[0])
    by_name = {t.name: t for t in index.data}
    # March (thin) is only in the hollow trace; the line leaves it out and breaks across April (no record)
    march = report.charts[0].series[0].values[2]
    assert march is not None
    assert list(by_name["Too few records (not compared)"].y) == [None, None, march, None]
    line = next(t for t in index.data if t.mode == "lines")
    assert [y is None for y in line.y] == [False, False, True, True, False]  # Jan, Feb, Mar, (Apr), May
    assert list(index.layout.xaxis.ticktext) == ["Jan 2026", "Feb 2026", "Mar 2026", "May 2026"]

    unowned = next(c for c in report.charts if c.title.startswith("Unowned AI decisions"))
    fig = app_charts.report_chart(unowned)
    hollow = next(t for t in fig.data if t.name == "Too few records (not compared)")
    assert list(hollow.y) == [None, None, pytest.approx(10.0), None]  # 4 of 40 in March, thin
    assert any(s.y0 == 5.0 for s in fig.layout.shapes)  # the Level 4 target (<= 5%) as a dotted line
