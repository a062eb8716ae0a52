"""Build the board report (DESIGN §7) from the store, the filters and the maturity model: one value.

Every figure comes from `answerable.maturity.score` / `monthly_scores` (which read the metric registry);
nothing here re-implements a formula. Deterministic: no wall clock unless the caller passes one.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime

import duckdb

from answerable import maturity, metrics, present, store
from answerable.errors import AnswerableError
from answerable.maturity.compare import Comparison, comparison
from answerable.maturity.gaps import indicator_gap
from answerable.maturity.model import Model
from answerable.maturity.reasons import leader_reason
from answerable.maturity.score import coverage_of, dimension_level_text, dimension_provisional
from answerable.maturity.trend import MonthScore, monthly_scores, series_thin
from answerable.report import text
from answerable.report.inventory import inventory_rows, shadow_note, shadow_rows, shadow_systems
from answerable.report.owners import owners_behind
from answerable.report.structure import (
    Chart,
    DimensionRow,
    KpiRow,
    LineageRow,
    NotAssessed,
    Report,
    Risk,
    Series,
)
from answerable.report.who_answers import who_answers
from answerable.results import Filters, MetricResult, Score

TITLE = "AI governance and accountability report"
DEFAULT_ORGANISATION = text.DEFAULT_ORGANISATION
KEY_KPIS = (
    "unowned_decision_rate",
    "decision_rights_violation_rate",
    "low_confidence_review_rate",
    "human_takeover_p90_min",  # the headline escalation KPI (DESIGN §4 second edition)
    "unanswered_escalation_rate",
    "missed_escalation_rate",
    "access_control_coverage",
    "uncontrolled_identity_decision_rate",
    "shadow_ai_rate",
    "unowned_incident_rate",
    "pir_coverage",
)
# Monthly KPI charts, in order of preference; the first three with any assessed month are drawn.
CHART_KPIS = (
    "unowned_decision_rate",
    "human_takeover_p90_min",
    "uncontrolled_identity_decision_rate",
    "shadow_ai_rate",
    "unowned_incident_rate",
    "incident_data_gap_rate",
    "reclassification_rate",
    "unannounced_change_incident_rate",
)
TOP_RISKS = 3
NO_INVENTORY = (
    "No AI system inventory is loaded (or none matches the filters): upload an ai_systems export to see "
    "who owns each AI system, its escalation path and whether its access is controlled."
)


def default_organisation() -> str:
    return os.environ.get("ANSWERABLE_ORG", "").strip() or DEFAULT_ORGANISATION


def _generated_at() -> datetime:
    """When the report was made: SOURCE_DATE_EPOCH when set (reproducible builds: then the output is
    byte-identical), else the wall clock. The data's own date is the cover's "data as of"."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime.now(UTC).replace(tzinfo=None)


def _evidence(indicator_id: str) -> str:
    ind = metrics.REGISTRY.get(indicator_id)
    return ind.evidence_label if ind is not None else "records"


def _compared(
    comp: Comparison, ind_id: str
) -> tuple[MetricResult | None, MetricResult | None]:
    """An indicator's results in the two compared periods (previous, current), as the app's KPI deltas."""
    prev = next((m for m in comp.previous.metrics if m.id == ind_id), None) if comp.previous else None
    cur = next((m for m in comp.current.metrics if m.id == ind_id), None) if comp.current else None
    return prev, cur


def _kpi_row(r: MetricResult, model: Model, dimension: str, comp: Comparison) -> KpiRow:
    ind = model.indicators.get(r.id)
    if r.status == "ok" and r.level is not None and ind is not None:
        nxt = (
            "met (Level 5)"
            if r.level >= 5
            else f"{text.target_text(ind, r.level + 1, r.unit)} (L{r.level + 1})"
        )
    else:
        nxt = text.DASH
    previous, current = _compared(comp, r.id)
    if previous is None or previous.status != "ok":
        previous = None
    if current is None or current.status != "ok" or not comp.by_month:
        current = None
    if comp.by_month and (previous is None or current is None):
        previous = current = None  # as the app's KPI delta: only when both months are assessed
    if comp.by_month and previous is not None and current is not None:
        prev = text.compared_values(previous, current)  # the two months the app's KPI delta subtracts
    else:  # a full period is the Value column itself: the previous period's value beside it
        prev = text.DASH if previous is None else text.value_text(previous)
    return KpiRow(
        id=r.id,
        title=r.title,
        dimension=dimension,
        value_text=text.value_text(r),
        level_text=present.level_text(r.level, r.status) if text.shown_status(r) == r.status
        else text.ORGANISATION_WIDE_TEXT,
        next_target_text=nxt,
        l4_target_text=text.target_text(ind, 4, r.unit),
        previous_text=prev,
        status=r.status,
        note=text.count_text(r, _evidence(r.id)),
        value=r.value,
        unit=r.unit,
        level=r.level if r.status == "ok" else None,
        previous=None if previous is None else previous.value,
        current=None if current is None else current.value,
    )


