"""Property tests: monotone scoring, dimension level bound, overall level cap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from answerable.maturity import indicator_score, level_for, load_model
from answerable.maturity.scoring import dimension_result, overall_result
from answerable.results import DimensionScore, IndicatorScore

MODEL = load_model()
IDS = sorted(MODEL.indicators)
UNITS = {"escalation_latency_p90_min": "min", "pir_lead_time_days": "days"}
values = st.floats(min_value=0, max_value=1200, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(IDS), values, values)
def test_a_better_value_never_lowers_score_or_level(ind_id: str, a: float, b: float) -> None:
    ind = MODEL.indicators[ind_id]
    unit = UNITS.get(ind_id, "%")
    if unit == "%":
        a, b = min(a, 100.0), min(b, 100.0)
    better, worse = (min(a, b), max(a, b)) if ind.direction == "lower" else (max(a, b), min(a, b))
    assert indicator_score(better, ind.direction, ind.bands, unit) >= indicator_score(
        worse, ind.direction, ind.bands, unit
    )
    assert level_for(better, ind.direction, ind.bands) >= level_for(worse, ind.direction, ind.bands)
    s = indicator_score(worse, ind.direction, ind.bands, unit)
    assert 0 <= s <= 100


indicator = st.one_of(
    st.builds(
        lambda lv, sc: IndicatorScore("i", "ok", 1.0, lv, sc),
        st.integers(1, 5), st.floats(0, 100, allow_nan=False),
    ),
    st.just(IndicatorScore("i", "insufficient_evidence", 1.0, None, None)),
    st.just(IndicatorScore("i", "not_assessed", None, None, None)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(indicator, min_size=1, max_size=6))
def test_dimension_level_never_exceeds_any_assessed_indicator(inds: list[IndicatorScore]) -> None:
    d = dimension_result("d", "D", inds)
    assessed = [i.level for i in inds if i.status == "ok" and i.level is not None]
    if not assessed:
        assert d.level is None
    else:
        assert d.level is not None and all(d.level <= lv for lv in assessed)


dimension = st.one_of(
    st.builds(
        lambda lv, sc: DimensionScore("d", "D", lv, sc, ()),
        st.integers(1, 5), st.floats(0, 100, allow_nan=False),
    ),
    st.just(DimensionScore("d", "D", None, None, ())),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(dimension, min_size=7, max_size=7))
def test_overall_level_never_exceeds_lowest_dimension_plus_one(dims: list[DimensionScore]) -> None:
    dims = [DimensionScore(f"d{i}", d.title, d.level, d.score, ()) for i, d in enumerate(dims)]
    o = overall_result(dims, {d.id: 1.0 for d in dims})
    levels = [d.level for d in dims if d.level is not None]
    if levels:
        assert o.level is not None and o.level <= min(levels) + 1
        assert o.index is not None and 0 <= o.index <= 100 + 1e-9
    assert o.provisional == (len(levels) < 5)


TARGETS = [0, 0.5, 1, 2, 5, 10, 15, 25, 30, 50, 80, 95, 98, 99, 100]  # band edges of the built-in model


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000), st.data(), st.sampled_from(TARGETS))
def test_rate_gap_is_enough_and_minimal(den: int, data: st.DataObject, target: float) -> None:
    from fractions import Fraction

    from answerable.maturity.gaps import rate_records_to_fix

    num = data.draw(st.integers(0, den))
    t = Fraction(str(target)) / 100
    k = rate_records_to_fix(num, den, target, "lower")
    assert Fraction(num - k, den) <= t  # fixing k records reaches the target
    assert k == 0 or Fraction(num - k + 1, den) > t  # one fewer does not
    k = rate_records_to_fix(num, den, target, "higher")
    assert num + k <= den and Fraction(num + k, den) >= t
    assert k == 0 or Fraction(num + k - 1, den) < t
