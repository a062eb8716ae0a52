"""The board report as one self-contained HTML document, from the Jinja2 template
`templates/report.html.j2`: inline CSS and SVG, no scripts, no links out.

Autoescaping is on for the whole template, so every value from the data is text, never markup; nothing
here builds HTML by hand. The tables are `report.tables` (the rows the PDF draws too).
"""

from __future__ import annotations

from functools import cache

import jinja2

from answerable import present
from answerable.report import charts
from answerable.report.structure import Report
from answerable.report.tables import NO_MISMATCH, tables
from answerable.report.text import GLOSSARY

CHART_WIDTH, CHART_HEIGHT = 420, 200


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("answerable.report", "templates"),
        autoescape=True,  # every {{ value }} is escaped, in text and in attributes
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build instead of printing nothing
        keep_trailing_newline=True,
    )
    return env.get_template("report.html.j2")


def render_html(report: Report) -> str:
    return _template().render(
        r=report,
        t=tables(report),
        charts=[(c, charts.layout(c, CHART_WIDTH, CHART_HEIGHT, font_size=10)) for c in report.charts],
        level_colours=present.LEVEL_COLOURS,
        not_assessed=present.NOT_ASSESSED_COLOUR,
        grid=charts.GRID_COLOUR,
        axis=charts.AXIS_COLOUR,
        target=charts.TARGET_COLOUR,
        glossary=GLOSSARY,
        hollow_label=charts.HOLLOW_LABEL,
        no_mismatch=NO_MISMATCH,
    )
