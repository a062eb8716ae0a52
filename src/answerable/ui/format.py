"""Plain formatting for the app: levels as words, values with units, periods. No streamlit here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from answerable.results import Filters

LEVEL_NAMES: dict[int, str] = {1: "Initial", 2: "Developing", 3: "Defined", 4: "Managed", 5: "Optimizing"}
# Red to green, readable on white and distinguishable for the common colour-vision deficiencies
# (lightness rises with the level, so the order survives greyscale too).
LEVEL_COLOURS: dict[int, str] = {1: "#b03a2e", 2: "#d35400", 3: "#b7950b", 4: "#229954", 5: "#196f3d"}
NOT_ASSESSED_COLOUR = "#95a5a6"
STATUS_LABELS: dict[str, str] = {
    "ok": "Assessed",
    "insufficient_evidence": "Insufficient evidence",
    "not_assessed": "Not assessed",
}
FILTER_LABELS: dict[str, str] = {"period": "period", "ai_system": "AI system", "assignment_group": "team"}
BREAKDOWN_LABELS: dict[str, str] = {
    "ai_system": "AI system",
    "assignment_group": "Team (assignment group)",
    "decision_type": "Decision type",
}
UNIT_LABELS: dict[str, str] = {"%": "percent", "min": "minutes", "days": "days", "count": "count"}


def level_label(level: int | None) -> str:
    """'Level 3 - Defined', or 'Not assessed'."""
    if level is None:
        return "Not assessed"
    return f"Level {level} - {LEVEL_NAMES.get(level, '?')}"


BADGE_COLOURS: dict[int, str] = {1: "red", 2: "orange", 3: "yellow", 4: "green", 5: "blue"}


def level_badge(level: int | None) -> str:
    """Streamlit markdown for a coloured level badge (our own words only, never data)."""
    if level is None:
        return ":gray-badge[Not assessed]"
    return f":{BADGE_COLOURS.get(level, 'gray')}-badge[{level_label(level)}]"


def level_colour(level: int | None) -> str:
    return LEVEL_COLOURS.get(level, NOT_ASSESSED_COLOUR) if level is not None else NOT_ASSESSED_COLOUR


def format_value(value: float | None, unit: str) -> str:
    """A metric value with its unit: '7.9%', '42.5 min', '3.2 days', '1,234'."""
    if value is None:
        return "-"
    if unit == "%":
        return f"{value:.1f}%"
    if unit in ("min", "minutes"):
        return f"{value:,.1f} min"
    if unit in ("days", "day"):
        return f"{value:,.1f} days"
    if unit in ("hours", "h"):
        return f"{value:,.1f} h"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if float(value).is_integer():
        return f"{value:,.0f} {unit}".strip()
    return f"{value:,.2f} {unit}".strip()


def format_count(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_score(score: float | None) -> str:
    return "-" if score is None else f"{score:.0f} / 100"


def unit_axis_label(unit: str) -> str:
    return {"%": "Percent (%)", "min": "Minutes", "days": "Days", "count": "Count"}.get(unit, unit)


def ratio_text(numerator: float | None, denominator: float | None) -> str:
    if denominator is None:
        return "-"
    if numerator is None:  # percentiles and medians: no numerator, only the records they are taken over
        return f"over {format_count(denominator)}"
    return f"{format_count(numerator)} of {format_count(denominator)}"


def ignored_filters_text(ignored: tuple[str, ...] | list[str]) -> str:
    if not ignored:
        return "Every filter applies."
    names = " and ".join(FILTER_LABELS.get(f, f) for f in ignored)
    return f"Ignores the {names} filter{'s' if len(ignored) > 1 else ''}."


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def previous_period(filters: Filters, as_of: datetime | date | None) -> tuple[Filters, Filters, str] | None:
    """The comparison for headline KPIs: (current, previous, label), or None without any data.

    With a full period, the previous one is the period of equal length just before it. Otherwise the
    last complete month (the as-of's month when the as-of is its last day) is compared with the one before.
    """
    if filters.date_from is not None and filters.date_to is not None:
        length = filters.date_to - filters.date_from
        prev = replace(filters, date_from=filters.date_from - length, date_to=filters.date_from)
        days = length.days
        return filters, prev, f"vs the previous {days} days"
    if as_of is None:
        return None
    anchor = as_of.date() if isinstance(as_of, datetime) else as_of
    # A month counts as complete once the data reaches its last day (an export taken on 31 October
    # covers October): compare it, not the month before, with its predecessor.
    end = month_start(anchor + timedelta(days=1) if anchor < date.max else anchor)
    start = add_months(end, -1)
    current = replace(filters, date_from=start, date_to=end)
    prev = replace(filters, date_from=add_months(start, -1), date_to=start)
    return current, prev, f"from {add_months(start, -1):%b %Y} to {start:%b %Y}"


def period_text(filters: Filters) -> str:
    if filters.date_from is None and filters.date_to is None:
        return "all dates"
    start = filters.date_from.isoformat() if filters.date_from else "the start"
    end = (filters.date_to - timedelta(days=1)).isoformat() if filters.date_to else "the latest record"
    return f"{start} to {end}"
