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
from answerable.metrics.session import SCOPE_SQL, bind
from answerable.results import Filters
from answerable.who import rules
from answerable.who.model import Table, Worklist
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


# Each reason is one bit of a decision's mask (REASONS order), so a whole list is one pass over the decisions.
BITS = {reason: 1 << i for i, reason in enumerate(REASONS)}


def _broken_sql() -> str:
    """`worklist`: one row per filtered decision whose chain is broken, with its reasons as a bit mask
    (each bit from its own rule: a membership test of the rule's numerator) and its consequence."""
    b = BITS
    return f""",
facts AS (
{who_sql("decision_facts")}
),
missed AS (
{rules.population_sql("missed_escalation_rate")}
),
unanswered AS (
{rules.population_sql(rules.UNANSWERED_ESCALATION)}
),
rights AS (
{rules.population_sql("decision_rights_violation_rate")}
),
masked AS (
    SELECT
        f.decision_id, f.decided_at, f.ai_system, f.answer_name AS who_answers, f.answer_role AS role,
        CASE WHEN f.answer_name IS NULL THEN {b["nobody_answers"]} ELSE 0 END
          | CASE WHEN f.decision_id IN (SELECT decision_id FROM missed WHERE in_numerator)
                 THEN {b["missed_escalation_rate"]} ELSE 0 END
          | CASE WHEN f.decision_id IN (SELECT decision_id FROM unanswered WHERE in_numerator)
                 THEN {b[rules.UNANSWERED_ESCALATION]} ELSE 0 END
          | CASE WHEN f.identity_uncontrolled_at_decision
                 THEN {b["uncontrolled_identity_decision_rate"]} ELSE 0 END
          | CASE WHEN f.decision_id IN (SELECT decision_id FROM rights WHERE in_numerator)
                 THEN {b["decision_rights_violation_rate"]} ELSE 0 END AS mask,
        f.outcome, f.incident_id, f.incident_priority, f.autonomy, f.assignment_group,
        coalesce(f.outcome = 'incorrect', false) AS is_incorrect,
        coalesce(f.incident_priority <= 2, false) AS is_high_priority,
        coalesce(f.autonomy = 'autonomous', false) AS is_autonomous
    FROM facts AS f
),
worklist AS (SELECT * FROM masked WHERE mask <> 0)
"""  # noqa: S608


# The page's columns (COLUMNS with the mask in place of its words) and the sort keys its ORDER reads.
PAGE_COLUMNS = (*COLUMNS[:5], "mask", *COLUMNS[6:], "is_incorrect", "is_high_priority", "is_autonomous")
ORDER = (
    "is_incorrect DESC, is_high_priority DESC, is_autonomous DESC, bit_count(mask) DESC, "
    "decided_at DESC, decision_id"
)


def reasons_of(mask: int) -> list[str]:
    return [reason for reason, bit in BITS.items() if mask & bit]


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
        return worklist_in(session, filters, limit=limit, offset=offset, reason=reason).page


def unanswered_in(
    session: Session, filters: Filters = ALL, *, limit: int = 50, offset: int = 0, reason: str | None = None
) -> Table:
    """One page of the work list (`total` = every broken chain under the filters and reason)."""
    return worklist_in(session, filters, limit=limit, offset=offset, reason=reason).page


def reason_counts(session: Session, filters: Filters = ALL) -> dict[str, int]:
    """How many decisions break each reason under the filters (a decision may count under several)."""
    return worklist_in(session, filters, limit=0).counts


def worklist_in(
    session: Session, filters: Filters = ALL, *, limit: int = 50, offset: int = 0, reason: str | None = None
) -> Worklist:
    """The counts per reason and one page in order, from ONE query: a single pass over the decisions
    feeds both the counts and a top-(offset + limit) sort, so no list of every broken chain is ever
    materialised (at 1M decisions most chains can be broken; the first screen needs 50 rows)."""
    if limit < 0 or offset < 0:
        raise AnswerableError(f"A page needs limit >= 0 and offset >= 0; got {limit=}, {offset=}.")
    if reason is not None and reason not in REASONS:
        raise AnswerableError(f"Unknown reason {reason!r}; choose one of: {', '.join(REASONS)}.")
    bit = BITS[reason] if reason else 0
    sums = ", ".join(f"count(*) FILTER (WHERE mask & {b} <> 0)" for b in BITS.values())
    picked = ", ".join(PAGE_COLUMNS)
    sql = (
        f"{SCOPE_SQL}\n{_broken_sql()},\n"  # noqa: S608
        f"counts AS (SELECT count(*) AS n, {sums} FROM worklist),\n"
        f"page AS (SELECT {picked} FROM worklist WHERE $reason_bit = 0 OR mask & $reason_bit <> 0 "
        f"ORDER BY {ORDER} LIMIT $page_limit OFFSET $page_offset)\n"
        f"SELECT counts.*, (SELECT list(page ORDER BY {ORDER}) FROM page) FROM counts"
    )
    params = {
        **session.params(filters), "reason_bit": bit, "page_limit": int(limit), "page_offset": int(offset)
    }
    row = session.cur.execute(sql, bind(sql, params)).fetchone()
    assert row is not None
    counts = {r: int(n) for r, n in zip(REASONS, row[1:-1], strict=True)}
    total = counts[reason] if reason else int(row[0])
    out = [
        (*(p[c] for c in PAGE_COLUMNS[:5]), ", ".join(REASONS[x] for x in reasons_of(int(p["mask"]))),
         *(p[c] for c in COLUMNS[6:]))
        for p in row[-1] or []
    ]
    return Worklist(Table(COLUMNS, out, total), counts)
