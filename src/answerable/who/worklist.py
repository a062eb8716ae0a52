"""Unanswered (DESIGN §6 page 10, §8 `unanswered`): the decisions whose accountability chain is broken,
most consequential first (incorrect outcome, then a priority 1-2 incident, then autonomous).

A chain is broken when nobody answers for the decision, or it breaks one of four registry rules:
missed_escalation_rate (incorrect and never caught), the unanswered escalation rule, identity control
judged at the decision's own time, decision_rights_violation_rate. Each reason is the rule's own SQL.
"""

from __future__ import annotations

from typing import Any

import duckdb

from answerable.errors import AnswerableError
from answerable.metrics import Session, settings_for
from answerable.results import Filters
from answerable.who import rules
from answerable.who.model import Table
from answerable.who.rules import who_sql

ALL = Filters()  # no filter

# reason id (the rule) -> the words a leader reads
REASONS: dict[str, str] = {
    "nobody_answers": "nobody answers",
    "missed_escalation_rate": "incorrect and never caught",
    rules.UNANSWERED_ESCALATION: "escalation unanswered",
    "uncontrolled_identity_decision_rate": "uncontrolled identity at the decision's time",
    "decision_rights_violation_rate": "beyond decision rights",
}
COLUMNS = (
    "decision_id",
    "decided_at",
    "ai_system",
    "who_answers",
    "role",
    "broken",
    "outcome",
    "incident_id",
    "incident_priority",
    "autonomy",
    "assignment_group",
)


def _broken_sql() -> str:
    """One row per (decision, reason) over the filtered decisions, each reason from its own rule."""
    return f""",
facts AS (
{who_sql("decision_facts")}
),
missed AS (
{rules.population_sql("missed_escalation_rate")}
),
unanswered AS (
{rules.takeover_sql()}
),
identity_at AS (
{who_sql("identity_at_decision")}
),
rights AS (
{rules.population_sql("decision_rights_violation_rate")}
),
broken AS (
    SELECT decision_id, 'nobody_answers' AS reason FROM facts WHERE answer_name IS NULL
    UNION ALL SELECT decision_id, 'missed_escalation_rate' FROM missed WHERE in_numerator
    UNION ALL SELECT decision_id, '{rules.UNANSWERED_ESCALATION}' FROM unanswered WHERE in_numerator
    UNION ALL SELECT decision_id, 'uncontrolled_identity_decision_rate' FROM identity_at WHERE in_numerator
    UNION ALL SELECT decision_id, 'decision_rights_violation_rate' FROM rights WHERE in_numerator
),
worklist AS (
    SELECT
        f.decision_id, f.decided_at, f.ai_system, f.answer_name AS who_answers, f.answer_role AS role,
        list_sort(list(b.reason)) AS reasons, f.outcome, f.incident_id, f.incident_priority, f.autonomy,
        f.assignment_group,
        coalesce(f.outcome = 'incorrect', false) AS is_incorrect,
        coalesce(f.incident_priority <= 2, false) AS is_high_priority,
        coalesce(f.autonomy = 'autonomous', false) AS is_autonomous
    FROM broken AS b
    JOIN facts AS f USING (decision_id)
    GROUP BY ALL
    HAVING $reason IS NULL OR list_contains(list(b.reason), $reason)
)
"""  # noqa: S608


ORDER = (
    "is_incorrect DESC, is_high_priority DESC, is_autonomous DESC, len(reasons) DESC, "
    "decided_at DESC, decision_id"
)


def unanswered(
    con: duckdb.DuckDBPyConnection,
    filters: Filters = ALL,
    model: Any | None = None,
    *,
    limit: int = 50,
    offset: int = 0,
    reason: str | None = None,
) -> Table:
    with Session(con, settings_for(model)) as session:
        return unanswered_in(session, filters, limit=limit, offset=offset, reason=reason)


def unanswered_in(
    session: Session, filters: Filters = ALL, *, limit: int = 50, offset: int = 0, reason: str | None = None
) -> Table:
    """One page of the work list (`total` = every broken chain under the filters and reason)."""
    if limit < 0 or offset < 0:
        raise AnswerableError(f"A page needs limit >= 0 and offset >= 0; got {limit=}, {offset=}.")
    if reason is not None and reason not in REASONS:
        raise AnswerableError(f"Unknown reason {reason!r}; choose one of: {', '.join(REASONS)}.")
    params = session.params(filters)
    params.update(limit=int(limit), offset=int(offset), reason=reason)
    page_sql = (
        "SELECT decision_id, decided_at, ai_system, who_answers, role, reasons, outcome, incident_id, "  # noqa: S608
        "incident_priority, autonomy, assignment_group, count(*) OVER () AS total FROM worklist "
        f"ORDER BY {ORDER} LIMIT $limit OFFSET $offset"
    )
    body = _broken_sql() + page_sql
    _, rows = session.query(body, params)
    if rows:
        total = int(rows[0][-1])
    else:
        count_sql = _broken_sql() + "SELECT count(*) FROM worklist"  # noqa: S608
        total = int(session.query(count_sql, params)[1][0][0])
    out = [(*r[:5], ", ".join(REASONS[x] for x in r[5]), *r[6:-1]) for r in rows]
    return Table(COLUMNS, out, total)


def reason_counts(session: Session, filters: Filters = ALL) -> dict[str, int]:
    """How many decisions break each reason under the filters (a decision may count under several)."""
    params = session.params(filters)
    params["reason"] = None
    counts_sql = _broken_sql() + "SELECT reason, count(*) FROM broken GROUP BY reason"  # noqa: S608
    _, rows = session.query(counts_sql, params)
    found = {str(r): int(n) for r, n in rows}
    return {r: found.get(r, 0) for r in REASONS}
