"""The maturity score of the current data: the metric engine's results run through the model.

`assemble` is pure (results in, Score out) so the rules are testable without a store; `score` and
`score_trend` fetch the results from the engine (one compute, or one trend pass per indicator).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from answerable.maturity.gaps import CountAbove, indicator_gap
from answerable.maturity.model import Model, load_model
from answerable.maturity.scoring import dimension_result, indicator_score, level_for, overall_result
from answerable.results import DimensionScore, Filters, IndicatorScore, MetricResult, Score

if TYPE_CHECKING:
    import duckdb


def rate(result: MetricResult, model: Model) -> MetricResult:
    """The result with level and score filled by the model (only for status ok with a value)."""
    ind = model.indicators.get(result.id)
    if ind is None or result.status != "ok" or result.value is None:
        return dataclasses.replace(result, level=None, score=None)
    return dataclasses.replace(
        result,
        level=level_for(result.value, ind.direction, ind.bands),
        score=indicator_score(result.value, ind.direction, ind.bands, result.unit),
    )


def _missing(ind_id: str) -> MetricResult:
    return MetricResult(
        id=ind_id, title=ind_id, status="not_assessed", value=None, numerator=None, denominator=None,
        level=None, score=None, unit="", reason="the metric engine has no indicator with this id",
    )


def assemble(
    results: Iterable[MetricResult],
    model: Model,
    as_of: str | None,
    *,
    count_above: CountAbove | None = None,
    with_gaps: bool = True,
) -> Score:
    """Score the engine's results with the model: indicators, dimensions with gaps, overall."""
    rated = [rate(r, model) for r in results]
    by_id = {r.id: r for r in rated}
    dims: list[DimensionScore] = []
    for dim in model.dimensions:
        members = [by_id.get(i) or _missing(i) for i in dim.indicators]
        scores = [IndicatorScore(r.id, r.status, r.value, r.level, r.score) for r in members]
        d = dimension_result(dim.id, dim.title, scores)
        if with_gaps and d.level is not None and d.level < 5:
            gaps = [
                indicator_gap(r, model.indicators[r.id], d.level + 1, count_above)
                for r in members
                if r.id in model.indicators
            ]
            d = dataclasses.replace(d, next_level_gaps=tuple(g for g in gaps if g))
        dims.append(d)
    overall = overall_result(dims, model.weights)
    return Score(overall, tuple(dims), tuple(rated), model.version, as_of)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _engine() -> Any:
    # Imported on use: the engine itself reads answerable.maturity.model at import time.
    return importlib.import_module("answerable.metrics")


def score(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, model: Model | None = None
) -> Score:
    """The maturity score of the store's current data under `filters` (DESIGN §5)."""
    metrics = _engine()

    filters = filters or Filters()
    model = model or load_model()
    results = metrics.compute(con, filters, model)
    as_of = _iso(metrics.as_of(con, filters))

    def count_above(ind_id: str, target: float) -> int | None:
        return metrics.count_above(con, filters, model, ind_id, target)

    return assemble(results, model, as_of, count_above=count_above)


def score_trend(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, model: Model | None = None
) -> list[tuple[date, Score]]:
    """The model evaluated per month (one trend pass per indicator, not one compute per month)."""
    metrics = _engine()
    filters = filters or Filters()
    model = model or load_model()
    series: Mapping[str, list[Any]] = metrics.trends(con, filters, model)
    units = metrics.units()
    months = sorted({p.month for points in series.values() for p in points})
    out: list[tuple[date, Score]] = []
    for month in months:
        results = [
            MetricResult(
                id=ind_id, title=ind_id, status=p.status, value=p.value, numerator=p.numerator,
                denominator=p.denominator, level=None, score=None, unit=units.get(ind_id, "%"),
            )
            for ind_id, points in series.items()
            for p in points
            if p.month == month
        ]
        out.append((month, assemble(results, model, _iso(month), with_gaps=False)))
    return out
