"""What a level may claim (DESIGN §5 "Only claim what the data supports"): provisional dimension levels
and change figures that never show a red "-0.0". No streamlit here. The coverage beside every level is
the core's `maturity.score.coverage_of` (one wording for the app, the report and the CLI)."""

from __future__ import annotations

from answerable.present import level_text
from answerable.results import DimensionScore


def delta_text(d: float | None, unit: str) -> str | None:
    """'+1.2 pts'; a change that rounds to zero is 'no change' (never a red '-0.0')."""
    if d is None:
        return None
    if round(d, 1) == 0:
        return f"no change (0.0 {unit})"
    return f"{d:+,.1f} {unit}"


def dimension_provisional(dim: DimensionScore) -> bool:
    """A dimension with fewer than half of its indicators assessed shows its level as provisional."""
    return dim.level is not None and dim.provisional


def dimension_level_text(dim: DimensionScore) -> str:
    text = level_text(dim.level)
    return f"{text} (provisional)" if dimension_provisional(dim) else text
