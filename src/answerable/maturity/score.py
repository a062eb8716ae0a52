"""The maturity score of the current data: the metric engine's results run through the model.

`assemble` is pure (results in, Score out) so the rules are testable without a store; `score` and
`score_trend` fetch the results from the engine (one compute, or one trend pass per indicator).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from answerable.maturity.gaps import CountAbove, indicator_gap
from answerable.maturity.model import Model, load_model
from answerable.maturity.scoring import (
    check_bands_for_unit,
    dimension_result,
    indicator_score,
    level_for,
    overall_result,
)
from answerable.metrics import REGISTRY, Session, compute_in, settings_for
from answerable.present import level_text
from answerable.results import DimensionScore, Filters, IndicatorScore, MetricResult, OverallScore, Score

if TYPE_CHECKING:
    import duckdb

    from answerable.metrics.session_base import MetricSession


def rate(result: MetricResult, model: Model) -> MetricResult:
    """The result with level and score filled by the model (only for status ok with a value)."""
    ind = model.indicators.get(result.id)
    if ind is None or result.status != "ok" or result.value is None:
        return dataclasses.replace(result, level=None, score=None)
    check_bands_for_unit(ind.id, ind.bands, result.unit)
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
    """Score the engine's results with the model: indicators, dimensions with gaps, overall.

    Under an AI-system filter (results scoped "ai_system"), the indicators the filter does not apply
    to are organisation-wide context: shown, but neither scored nor levelled (DESIGN §4 "One AI
    system"); a dimension left with none is not assessed for the system.
    """
    results = list(results)
    for_system = any(r.scope == "ai_system" for r in results)
    rated = [
        rate(r, model) if not for_system or r.scope == "ai_system"
        else dataclasses.replace(r, level=None, score=None)
        for r in results
    ]
    by_id = {r.id: r for r in rated}
    dims: list[DimensionScore] = []
    for dim in model.dimensions:
        members = [by_id.get(i) or _missing(i) for i in dim.indicators]
        scores = [
            IndicatorScore(r.id, r.status, r.value, r.level, r.score, r.scope,
                           scored=not for_system or r.scope == "ai_system")
            for r in members
        ]
        d = dimension_result(dim.id, dim.title, scores)
        if with_gaps and d.level is not None and d.level < 5:
            gaps = [
                indicator_gap(r, model.indicators[r.id], d.level + 1, count_above)
                for r, s in zip(members, scores, strict=True)
                if r.id in model.indicators and s.scored
            ]
            d = dataclasses.replace(d, next_level_gaps=tuple(g for g in gaps if g))
        dims.append(d)
    overall = overall_result(dims, model.weights)
    return Score(overall, tuple(dims), tuple(rated), model.version, as_of)


def iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def score(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, model: Model | None = None
) -> Score:
    """The maturity score of the store's current data under `filters` (DESIGN §5).

    One metric session (the current data materialised once) serves the indicators and the gap counts.
    """
    model = model or load_model()
    with Session(con, settings_for(model)) as session:
        return score_in(session, filters, model)


def score_in(session: MetricSession, filters: Filters | None, model: Model) -> Score:
    """The score on an open metric session of any engine (DuckDB, Spark): the same rules."""
    filters = filters or Filters()
    params = session.params(filters)
    results = compute_in(session, filters)

    def count_above(ind_id: str, target: float) -> int | None:
        ind = REGISTRY.get(ind_id)
        if ind is None or ind.quantile is None:
            return None
        rows = session.population_query(
            ind, "SELECT count(*) FROM population WHERE measure > $gap_target",
            {**params, "gap_target": float(target)},
        )
        return int(rows[0][0])

    return assemble(results, model, iso(params["as_of"]), count_above=count_above)


def score_to_json(s: Score) -> dict[str, Any]:
    """The stable JSON of `answerable score --json` (DESIGN §8), also used by the report."""
    metrics = {m.id: m for m in s.metrics}

    def indicator(i: IndicatorScore) -> dict[str, Any]:
        m = metrics.get(i.id)
        return {
            "id": i.id, "title": m.title if m else i.id, "status": i.status, "value": i.value,
            "numerator": m.numerator if m else None, "denominator": m.denominator if m else None,
            "unit": m.unit if m else "", "level": i.level, "score": i.score,
            "reason": m.reason if m else None, "scope": i.scope, "scored": i.scored,
            "warnings": list(m.warnings) if m else [],
        }

    o = s.overall
    return {
        "overall": {
            "level": o.level, "index": o.index, "provisional": o.provisional,
            "fully_embedded": o.fully_embedded,
            "indicators_assessed": o.indicators_assessed, "indicators_total": o.indicators_total,
            "dimensions_assessed": o.dimensions_assessed, "dimensions_total": o.dimensions_total,
            "coverage": coverage_text(o.indicators_assessed, o.indicators_total),
        },
        "dimensions": [
            {
                "id": d.id, "title": d.title, "level": d.level, "score": d.score,
                "provisional": d.provisional,
                "indicators_assessed": d.indicators_assessed, "indicators_total": d.indicators_total,
                "coverage": coverage_text(d.indicators_assessed, d.indicators_total),
                "indicators": [indicator(i) for i in d.indicators],
                "next_level_gaps": list(d.next_level_gaps),
            }
            for d in s.dimensions
        ],
        "model_version": s.model_version,
        "as_of": s.as_of,
    }


def coverage_text(assessed: int, total: int) -> str:
    """'4 of 6 indicators assessed' (DESIGN §5), shown beside every level."""
    return f"{assessed} of {total} indicator{'s' if total != 1 else ''} assessed"


def coverage_of(part: DimensionScore | OverallScore) -> str:
    """The coverage text of a dimension or of the overall result."""
    return coverage_text(part.indicators_assessed, part.indicators_total)


def dimension_provisional(dim: DimensionScore) -> bool:
    """A dimension with fewer than half of its indicators assessed shows its level as provisional."""
    return dim.level is not None and dim.provisional


def dimension_level_text(dim: DimensionScore) -> str:
    """'Level 4 – Managed (provisional)' for a provisional dimension (DESIGN §5): app, report and CLI."""
    text = level_text(dim.level)
    return f"{text} (provisional)" if dimension_provisional(dim) else text
