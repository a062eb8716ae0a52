"""Indicator score and level (DESIGN §5): every expected number worked out by hand beside it."""

from __future__ import annotations

import pytest

from answerable.maturity import indicator_score, level_for
from answerable.maturity.scoring import dimension_result, overall_result
from answerable.results import IndicatorScore

UNOWNED = [1, 5, 15, 30]  # lower is better, percent
COVERAGE = [100, 95, 80, 50]  # higher is better, L5 edge = best value
SHADOW = [0, 1, 5, 15]  # lower is better, L5 edge = best value
LOW_CONF_REVIEW = [99, 95, 80, 50]  # higher is better, L5 edge below the best value
P90 = [15, 30, 60, 240]  # minutes; worst = 4 x 240 = 960
PIR_DAYS = [5, 10, 20, 40]  # days; worst = 4 x 40 = 160


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 100),  # best possible value
        (0.5, 90),  # 100 - 0.5/1 x 20
        (1, 80),  # L5 edge
        (3, 70),  # 80 - (3-1)/(5-1) x 20
        (5, 60),  # L4 edge
        (10, 50),  # 60 - (10-5)/(15-5) x 20
        (15, 40),  # L3 edge
        (22.5, 30),  # 40 - (22.5-15)/(30-15) x 20
        (30, 20),  # L2 edge
        (65, 10),  # 20 - (65-30)/(100-30) x 20
        (100, 0),  # worst possible value
    ],
)
def test_lower_is_better_rate_interpolates_between_edges(value: float, expected: float) -> None:
    assert indicator_score(value, "lower", UNOWNED, "%") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, 100),  # best value = L5 edge: scores 100, not 80
        (97.5, 80),  # last segment 60 at 95 -> 100 at 100: 60 + (97.5-95)/(100-95) x 40
        (99, 92),  # 60 + 4/5 x 40
        (95, 60),  # L4 edge
        (87.5, 50),  # 40 + (87.5-80)/(95-80) x 20
        (80, 40),
        (65, 30),  # 20 + (65-50)/(80-50) x 20
        (50, 20),
        (25, 10),  # 0 + 25/50 x 20
        (0, 0),
    ],
)
def test_coverage_last_segment_runs_from_l4_to_best(value: float, expected: float) -> None:
    assert indicator_score(value, "higher", COVERAGE, "%") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 100),  # 0% shadow AI is both the best value and the L5 edge
        (0.5, 80),  # 100 - 0.5/1 x 40 (last segment 100 at 0 -> 60 at 1)
        (1, 60),
        (3, 50),  # 60 - (3-1)/(5-1) x 20
        (5, 40),
        (15, 20),
        (57.5, 10),  # 20 - (57.5-15)/(100-15) x 20
        (100, 0),
    ],
)
def test_shadow_ai_last_segment(value: float, expected: float) -> None:
    assert indicator_score(value, "lower", SHADOW, "%") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, 100),
        (99.5, 90),  # 100 - (100-99.5)/(100-99) x 20: the L5 edge (99) is not the best value
        (99, 80),
        (97, 70),  # 60 + (97-95)/(99-95) x 20
    ],
)
def test_higher_is_better_with_l5_below_best(value: float, expected: float) -> None:
    assert indicator_score(value, "higher", LOW_CONF_REVIEW, "%") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 100),
        (7.5, 90),  # 100 - 7.5/15 x 20
        (15, 80),
        (45, 50),  # 60 - (45-30)/(60-30) x 20
        (150, 30),  # 40 - (150-60)/(240-60) x 20
        (240, 20),
        (600, 10),  # 20 - (600-240)/(960-240) x 20
        (960, 0),  # 4 x the L2 edge
        (5000, 0),  # beyond 4 x L2 still 0
    ],
)
def test_duration_in_minutes_worst_is_four_times_l2(value: float, expected: float) -> None:
    assert indicator_score(value, "lower", P90, "min") == pytest.approx(expected)


def test_duration_in_days() -> None:
    # worst = 4 x 40 = 160 days; 100 days: 20 - (100-40)/(160-40) x 20 = 10
    assert indicator_score(100, "lower", PIR_DAYS, "days") == pytest.approx(10)
    assert indicator_score(200, "lower", PIR_DAYS, "days") == 0


@pytest.mark.parametrize(
    ("value", "level"),
    [(0, 5), (1, 5), (1.0001, 4), (5, 4), (5.01, 3), (15, 3), (30, 2), (30.01, 1), (100, 1)],
)
def test_lower_levels_inclusive_on_the_better_side(value: float, level: int) -> None:
    assert level_for(value, "lower", UNOWNED) == level


