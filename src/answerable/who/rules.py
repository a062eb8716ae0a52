"""The rules a chain is judged by, taken from the metric registry: one definition per rule.

Each rule is an indicator's population query (metrics/sql/<id>.sql): a record breaks the rule when it
is in the indicator's numerator (`in_numerator`), holds it when it is in the population but not the
numerator, and the rule does not apply when the record is outside the population. The few facts that
are not an indicator (who answers, takeover before issue 13's indicators land, identity control at
each decision's own time for a whole list) live in sql/*.sql beside this module, each declared once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from answerable.metrics import REGISTRY, Session
from answerable.metrics.session import SCOPE_SQL, bind

SQL_DIR = Path(__file__).resolve().parent / "sql"


def who_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8").strip()


# The registry's human-takeover indicators (DESIGN §4 second edition).
UNANSWERED_ESCALATION = "unanswered_escalation_rate"  # due escalations; numerator: never taken over
TAKEOVER_P90 = "human_takeover_p90_min"  # escalations taken over; measure: takeover minutes


def population_sql(rule: str) -> str:
    """The population query of a rule: the registry indicator's own SQL."""
    return REGISTRY[rule].sql


# A chain judges ONE decision (or incident): the filter scope's `decisions` (or `incidents`) then reads a
# one-row table of it, so every rule's population query is evaluated on that row alone (the same SQL, a
# fraction of the cost: the big table is scanned once, to copy the row).
FOCUS_TABLE = "who_focus_decision"
INCIDENT_FOCUS_TABLE = "who_focus_incident"
Focus = Literal["decision", "incident"]
# kind -> (the scope's one read of the filtered table, the focus table, the base table, its key)
_FOCUS: dict[str, tuple[str, str, str, str]] = {
    "decision": ("FROM m_ai_decisions\n", FOCUS_TABLE, "m_ai_decisions", "decision_id"),
    "incident": ("FROM m_incidents\n", INCIDENT_FOCUS_TABLE, "m_incidents", "incident_id"),
}


def focus(session: Session, record_id: str, kind: Focus = "decision") -> bool:
    """Copy the decision (incident) `record_id` into the session's focus table; False when there is none."""
    _, table, base, key = _FOCUS[kind]
    session.cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {base} WHERE {key} = ?",  # noqa: S608
        [record_id],
    )
    row = session.cur.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return bool(row and row[0])


def focused_query(
    session: Session, body: str, params: dict[str, Any], kind: Focus = "decision"
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """`session.query`, with the scope's decisions (incidents) read from the focus table (see `focus`)."""
    read, table, _, _ = _FOCUS[kind]
    if SCOPE_SQL.count(read) != 1:
        raise AssertionError(f"scope.sql must read the filtered {kind}s once, {read.strip()}")
    sql = SCOPE_SQL.replace(read, f"FROM {table}\n") + "\n" + body
    result = session.cur.execute(sql, bind(sql, params))
    columns = [d[0] for d in result.description] if result.description else []
    return columns, result.fetchall()


@dataclass(frozen=True)
class Probe:
    """Ask one rule about one record: `key` is the population's key column; `extra` columns come too."""

    rule: str
    key: str
    extra: tuple[str, ...] = ()


def probe(
    session: Session,
    params: dict[str, Any],
    probes: Sequence[Probe],
    value: str,
    *,
    focused: Focus | None = None,
) -> dict[str, Any]:
    """One query: for each probe, `<rule>` = True (broken), False (held) or None (not in its population),
    and `<rule>.<extra>` = the first extra column of the record's population row, as text."""
    ctes, selects = [], []
    for i, p in enumerate(probes):
        ctes.append(f"p{i} AS (\n{population_sql(p.rule)}\n)")
        extra = f"CAST({p.extra[0]} AS VARCHAR)" if p.extra else "NULL::VARCHAR"
        selects.append(
            f"SELECT {i} AS probe, in_numerator, {extra} AS extra FROM p{i} "  # noqa: S608
            f"WHERE {p.key} = $probe_key"
        )
    body = ", " + ",\n".join(ctes) + "\n" + "\nUNION ALL ".join(selects)
    args = {**params, "probe_key": value}
    _, rows = focused_query(session, body, args, focused) if focused else session.query(body, args)
    out: dict[str, Any] = {p.rule: None for p in probes}
    for i, in_numerator, extra in rows:
        p = probes[i]
        out[p.rule] = bool(out[p.rule]) or bool(in_numerator)
        if p.extra:
            out[f"{p.rule}.{p.extra[0]}"] = extra
    for p in probes:  # a higher-is-better indicator counts the records that HOLD the rule
        if out[p.rule] is not None and breaks_outside_numerator(p.rule):
            out[p.rule] = not out[p.rule]
    return out


def breaks_outside_numerator(rule: str) -> bool:
    """True for coverage-style indicators (higher is better): a record breaks them when NOT counted."""
    return rule in REGISTRY and REGISTRY[rule].direction == "higher"
