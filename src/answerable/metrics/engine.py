"""Compute the registry: value, numerator and denominator, drill-down records, monthly trends and
breakdowns, all derived from each indicator's one population query (see registry.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import duckdb

from answerable.errors import AnswerableError
from answerable.metrics import base_cache
from answerable.metrics.registry import REGISTRY, Indicator
from answerable.metrics.session import Session
from answerable.metrics.session_base import GAP_FIELDS, MetricSession, as_of_from, judged_at_as_of
from answerable.metrics.settings import ModelSettings, settings_for
from answerable.results import Filters, MetricResult, Scope, Status
from answerable.store import current_view, quote_ident


@dataclass(frozen=True)
class RecordsPage:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    total: int


@dataclass(frozen=True)
class TrendPoint:
    month: date
    value: float | None
    numerator: float | None
    denominator: float | None
    status: Status


@dataclass(frozen=True)
class BreakdownRow:
    group: str
    value: float | None
    numerator: float | None
    denominator: float | None
    status: Status


_AGGREGATES = {
    "rate": "count(*) FILTER (WHERE in_numerator), count(*)",
    "p90": "quantile_cont(measure, 0.9), count(measure)",
    "median": "quantile_cont(measure, 0.5), count(measure)",
    "mean": "avg(measure), count(measure)",
    "count": "count(*), count(*)",
}
_HIDDEN = ("in_numerator", "month")
ALL = Filters()  # no filter


def _indicator(indicator_id: str) -> Indicator:
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        raise AnswerableError(
            f"Unknown indicator {indicator_id!r}. Known indicators: {', '.join(REGISTRY)}."
        ) from None


def _figures(ind: Indicator, first: Any, count: Any) -> tuple[float | None, float | None, float]:
    """(value, numerator, denominator) from the aggregate row; rates in percent."""
    n = int(count or 0)
    if ind.aggregate == "rate":
        num = int(first or 0)
        return (100.0 * num / n if n else None), num, n
    if ind.aggregate == "count":
        return float(n), None, n
    return (float(first) if first is not None else None), None, n


def _status(ind: Indicator, denominator: float, min_evidence: int) -> tuple[Status, str | None]:
    if ind.aggregate == "count":
        return "ok", None
    if denominator == 0:
        return "not_assessed", f"No {ind.evidence_label} in the selected data and filters."
    if denominator < min_evidence:
        return "insufficient_evidence", (
            f"Only {_count_label(int(denominator), ind.evidence_label)}; at least {min_evidence} are needed."
        )
    return "ok", None


def _min_evidence(session: MetricSession, ind: Indicator) -> int:
    return session.settings.min_evidence_for(ind.id, ind.min_evidence_basis)


def _select(ids: Sequence[str] | None) -> list[Indicator]:
    return [_indicator(i) for i in ids] if ids is not None else list(REGISTRY.values())


def _extra(session: MetricSession, ind: Indicator, params: dict[str, Any]) -> dict[str, Any]:
    if ind.extra_sql is None:
        return {}
    columns, rows = session.query(ind.extra_sql, params)
    if not rows:
        return {}
    return {
        c: (round(float(v), 4) if isinstance(v, float) else v) for c, v in zip(columns, rows[0], strict=True)
    }


def compute_in(session: MetricSession, filters: Filters,
               ids: Sequence[str] | None = None) -> list[MetricResult]:
    """Compute indicators on an open session (shared by compute and the maturity trend).

    The aggregate queries go to the session together (`MetricSession.aggregates`): DuckDB runs them
    one by one, Spark as one job; figures, status and reasons are derived here for every engine.
    """
    params = session.params(filters)
    selected = _select(ids)
    reasons = {ind.id: session.not_assessable(ind, params["as_of"]) for ind in selected}
    assessable = [ind for ind in selected if reasons[ind.id] is None]
    tails = [f"SELECT {_AGGREGATES[ind.aggregate]} FROM population" for ind in assessable]  # noqa: S608
    rows = dict(zip([ind.id for ind in assessable],
                    session.aggregates(list(zip(assessable, tails, strict=True)), params), strict=True))
    return [_compute_one(session, ind, params, reasons[ind.id], rows.get(ind.id)) for ind in selected]


def scope_for(ind: Indicator, ai_system: str | None) -> Scope:
    """What a figure covers: the filtered AI system, or the organisation (no AI-system filter, or an
    indicator the filter does not apply to: over incidents, changes, knowledge or CMDB)."""
    return "ai_system" if ai_system and "ai_system" not in ind.ignored_filters else "organisation"


def _compute_one(session: MetricSession, ind: Indicator, params: dict[str, Any], reason: str | None,
                 row: tuple[Any, ...] | None) -> MetricResult:
    scope = scope_for(ind, params["ai_system"])

    def result(status: Status, value: float | None, numerator: float | None, denominator: float | None,
               reason: str | None, extra: dict[str, Any] | None = None) -> MetricResult:
        return MetricResult(
            id=ind.id, title=ind.title, status=status, value=value, numerator=numerator,
            denominator=denominator, level=None, score=None, unit=ind.unit, reason=reason, kind=ind.kind,
            batches=session.batches(ind), extra=extra or {}, warnings=session.warnings(ind), scope=scope,
        )

    if reason is not None or row is None:
        return result("not_assessed", None, None, None, reason)
    value, numerator, denominator = _figures(ind, *row)
    status, why = _status(ind, denominator, _min_evidence(session, ind))
    extra = _extra(session, ind, params)
    out = result(status, value, numerator, denominator, why, extra)
    if "$gap_fields" in ind.sql:  # incident_data_gap_rate: over the fields the export supplies
        unchecked = [f for f in GAP_FIELDS if f not in params["gap_fields"]]
        out = dataclasses.replace(out, extra={**out.extra, "fields_not_checked": unchecked})
        if unchecked:
            fields = " and ".join(", ".join(unchecked).rsplit(", ", 1))
            note = f"Not checked, because the incident export does not supply it: {fields}."
            out = dataclasses.replace(out, warnings=(*out.warnings, note))
    return out


def compute(con: duckdb.DuckDBPyConnection, filters: Filters = ALL, model: ModelSettings | None = None, *,
            ids: Sequence[str] | None = None) -> list[MetricResult]:
    """Every indicator (or `ids`) under the filters; level/score are left for the maturity model."""
    with Session(con, settings_for(model)) as session:
        return compute_in(session, filters, ids)


def records(con: duckdb.DuckDBPyConnection, indicator_id: str, filters: Filters = ALL,
            model: ModelSettings | None = None, *, limit: int = 50, offset: int = 0,
            only_numerator: bool = True) -> RecordsPage:
    """The records behind a figure: numerator records of a rate (or the whole population), one page."""
    with Session(con, settings_for(model)) as session:
        return records_in(session, indicator_id, filters, limit=limit, offset=offset,
                          only_numerator=only_numerator)


def records_in(session: MetricSession, indicator_id: str, filters: Filters = ALL, *, limit: int = 50,
               offset: int = 0, only_numerator: bool = True) -> RecordsPage:
    ind = _indicator(indicator_id)
    if limit < 0 or offset < 0:
        raise AnswerableError(f"A page needs limit >= 0 and offset >= 0; got {limit=}, {offset=}.")
    params = session.params(filters)
    params.update(limit=int(limit), offset=int(offset))
    where = "WHERE in_numerator" if only_numerator and ind.aggregate == "rate" else ""
    order = "measure DESC, 1" if ind.aggregate in ("p90", "median", "mean") else "1"
    columns, rows = session.query(
        f", population AS (\n{ind.sql}\n)\nSELECT * FROM population {where} ORDER BY {order} "
        "LIMIT $limit OFFSET $offset",
        params,
    )
    total_rows = session.population_query(ind, f"SELECT count(*) FROM population {where}", params)  # noqa: S608
    keep = [i for i, c in enumerate(columns) if c not in _HIDDEN]
    return RecordsPage(
        columns=tuple(columns[i] for i in keep),
        rows=[tuple(r[i] for i in keep) for r in rows],
        total=int(total_rows[0][0]),
    )


def _months(session: MetricSession, params: dict[str, Any]) -> list[date]:
    _, rows = session.query(
        "SELECT DISTINCT month FROM (SELECT month FROM incidents UNION ALL SELECT month FROM decisions) "
        "WHERE month IS NOT NULL ORDER BY 1",
        params,
    )
    return [r[0] for r in rows]


def _point(ind: Indicator, session: MetricSession, month: date, first: Any, count: Any) -> TrendPoint:
    value, numerator, denominator = _figures(ind, first, count)
    status, _ = _status(ind, denominator, _min_evidence(session, ind))
    return TrendPoint(month, value, numerator, denominator, status)


def _next_month(m: date) -> date:
    return date(m.year + (m.month == 12), m.month % 12 + 1, 1)


def trends(con: duckdb.DuckDBPyConnection, filters: Filters = ALL, model: ModelSettings | None = None, *,
           ids: Sequence[str] | None = None) -> dict[str, list[TrendPoint]]:
    """Monthly points per indicator, one per month with incidents or decisions in the filters.

    Records are grouped by the month of their period column. An indicator that depends on the as-of
    date (reviews, rotations, PIRs, SLAs due) is evaluated per month with that month's end (or the
    overall as-of date, if earlier) as its as-of date: each point equals the figure for that month's
    period, so later evidence never judges an earlier month. Not assessable indicators get no points.
    """
    with Session(con, settings_for(model)) as session:
        return trends_in(session, filters, ids=ids)


def month_filters(filters: Filters, month: date) -> Filters:
    """The filters restricted to one month (the period intersected with [month, next month))."""
    start = max(month, filters.date_from) if filters.date_from else month
    end = min(_next_month(month), filters.date_to) if filters.date_to else _next_month(month)
    return dataclasses.replace(filters, date_from=start, date_to=end)


def trends_in(session: MetricSession, filters: Filters = ALL, *,
              ids: Sequence[str] | None = None) -> dict[str, list[TrendPoint]]:
    params = session.params(filters)
    months = _months(session, params)
    out: dict[str, list[TrendPoint]] = {}
    for ind in _select(ids):
        if session.not_assessable(ind, params["as_of"]) is not None:
            out[ind.id] = []
            continue
        agg = _AGGREGATES[ind.aggregate]
        if judged_at_as_of(ind):
            month_params = []
            for m in months:
                month_end = datetime.combine(_next_month(m), time())
                as_of = min(month_end, params["as_of"]) if params["as_of"] else month_end
                month_params.append(session.params(month_filters(filters, m), as_of))
            tail = f"SELECT {agg} FROM population"  # noqa: S608
            rows = session.population_queries(ind, tail, month_params)
            out[ind.id] = [_point(ind, session, m, *row) for m, row in zip(months, rows, strict=True)]
            continue
        rows = session.population_query(
            ind, f"SELECT month, {agg} FROM population GROUP BY month", params  # noqa: S608
        )
        by_month = {r[0]: r[1:] for r in rows}
        out[ind.id] = [_point(ind, session, m, *by_month.get(m, (None, 0))) for m in months]
    return out


def breakdown(con: duckdb.DuckDBPyConnection, indicator_id: str, filters: Filters, by: str,
              model: ModelSettings | None = None) -> list[BreakdownRow]:
    """The indicator per AI system, assignment group or decision type (empty group: "(none)")."""
    with Session(con, settings_for(model)) as session:
        return breakdown_in(session, indicator_id, filters, by)


def breakdown_in(session: MetricSession, indicator_id: str, filters: Filters, by: str) -> list[BreakdownRow]:
    ind = _indicator(indicator_id)
    if by not in ind.breakdowns:
        allowed = ", ".join(ind.breakdowns) or "none"
        raise AnswerableError(f"{indicator_id} cannot be broken down by {by!r}; allowed: {allowed}.")
    params = session.params(filters)
    if session.not_assessable(ind, params["as_of"]) is not None:
        return []
    group = f"coalesce(CAST({quote_ident(by)} AS VARCHAR), '(none)')"
    agg = _AGGREGATES[ind.aggregate]
    tail = f"SELECT {group} AS grp, {agg} FROM population GROUP BY grp ORDER BY grp"  # noqa: S608
    out = []
    for grp, first, count in session.population_query(ind, tail, params):
        value, numerator, denominator = _figures(ind, first, count)
        status, _ = _status(ind, denominator, _min_evidence(session, ind))
        out.append(BreakdownRow(str(grp), value, numerator, denominator, status))
    return out


def as_of(con: duckdb.DuckDBPyConnection, filters: Filters = ALL) -> datetime | None:
    """The as-of date: the period's `to` when given, else the latest opened_at / decided_at in the
    current data ignoring the filters (never the wall clock)."""
    if filters.date_to is not None:
        return as_of_from(filters, None)
    cur = con.cursor()
    try:
        found, latest = base_cache.latest_timestamp(cur)  # the same current rows, already materialised
        if found:
            return latest
        row = cur.execute(
            f"SELECT greatest((SELECT max(opened_at) FROM {current_view('incidents')}), "  # noqa: S608
            f"(SELECT max(decided_at) FROM {current_view('ai_decisions')}))"
        ).fetchone()
    finally:
        cur.close()
    return row[0] if row else None


def _count_label(n: int, plural: str) -> str:
    """'1 AI system', '2 AI systems', '1 incident with both categories': labels are written in the plural."""
    if n != 1:
        return f"{n} {plural}"
    cut = min((plural.find(w) for w in (" with ", " resolved ") if w in plural), default=len(plural))
    head, tail = plural[:cut], plural[cut:]
    return f"1 {head[:-1] if head.endswith('s') else head}{tail}"