@pytest.mark.parametrize(
    ("value", "level"), [(100, 5), (99.99, 4), (95, 4), (94.99, 3), (80, 3), (50, 2), (49.99, 1)]
)
def test_higher_levels_inclusive_on_the_better_side(value: float, level: int) -> None:
    assert level_for(value, "higher", COVERAGE) == level


def test_float_noise_at_an_edge_stays_on_the_edge() -> None:
    noisy = 100.0 * 0.07 / 1.4  # 5.000000000000001 in binary floating point, 5% on paper
    assert noisy != 5
    assert level_for(noisy, "lower", UNOWNED) == 4


def test_duration_levels() -> None:
    assert level_for(240, "lower", P90) == 2
    assert level_for(241, "lower", P90) == 1
    assert level_for(15, "lower", P90) == 5


def _ind(level: int | None, score: float | None, status: str = "ok") -> IndicatorScore:
    return IndicatorScore("x", status, 1.0, level, score)  # type: ignore[arg-type]


def test_dimension_level_is_lowest_assessed_and_score_is_mean() -> None:
    d = dimension_result(
        "ownership", "Ownership",
        [_ind(5, 90), _ind(3, 45), _ind(None, None, "insufficient_evidence"), _ind(4, 60)],
    )
    assert d.level == 3  # min(5, 3, 4); the insufficient-evidence indicator is not levelled
    assert d.score == pytest.approx(65)  # (90 + 45 + 60) / 3


def test_dimension_without_assessed_indicator_is_not_assessed() -> None:
    unassessed = [_ind(None, None, "not_assessed"), _ind(None, None, "insufficient_evidence")]
    d = dimension_result("x", "X", unassessed)
    assert d.level is None and d.score is None


def _dims(levels_scores: list[tuple[int | None, float | None]]):  # type: ignore[no-untyped-def]
    from answerable.results import DimensionScore

    return [DimensionScore(f"d{i}", f"D{i}", lv, sc, ()) for i, (lv, sc) in enumerate(levels_scores)]


def test_overall_level_capped_at_lowest_plus_one() -> None:
    dims = _dims([(5, 90)] * 6 + [(1, 10)])
    o = overall_result(dims, {d.id: 1.0 for d in dims})
    # mean level 31/7 = 4.43 -> floor 4, capped at lowest 1 + 1 = 2
    assert o.level == 2
    assert o.index == pytest.approx((6 * 90 + 10) / 7)  # 550 / 7 = 78.57
    assert not o.provisional and not o.fully_embedded


def test_overall_level_floor_of_mean() -> None:
    dims = _dims([(3, 50)] * 4 + [(4, 70)] * 3)
    # mean 24/7 = 3.43 -> 3; cap 3 + 1 = 4 does not bind
    assert overall_result(dims, {d.id: 1.0 for d in dims}).level == 3


def test_overall_index_is_weighted() -> None:
    dims = _dims([(4, 80), (2, 40)])
    o = overall_result(dims, {"d0": 3.0, "d1": 1.0})
    assert o.index == pytest.approx(70)  # (3 x 80 + 1 x 40) / (3 + 1) = 280 / 4


def test_provisional_below_five_of_seven_assessed() -> None:
    four = _dims([(4, 60)] * 4 + [(None, None)] * 3)
    five = _dims([(4, 60)] * 5 + [(None, None)] * 2)
    assert overall_result(four, {}).provisional is True
    assert overall_result(five, {}).provisional is False


def test_fully_embedded_needs_every_dimension_at_level_four() -> None:
    all_four = _dims([(4, 60)] * 6 + [(5, 85)])
    one_missing = _dims([(4, 60)] * 6 + [(None, None)])
    one_three = _dims([(4, 60)] * 6 + [(3, 45)])
    assert overall_result(all_four, {}).fully_embedded is True
    assert overall_result(one_missing, {}).fully_embedded is False
    assert overall_result(one_three, {}).fully_embedded is False


def test_nothing_assessed_overall() -> None:
    o = overall_result(_dims([(None, None)] * 7), {})
    assert o.level is None and o.index is None and o.provisional is True


def test_unit_rules_raise_model_errors() -> None:
    from answerable.errors import ModelError
    from answerable.maturity.scoring import check_bands_for_unit

    with pytest.raises(ModelError, match="durations are lower-is-better"):
        indicator_score(10, "higher", P90, "min")
    with pytest.raises(ModelError, match=r"indicators\.unowned_decision_rate\.bands: .* between 0 and 100"):
        check_bands_for_unit("unowned_decision_rate", [1, 5, 15, 300], "%")
    check_bands_for_unit("escalation_latency_p90_min", P90, "min")  # minutes may exceed 100
