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


LIST_TABLE = "who_worklist"  # the session's private copy of the list while one page is read
# Each reason is one bit of a decision's mask (REASONS order), so a whole list is one pass and one join.
BITS = {reason: 1 << i for i, reason in enumerate(REASONS)}


def _broken_sql() -> str:
    """`worklist`: one row per filtered decision whose chain is broken, with its reasons as a bit mask
    (each bit from its own rule) and its consequence."""
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
          | CASE WHEN m.decision_id IS NOT NULL THEN {b["missed_escalation_rate"]} ELSE 0 END
          | CASE WHEN u.decision_id IS NOT NULL THEN {b[rules.UNANSWERED_ESCALATION]} ELSE 0 END
          | CASE WHEN f.identity_uncontrolled_at_decision
                 THEN {b["uncontrolled_identity_decision_rate"]} ELSE 0 END
          | CASE WHEN r.decision_id IS NOT NULL THEN {b["decision_rights_violation_rate"]} ELSE 0 END AS mask,
        f.outcome, f.incident_id, f.incident_priority, f.autonomy, f.assignment_group,
        coalesce(f.outcome = 'incorrect', false) AS is_incorrect,
        coalesce(f.incident_priority <= 2, false) AS is_high_priority,
        coalesce(f.autonomy = 'autonomous', false) AS is_autonomous
    FROM facts AS f
    LEFT JOIN (SELECT DISTINCT decision_id FROM missed WHERE in_numerator) AS m USING (decision_id)
    LEFT JOIN (SELECT DISTINCT decision_id FROM unanswered WHERE in_numerator) AS u USING (decision_id)
    LEFT JOIN (SELECT DISTINCT decision_id FROM rights WHERE in_numerator) AS r USING (decision_id)
),
worklist AS (SELECT * FROM masked WHERE mask <> 0)
"""  # noqa: S608


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
    """The list computed once (a private temp table), then read for its counts and one page in order."""
    if limit < 0 or offset < 0:
        raise AnswerableError(f"A page needs limit >= 0 and offset >= 0; got {limit=}, {offset=}.")
    if reason is not None and reason not in REASONS:
        raise AnswerableError(f"Unknown reason {reason!r}; choose one of: {', '.join(REASONS)}.")
    sql = f"CREATE OR REPLACE TEMP TABLE {LIST_TABLE} AS {SCOPE_SQL}\n{_broken_sql()}SELECT * FROM worklist"  # noqa: S608
    session.cur.execute(sql, bind(sql, session.params(filters)))
    bit = BITS[reason] if reason else 0
    try:
        sums = ", ".join(f"count(*) FILTER (WHERE mask & {b} <> 0)" for b in BITS.values())
        row = session.cur.execute(f"SELECT count(*), {sums} FROM {LIST_TABLE}").fetchone()  # noqa: S608
        assert row is not None
        counts = {r: int(n) for r, n in zip(REASONS, row[1:], strict=True)}
        total = counts[reason] if reason else int(row[0])
        rows = session.cur.execute(
            "SELECT decision_id, decided_at, ai_system, who_answers, role, mask, outcome, incident_id, "  # noqa: S608
            f"incident_priority, autonomy, assignment_group FROM {LIST_TABLE} "
            f"WHERE ? = 0 OR mask & ? <> 0 ORDER BY {ORDER} LIMIT ? OFFSET ?",
            [bit, bit, int(limit), int(offset)],
        ).fetchall()
    finally:
        session.cur.execute(f"DROP TABLE IF EXISTS {LIST_TABLE}")
    out = [(*r[:5], ", ".join(REASONS[x] for x in reasons_of(int(r[5]))), *r[6:]) for r in rows]
    return Worklist(Table(COLUMNS, out, total), counts)
