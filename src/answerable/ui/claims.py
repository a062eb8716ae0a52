"""What a level may claim (DESIGN §5 "Only claim what the data supports"): change figures that never
show a red "-0.0". No streamlit here. Provisional dimension levels and the coverage beside every level
are the core's (`maturity.score`: one wording for the app, the report and the CLI)."""

from __future__ import annotations

from answerable.maturity.score import dimension_level_text, dimension_provisional

__all__ = ["delta_text", "dimension_level_text", "dimension_provisional"]  # the level rules: the core's


def delta_text(d: float | None, unit: str) -> str | None:
    """'+1.2 pts'; a change that rounds to zero is 'no change' (never a red '-0.0')."""
    if d is None:
        return None
    if round(d, 1) == 0:
        return f"no change (0.0 {unit})"
    return f"{d:+,.1f} {unit}"