def _indicator_series(name: str, ind_id: str, trend: list[MonthScore], as_of: str | None) -> Series:
    """One indicator by month, as the app's indicator chart draws it: every month with a value, the
    ones with too little evidence or thin (`series_thin` on its denominators) hollow and unjoined."""
    results = [next((m for m in p.score.metrics if m.id == ind_id), None) for p in trend]
    shown = [(p.month, r) for p, r in zip(trend, results, strict=True) if r and r.value is not None]
    as_of_time = datetime.fromisoformat(as_of) if as_of else None
    thin = iter(series_thin([m for m, _ in shown], [r.denominator for _, r in shown], 0, as_of_time))
    flags = {m: next(thin) or r.status != "ok" for m, r in shown}
    return Series(
        name,
        tuple(r.value if r is not None else None for r in results),
        tuple(flags.get(p.month, False) for p in trend),
    )


def _charts(score: Score, trend: list[MonthScore], model: Model) -> tuple[Chart, ...]:
    months = tuple(p.month.isoformat()[:7] for p in trend)
    out = [
        Chart(
            title="Overall governance index per month",
            unit="index 0–100",
            months=months,
            series=(Series("Governance index", tuple(p.score.overall.index for p in trend),
                           tuple(p.thin for p in trend)),),
            target=60.0,
            target_label="Level 4 edge (60)",
            y_max=100.0,
        )
    ]
    titles = {m.id: m.title for m in score.metrics}
    units = {m.id: m.unit for m in score.metrics}
    picked = [
        ind_id for ind_id in CHART_KPIS
        if any(m.id == ind_id and m.status == "ok" for p in trend for m in p.score.metrics)
    ][:3]  # the first three assessed in any month
    for ind_id in picked:
        ind = model.indicators.get(ind_id)
        unit = units.get(ind_id, "%")
        target = ind.edge(4) if ind else None
        series = _indicator_series(titles.get(ind_id, ind_id), ind_id, trend, score.as_of)
        values = series.values
        out.append(
            Chart(
                title=f"{titles.get(ind_id, ind_id)} per month",
                unit=unit if unit != "min" else "minutes",
                months=months,
                series=(series,),
                target=target,
                target_label=f"Level 4 target {text.target_text(ind, 4, unit)}" if ind else "",
                y_max=100.0 if unit == "%" and max((v or 0) for v in values) > 50 else None,
            )
        )
    return tuple(out)


def _lineage(con: duckdb.DuckDBPyConnection) -> tuple[LineageRow, ...]:
    return tuple(
        LineageRow(
            batch_id=b.batch_id,
            kind=b.kind,
            file_name=b.file_name,
            sha256=b.sha256,
            rows_read=b.rows_read,
            rows_loaded=b.rows_loaded,
            rows_rejected=b.rows_rejected,
            records=b.records,
            loaded_at=f"{b.loaded_at:%Y-%m-%d %H:%M}",
            state="active" if b.retracted_at is None else f"retracted {b.retracted_at:%Y-%m-%d}",
        )
        for b in store.list_batches(con)
    )


