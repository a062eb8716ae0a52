"""The monthly maturity trend with its thin months (DESIGN §5 "Thin months").

A month holding fewer records than the minimum evidence, or than a quarter of the median month, is
*thin*: charts draw it hollow and never join it with a line, and "change vs the previous period" never
uses it: the change compares the last two months that are not thin, and says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from answerable.maturity.model import Model, load_model
from answerable.maturity.score import assemble, iso
from answerable.results import Filters, MetricResult, Score

if TYPE_CHECKING:
    import duckdb

# Incidents opened and AI decisions made in each month, under the filters (the trend's months).
_VOLUME_SQL = (
    "SELECT month, count(*) FROM (SELECT month FROM incidents UNION ALL SELECT month FROM decisions) "
    "WHERE month IS NOT NULL GROUP BY month ORDER BY month"
)


def median_month(counts: Sequence[float]) -> float:
    """The size of the month a typical record sits in: the record-weighted median of the month sizes.

    A plain median of month sizes would let a long tail of near-empty months (an export whose
    stragglers trickle in for months) drag the yardstick down until those months pass as normal.
    """
    ordered = sorted(c for c in counts if c > 0)
    half, seen = sum(ordered) / 2, 0.0
    for c in ordered:
        seen += c
        if seen >= half:
            return c
    return 0.0


def thin_flags(counts: Sequence[float | None], min_evidence: int) -> list[bool]:
    """For each month's record count: is it thin (below min evidence or a quarter of the median month)?

    A missing count is 0 records.
    """
    values = [float(c or 0) for c in counts]
    quarter = median_month(values) / 4
    return [v < min_evidence or v < quarter for v in values]


def series_thin(
    months: Sequence[date], counts: Sequence[float | None], min_evidence: int,
    as_of: datetime | date | None,
) -> list[bool]:
    """The thin months of a monthly series, as every chart (app and report) draws them (DESIGN §5).

    A month is thin when its count is below `min_evidence` or a quarter of the median month
    (`thin_flags`), and the last month also while the data does not reach its last day (its reviews and
    resolutions are still to come: not a fall to draw or compare). The maturity trend counts each month's
    records with the model's min evidence; an indicator's own chart counts its denominator with min
    evidence 0 (its months below the min evidence carry the status insufficient_evidence already).
    """
    thin = thin_flags(counts, min_evidence)
    if months and incomplete(months[-1], as_of):
        thin[-1] = True
    return thin


@dataclass(frozen=True)
class MonthScore:
    """One month of the maturity trend: its Score, how many records it holds, and whether it is thin."""

    month: date
    score: Score
    records: int
    thin: bool  # too few records, or the last month not complete at the as-of date


@dataclass(frozen=True)
class Change:
    """A change between two months that are not thin (`skipped` thin months after the older one)."""

    current: MonthScore
    previous: MonthScore
    skipped: tuple[date, ...] = ()

    @property
    def label(self) -> str:
        text = f"from {self.previous.month:%b %Y} to {self.current.month:%b %Y}"
        if self.skipped:
            n = len(self.skipped)
            which = (", ".join(f"{m:%b %Y}" for m in self.skipped) if n <= 3
                     else f"{self.skipped[0]:%b %Y} to {self.skipped[-1]:%b %Y}")
            text += (f", the last two months with enough records ({n} month{'s' if n > 1 else ''} with too "
                     f"few records left out: {which})")
        return text


def _index(d: date) -> int:
    return d.year * 12 + d.month - 1


def last_change(points: Sequence[MonthScore]) -> Change | None:
    """The last two months that are not thin, with the thin months after the older one; None if fewer.

    The comparison never crosses a gap in the data (a calendar month without any record): a gap breaks
    the line, and two months on either side of it (2016 incidents, a 2025 AI log) are not a trend.
    """
    solid = [i for i, p in enumerate(points) if not p.thin]
    if not solid:
        return None
    cur_i = solid[-1]
    for k in range(cur_i, 0, -1):
        if _index(points[k].month) - _index(points[k - 1].month) > 1:
            return None  # a gap before any earlier month that is not thin
        if not points[k - 1].thin:
            prev_i = k - 1
            skipped = tuple(p.month for p in points[prev_i + 1:] if p.thin)
            return Change(points[cur_i], points[prev_i], skipped)
    return None


def incomplete(month: date, as_of: datetime | date | None) -> bool:
    """A month is complete once the data reaches its last day (an export taken on 31 Oct covers Oct)."""
    if as_of is None:
        return False
    if month.month == 12:
        last_day = date(month.year, 12, 31)
    else:
        last_day = date(month.year, month.month + 1, 1) - timedelta(days=1)
    return (as_of.date() if isinstance(as_of, datetime) else as_of) < last_day


def monthly_scores(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, model: Model | None = None
) -> list[MonthScore]:
    """The model evaluated per month (as `score_trend`), with each month's records and thinness.

    One metric session serves every indicator's monthly points and the month volumes.
    """
    from answerable.metrics import REGISTRY, Session, trends_in
    from answerable.metrics.engine import scope_for
    from answerable.metrics.settings import settings_for

    filters = filters or Filters()
    model = model or load_model()
    ids = [i for i in model.indicators if i in REGISTRY]
    with Session(con, settings_for(model)) as session:
        series = trends_in(session, filters, ids=ids)
        params = session.params(filters)
        _, rows = session.query(_VOLUME_SQL, params)
    volumes = {r[0]: int(r[1]) for r in rows}
    months = sorted({p.month for points in series.values() for p in points})
    by_month: dict[date, list[MetricResult]] = {m: [] for m in months}
    for ind_id, points in series.items():
        ind = REGISTRY[ind_id]
        for p in points:
            by_month[p.month].append(MetricResult(
                id=ind_id, title=ind.title, status=p.status, value=p.value, numerator=p.numerator,
                denominator=p.denominator, level=None, score=None, unit=ind.unit,
                scope=scope_for(ind, filters.ai_system),
            ))
    counts = [volumes.get(m, 0) for m in months]
    thin = series_thin(months, counts, model.defaults.min_evidence, params["as_of"])
    return [
        MonthScore(m, assemble(by_month[m], model, iso(m), with_gaps=False), n, t)
        for m, n, t in zip(months, counts, thin, strict=True)
    ]


def score_trend(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, model: Model | None = None
) -> list[tuple[date, Score]]:
    """The model evaluated per month (one trend pass per indicator, not one compute per month).

    Each month's Score carries that month's indicators, levels, dimensions and overall result; its
    `as_of` is the month (first day) and it has no next-level gaps. `monthly_scores` gives the same
    months with their record counts and thin flags.
    """
    return [(p.month, p.score) for p in monthly_scores(con, filters, model)]
