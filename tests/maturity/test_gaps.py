"""Next-level gap arithmetic, checked by hand and, for quantiles, against DuckDB's quantile_cont."""

from __future__ import annotations

import duckdb
import pytest

from answerable.maturity import load_model
from answerable.maturity.gaps import (
    indicator_gap,
    quantile_records_to_fix,
    rate_records_to_fix,
)
from answerable.maturity.score import assemble, rate
from answerable.results import MetricResult


def _result(ind_id: str, value: float, num: float | None, den: float, unit: str = "%") -> MetricResult:
    return MetricResult(ind_id, ind_id, "ok", value, num, den, None, None, unit)


def test_rate_lower_is_better() -> None:
    # 237 unowned of 3,000 = 7.9%; <= 5% needs at most 150 unowned: 237 - 150 = 87 to fix
    assert rate_records_to_fix(237, 3000, 5, "lower") == 87
    # 13 of 2,000 = 0.65%; <= 0.5% allows 10: 3 to fix (0.5 is exact in fractions, not 0.49999)
    assert rate_records_to_fix(13, 2000, 0.5, "lower") == 3
    # 151 of 3,000 = 5.033%: 151 - 150 = 1
    assert rate_records_to_fix(151, 3000, 5, "lower") == 1
    # already there: 150 of 3,000 = 5%
    assert rate_records_to_fix(150, 3000, 5, "lower") == 0
    # non-integer allowance: 10 of 33 = 30.3%; <= 30% allows 9.9, so at most 9: fix 1
    assert rate_records_to_fix(10, 33, 30, "lower") == 1


def test_rate_higher_is_better() -> None:
    # 7 of 10 systems covered = 70%; >= 80% needs 8: 1 more
    assert rate_records_to_fix(7, 10, 80, "higher") == 1
    # 7 of 10 -> 100% needs all 10: 3 more
    assert rate_records_to_fix(7, 10, 100, "higher") == 3
    # 91 of 100 low-confidence decisions reviewed; >= 95% needs 95: 4 more
    assert rate_records_to_fix(91, 100, 95, "higher") == 4
    # 3 of 7 = 42.9%; >= 50% needs 3.5, so 4: 1 more
    assert rate_records_to_fix(3, 7, 50, "higher") == 1


def test_quantile_allowance_by_hand() -> None:
    # n = 10, p90 position 0.9 x 9 = 8.1 -> ceil 9: at most 10 - 1 - 9 = 0 values may exceed
    assert quantile_records_to_fix(10, 4, 0.9) == 4
    # n = 21: position 0.9 x 20 = 18 -> at most 21 - 1 - 18 = 2 may exceed; 5 exceed -> 3 to fix
    assert quantile_records_to_fix(21, 5, 0.9) == 3
    assert quantile_records_to_fix(21, 2, 0.9) == 0
    # median of 4: position 0.5 x 3 = 1.5 -> ceil 2: at most 4 - 1 - 2 = 1 may exceed
    assert quantile_records_to_fix(4, 2, 0.5) == 1


@pytest.mark.parametrize(("n", "above", "q"), [(21, 5, 0.9), (37, 12, 0.9), (4, 2, 0.5), (9, 6, 0.5)])
def test_quantile_fix_is_enough_and_minimal_with_duckdb(n: int, above: int, q: float) -> None:
    """Fixing k values brings DuckDB's quantile_cont within the target; fixing k - 1 does not
    (with the exceeding values far above it)."""
    k = quantile_records_to_fix(n, above, q)
    target = 30.0

    def quantile_after(fixed: int) -> float:
        within = [10.0 + i * 0.1 for i in range(n - above + fixed)]
        beyond = [1000.0 + i for i in range(above - fixed)]
        con = duckdb.connect()
        con.execute("CREATE TABLE t (v DOUBLE)")
        con.executemany("INSERT INTO t VALUES (?)", [[v] for v in within + beyond])
        row = con.execute("SELECT quantile_cont(v, ?) FROM t", [q]).fetchone()
        con.close()
        assert row is not None
        return float(row[0])

    assert quantile_after(k) <= target
    if k > 0:
        assert quantile_after(k - 1) > target


