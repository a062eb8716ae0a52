"""App-only wording: filter and breakdown labels, level badges, the comparison period. No streamlit here.

Numbers, units, levels, colours and periods are said by `answerable.present` (shared with the CLI and
the board report).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from answerable.present import level_text, month_text
from answerable.results import Filters

FILTER_LABELS: dict[str, str] = {"period": "period", "ai_system": "AI system", "assignment_group": "team"}
BREAKDOWN_LABELS: dict[str, str] = {
    "ai_system": "AI system",
    "assignment_group": "Team (assignment group)",
    "decision_type": "Decision type",
}
UNIT_LABELS: dict[str, str] = {"%": "percent", "min": "minutes", "days": "days", "count": "count"}
# Streamlit badge colour names (its markdown has no hex colours); the palette itself is present.LEVEL_COLOURS.
BADGE_COLOURS: dict[int, str] = {1: "red", 2: "orange", 3: "yellow", 4: "green", 5: "blue"}


def level_badge(level: int | None) -> str:
    """Streamlit markdown for a coloured level badge (our own words only, never data)."""
    if level is None:
        return ":gray-badge[Not assessed]"
    return f":{BADGE_COLOURS.get(level, 'gray')}-badge[{level_text(level)}]"


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
    return current, prev, f"from {month_text(add_months(start, -1))} to {month_text(start)}"
