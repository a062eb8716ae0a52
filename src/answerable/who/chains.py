"""The accountability chain of one decision, incident or change (DESIGN §6 page 10, §8 `who`).

Who answers and why, minutes to an accountable human, then each link in order, held or broken with
the registry rule that broke it. Facts come from the metric base tables (the same trimmed,
normalised current data every indicator reads); rules come from the registry (rules.py).
"""

from __future__ import annotations

from typing import Any

import duckdb

from answerable.errors import AnswerableError
from answerable.metrics import Session, settings_for
from answerable.results import Filters
from answerable.store import quote_ident, rows_table
from answerable.who import links as lk
from answerable.who import rules
from answerable.who.model import Answers, Chain, Kind, Link
from answerable.who.rules import Probe, who_sql

NO_FILTER = Filters()  # a chain is the record's whole story: look-ups and the record are never filtered


def chain(con: duckdb.DuckDBPyConnection, record_id: str, model: Any | None = None) -> Chain:
    """The chain of the decision, incident or change whose id is `record_id` (in that order)."""
    with Session(con, settings_for(model)) as session:
        return chain_in(session, record_id)


def chain_in(session: Session, record_id: str) -> Chain:
    key = (record_id or "").strip()
    if not key:
        raise AnswerableError("Give the id of an AI decision, an incident or a change (e.g. AID0000001).")
    params = session.params(NO_FILTER)
    kind = find_kind(session, params, key)
    if kind == "decision":
        return _decision_chain(session, params, key)
    if kind == "incident":
        return _incident_chain(session, params, key)
    if kind == "change":
        return _change_chain(session, params, key)
    raise AnswerableError(
        f"No AI decision, incident or change has the id {key!r} in the current data. Check the id "
        "(ids are matched exactly after trimming) or load the export that holds it."
    )


def find_kind(session: Session, params: dict[str, Any], key: str) -> Kind | None:
    """The kind of record `key` names; a decision or an incident is also put in focus (rules.focus)."""
    if rules.focus(session, key):
        return "decision"
    if rules.focus(session, key, "incident"):
        return "incident"
    _, rows = session.query("SELECT 1 FROM all_changes WHERE change_id = $probe_key LIMIT 1",
                            {**params, "probe_key": key})
    return "change" if rows else None