def test_gap_sentence_for_a_rate() -> None:
    model = load_model()
    r = rate(_result("unowned_decision_rate", 7.9, 237, 3000), model)
    assert r.level == 3
    gap = indicator_gap(r, model.indicators[r.id], 4)
    assert gap == "assign an accountable owner to 87 more AI decisions (unowned 7.9% → ≤ 5%)"


def test_gap_sentence_for_coverage_and_thousands() -> None:
    model = load_model()
    r = rate(_result("ai_system_owner_coverage", 70, 7, 10), model)
    assert r.level == 2
    gap = indicator_gap(r, model.indicators[r.id], 3)
    assert gap == "name a business and a technical owner for 1 more AI system (owner coverage 70% → ≥ 80%)"
    big = rate(_result("unowned_incident_rate", 20, 2400, 12000), model)
    # 2,400 of 12,000 = 20% (L2); <= 15% allows 1,800: 600 to fix
    text = indicator_gap(big, model.indicators[big.id], 3)
    assert text is not None and "600 more" in text


def test_gap_sentence_for_p90_uses_count_above() -> None:
    model = load_model()
    r = rate(_result("escalation_latency_p90_min", 45.2, None, 21, "min"), model)
    assert r.level == 3  # 45.2 min is within the L3 edge (60), not the L4 edge (30)
    gap = indicator_gap(r, model.indicators[r.id], 4, lambda ind, target: 5 if target == 30 else None)
    # 21 timed escalations, 5 above 30 min, at most 2 may stay above: 3 to bring within 30 min
    assert gap == "bring 3 more timed escalations within 30 min (5 of 21 exceed it; p90 45.2 min → ≤ 30 min)"
    without = indicator_gap(r, model.indicators[r.id], 4)
    assert without == "bring the p90 from 45.2 min to ≤ 30 min"


def test_no_gap_for_indicators_already_at_the_next_level() -> None:
    model = load_model()
    r = rate(_result("unowned_decision_rate", 0.5, 5, 1000), model)
    assert indicator_gap(r, model.indicators[r.id], 5) is None
    assert indicator_gap(r, model.indicators[r.id], 6) is None  # nothing above Level 5


def test_assemble_gaps_target_the_dimension_next_level() -> None:
    model = load_model()
    results = [
        _result("unowned_decision_rate", 7.9, 237, 3000),  # L3 (5 < 7.9 <= 15)
        _result("ai_system_owner_coverage", 100, 10, 10),  # L5
        _result("unowned_incident_rate", 20, 200, 1000),  # L2 (15 < 20 <= 30)
    ]
    s = assemble(results, model, "2026-01-01T00:00:00")
    own = next(d for d in s.dimensions if d.id == "ownership")
    assert own.level == 2  # min(3, 5, 2)
    # next level 3: only unowned_incident_rate is below it; <= 15% of 1,000 allows 150: 50 to fix
    assert own.next_level_gaps == ("assign an owner to 50 more resolved incidents (unowned 20% → ≤ 15%)",)
    # score = mean(54.2, 100, 33.33): unowned 7.9 -> 60 - (7.9-5)/10 x 20 = 54.2
    # incidents 20 -> 40 - (20-15)/15 x 20 = 33.33
    assert own.score == pytest.approx((54.2 + 100 + 40 - 20 * 5 / 15) / 3)
    others = [d for d in s.dimensions if d.id != "ownership"]
    assert all(d.level is None for d in others)  # nothing else computed -> not assessed
    assert s.overall.provisional is True and s.overall.level == 2
    assert s.model_version == "answerable-default-2.0"
    filled = {m.id: m for m in s.metrics}
    assert filled["unowned_decision_rate"].level == 3
    assert filled["unowned_decision_rate"].score == pytest.approx(54.2)


def test_insufficient_evidence_is_shown_not_scored() -> None:
    model = load_model()
    weak = MetricResult("shadow_ai_rate", "s", "insufficient_evidence", 12.0, 3, 25, None, None, "%")
    s = assemble([weak], model, None)
    inv = next(d for d in s.dimensions if d.id == "inventory")
    assert inv.level is None and inv.score is None
    shown = inv.indicators[0]
    assert shown.status == "insufficient_evidence" and shown.value == 12.0 and shown.level is None
