"""How Answerable says a value to a reader: numbers with units, periods, levels and their colours.

The one place for the app, the CLI tables and the board report (HTML and PDF), so they never disagree.
Pure functions over plain values. A leaf of the layers: it imports only the standard library and
`answerable.results`, so every layer above (maturity words its gap sentences with it) may use it.
No streamlit here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from answerable.results import Filters

MISSING = "—"  # a value that is not there (not assessed, no previous period)
ELLIPSIS = "…"

# -- numbers and units -------------------------------------------------------------------------------

UNIT_AXIS_LABELS: dict[str, str] = {"%": "Percent (%)", "min": "Minutes", "days": "Days", "count": "Count"}


def format_number(x: float, decimals: int = 1) -> str:
    """Thousands separators, at most `decimals` places, no trailing '.0': 7.94 -> '7.9', 5.0 -> '5',
    1234.5 -> '1,234.5'."""
    text = f"{x:,.{decimals}f}"
    if decimals > 0:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def format_value(value: float | None, unit: str) -> str:
    """A metric value with its unit: '7.9%', '42.5 min', '3 days', '1,234', '0.40'."""
    if value is None:
        return MISSING
    if unit == "%":
        return f"{format_number(value)}%"
    if unit in ("min", "minutes"):
        return f"{format_number(value)} min"
    if unit in ("days", "day"):
        return f"{format_number(value)} days"
    if unit in ("hours", "h"):
        return f"{format_number(value)} h"
    if unit == "count":  # a mean count keeps two places so 0.4 does not read as a whole record
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{format_number(value, 2)} {unit}".strip()


def format_count(value: float | None) -> str:
    """Records: '1,234', or '1,234.5' for a weighted count."""
    if value is None:
        return MISSING
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_score(score: float | None, decimals: int = 0) -> str:
    """A score or index out of 100: '54 / 100' (app tiles), '54.3 / 100' with decimals=1 (report)."""
    return MISSING if score is None else f"{score:.{decimals}f} / 100"


def target_text(direction: str, edge: float, unit: str) -> str:
    """A band edge as a target: '≤ 5%' when lower is better, '≥ 80%' when higher is."""
    return f"{'≤' if direction == 'lower' else '≥'} {format_value(edge, unit)}"


def ratio_text(numerator: float | None, denominator: float | None, evidence: str = "") -> str:
    """'213 of 2,700 AI decisions'; 'over 852 escalations' for a percentile or median (no numerator)."""
    if denominator is None:
        return MISSING
    tail = f" {evidence}" if evidence else ""
    if numerator is None:
        return f"over {format_count(denominator)}{tail}"
    return f"{format_count(numerator)} of {format_count(denominator)}{tail}"


def unit_axis_label(unit: str) -> str:
    return UNIT_AXIS_LABELS.get(unit, unit)


# -- levels and statuses -----------------------------------------------------------------------------

LEVEL_NAMES: dict[int, str] = {1: "Initial", 2: "Developing", 3: "Defined", 4: "Managed", 5: "Optimizing"}
# The one level palette (app charts, report text and tiles). Red to green, each at least 4.5:1 on white
# so it also serves as text colour, lightness rising with the level so the order survives greyscale.
LEVEL_COLOURS: dict[int, str] = {1: "#b00020", 2: "#c55a11", 3: "#8a6d00", 4: "#2e7d32", 5: "#1b5e20"}
NOT_ASSESSED_COLOUR = "#666666"
STATUS_LABELS: dict[str, str] = {
    "ok": "Assessed",
    "insufficient_evidence": "Insufficient evidence",
    "not_assessed": "Not assessed",
}


def level_text(level: int | None, status: str = "ok") -> str:
    """'Level 3 – Defined', 'Insufficient evidence' or 'Not assessed'."""
    if status == "insufficient_evidence":
        return STATUS_LABELS[status]
    if level is None:
        return STATUS_LABELS["not_assessed"]
    return f"Level {level} – {LEVEL_NAMES.get(level, '?')}"


def level_short(level: int | None, status: str = "ok") -> str:
    """'L3' inside a sentence or a narrow column; 'insufficient evidence' / 'not assessed' otherwise."""
    if status == "insufficient_evidence":
        return "insufficient evidence"
    return "not assessed" if level is None else f"L{level}"


def level_colour(level: int | None) -> str:
    return LEVEL_COLOURS.get(level, NOT_ASSESSED_COLOUR) if level is not None else NOT_ASSESSED_COLOUR


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f4e79' -> (31, 78, 121), for the PDF canvas."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# -- dates and periods -------------------------------------------------------------------------------


def day_text(d: date) -> str:
    """'1 May 2026'."""
    return f"{d.day} {d:%b %Y}"


def month_text(d: date) -> str:
    """'May 2026'."""
    return f"{d:%b %Y}"


def timestamp_text(value: datetime | str | None) -> str:
    """'2026-10-31 19:20 UTC'."""
    if value is None:
        return MISSING
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{dt:%Y-%m-%d %H:%M} UTC"


def period_text(filters: Filters, first: date | None = None, last: date | None = None) -> str:
    """The period as a reader says it ('1 May 2026 – 31 Oct 2026'). `to` is exclusive, so the last day
    shown is the day before; `first` / `last` (the data's own span) fill an open end."""
    start = filters.date_from or first
    end = filters.date_to - timedelta(days=1) if filters.date_to else last
    label = "" if filters.date_from or filters.date_to else " (all data)"
    if start and end:
        return f"{day_text(start)} – {day_text(end)}{label}"
    if start:
        return f"From {day_text(start)}{label}"
    return "All data" if not end else f"Up to {day_text(end)}{label}"


# -- long text ---------------------------------------------------------------------------------------

NAME_LIMIT = 120  # a name (AI system, owner, team, file) in a table cell or a sentence
CELL_LIMIT = 400  # any one table cell of the report, whatever it holds


def clip(text: str, limit: int = NAME_LIMIT) -> str:
    """`text` cut to at most `limit` characters, the cut shown by an ellipsis: one long value (a
    1,500-character name) must not push a table row past a page."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS
