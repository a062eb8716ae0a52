"""Wording for the board report: levels as words, values with units, dates, and the executive summary.

Pure functions over result values, so each sentence can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from answerable import present
from answerable.maturity.compare import Comparison
from answerable.maturity.model import IndicatorModel
from answerable.maturity.reasons import leader_reason
from answerable.present import MISSING, clip, format_score, format_value, level_short, level_text, ratio_text
from answerable.report.structure import DimensionRow, NotAssessed, Overall, Risk
from answerable.results import Filters, MetricResult, OverallScore

DASH = MISSING
DEFAULT_ORGANISATION = "Your organisation"
MAX_REASONS = 3  # reasons for not-assessed indicators named in the summary


ORGANISATION_WIDE = "organisation"  # a pseudo-status: context beside one AI system's score
ORGANISATION_WIDE_TEXT = "Organisation-wide context (not scored)"


def shown_status(result: MetricResult) -> str:
    """The result's status, or "organisation" for organisation-wide context beside one AI system
    (an assessed figure left out of the system's score: DESIGN §4 "One AI system")."""
    if result.status == "ok" and result.level is None and result.scope == "organisation":
        return ORGANISATION_WIDE
    return result.status


def indicator_line(title: str, result: MetricResult, level: int | None) -> str:
    """'Unowned AI decisions: 7.5% (L3)', 'Late escalations: not assessed', or organisation-wide."""
    short = ("organisation-wide, not scored" if shown_status(result) == ORGANISATION_WIDE
             else level_short(level, result.status))
    if result.value is None:
        return f"{title}: {short}"
    return f"{title}: {value_text(result)} ({short})"


def value_text(result: MetricResult) -> str:
    return format_value(result.value, result.unit)


def target_text(ind: IndicatorModel | None, level: int, unit: str) -> str:
    """The band edge of `level` as a target ('≤ 5%'), or a dash without the indicator's model."""
    return DASH if ind is None else present.target_text(ind.direction, ind.edge(level), unit)


def filters_text(filters: Filters) -> str:
    parts = []
    if filters.ai_system:
        parts.append(f"AI system: {clip(filters.ai_system)}")
    if filters.assignment_group:
        parts.append(f"assignment group: {clip(filters.assignment_group)}")
    return "; ".join(parts) or "none (all AI systems, all assignment groups)"


def compared_header(comp: Comparison) -> str:
    """The KPI tables' comparison column: 'Previous period', or the two months compared."""
    return f"{comp.previous_name} → {comp.current_name}" if comp.by_month else "Previous period"


def compared_values(previous: MetricResult, current: MetricResult) -> str:
    """'12.0% → 10.5%': an indicator in the two months compared (the app's KPI delta is their difference)."""
    return f"{value_text(previous)} → {value_text(current)}"


def change_text(comp: Comparison) -> str:
    """The headline change: the same two periods the app's Overview names (`maturity.compare`)."""
    if not comp.available:
        return f"No change is stated: {comp.label}."
    assert comp.previous is not None
    previous, delta = comp.previous.overall.index, comp.index_change()
    if comp.by_month:
        if delta is None:
            return f"No change is stated: {comp.missing_index()}."
        return f"Unchanged {comp.label}." if abs(delta) < 0.05 else f"{delta:+.1f} points {comp.label}."
    if delta is None:
        return f"No assessed index for the previous period ({comp.previous_name}) to compare with."
    if abs(delta) < 0.05:
        return f"Unchanged vs the previous period ({comp.previous_name}, {previous:.1f})."
    return f"{delta:+.1f} points vs the previous period ({comp.previous_name}, {previous:.1f})."


def change_sentence(comp: Comparison) -> str | None:
    """The executive summary's sentence on the change, naming the periods the headline names."""
    if not comp.available:
        return f"No change over time is stated: {comp.label}."
    assert comp.current is not None and comp.previous is not None
    current, previous = comp.current.overall.index, comp.previous.overall.index
    delta = comp.index_change()
    if comp.by_month:
        if delta is None:
            return f"No change over time is stated: {comp.missing_index()}."
        way = "up" if delta > 0 else "down"
        how = (f"was unchanged at {current:.1f}" if abs(delta) < 0.05 else
               f"went {way} {abs(delta):.1f} points, from {previous:.1f} to {current:.1f}")
        return (f"{comp.label[:1].upper()}{comp.label[1:]}, the monthly index {how}. A monthly index scores "
                "only that month's records.")
    if current is None:
        return None
    if previous is None or delta is None:
        return (f"The previous period of equal length ({comp.previous_name}) has no assessed index to "
                "compare with.")
    trend = "unchanged" if abs(delta) < 0.05 else ("up" if delta > 0 else "down")
    how = "" if trend == "unchanged" else f" {abs(delta):.1f} points"
    return (f"That is {trend}{how} on the previous period of equal length ({comp.previous_name}, "
            f"index {previous:.1f}).")


def dimension_phrase(d: DimensionRow) -> str:
    """'Level 4 – Managed, provisional; score 70.5' (no brackets: it sits inside the summary's own)."""
    level = level_text(d.level)
    return f"{level}, {'provisional; ' if d.provisional else ''}score {d.score_text}"


def overall(score: OverallScore, change: str) -> Overall:
    return Overall(
        level=score.level,
        level_text=level_text(score.level),
        index=score.index,
        index_text=format_score(score.index, 1),
        provisional=score.provisional,
        fully_embedded=score.fully_embedded,
        change_text=change,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(
    organisation: str,
    period: str,
    o: Overall,
    comp: Comparison,
    dimensions: Sequence[DimensionRow],
    assessed_dims: int,
    risks: Sequence[Risk],
    not_assessed: Sequence[NotAssessed],
    insufficient: int,
    total_indicators: int,
) -> tuple[str, ...]:
    """Plain sentences, each derived from a number shown elsewhere in the report."""
    out: list[str] = []
    if organisation == DEFAULT_ORGANISATION:
        organisation = "your organisation"  # the default name reads as a phrase, mid-sentence
    if o.index is None:
        out.append(
            f"AI governance at {organisation} could not be assessed for {period}: "
            "no indicator of the maturity "
            "model had enough data. The sections below say which data is missing."
        )
    else:
        first = (
            f"For {period}, AI governance at {organisation} is at {o.level_text}, with a governance index of "
            f"{o.index:.1f} out of 100" + (f" ({o.coverage_text})." if o.coverage_text else ".")
        )
        if o.provisional:  # DESIGN §5: only claim what the data supports
            first = (
                f"Not enough evidence for a level: for {period}, only {assessed_dims} of "
                f"{len(dimensions)} dimensions of AI governance at {organisation} could be assessed"
                + (f" ({o.coverage_text})." if o.coverage_text else ".")
                + " That is too few to state a maturity level; the provisional index, from what is assessed, "
                f"is {o.index:.1f} out of 100 ({o.level_text}); the sections below say which data to load."
            )
        elif o.fully_embedded:
            first += " Every dimension is at Level 4 or above: governance is fully embedded."
        out.append(first)
        change = change_sentence(comp)
        if change:
            out.append(change)
        scored = [d for d in dimensions if d.score is not None]
        if len(scored) >= 2:
            best = max(scored, key=lambda d: d.score or 0.0)
            worst = min(scored, key=lambda d: d.score or 0.0)
            out.append(
                f"The strongest dimension is {best.title} ({dimension_phrase(best)}); "
                f"the weakest is {worst.title} ({dimension_phrase(worst)})."
            )
    for i, r in enumerate(risks, start=1):
        lead = "The most urgent gap" if i == 1 else f"Gap {i}"
        out.append(
            f"{lead}: {r.title} is at {r.value_text} ({r.level_text}); {r.gap_text}. "
            f"Accountable: {r.owners_text}."
        )
    if not_assessed:
        reasons: dict[str, list[str]] = {}
        for n_a in not_assessed:
            reasons.setdefault(n_a.reason.strip().rstrip("."), []).append(n_a.title)
        ranked = sorted(reasons.items(), key=lambda kv: -len(kv[1]))  # stable: ties keep model order
        parts = [f"{reason} ({_plural(len(titles), 'indicator')})" for reason, titles in ranked[:MAX_REASONS]]
        more = len(ranked) - MAX_REASONS
        tail = f"; and {_plural(more, 'other reason')}" if more > 0 else ""
        out.append(
            f"{len(not_assessed)} of {total_indicators} indicators could not be assessed; "
            "they count neither for nor against the score and are listed with their reasons "
            "under “Not assessed”. Chiefly: " + "; ".join(parts) + tail + "."
        )
    if insufficient:
        out.append(
            f"{_plural(insufficient, 'indicator')} had too few records to be scored (insufficient evidence); "
            "they are shown but not levelled."
        )
    return tuple(out)


def count_text(result: MetricResult, evidence: str = "records") -> str:
    """Numerator and denominator beside a value ('3,327 of 25,269 AI decisions'), or why there is none."""
    if result.status != "ok":
        return leader_reason(result.reason) or result.status.replace("_", " ")
    if result.denominator is None:
        return ""
    return ratio_text(result.numerator if result.unit == "%" else None, result.denominator, evidence)


# How to read the levels (DESIGN §7): printed in the report beside the dimension table.
GLOSSARY: tuple[str, ...] = (
    f"{level_text(1)}: accountability for AI depends on individuals; few decisions have an owner or a "
    "record.",
    f"{level_text(2)}: owners, reviews and escalations exist for part of the AI decisions, not reliably.",
    f"{level_text(3)}: rules are written down and mostly followed; gaps are known and measurable.",
    f"{level_text(4)}: the rules are measured and met for nearly every decision, system and incident.",
    f"{level_text(5)}: governance is embedded and improving; exceptions are rare and followed up.",
    "An indicator's level is the band its value falls in (the bands are in Appendix A and the model file). "
    "A dimension's level is the lowest level among its assessed indicators: a level is earned only when "
    "every indicator meets it. A dimension with fewer than half of its indicators assessed is provisional.",
    "The overall level is the mean of the dimension levels rounded down, capped at the lowest dimension "
    "level + 1, so one weak dimension holds the whole back. The governance index (0–100) is the weighted "
    "mean of the dimension scores. With fewer than 5 of the 7 dimensions assessed, the overall result is "
    "provisional and no level is claimed.",
)
