"""The blast radius of a change (DESIGN §6 page 10): the incidents it caused, the AI decisions on
them, the identities those decisions acted as, and who answers for each. Never filtered: a change's
consequences are its whole story."""

from __future__ import annotations

from typing import Any

import duckdb

from answerable.errors import AnswerableError
from answerable.metrics import Session, settings_for
from answerable.who import chains, rules
from answerable.who.model import BlastRadius, Table
from answerable.who.rules import who_sql

INCIDENT_COLUMNS = (
    "incident_id",
    "opened_at",
    "priority",
    "assignment_group",
    "who_answers",
    "role",
    "ai_decisions",
    "resolved_at",
)
DECISION_COLUMNS = (
    "decision_id",
    "decided_at",
    "incident_id",
    "ai_system",
    "identity",
    "decision_value",
    "outcome",
    "escalated_to",
    "taken_over",
    "who_answers",
    "role",
    "identity_controlled",
    "escalation_late",
)
IDENTITY_COLUMNS = ("identity", "ai_systems", "ai_decisions", "uncontrolled_at_decision_time")


def _decisions_sql() -> str:
    return f""",
caused AS (SELECT incident_id FROM all_incidents WHERE caused_by_change = $probe_key),
facts AS (
{who_sql("decision_facts")}
),
late AS (
{rules.population_sql("late_escalation_rate")}
)
SELECT f.decision_id, f.decided_at, f.incident_id, f.ai_system, f.identity, f.decision_value, f.outcome,
       f.escalated_to, f.acknowledged_at IS NOT NULL AS taken_over, f.answer_name, f.answer_role,
       NOT f.identity_uncontrolled_at_decision AS identity_controlled,
       coalesce(l.in_numerator, false) AS escalation_late
FROM facts AS f
JOIN caused AS c ON c.incident_id = f.incident_id
LEFT JOIN late AS l ON l.decision_id = f.decision_id
ORDER BY f.decided_at, f.decision_id
"""  # noqa: S608


def changes_with_incidents(con: duckdb.DuckDBPyConnection, model: Any | None = None) -> list[tuple[str, int]]:
    """(change id, incidents naming it as caused_by_change), most incidents first (the UI's picker)."""
    with Session(con, settings_for(model)) as session:
        params = session.params(chains.NO_FILTER)
        _, rows = session.query(
            "SELECT caused_by_change, count(*) AS n FROM all_incidents WHERE caused_by_change IS NOT NULL "
            "GROUP BY 1 ORDER BY n DESC, 1 LIMIT 500",
            params,
        )
    return [(str(c), int(n)) for c, n in rows]


def blast_radius(con: duckdb.DuckDBPyConnection, change_id: str, model: Any | None = None) -> BlastRadius:
    with Session(con, settings_for(model)) as session:
        return blast_radius_in(session, change_id)


def blast_radius_in(session: Session, change_id: str) -> BlastRadius:
    key = (change_id or "").strip()
    params = session.params(chains.NO_FILTER)
    if chains.change_facts(session, params, key) is None:
        raise AnswerableError(
            f"No change has the id {key!r} in the current data: load the change export "
            "that holds it, or check the id."
        )
    change = chains.chain_in(session, key)
    p = {**params, "probe_key": key}
    columns, rows = session.query(
        "SELECT i.*, e.pir_completed_at FROM all_incidents AS i "
        "LEFT JOIN pir_evidence AS e USING (incident_id) WHERE i.caused_by_change = $probe_key "
        "ORDER BY i.opened_at, i.incident_id",
        p,
    )
    incidents = [dict(zip(columns, r, strict=True)) for r in rows]
    decisions = session.query(_decisions_sql(), p)[1]
    per_incident: dict[str, int] = {}
    for d in decisions:
        per_incident[d[2]] = per_incident.get(d[2], 0) + 1
    incident_rows = []
    for i in incidents:
        who = chains.incident_answers(i)
        incident_rows.append(
            (
                i["incident_id"],
                i["opened_at"],
                i["priority"],
                i["assignment_group"],
                who.name,
                who.role,
                per_incident.get(i["incident_id"], 0),
                i["resolved_ts"],
            )
        )
    identities: dict[str | None, list[Any]] = {}
    for d in decisions:
        entry = identities.setdefault(d[4], [set(), 0, 0])
        entry[0].add(d[3])
        entry[1] += 1
        entry[2] += 0 if d[11] else 1
    identity_rows = [
        (ident, ", ".join(sorted(s)), n, bad)
        for ident, (s, n, bad) in sorted(identities.items(), key=lambda kv: (-kv[1][1], kv[0] or ""))
    ]
    summary = _summary(change, incident_rows, decisions, identity_rows) + _reviews(session, params, incidents)
    return BlastRadius(
        key,
        change,
        Table(INCIDENT_COLUMNS, incident_rows, len(incident_rows)),
        Table(DECISION_COLUMNS, [tuple(d) for d in decisions], len(decisions)),
        Table(IDENTITY_COLUMNS, identity_rows, len(identity_rows)),
        summary,
    )


