"""Change vs the previous period (DESIGN §5 "Thin months"): one rule for the app and the board report.

With a full period (from and to), that period is compared with the period of equal length just before
it: as many calendar months when the period is whole months (May vs April, not "the 31 days before"),
else as many days. Otherwise the last two months that are not thin are compared (`trend.last_change`),
saying which and which thin months were left out; never across a gap in the data. When there are no two
such months, nothing is compared and the label says why.

Pure: the caller hands in the monthly scores it already has and how it scores a period (the app's cached
`data.score`, the report's `maturity.score` on its connection), so both name the same two periods.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from answerable.maturity.trend import MonthScore, last_change
from answerable.present import month_text, period_text
from answerable.results import Filters, Score

NO_MONTHS = "no two months with enough records to compare"
NO_MONTHS_ACROSS_GAP = "no two months with enough records to compare without crossing a gap in the data"
NO_PREVIOUS_PERIOD = "no previous period to compare with: it would begin before 1 January of year 1"


@dataclass(frozen=True)
class Comparison:
    """The two Scores behind every "change" figure, and the words naming which periods they are.

    `label` reads after "the change is" / "Change in the index": "vs the previous period (1 Apr 2026 –
    30 Apr 2026)", "from Dec 2016 to Jan 2017, the last two months with enough records (...)", or, when
    nothing is compared (`current` or `previous` None), why not.
    """

    current: Score | None
    previous: Score | None
    label: str
    current_name: str = ""  # "Jan 2017" or "1 May 2026 – 31 May 2026"
    previous_name: str = ""  # "Dec 2016" or "1 Apr 2026 – 30 Apr 2026"
    by_month: bool = False  # two months of the trend (no full period selected)

    @property
    def available(self) -> bool:
        return self.current is not None and self.previous is not None

    def index_change(self) -> float | None:
        """The change in the overall index as the two indices are shown (each rounded to 0.1), None when
        either period is not compared or has no assessed index."""
        if self.current is None or self.previous is None:
            return None
        current, previous = self.current.overall.index, self.previous.overall.index
        if current is None or previous is None:
            return None
        return round(current, 1) - round(previous, 1)

    def missing_index(self) -> str:
        """Why two compared periods give no index change: 'no assessed index for Dec 2016'."""
        names = [name for name, s in ((self.previous_name, self.previous), (self.current_name, self.current))
                 if s is None or s.overall.index is None]
        return f"no assessed index for {' or '.join(names)}" if names else ""


def previous_period(filters: Filters) -> Filters | None:
    """The period of equal length just before a full period; None without one, or when it would begin
    before 1 January of year 1 (the calendar's limit: nothing to compare with)."""
    start, end = filters.date_from, filters.date_to
    if start is None or end is None:
        return None
    try:
        if start.day == 1 and end.day == 1:  # whole months: the same number of calendar months before
            months = (end.year - start.year) * 12 + end.month - start.month
            first = (start.year * 12 + start.month - 1) - months
            return replace(filters, date_from=date(first // 12, first % 12 + 1, 1), date_to=start)
        return replace(filters, date_from=start - (end - start), date_to=start)
    except (OverflowError, ValueError):
        return None


def comparison(
    filters: Filters, months: Sequence[MonthScore], score_of: Callable[[Filters], Score]
) -> Comparison:
    """The change the app's Overview and the board report state, from the same rule (module docstring).

    `months` are the monthly scores under `filters` (`trend.monthly_scores`); `score_of` scores a period
    (called only for a full period: for it and the one before).
    """
    if filters.date_from is not None and filters.date_to is not None:
        prev = previous_period(filters)
        if prev is None:
            return Comparison(None, None, NO_PREVIOUS_PERIOD)
        prev_name = period_text(prev)
        return Comparison(score_of(filters), score_of(prev), f"vs the previous period ({prev_name})",
                          period_text(filters), prev_name)
    change = last_change(months)
    if change is None:
        solid = sum(1 for p in months if not p.thin)
        return Comparison(None, None, NO_MONTHS_ACROSS_GAP if solid >= 2 else NO_MONTHS)
    return Comparison(change.current.score, change.previous.score, change.label,
                      month_text(change.current.month), month_text(change.previous.month), by_month=True)
