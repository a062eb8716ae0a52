"""Next-level gaps: for each indicator below its dimension's next level, how many records to fix.

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
from answerable.results import MetricResult

# indicator id -> (action with {n}, short label for the value)
ACTIONS: dict[str, tuple[str, str]] = {
    "unowned_decision_rate": ("assign an accountable owner to {n} more AI decisions", "unowned"),
    "ai_system_owner_coverage": (
        "name a business and a technical owner for {n} more AI systems", "owner coverage"),
    "unowned_incident_rate": ("assign an owner to {n} more resolved incidents", "unowned"),
    "autonomy_defined_rate": ("record a valid autonomy level on {n} more AI decisions", "defined"),
    "decision_rights_violation_rate": (
        "keep {n} more autonomous decisions within their decision rights", "violations"),
    "low_confidence_review_rate": (
        "have a human review, override or escalate {n} more low-confidence decisions", "reviewed"),
    "escalation_latency_p90_min": ("bring {n} more timed escalations within {target}", "p90"),
    "late_escalation_rate": ("bring {n} more escalations within their SLA", "late"),
    "missed_escalation_rate": ("escalate, override or review {n} more incorrect decisions", "missed"),
    "escalation_path_coverage": ("define an escalation path for {n} more AI systems", "coverage"),
    "access_control_coverage": (
        "bring {n} more AI system identities under control (least privilege, reviewed, rotated)",
        "controlled"),
    "uncontrolled_identity_decision_rate": (
        "move {n} more AI decisions onto controlled identities", "uncontrolled"),
    "privileged_ai_identity_rate": ("reduce {n} more AI systems to least-privilege access", "privileged"),
    "incident_data_gap_rate": ("complete the missing data of {n} more incidents", "with gaps"),
    "ai_misclassification_rate": ("correct {n} more AI classifications", "misclassified"),
    "reclassification_rate": ("categorise {n} more incidents right the first time", "reclassified"),
    "stale_knowledge_rate": ("review {n} more knowledge articles", "stale"),
    "stale_cmdb_rate": ("verify {n} more CMDB items", "stale"),
    "pir_coverage": ("complete an owned post-incident review for {n} more major incidents", "covered"),
    "pir_lead_time_days": ("complete {n} more post-incident reviews within {target}", "median"),
    "unannounced_change_incident_rate": (
        "approve and announce the changes behind {n} more change-caused incidents", "unannounced"),
    "shadow_ai_rate": ("register the AI systems behind {n} more AI decisions in the inventory", "shadow AI"),
    "inventory_review_rate": ("review {n} more AI systems in the inventory", "reviewed"),
}
# Quantile indicators: the quantile their value is (continuous, like DuckDB quantile_cont).
QUANTILES: dict[str, float] = {"escalation_latency_p90_min": 0.9, "pir_lead_time_days": 0.5}

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


def fmt_number(x: float) -> str:
    """7.94 -> '7.9', 5.0 -> '5', 0.5 -> '0.5'."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt_value(x: float, unit: str) -> str:
    return f"{fmt_number(x)}%" if unit == "%" else f"{fmt_number(x)} {unit}"


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
    action, label = ACTIONS.get(result.id, ("fix {n} more records of " + result.id, result.id))
    cmp = "≤" if ind.direction == "lower" else "≥"
    unit = result.unit
    if result.id in QUANTILES:
        target_text = fmt_value(target, unit)
        change = f"{label} {fmt_value(result.value, unit)} → {cmp} {target_text}"
        n = int(result.denominator or 0)
        above = count_above(result.id, target) if count_above else None
        if above is None or n == 0:
            return f"bring the {label} from {fmt_value(result.value, unit)} to {cmp} {target_text}"
        k = quantile_records_to_fix(n, above, QUANTILES[result.id])
        if k == 0:
            return None
        sentence = _action(action, k, target_text)
        return f"{sentence} ({above:,} of {n:,} exceed it; {change})"
    if result.numerator is None or result.denominator is None:
        return f"bring {label} from {fmt_value(result.value, unit)} to {cmp} {fmt_value(target, unit)}"
    k = rate_records_to_fix(result.numerator, result.denominator, target, ind.direction)
    if k == 0:
        return None
    change = f"{label} {fmt_value(result.value, unit)} → {cmp} {fmt_value(target, unit)}"
    return f"{_action(action, k)} ({change})"
