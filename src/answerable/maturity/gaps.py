"""Next-level gaps: for each indicator below its dimension's next level, how many records to fix.

The wording comes from each indicator file (`gap`, with {n} records and an optional {target}, and
`gap_label`, the value's short name); which quantile a p90 / median value is, from its aggregate.

Arithmetic (exact, in fractions, so a band edge never loses a record to float noise):
- rate, lower is better: fix k records so that (num - k) / den <= target  ->  k = ceil(num - target x den)
- rate, higher is better: fix k records so that (num + k) / den >= target ->  k = ceil(target x den - num)
  (fixing a record moves it from one side of the numerator to the other; the denominator stays.)
- quantile q of n timed values (continuous, positions 0..n-1): it is surely <= T when the value at
  position ceil(q x (n-1)) is <= T, i.e. when at most n - 1 - ceil(q x (n-1)) values exceed T. With m
  values above T now, k = m - that allowance of them must be brought within T.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from answerable.maturity.model import IndicatorModel
from answerable.metrics import REGISTRY
from answerable.present import format_value
from answerable.results import MetricResult

# Plural nouns of the actions, for "1 more AI system" rather than "1 more AI systems".
_SINGULAR = {
    "decisions": "decision", "systems": "system", "identities": "identity", "incidents": "incident",
    "escalations": "escalation", "classifications": "classification", "articles": "article",
    "items": "item", "reviews": "review",
}

# (indicator id, target) -> number of the indicator's timed records above the target, or None
CountAbove = Callable[[str, float], int | None]


def _action(template: str, k: int, target: str = "") -> str:
    text = template.format(n=f"{k:,}", target=target)
    if k != 1:
        return text
    head, sep, tail = text.partition("1 more ")
    words = tail.split(" ")
    for i, word in enumerate(words):
        if word in _SINGULAR:
            words[i] = _SINGULAR[word]
            break
    return head + sep + " ".join(words)


def _exact(x: float) -> Fraction:
    return Fraction(repr(float(x)))  # 0.1 -> 1/10, not the binary approximation


def rate_records_to_fix(numerator: float, denominator: float, target_pct: float, direction: str) -> int:
    """Records to move so that numerator/denominator reaches target_pct (inclusive)."""
    target = _exact(target_pct) / 100
    num, den = _exact(numerator), _exact(denominator)
    need = num - target * den if direction == "lower" else target * den - num
    return max(0, math.ceil(need))


def quantile_records_to_fix(n: int, above: int, q: float) -> int:
    """Values above the target to bring within it so the continuous q-quantile of n values is <= it."""
    if n <= 0:
        return 0
    allowed_above = n - 1 - math.ceil(_exact(q) * (n - 1))
    return max(0, above - allowed_above)


def indicator_gap(
    result: MetricResult, ind: IndicatorModel, next_level: int, count_above: CountAbove | None = None
) -> str | None:
    """One sentence saying what it takes for this indicator to reach `next_level`, or None if it does."""
    if result.status != "ok" or result.value is None or result.level is None:
        return None
    if result.level >= next_level or next_level > 5:  # already there, or nothing above Level 5
        return None
    target = ind.edge(next_level)
    declared = REGISTRY.get(result.id)
    action = declared.gap if declared and declared.gap else "fix {n} more records of " + result.id
    label = declared.gap_label if declared and declared.gap_label else result.id
    quantile = declared.quantile if declared else None
    cmp = "≤" if ind.direction == "lower" else "≥"
    unit = result.unit
    if quantile is not None:
        target_text = format_value(target, unit)
        change = f"{label} {format_value(result.value, unit)} → {cmp} {target_text}"
        n = int(result.denominator or 0)
        above = count_above(result.id, target) if count_above else None
        if above is None or n == 0:
            return f"bring the {label} from {format_value(result.value, unit)} to {cmp} {target_text}"
        k = quantile_records_to_fix(n, above, quantile)
        if k == 0:
            return None
        sentence = _action(action, k, target_text)
        return f"{sentence} ({above:,} of {n:,} exceed it; {change})"
    if result.numerator is None or result.denominator is None:
        return f"bring {label} from {format_value(result.value, unit)} to {cmp} {format_value(target, unit)}"
    k = rate_records_to_fix(result.numerator, result.denominator, target, ind.direction)
    if k == 0:
        return None
    change = f"{label} {format_value(result.value, unit)} → {cmp} {format_value(target, unit)}"
    return f"{_action(action, k)} ({change})"
