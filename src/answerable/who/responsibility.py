"""Declared vs observed responsibility per AI system (DESIGN §6 page 10, §8 `responsibility`).

Declared: the inventory's owners, escalation path and SLA. Observed, over the filtered decisions: who
reviewed, overrode (the reviewer of an overridden decision), was escalated to and took over (the team
an acknowledged escalation went to), with shares and the median takeover. Mismatches are sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import duckdb

from answerable.metrics import Session, settings_for
from answerable.results import Filters
from answerable.who import rules
from answerable.who.model import SystemResponsibility
from answerable.who.rules import who_sql

ALL = Filters()  # no filter

NOT_RECORDED = "(not recorded)"
MIN_TAKEOVERS = 5  # fewer takeovers than this are too few to call a mismatch on


def _people_sql() -> str:
    return f""",
facts AS (
{who_sql("decision_facts")}
),
takeovers AS (
{rules.population_sql(rules.TAKEOVER_P90)}
)
SELECT ai_system, 'review' AS act, reviewed_by AS who, count(*) FROM facts
    WHERE reviewed_by IS NOT NULL AND NOT list_contains($placeholders, lower(reviewed_by)) GROUP BY ALL
UNION ALL SELECT ai_system, 'override', reviewed_by, count(*) FROM facts WHERE is_overridden GROUP BY ALL
UNION ALL SELECT ai_system, 'escalation', escalated_to, count(*) FROM facts WHERE is_escalated GROUP BY ALL
UNION ALL SELECT ai_system, 'takeover', escalated_to, count(*) FROM takeovers GROUP BY ALL
"""  # noqa: S608


def _totals_sql() -> str:
    return f""",
facts AS (
{who_sql("decision_facts")}
),
takeovers AS (
{rules.population_sql(rules.TAKEOVER_P90)}
),
takeover AS (
    SELECT ai_system, quantile_cont(measure, 0.5) AS median_min FROM takeovers GROUP BY ai_system
)
SELECT
    f.ai_system,
    any_value(f.in_inventory), any_value(f.system_status), any_value(f.business_owner),
    coalesce(any_value(f.business_owner_present), false),
    any_value(f.technical_owner), any_value(f.escalation_path), any_value(f.sla_minutes),
    count(*),
    count(*) FILTER (WHERE f.is_reviewed),
    count(*) FILTER (WHERE f.business_owner_present AND f.reviewed_by = f.business_owner),
    any_value(t.median_min)
FROM facts AS f
LEFT JOIN takeover AS t USING (ai_system)
GROUP BY f.ai_system
ORDER BY f.ai_system
"""  # noqa: S608


def responsibility(
    con: duckdb.DuckDBPyConnection, filters: Filters = ALL, model: Any | None = None
) -> list[SystemResponsibility]:
    with Session(con, settings_for(model)) as session:
        return responsibility_in(session, filters)


def _recipient(who: str) -> str:
    """A person in a sentence: the placeholder worded, so no bracket sits inside the sentence's own."""
    return "nobody recorded" if who == NOT_RECORDED else who


def _top(counts: Counter[str | None]) -> tuple[str | None, float | None, int]:
    total = sum(counts.values())
    if not total:
        return None, None, 0
    who, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0]
    return who or NOT_RECORDED, n / total, total


def responsibility_in(session: Session, filters: Filters = ALL) -> list[SystemResponsibility]:
    params = session.params(filters)
    acts: dict[tuple[str, str], Counter[str | None]] = defaultdict(Counter)
    for system, act, who, n in session.query(_people_sql(), params)[1]:
        acts[(system, act)][who] += int(n)
    out = []
    for row in session.query(_totals_sql(), params)[1]:
        (
            system,
            in_inv,
            status,
            business,
            business_present,
            technical,
            path,
            sla,
            decisions,
            reviewed,
            by_business,
            median,
        ) = row
        reviewer, reviewer_share, _ = _top(acts[(system, "review")])
        overrider, _, overridden = _top(acts[(system, "override")])
        esc_to, esc_share, escalated = _top(acts[(system, "escalation")])
        taker, taker_share, taken = _top(acts[(system, "takeover")])
        to_path = acts[(system, "escalation")].get(path, 0) / escalated if path and escalated else None
        by_path = acts[(system, "takeover")].get(path, 0) / taken if path and taken else None
        entry = SystemResponsibility(
            ai_system=system,
            in_inventory=bool(in_inv),
            status=status,
            business_owner=business,
            business_owner_present=bool(business_present),
            technical_owner=technical,
            escalation_path=path,
            sla_minutes=float(sla),
            decisions=int(decisions),
            reviewed=int(reviewed),
            reviewed_by_business_owner=int(by_business),
            top_reviewer=reviewer,
            top_reviewer_share=reviewer_share,
            overridden=overridden,
            top_overrider=overrider,
            escalated=escalated,
            top_escalated_to=esc_to,
            top_escalated_to_share=esc_share,
            escalated_to_path_share=to_path,
            taken_over=taken,
            top_taker=taker,
            top_taker_share=taker_share,
            taken_over_by_path_share=by_path,
            median_takeover_min=None if median is None else float(median),
            mismatches=(),
        )
        out.append(_with_mismatches(entry))
    return out


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _with_mismatches(r: SystemResponsibility) -> SystemResponsibility:
    found: list[str] = []
    if not r.in_inventory:
        found.append(
            f"not in the AI inventory: {r.decisions:,} decisions have no declared owner or escalation path"
        )
    elif r.status == "retired":
        found.append(f"retired in the inventory, yet it made {r.decisions:,} decisions")
    if r.in_inventory and not r.business_owner_present:
        found.append(
            "no business owner is declared"
            + (f" ({r.business_owner!r} is a placeholder)" if r.business_owner else "")
        )
    elif r.business_owner and r.reviewed_by_business_owner == 0 and r.decisions:
        found.append(f"the business owner ({r.business_owner}) reviewed none of {r.decisions:,} decisions")
    if r.in_inventory and not r.escalation_path and r.escalated:
        found.append(
            f"no escalation path is declared, yet {r.escalated:,} decisions were escalated"
            + (f" (most to {_recipient(r.top_escalated_to)})" if r.top_escalated_to else "")
        )
    if (
        r.escalation_path
        and r.taken_over >= MIN_TAKEOVERS
        and r.top_taker
        and r.top_taker_share is not None
        and r.top_taker != r.escalation_path
    ):
        found.append(
            f"escalation path says {r.escalation_path}; {_pct(r.top_taker_share)} of takeovers "
            f"were by {_recipient(r.top_taker)}"
        )
    if r.escalated and r.taken_over == 0:
        found.append(f"none of {r.escalated:,} escalations was taken over by a human")
    if (
        r.median_takeover_min is not None
        and r.taken_over >= MIN_TAKEOVERS
        and r.median_takeover_min > r.sla_minutes
    ):
        found.append(
            f"median takeover {r.median_takeover_min:,.0f} min against an SLA of {r.sla_minutes:,.0f} min"
        )
    return SystemResponsibility(**{**r.__dict__, "mismatches": tuple(found)})
