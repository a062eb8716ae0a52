"""Thin months (DESIGN §5): which months are thin, and which two months a change compares."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from answerable import store
from answerable.maturity import load_model
from answerable.maturity.trend import (
    MonthScore,
    incomplete,
    last_change,
    median_month,
    monthly_scores,
    thin_flags,
)
from answerable.results import OverallScore, Score
from tests.conftest import load_rows


def test_the_median_month_is_the_month_a_typical_record_sits_in() -> None:
    # sizes 5, 12, 37, 94, 7508, 7934, 8995 hold 24,585 records; half is 12,292.5. Cumulating from the
    # smallest: 5, 17, 54, 148, 7656, 15590 -> the 7,934-record month holds the median record.
    assert median_month([37, 94, 5, 12, 7508, 7934, 8995]) == 7934
    assert median_month([]) == 0


def test_thin_months_are_below_min_evidence_or_a_quarter_of_the_median_month() -> None:
    # median month 7,934 -> a quarter is 1,983.5: 1,900 is thin, 2,000 is not; 29 < 30 (min evidence).
    counts = [2000, 1900, 7934, 8995, 7508]
    assert thin_flags(counts, 30) == [False, True, False, False, False]
    # even months of 40 records: only the min evidence decides (29 < 30)
    assert thin_flags([40, 40, 29, 40], 30) == [False, False, True, False]


def test_an_incomplete_last_month_is_recognised() -> None:
    assert incomplete(date(2017, 2, 1), datetime(2017, 2, 16, 14, 17))  # data ends mid-February
    assert not incomplete(date(2026, 10, 1), datetime(2026, 10, 31, 19, 20))  # reaches the last day
    assert not incomplete(date(2026, 12, 1), datetime(2026, 12, 31))  # December rolls into next year


def _month(m: date, thin: bool) -> MonthScore:
    score = Score(OverallScore(None, None, True), (), (), "test", m.isoformat())
    return MonthScore(m, score, 0 if thin else 100, thin)


def test_the_change_compares_the_last_two_months_that_are_not_thin_and_says_which() -> None:
    months = [_month(date(2016, 4, 1), False), _month(date(2016, 5, 1), False),
              _month(date(2016, 12, 1), True), _month(date(2017, 1, 1), True)]
    change = last_change(months)
    assert change is not None
    assert (change.previous.month, change.current.month) == (date(2016, 4, 1), date(2016, 5, 1))
    assert change.skipped == (date(2016, 12, 1), date(2017, 1, 1))
    assert change.label == ("from Apr 2016 to May 2016, the last two months with enough records "
                            "(2 months with too few records left out: Dec 2016, Jan 2017)")
    assert last_change(months[1:]) is None  # one month that is not thin: nothing to compare


def test_the_change_never_crosses_a_gap_in_the_data() -> None:
    # May 2016 and Dec 2025 are not thin, but no record exists from Jul 2016 to Nov 2025: no trend
    months = [_month(date(2016, 5, 1), False), _month(date(2016, 6, 1), True),
              _month(date(2025, 12, 1), False)]
    assert last_change(months) is None
    # a thin month between two that are not thin is skipped, and said (no gap: every month has data)
    months = [_month(date(2026, 4, 1), False), _month(date(2026, 5, 1), True),
              _month(date(2026, 6, 1), False)]
    change = last_change(months)
    assert change is not None and change.label == (
        "from Apr 2026 to Jun 2026, the last two months with enough records (1 month with too few records "
        "left out: May 2026)")


def test_monthly_scores_mark_a_small_month_thin_on_a_real_store(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "t.duckdb")
    # January 200 incidents, February 200, March 40: median month 200, a quarter is 50 -> March is thin
    # (40 >= 30 min evidence, but 40 < 50). The data reaches 31 March, so March is complete.
    rows = [{"incident_id": f"I{m}-{i}", "opened_at": datetime(2026, m, 1 + i % 28, 9),
             "resolved_at": datetime(2026, m, 1 + i % 28, 10), "assigned_to": "Ana"}
            for m, n in ((1, 200), (2, 200), (3, 40)) for i in range(n)]
    rows.append({"incident_id": "last", "opened_at": datetime(2026, 3, 31, 12), "assigned_to": "Ana"})
    load_rows(con, "incidents", rows)
    months = monthly_scores(con, None, load_model())
    con.close()
    assert [(p.month, p.records, p.thin) for p in months] == [
        (date(2026, 1, 1), 200, False), (date(2026, 2, 1), 200, False), (date(2026, 3, 1), 41, True),
    ]