def build_report(
    con: duckdb.DuckDBPyConnection,
    filters: Filters = Filters(),  # noqa: B008 - a frozen value, safe as a default
    model: Model | None = None,
    *,
    organisation: str | None = None,
    generated_at: datetime | None = None,
) -> Report:
    """The whole board report as one frozen value; render it with `render_html` / `render_pdf`."""
    batches = [b for b in store.list_batches(con) if b.retracted_at is None]
    if not batches:
        raise AnswerableError(
            "The store holds no data, so there is nothing to report. Load your exports first "
            "(answerable ingest FILE..., or the Data page), or the demo data (answerable demo)."
        )
    model = model or maturity.load_model()
    organisation = (organisation or "").strip() or default_organisation()
    score = maturity.score(con, filters, model)
    trend = monthly_scores(con, filters, model)
    # the change the app's Overview states (maturity.compare: a full period vs the one before, else the
    # last two months that are not thin), so both name the same two periods
    comp = comparison(filters, trend, lambda f: score if f == filters else maturity.score(con, f, model))
    by_id = {m.id: m for m in score.metrics}
    dim_of = {i: d.title for d in model.dimensions for i in d.indicators}

    dimensions = tuple(
        DimensionRow(
            id=d.id,
            title=d.title,
            level_text=dimension_level_text(d),  # "(provisional)" under half assessed (DESIGN §5)
            score_text=text.DASH if d.score is None else f"{d.score:.1f}",
            level=d.level,
            score=d.score,
            indicators=tuple(
                text.indicator_line(by_id[i.id].title, by_id[i.id], i.level)
                for i in d.indicators
                if i.id in by_id
            ),
            gaps=d.next_level_gaps,
            coverage_text=coverage_of(d),
            provisional=dimension_provisional(d),
        )
        for d in score.dimensions
    )
    scored = [m for d in model.dimensions for m in (by_id.get(i) for i in d.indicators) if m is not None]
    indicators = tuple(_kpi_row(m, model, dim_of.get(m.id, ""), comp) for m in scored)
    kpis = tuple(k for kid in KEY_KPIS for k in indicators if k.id == kid)

    weakest = sorted(
        (m for m in scored if m.status == "ok" and m.score is not None and (m.level or 5) < 4),
        key=lambda m: (m.score or 0.0, m.id),
    )[:TOP_RISKS]
    risks = tuple(_risk(con, filters, model, m, dim_of.get(m.id, "")) for m in weakest)
    not_assessed = tuple(
        NotAssessed(m.title, dim_of.get(m.id, ""), leader_reason(m.reason) or "no data")
        for m in scored
        if m.status == "not_assessed"
    )
    insufficient = sum(1 for m in scored if m.status == "insufficient_evidence")
    months = [p.month for p in trend]
    as_of_date = datetime.fromisoformat(score.as_of).date() if score.as_of else None
    period = present.period_text(filters, months[0] if months else None, as_of_date)
    overall = text.overall(score.overall, text.change_text(comp))
    overall = replace(overall, coverage_text=coverage_of(score.overall))  # beside the level (DESIGN §5)
    assessed_dims = sum(1 for d in score.dimensions if d.level is not None)
    summary = text.summary(
        organisation,
        period,
        overall,
        comp,
        dimensions,
        assessed_dims,
        risks,
        not_assessed,
        insufficient,
        len(scored),
    )
    registered = inventory_rows(con, filters, model, score.as_of)
    shadow = shadow_systems(con, filters, model, score)
    inventory = registered + shadow_rows(shadow, registered)
    note = shadow_note(score, shadow)
    broken_chains, broken_chains_note, mismatches = who_answers(con, filters, model)
    return Report(
        title=TITLE,
        organisation=organisation,
        period_text=period,
        filters_text=text.filters_text(filters),
        generated_at=present.timestamp_text(generated_at or _generated_at()),
        as_of=present.timestamp_text(score.as_of),
        model_version=model.version,
        demo_data=any(b.is_demo for b in batches),
        overall=overall,
        summary=summary,
        dimensions=dimensions,
        kpis=kpis,
        compared_header=text.compared_header(comp),
        indicators=indicators,
        charts=_charts(score, trend, model),
        risks=risks,
        inventory=inventory,
        inventory_note=note if registered else f"{NO_INVENTORY} {note}",
        not_assessed=not_assessed,
        lineage=_lineage(con),
        broken_chains=broken_chains,
        broken_chains_note=broken_chains_note,
        mismatches=mismatches,
    )


def _risk(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: Model, m: MetricResult, dimension: str
) -> Risk:
    ind = model.indicators[m.id]
    level = m.level or 1
    gap = indicator_gap(m, ind, level + 1) or f"reach {text.target_text(ind, level + 1, m.unit)}"
    return Risk(
        title=m.title,
        dimension=dimension,
        value_text=text.value_text(m),
        level_text=present.level_text(m.level),
        gap_text=f"to reach Level {level + 1}, {gap}",
        owners_text=owners_behind(con, filters, model, m.id, m.level),
        value=m.value,
        unit=m.unit,
        level=m.level,
    )