def _one(session: Session, params: dict[str, Any], body: str, key: str) -> dict[str, Any] | None:
    columns, rows = session.query(body, {**params, "probe_key": key})
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def decision_facts(session: Session, params: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The facts of the decision in focus (rules.focus)."""
    body = f", facts AS (\n{who_sql('decision_facts')}\n)\nSELECT * FROM facts WHERE decision_id = $probe_key"
    columns, rows = rules.focused_query(session, body, {**params, "probe_key": key})
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def incident_facts(session: Session, params: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The facts of the incident `key`, put in focus (rules.focus): the one scan of the incidents."""
    if not rules.focus(session, key, "incident"):
        return None
    return focused_incident_facts(session, params)


def focused_incident_facts(session: Session, params: dict[str, Any]) -> dict[str, Any] | None:
    """The facts of the incident in focus, read from its one-row focus table (no filter applies)."""
    # the review date as evidence at the as-of date (a later date is none: scope.sql pir_evidence)
    body = (
        "SELECT i.*, e.pir_completed_at FROM incidents AS i LEFT JOIN pir_evidence AS e USING (incident_id)"
    )
    columns, rows = rules.focused_query(session, body, params, "incident")
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def change_facts(session: Session, params: dict[str, Any], key: str) -> dict[str, Any] | None:
    return _one(session, params, "SELECT * FROM all_changes WHERE change_id = $probe_key", key)


def change_cis(session: Session, change_id: str) -> tuple[str, ...]:
    """Every distinct CI a change names: its rows' CI and, for a change export with one row per change
    and CI, every linked CI (current batches only)."""
    rows = session.cur.execute(
        f"SELECT trim(cmdb_ci) AS ci FROM {rows_table('changes')} "  # noqa: S608
        f"WHERE trim(change_id) = ? AND nullif(trim(cmdb_ci), '') IS NOT NULL "
        f"AND {quote_ident('_batch_id')} IN "
        "(SELECT batch_id FROM batches WHERE kind = 'changes' AND retracted_at IS NULL) "
        # the links of a change export with one row per change and CI (DESIGN §3): all of them
        "UNION SELECT cmdb_ci FROM current_change_cis WHERE trim(change_id) = ? ORDER BY 1",
        [change_id, change_id],
    ).fetchall()
    return tuple(r[0] for r in rows)


# -- decision -----------------------------------------------------------------------------------------


def decision_probes() -> tuple[Probe, ...]:
    return (
        Probe("autonomy_defined_rate", "decision_id"),
        Probe("decision_rights_violation_rate", "decision_id", ("violations",)),
        Probe("unowned_decision_rate", "decision_id"),
        Probe("shadow_ai_rate", "decision_id"),
        Probe("low_confidence_review_rate", "decision_id"),
        Probe("late_escalation_rate", "decision_id"),
        Probe(rules.UNANSWERED_ESCALATION, "decision_id"),
        Probe("missed_escalation_rate", "decision_id"),
    )


def _decision_chain(session: Session, params: dict[str, Any], key: str) -> Chain:
    d = decision_facts(session, params, key)
    assert d is not None
    flags = rules.probe(session, params, decision_probes(), key, focused="decision")
    flags["ai_system_owner_coverage"] = None
    if d["ai_system"]:
        flags.update(
            rules.probe(session, params, (Probe("ai_system_owner_coverage", "ai_system"),), d["ai_system"])
        )
    # identity control judged at the decision's own time: the indicator's rule with as_of = decided_at
    at_decision = session.params(NO_FILTER, as_of=d["decided_at"]) if d["decided_at"] else params
    ident = rules.probe(
        session,
        at_decision,
        (Probe("uncontrolled_identity_decision_rate", "decision_id", ("problem",)),),
        key,
        focused="decision",
    )
    links = [
        lk.decision_link(d, flags),
        lk.owner_link(d, flags),
        lk.system_link(d, flags),
        lk.identity_link(d, ident),
        lk.review_link(d, flags),
        lk.escalation_link(d, flags),
    ]
    if d["is_escalated"]:
        links.append(lk.takeover_link(d, flags))
    links.append(lk.outcome_link(d, flags))
    batches = {int(d["_batch_id"])} | (
        {int(d["system_batch_id"])} if d["system_batch_id"] is not None else set()
    )
    if d["incident_id"]:
        links += _incident_links(session, params, d["incident_id"], batches)
    answers = Answers(d["answer_name"], d["answer_role"], d["answer_source"])
    return Chain("decision", key, answers, d["minutes_to_human"], tuple(links), tuple(sorted(batches)))


# -- incident and change --------------------------------------------------------------------------------

INCIDENT_PROBES = (
    Probe("unowned_incident_rate", "incident_id"),
    Probe("unannounced_change_incident_rate", "incident_id"),
    Probe("pir_coverage", "incident_id"),
)


def incident_answers(i: dict[str, Any]) -> Answers:
    if i["assignee_present"]:
        return Answers(i["assigned_to"], "assignee of the incident", "incidents.assigned_to")
    if i["assignment_group"]:
        return Answers(
            i["assignment_group"], "assignment group of the incident", "incidents.assignment_group"
        )
    return Answers(None, "nobody", None)


def _incident_links(
    session: Session,
    params: dict[str, Any],
    incident_id: str,
    batches: set[int],
    facts: dict[str, Any] | None = None,
) -> list[Link]:
    """The incident's links; `facts` = its facts when the incident is already in focus."""
    i = facts if facts is not None else incident_facts(session, params, incident_id)
    if i is None:
        return [Link("incident", None, None, True, None, (("incident_id", incident_id), ("loaded", False)))]
    batches.add(int(i["_batch_id"]))
    # every incident rule judged on the focus table's one row (the incident is in focus)
    f = rules.probe(session, params, INCIDENT_PROBES, incident_id, focused="incident")
    held, rule = lk.rule_result(f["unowned_incident_rate"], "unowned_incident_rate")
    links = [
        Link(
            "incident",
            incident_answers(i).name,
            i["opened_at"],
            held,
            rule,
            (
                ("incident_id", incident_id),
                ("assigned_to", i["assigned_to"]),
                ("assignment_group", i["assignment_group"]),
                ("priority", i["priority"]),
                ("state", i["state"]),
                ("resolved_at", i["resolved_ts"]),
            ),
        )
    ]
    if i["caused_by_change"]:
        links.append(_change_link(session, params, i["caused_by_change"], f, batches))
    if i["is_major"]:
        held, rule = lk.rule_result(f["pir_coverage"], "pir_coverage")
        links.append(
            Link(
                "post-incident review",
                i["pir_owner"] if i["pir_owner_present"] else None,
                i["pir_completed_at"],
                held,
                rule,
                (
                    ("major", True),
                    ("pir_owner", i["pir_owner"]),
                    ("completed_at", i["pir_completed_at"]),
                    ("due", f["pir_coverage"] is not None),
                ),
            )
        )
    return links


def _change_link(
    session: Session, params: dict[str, Any], change_id: str, f: dict[str, Any] | None, batches: set[int]
) -> Link:
    c = change_facts(session, params, change_id)
    if c is not None:
        batches.add(int(c["_batch_id"]))
    if f is not None:  # judged for the incident it caused (the indicator counts incidents)
        held, rule = lk.rule_result(f["unannounced_change_incident_rate"], "unannounced_change_incident_rate")
    else:
        held = c is not None and bool(c["approved"]) and bool(c["communicated"])
        rule = None if held else "unannounced_change_incident_rate"
    if c is None:
        return Link("causing change", None, None, held, rule, (("change_id", change_id), ("loaded", False)))
    facts = (
        ("change_id", change_id),
        ("owner", c["owner"]),
        ("approved", c["approved"]),
        ("communicated", c["communicated"]),
        ("cis", ", ".join(change_cis(session, change_id)) or None),
    )
    return Link("causing change", change_answers(session, c).name, c["implemented_at"], held, rule, facts)


def change_answers(session: Session, c: dict[str, Any]) -> Answers:
    placeholders = session.settings.params()["placeholders"]
    owner = c["owner"]
    if owner and owner.strip().lower() not in placeholders:
        return Answers(owner, "owner of the change", "changes.owner")
    return Answers(None, "nobody", None)


def _incident_chain(session: Session, params: dict[str, Any], key: str) -> Chain:
    i = focused_incident_facts(session, params)  # find_kind put it in focus
    assert i is not None
    batches: set[int] = set()
    links = _incident_links(session, params, key, batches, i)
    minutes = lk.minutes(i["opened_at"], i["acknowledged_at"])
    return Chain(
        "incident",
        key,
        incident_answers(i),
        minutes if minutes is not None and minutes >= 0 else None,
        tuple(links),
        tuple(sorted(batches)),
    )


def _change_chain(session: Session, params: dict[str, Any], key: str) -> Chain:
    c = change_facts(session, params, key)
    assert c is not None
    batches: set[int] = set()
    link = _change_link(session, params, key, None, batches)
    links = [link]
    columns, rows = session.query(
        f", unowned AS (\n{rules.population_sql('unowned_incident_rate')}\n)\n"
        "SELECT i.*, u.in_numerator AS unowned FROM all_incidents AS i "
        "LEFT JOIN unowned AS u ON u.incident_id = i.incident_id "
        "WHERE i.caused_by_change = $probe_key ORDER BY i.opened_at, i.incident_id",
        {**params, "probe_key": key},
    )
    for row in rows:
        i = dict(zip(columns, row, strict=True))
        batches.add(int(i["_batch_id"]))
        held, rule = lk.rule_result(i["unowned"], "unowned_incident_rate")
        links.append(
            Link(
                "caused incident",
                incident_answers(i).name,
                i["opened_at"],
                held,
                rule,
                (
                    ("incident_id", i["incident_id"]),
                    ("assigned_to", i["assigned_to"]),
                    ("assignment_group", i["assignment_group"]),
                    ("priority", i["priority"]),
                ),
            )
        )
    return Chain("change", key, change_answers(session, c), None, tuple(links), tuple(sorted(batches)))