def _summary(
    change: Any,
    incidents: list[tuple[Any, ...]],
    decisions: list[tuple[Any, ...]],
    identities: list[tuple[Any, ...]],
) -> tuple[str, ...]:
    link = change.links[0]
    owner = change.answers.name or "nobody"
    approved = "approved" if link.fact("approved") else "not approved"
    communicated = "announced" if link.fact("communicated") else "not announced"
    when = link.at.strftime("%Y-%m-%d %H:%M") if link.at else "an unknown time"
    cis = link.fact("cis") or "no CI"
    out = [
        f"{change.id} ({owner} answers for it; {approved}, {communicated}) was implemented {when} on {cis}."
    ]
    if not incidents:
        out.append("No loaded incident names it as caused_by_change.")
        return tuple(out)
    teams = sorted({str(i[3]) for i in incidents if i[3]})
    opened = [i[1] for i in incidents if i[1] is not None]
    span = f", opened {min(opened):%Y-%m-%d %H:%M} to {max(opened):%H:%M}" if opened else ""
    if opened and min(opened).date() != max(opened).date():
        span = f", opened {min(opened):%Y-%m-%d %H:%M} to {max(opened):%Y-%m-%d %H:%M}"
    out.append(
        f"It caused {_n(len(incidents), 'incident')} across {_n(len(teams), 'team')} "
        f"({', '.join(teams)}){span}."
    )
    unowned = sum(1 for i in incidents if i[5] != "assignee of the incident")
    if unowned:
        out.append(f"{unowned:,} of them have no owner-present assignee (the assignment group answers).")
    if decisions:
        systems = sorted({str(d[3]) for d in decisions})
        incorrect = sum(1 for d in decisions if d[6] == "incorrect")
        nobody = sum(1 for d in decisions if d[9] is None)
        escalated = [d for d in decisions if d[7]]
        taken = sum(1 for d in escalated if d[8])
        uncontrolled = sum(int(r[3]) for r in identities)
        out.append(
            f"{len(decisions):,} AI decisions by {', '.join(systems)} acted on them: "
            f"{incorrect:,} incorrect, "
            f"{len(escalated):,} escalated ({taken:,} taken over by a human), nobody answers for {nobody:,}."
        )
        names = ", ".join(str(r[0] or "(no identity)") for r in identities)
        out += _per_system(decisions)
        out.append(
            f"They acted as {len(identities)} identit{'y' if len(identities) == 1 else 'ies'} ({names}); "
            f"{uncontrolled:,} decisions ran under an identity uncontrolled at the decision's time."
        )
    else:
        out.append("No AI decision acted on those incidents.")
    return tuple(out)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _per_system(decisions: list[tuple[Any, ...]]) -> list[str]:
    """One sentence per AI system that was wrong or escalated on the change's incidents."""
    out = []
    for system in sorted({str(d[3]) for d in decisions}):
        mine = [d for d in decisions if d[3] == system]
        incorrect = sum(1 for d in mine if d[6] == "incorrect")
        escalated = [d for d in mine if d[7]]
        if not incorrect and not escalated:
            continue
        values = sorted({str(d[5]) for d in mine if d[5]})
        tried = f" tried {values[0]!r}" if len(values) == 1 else ""
        targets = sorted({str(d[7]) for d in escalated})
        text = f"{system}{tried} on {len({d[2] for d in mine}):,} of them: {incorrect:,} incorrect"
        if escalated:
            late = sum(1 for d in escalated if d[12])
            taken = sum(1 for d in escalated if d[8])
            text += (
                f", {len(escalated):,} escalated to {', '.join(targets)} ({late:,} later than the SLA, "
                f"{taken:,} taken over by a human)"
            )
        uncontrolled = sum(1 for d in mine if not d[11])
        if uncontrolled:
            text += f"; {uncontrolled:,} under an identity uncontrolled at the decision's time"
        out.append(text + ".")
    return out


def _reviews(session: Session, params: dict[str, Any], incidents: list[dict[str, Any]]) -> tuple[str, ...]:
    """The post-incident reviews of the change's major incidents (who wrote them, when), or their absence."""
    out = []
    for i in incidents:
        if not i["is_major"]:
            continue
        if i["pir_completed_at"] is not None and i["pir_owner_present"]:
            out.append(
                f"{i['incident_id']} (P{i['priority']}, major) has a post-incident review by "
                f"{i['pir_owner']}, completed {i['pir_completed_at']:%Y-%m-%d}."
            )
        else:
            out.append(
                f"{i['incident_id']} (P{i['priority']}, major) has no completed post-incident review "
                "with an owner."
            )
    return tuple(out)
