"""Pure scoring rules of DESIGN §5: indicator score and level, dimension and overall aggregation.

No store access here: these functions take numbers and return numbers, so each rule can be checked
by hand and by property tests.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from answerable.errors import ModelError
from answerable.results import DimensionScore, IndicatorScore, OverallScore

PERCENT_UNITS = frozenset({"%", "percent"})
DURATION_WORST_FACTOR = 4  # for duration indicators, the worst value is 4 x the L2 edge
PROVISIONAL_BELOW = 5  # fewer assessed dimensions than this makes the overall result provisional
FULLY_EMBEDDED_LEVEL = 4
# Rates computed in SQL can carry float noise (100.0 * 7 / 140 = 5.000000000000001); a value within
# this distance of an edge counts as on the edge, so inclusive edges stay inclusive.
EDGE_TOLERANCE = 1e-9


def best_and_worst(direction: str, bands: Sequence[float], unit: str) -> tuple[float, float]:
    """The best and worst possible values of an indicator."""
    if unit in PERCENT_UNITS:
        return (0.0, 100.0) if direction == "lower" else (100.0, 0.0)
    if direction == "lower":  # a duration: 0 is best, 4 x the L2 edge scores 0
        return 0.0, DURATION_WORST_FACTOR * float(bands[3])
    raise ModelError(
        f"direction: \"higher\" is not possible for an indicator measured in {unit!r} (it has no best "
        "value); durations are lower-is-better. Set direction = \"lower\" in the model file."
    )


def check_bands_for_unit(indicator_id: str, bands: Sequence[float], unit: str) -> None:
    """Percent bands must lie within 0..100 (the model file does not know units; the registry does)."""
    if unit in PERCENT_UNITS and any(b > 100 for b in bands):
        raise ModelError(
            f"indicators.{indicator_id}.bands: {indicator_id} is a percentage, so its edges must be "
            f"between 0 and 100; found {list(bands)!r}."
        )


def _score_points(direction: str, bands: Sequence[float], unit: str) -> list[tuple[float, float]]:
    """(badness, score) points from best to worst; badness grows as the value gets worse."""
    best, worst = best_and_worst(direction, bands, unit)
    sign = 1.0 if direction == "lower" else -1.0
    edges = list(zip((float(b) for b in bands), (80.0, 60.0, 40.0, 20.0), strict=True))
    if math.isclose(edges[0][0], best, abs_tol=EDGE_TOLERANCE):
        # The L5 edge is the best value itself: the last segment runs from 60 at L4 to 100 at best.
        edges = edges[1:]
    points = [(best, 100.0), *edges, (worst, 0.0)]
    return [(sign * x, s) for x, s in points]


def indicator_score(value: float, direction: str, bands: Sequence[float], unit: str) -> float:
    """Score 0..100, piecewise-linear between band edges (100 best, 80/60/40/20 at L5..L2, 0 worst)."""
    points = _score_points(direction, bands, unit)
    v = value if direction == "lower" else -value
    if v <= points[0][0]:
        return 100.0
    for (x0, s0), (x1, s1) in itertools.pairwise(points):
        if v <= x1:
            if x1 == x0:
                return s0
            return s0 + (v - x0) / (x1 - x0) * (s1 - s0)
    return 0.0  # beyond the worst value


def level_for(value: float, direction: str, bands: Sequence[float]) -> int:
    """The band a value falls in: 5..2 (edges inclusive on the better side); beyond the L2 edge, 1."""
    for level, edge in zip((5, 4, 3, 2), bands, strict=True):
        if direction == "lower" and value <= edge + EDGE_TOLERANCE:
            return level
        if direction == "higher" and value >= edge - EDGE_TOLERANCE:
            return level
    return 1


def dimension_result(
    dim_id: str, title: str, indicators: Sequence[IndicatorScore], gaps: Sequence[str] = ()
) -> DimensionScore:
    """Level = lowest assessed indicator level; score = mean of assessed scores; none -> not assessed."""
    assessed = [i for i in indicators if i.assessed]  # organisation-wide context is not scored
    if not assessed:
        return DimensionScore(dim_id, title, None, None, tuple(indicators), ())
    level = min(i.level for i in assessed if i.level is not None)
    score = math.fsum(i.score for i in assessed if i.score is not None) / len(assessed)
    return DimensionScore(dim_id, title, level, score, tuple(indicators), tuple(gaps))


def overall_result(dimensions: Sequence[DimensionScore], weights: dict[str, float]) -> OverallScore:
    """Weighted mean index; level = floor(mean level) capped at lowest + 1; fully embedded; provisional
    with fewer than 5 of 7 dimensions or fewer than two thirds of the indicators assessed (DESIGN §5)."""
    assessed = [d for d in dimensions if d.level is not None and d.score is not None]
    coverage = {
        "indicators_assessed": sum(d.indicators_assessed for d in dimensions),
        "indicators_total": sum(d.indicators_total for d in dimensions),
        "dimensions_assessed": len(assessed),
        "dimensions_total": len(dimensions),
    }
    provisional = (
        len(assessed) < min(PROVISIONAL_BELOW, len(dimensions))
        or 3 * coverage["indicators_assessed"] < 2 * coverage["indicators_total"]
    )
    if not assessed:
        return OverallScore(level=None, index=None, provisional=True, fully_embedded=False, **coverage)
    total_w = math.fsum(weights.get(d.id, 1.0) for d in assessed)
    index = (
        math.fsum(weights.get(d.id, 1.0) * (d.score or 0.0) for d in assessed) / total_w if total_w else None
    )
    levels = [d.level for d in assessed if d.level is not None]
    level = min(sum(levels) // len(levels), min(levels) + 1)  # floor of the mean, exact in integers
    fully = len(assessed) == len(dimensions) and all(lv >= FULLY_EMBEDDED_LEVEL for lv in levels)
    return OverallScore(level=level, index=index, provisional=provisional, fully_embedded=fully, **coverage)
