"""Month axis labels never touch (issue 17): at most N per chart, spaced where the months are drawn (long
gaps cut out), every label with its year, the first month and the first after every cut labelled."""

from __future__ import annotations

import itertools
import random
from datetime import date

from answerable.ui import charts


def _months(start: date, n: int) -> list[date]:
    i = start.year * 12 + start.month - 1
    return [date((i + k) // 12, (i + k) % 12 + 1, 1) for k in range(n)]


# The real incidents' span (Feb 2016 .. Feb 2017) beside a 2025-26 AI decision log (Nov 2025 .. Oct 2026)
MIXED = _months(date(2016, 2, 1), 13) + _months(date(2025, 11, 1), 12)


def test_mixed_data_on_a_half_width_chart() -> None:
    # Drawn positions (months): Feb 2016 .. Feb 2017 at 0..12. The cut keeps Mar 2017 and Oct 2025 and
    # takes out the 105 - 3 = 102 months between, so Nov 2025 sits at 117 - 102 = 15 and Oct 2026 at 26:
    # the axis spans 27 months, and 5 labels at most means at least ceil(27 / 5) = 6 months apart.
    # Feb 2016 (0, the first); Aug 2016 (6); Feb 2017 (12) is only 3 before Nov 2025, which must be
    # labelled (the first after the cut): skipped; Nov 2025 (15); May 2026 (21); Oct 2026 (26) is 5 after.
    ticks = charts.month_ticks(MIXED, 5)
    assert ticks == [date(2016, 2, 1), date(2016, 8, 1), date(2025, 11, 1), date(2026, 5, 1)]
    cuts = charts.axis_cuts(MIXED)
    assert cuts == [(date(2017, 2, 1), date(2025, 11, 1))]
    first = charts.axis_position(MIXED[0], cuts)
    assert [charts.axis_position(m, cuts) - first for m in ticks] == [0, 6, 15, 21]


def test_the_figure_carries_those_labels_with_their_years() -> None:
    fig = charts.index_line(MIXED, [50.0] * len(MIXED), [False] * len(MIXED))  # Overview: half width
    assert list(fig.layout.xaxis.ticktext) == ["Feb 2016", "Aug 2016", "Nov 2025", "May 2026"]
    wide = charts.index_line(MIXED, [50.0] * len(MIXED), max_ticks=charts.FULL_WIDTH_TICKS)
    # full width (Maturity page): ceil(27 / 8) = 4 months apart -> Feb, Jun, Oct 2016, (Feb 2017 is 3
    # before Nov 2025: skipped), Nov 2025, Mar, Jul 2026 (Oct 2026 is 3 after Jul)
    assert list(wide.layout.xaxis.ticktext) == ["Feb 2016", "Jun 2016", "Oct 2016", "Nov 2025", "Mar 2026",
                                                "Jul 2026"]


def test_few_months_are_all_labelled() -> None:
    months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 5, 1)]
    # Jan .. May (April empty but kept on the axis: a short gap is not cut) spans 5 months: 1 apart
    assert charts.month_ticks(months, 5) == months
    assert charts.month_ticks([], 5) == []
    assert charts.month_ticks([date(2026, 1, 1)], 5) == [date(2026, 1, 1)]


def test_no_two_labels_are_ever_closer_than_a_fair_share_of_the_axis() -> None:
    rng = random.Random(17)
    for _ in range(300):
        months: list[date] = []
        start = date(rng.randint(2000, 2030), rng.randint(1, 12), 1)
        for _ in range(rng.randint(1, 4)):  # islands of data with gaps of any length between them
            months += _months(start, rng.randint(1, 30))
            last = months[-1]
            start = _months(last, rng.randint(2, 120))[-1]
        max_ticks = rng.choice([charts.HALF_WIDTH_TICKS, charts.FULL_WIDTH_TICKS, 3])
        ticks = charts.month_ticks(months, max_ticks)
        cuts = charts.axis_cuts(months)
        pos = [charts.axis_position(m, cuts) for m in ticks]
        span = charts.axis_position(months[-1], cuts) - charts.axis_position(months[0], cuts) + 1
        sep = -(-span // max_ticks)
        assert 1 <= len(ticks) <= max_ticks
        assert ticks[0] == months[0] and set(ticks) <= set(months)
        assert all(b - a >= sep for a, b in itertools.pairwise(pos)), (months, ticks)
