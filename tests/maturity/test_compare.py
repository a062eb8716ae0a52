"""Change vs the previous period (maturity.compare): the one rule the Overview and the board report use."""

from __future__ import annotations

from datetime import date

from answerable.maturity.compare import (
    NO_MONTHS,
    NO_MONTHS_ACROSS_GAP,
    NO_PREVIOUS_PERIOD,
    comparison,
    previous_period,
)
from answerable.maturity.trend import MonthScore
from answerable.results import Filters, OverallScore, Score


def _score(index: float | None, as_of: str = "x") -> Score:
    return Score(OverallScore(None, index, True), (), (), "test", as_of)


def _month(m: date, thin: bool, index: float | None = 50.0) -> MonthScore:
    return MonthScore(m, _score(index, m.isoformat()), 0 if thin else 100, thin)


def test_a_whole_month_is_compared_with_the_whole_month_before_it() -> None:
    f = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 4, 1), ai_system="A")
    prev = previous_period(f)
    # March is one calendar month: the previous period is February (28 days), not the 31 days before 1 March
    assert prev == Filters(date_from=date(2026, 2, 1), date_to=date(2026, 3, 1), ai_system="A")
    # six whole months (May..Oct) -> the six before (Nov 2025..Apr 2026), across the year boundary
    half = Filters(date_from=date(2026, 5, 1), date_to=date(2026, 11, 1))
    assert previous_period(half) == Filters(date_from=date(2025, 11, 1), date_to=date(2026, 5, 1))


def test_other_periods_are_compared_with_as_many_days_before() -> None:
    f = Filters(date_from=date(2026, 1, 15), date_to=date(2026, 1, 29))  # 14 days
    assert previous_period(f) == Filters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 15))


def test_no_previous_period_without_a_full_period_or_before_year_1() -> None:
    assert previous_period(Filters(date_from=date(2026, 1, 1))) is None
    assert previous_period(Filters(date_to=date(2026, 1, 1))) is None
    assert previous_period(Filters(date_from=date(1, 1, 1), date_to=date(1, 2, 1))) is None
    assert previous_period(Filters(date_from=date(1, 1, 5), date_to=date(1, 3, 1))) is None


def test_a_full_period_scores_itself_and_the_period_before() -> None:
    f = Filters(date_from=date(2026, 5, 1), date_to=date(2026, 6, 1))
    asked: list[Filters] = []

    def score_of(x: Filters) -> Score:
        asked.append(x)
        return _score(60.0 if x == f else 55.0, x.key()[0])

    comp = comparison(f, [_month(date(2026, 4, 1), False), _month(date(2026, 5, 1), False)], score_of)
    assert asked == [f, Filters(date_from=date(2026, 4, 1), date_to=date(2026, 5, 1))]
    assert comp.available and not comp.by_month
    assert comp.current is not None and comp.current.overall.index == 60.0
    assert comp.label == "vs the previous period (1 Apr 2026 – 30 Apr 2026)"
    assert (comp.previous_name, comp.current_name) == ("1 Apr 2026 – 30 Apr 2026", "1 May 2026 – 31 May 2026")
    early = comparison(Filters(date_from=date(1, 1, 1), date_to=date(1, 2, 1)), [], score_of)
    assert not early.available and early.label == NO_PREVIOUS_PERIOD


def _never(_: Filters) -> Score:
    raise AssertionError("months are compared from the monthly scores, never by scoring a period")


def test_without_a_full_period_the_last_two_months_that_are_not_thin() -> None:
    months = [_month(date(2016, 12, 1), False, 40.0), _month(date(2017, 1, 1), False, 43.2),
              _month(date(2017, 2, 1), True, 90.0)]
    comp = comparison(Filters(date_from=date(2016, 12, 1)), months, _never)  # a start alone is no full period
    assert comp.by_month and comp.available
    assert comp.previous is months[0].score and comp.current is months[1].score  # Feb 2017 is thin
    assert (comp.previous_name, comp.current_name) == ("Dec 2016", "Jan 2017")
    assert comp.label == ("from Dec 2016 to Jan 2017, the last two months with enough records "
                          "(1 month with too few records left out: Feb 2017)")


def test_no_two_months_to_compare_is_said_plainly() -> None:
    one = [_month(date(2026, 1, 1), True), _month(date(2026, 2, 1), False)]
    comp = comparison(Filters(), one, _never)
    assert not comp.available and comp.label == NO_MONTHS == "no two months with enough records to compare"
    # Dec 2016 and Dec 2025 are not thin, but no record lies between Feb 2017 and Oct 2025: not a trend
    gap = [_month(date(2016, 12, 1), False), _month(date(2017, 1, 1), True),
           _month(date(2025, 11, 1), True), _month(date(2025, 12, 1), False)]
    comp = comparison(Filters(), gap, _never)
    assert not comp.available and comp.label == NO_MONTHS_ACROSS_GAP
    assert comparison(Filters(), [], _never).label == NO_MONTHS


def test_a_month_without_an_index_is_named() -> None:
    months = [_month(date(2026, 1, 1), False, None), _month(date(2026, 2, 1), False, 50.0)]
    comp = comparison(Filters(), months, _never)
    assert comp.available and comp.missing_index() == "no assessed index for Jan 2026"
