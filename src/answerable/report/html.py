"""The board report as one self-contained HTML document: inline CSS and SVG, no scripts, no links out.

Every value from the data passes through `html.escape`; nothing from the data is ever raw markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from answerable.report import charts
from answerable.report.structure import Chart, KpiRow, LineageRow, Report

_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1a1a1a;
  font-size: 10.5pt; line-height: 1.45; margin: 0; background: #f4f4f1; }
main { max-width: 60rem; margin: 0 auto; background: #fff; padding: 2.5rem 3rem 3rem; }
header.cover { border-bottom: 3px solid #1f4e79; padding-bottom: 1.2rem; margin-bottom: 1.5rem; }
.org { text-transform: uppercase; letter-spacing: .08em; color: #1f4e79; font-weight: bold;
  font-size: 9.5pt; }
h1 { font-size: 22pt; margin: .3rem 0 .6rem; line-height: 1.15; }
h2 { font-size: 14pt; color: #1f4e79; border-bottom: 1px solid #c9d3de; padding-bottom: .2rem;
  margin: 2rem 0 .8rem; break-after: avoid; }
h3 { font-size: 11pt; margin: 1rem 0 .4rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0;
  font-size: 9.5pt; color: #404040; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.demo { background: #fff4ce; border: 1px solid #e0c36b; padding: .5rem .8rem; margin: 1rem 0; }
.headline { display: flex; gap: 1rem; margin: 1rem 0 1.2rem; flex-wrap: wrap; }
.tile { flex: 1 1 12rem; border: 1px solid #d9d9d9; border-left: 5px solid #1f4e79; padding: .6rem .9rem; }
.tile .label { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .06em; color: #595959; }
.tile .big { font-size: 17pt; font-weight: bold; }
.summary p { margin: 0 0 .6rem; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .4rem 0 1rem; }
th { text-align: left; background: #1f4e79; color: #fff; padding: .35rem .5rem; font-weight: bold; }
td { padding: .3rem .5rem; vertical-align: top; border-bottom: 1px solid #e6e6e6; }
tbody tr:nth-child(even) td { background: #f2f5f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 7.5pt;
  word-break: break-all; }
ul.tight { margin: 0; padding-left: 1.1rem; }
.muted { color: #666; }
.lvl { font-weight: bold; white-space: nowrap; }
.lvl1 { color: #b00020; } .lvl2 { color: #c55a11; } .lvl3 { color: #8a6d00; } .lvl4 { color: #2e7d32; }
.lvl5 { color: #1b5e20; } .lvl0 { color: #666; }
.bad { color: #b00020; font-weight: bold; } .good { color: #2e7d32; font-weight: bold; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem 1.5rem; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: .2rem; }
.legend { font-size: 8pt; color: #404040; } .legend span { margin-right: .8rem; }
.swatch { display: inline-block; width: .8rem; height: .25rem; vertical-align: middle; margin-right: .25rem; }
section.appendix { break-before: page; }
footer { margin-top: 2rem; font-size: 8pt; color: #666; border-top: 1px solid #ddd; padding-top: .5rem; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; } }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _level_class(level_text: str) -> str:
    for n in range(1, 6):
        if level_text.startswith(f"Level {n}"):
            return f"lvl lvl{n}"
    return "lvl lvl0"


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    raw: Sequence[int] = (),
    mono: Sequence[int] = (),
) -> str:
    """A table; cells are escaped unless their column is in `raw` (markup built here from escaped text)."""
    head = "".join(
        f'<th class="num">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ' class="mono"' if i in mono else ""
            cells.append(f"<td{cls}>{cell if i in raw else _e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _level(level_text: str) -> str:
    return f'<span class="{_level_class(level_text)}">{_e(level_text)}</span>'


def _access(status: str) -> str:
    css = "good" if status == "controlled" else "bad"
    return f'<span class="{css}">{_e(status)}</span>'


def _bullets(items: Sequence[str]) -> str:
    if not items:
        return '<span class="muted">—</span>'
    return '<ul class="tight">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def chart_svg(chart: Chart, width: int = 420, height: int = 200) -> str:
    g = charts.layout(chart, width, height, font_size=10)
    out = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{_e(chart.title)}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="10">'
    ]
    for y, label in g.y_ticks:
        out.append(
            f'<line x1="{g.left}" y1="{y:.2f}" x2="{g.right}" y2="{y:.2f}" stroke="{charts.GRID_COLOUR}"/>'
        )
        out.append(
            f'<text x="{g.left - 4}" y="{y + 3.5:.2f}" text-anchor="end" fill="{charts.AXIS_COLOUR}">'
            f"{_e(label)}</text>"
        )
    out.append(
        f'<line x1="{g.left}" y1="{g.bottom}" x2="{g.right}" y2="{g.bottom}" stroke="{charts.AXIS_COLOUR}"/>'
    )
    for x, label in g.x_labels:
        out.append(
            f'<text x="{x:.2f}" y="{g.bottom + 13}" text-anchor="middle" fill="{charts.AXIS_COLOUR}">'
            f"{_e(label)}</text>"
        )
    out.append(
        f'<text transform="translate(10 {(g.top + g.bottom) / 2:.2f}) rotate(-90)" text-anchor="middle" '
        f'fill="{charts.AXIS_COLOUR}">{_e(chart.unit)}</text>'
    )
    if g.target_y is not None:
        out.append(
            f'<line x1="{g.left}" y1="{g.target_y}" x2="{g.right}" y2="{g.target_y}" '
            f'stroke="{charts.TARGET_COLOUR}" stroke-dasharray="5 3"/>'
        )
    for s in g.series:
        for seg in s.segments:
            pts = " ".join(f"{x},{y}" for x, y in seg)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{s.colour}" stroke-width="2"/>')
        for x, y in s.points:
            out.append(f'<circle cx="{x}" cy="{y}" r="2.2" fill="{s.colour}"/>')
    if g.empty:
        out.append(
            f'<text x="{(g.left + g.right) / 2}" y="{(g.top + g.bottom) / 2}" text-anchor="middle" '
            f'fill="{charts.AXIS_COLOUR}">Not assessed in any month</text>'
        )
    out.append("</svg>")
    legend = [
        f'<span><i class="swatch" style="background:{s.colour}"></i>{_e(s.name)}</span>' for s in g.series
    ]
    if chart.target is not None:
        legend.append(
            f'<span><i class="swatch" style="background:{charts.TARGET_COLOUR}"></i>'
            f"{_e(chart.target_label)}</span>"
        )
    return (
        f"<figure><figcaption>{_e(chart.title)}</figcaption>{''.join(out)}"
        f'<div class="legend">{"".join(legend)}</div></figure>'
    )


def _kpi_rows(rows: Sequence[KpiRow], *, previous: bool) -> list[list[str]]:
    out = []
    for k in rows:
        row = [
            _e(k.title),
            _e(k.dimension),
            _e(k.value_text),
            _level(k.level_text),
            _e(k.next_target_text),
            _e(k.l4_target_text),
        ]
        if previous:
            row.append(_e(k.previous_text))
        row.append(_e(k.note))
        out.append(row)
    return out


def render_html(report: Report) -> str:
    r = report
    o = r.overall
    has_prev = any(k.previous_text != "—" for k in r.indicators)
    kpi_headers = ["Indicator", "Dimension", "Value", "Level", "Next target", "Level 4 target"]
    if has_prev:
        kpi_headers.append("Previous period")
    kpi_headers.append("Note")
    all_raw = list(range(len(kpi_headers)))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r.title)} — {_e(r.organisation)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        '<header class="cover">',
        f'<div class="org">{_e(r.organisation)}</div>',
        f"<h1>{_e(r.title)}</h1>",
        '<dl class="meta">',
        f"<dt>Period</dt><dd>{_e(r.period_text)}</dd>",
        f"<dt>Filters</dt><dd>{_e(r.filters_text)}</dd>",
        f"<dt>Data as of</dt><dd>{_e(r.as_of)}</dd>",
        f"<dt>Generated</dt><dd>{_e(r.generated_at)}</dd>",
        f"<dt>Maturity model</dt><dd>{_e(r.model_version)}</dd>",
        "</dl></header>",
    ]
    if r.demo_data:
        parts.append(
            '<div class="demo"><strong>Demo data.</strong> This report is built from the bundled '
            "fictional demo data, not from your organisation's records.</div>"
        )
    parts += [
        '<div class="headline">',
        f'<div class="tile"><div class="label">Overall maturity</div>'
        f'<div class="big">{_level(o.level_text)}</div>'
        f'<div class="muted">{"Provisional: fewer than 5 of 7 dimensions assessed" if o.provisional else ""}'
        f"</div></div>",
        '<div class="tile"><div class="label">Governance index</div>'
        f'<div class="big">{_e(o.index_text)}</div>'
        f'<div class="muted">{_e(o.change_text)}</div></div>',
        "</div>",
        '<section class="summary"><h2>Executive summary</h2>',
        *(f"<p>{_e(p)}</p>" for p in r.summary),
        "</section>",
        "<section><h2>Key accountability KPIs</h2>",
        _table(kpi_headers, _kpi_rows(r.kpis, previous=has_prev), raw=all_raw),
        "</section>",
        "<section><h2>Maturity by dimension</h2>",
        _table(
            ["Dimension", "Level", "Score", "Indicators", "To reach the next level"],
            (
                [
                    _e(d.title),
                    _level(d.level_text),
                    _e(d.score_text),
                    _bullets(d.indicators),
                    _bullets(d.gaps),
                ]
                for d in r.dimensions
            ),
            numeric=(2,),
            raw=(0, 1, 2, 3, 4),
        ),
        "</section>",
        "<section><h2>Trends</h2>",
        '<div class="charts">',
        *(chart_svg(c) for c in r.charts),
        "</div>",
        "</section>",
        "<section><h2>Top risks and who answers for them</h2>",
    ]
    if r.risks:
        parts.append(
            _table(
                ["Risk", "Dimension", "Value", "Level", "What it takes", "Accountable owners"],
                (
                    [
                        _e(k.title),
                        _e(k.dimension),
                        _e(k.value_text),
                        _level(k.level_text),
                        _e(k.gap_text),
                        _e(k.owners_text),
                    ]
                    for k in r.risks
                ),
                raw=(0, 1, 2, 3, 4, 5),
            )
        )
    else:
        parts.append("<p>No assessed indicator is below Level 4.</p>")
    parts += ["</section>", "<section><h2>AI inventory accountability</h2>"]
    if r.inventory:
        parts.append(
            _table(
                [
                    "AI system",
                    "Business owner",
                    "Technical owner",
                    "Escalation path",
                    "Status",
                    "Access",
                    "Why",
                ],
                (
                    [
                        _e(i.system),
                        _e(i.business_owner),
                        _e(i.technical_owner),
                        _e(i.escalation_path),
                        _e(i.status),
                        _access(i.access_status),
                        _e(i.access_reason),
                    ]
                    for i in r.inventory
                ),
                raw=range(7),
            )
        )
    parts.append(f'<p class="muted">{_e(r.inventory_note)}</p></section>')
    parts.append("<section><h2>Not assessed</h2>")
    if r.not_assessed:
        parts.append(
            _table(
                ["Indicator", "Dimension", "Why not assessed"],
                ([n.title, n.dimension, n.reason] for n in r.not_assessed),
            )
        )
    else:
        parts.append("<p>Every indicator of the model was assessed.</p>")
    parts += [
        "</section>",
        '<section class="appendix"><h2>Appendix A — All indicators</h2>',
        _table(kpi_headers, _kpi_rows(r.indicators, previous=has_prev), raw=all_raw),
        "</section>",
        '<section class="appendix"><h2>Appendix B — Data lineage</h2>',
        f"<p>Maturity model: <strong>{_e(r.model_version)}</strong>. "
        "Every figure in this report was computed "
        "from the current records of the batches below (sha256 of each file as loaded).</p>",
        _table(
            list(LineageRow.HEADINGS),
            (list(b.cells()) for b in r.lineage),
            numeric=(0, 4, 5, 6, 7),
            mono=(3,),
        ),
        "</section>",
        f"<footer>{_e(r.title)} · {_e(r.organisation)} · {_e(r.period_text)} · "
        f"generated {_e(r.generated_at)} "
        f"by Answerable</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
