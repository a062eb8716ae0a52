"""App-only wording: filter and breakdown labels, level badges. No streamlit here.

Numbers, units, levels, colours and periods are said by `answerable.present` (shared with the CLI and
the board report); the comparison period is the core's `maturity.compare` (shared with the report).
"""

from __future__ import annotations

from answerable.present import level_text

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
