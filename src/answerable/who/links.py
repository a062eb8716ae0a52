"""The decision links of a chain (DESIGN §6 page 10), in order: the decision, its accountable owner, the
AI system, the identity, the review or override, the escalation, the human takeover and the outcome.
Each is held or broken with the registry rule that broke it (`flags` from rules.probe)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from answerable.who import rules
from answerable.who.model import Link


def rule_result(broken: bool | None, rule: str) -> tuple[bool, str | None]:
    """(held, the rule that broke it or None)."""
    return (False, rule) if broken else (True, None)


def minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60.0


def decision_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held: bool
    rule: str | None
    if f["autonomy_defined_rate"]:
        held, rule = False, "autonomy_defined_rate"
    else:
        held, rule = rule_result(f["decision_rights_violation_rate"], "decision_rights_violation_rate")
    facts = (
        ("type", d["decision_type"]),
        ("value", d["decision_value"]),
        ("confidence", d["confidence"]),
        ("threshold", d["confidence_threshold"]),
        ("low_confidence", d["is_low_confidence"]),
        ("autonomy_used", d["autonomy"]),
        ("autonomy_allowed", d["system_max_autonomy"]),
        ("violations", f.get("decision_rights_violation_rate.violations") or None),
    )
    return Link("decision", d["ai_system"], d["decided_at"], held, rule, facts)


def owner_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held, rule = rule_result(f["unowned_decision_rate"], "unowned_decision_rate")
    return Link(
        "accountable owner",
        d["accountable_owner"] if d["owner_present"] else None,
        d["decided_at"],
        held,
        rule,
        (("accountable_owner", d["accountable_owner"]), ("owner_present", d["owner_present"])),
    )


def system_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held: bool
    rule: str | None
    if f["shadow_ai_rate"]:
        held, rule = False, "shadow_ai_rate"
    else:
        held, rule = rule_result(f["ai_system_owner_coverage"], "ai_system_owner_coverage")
    facts = (
        ("ai_system", d["ai_system"]),
        ("in_inventory", d["in_inventory"]),
        ("status", d["system_status"]),
        ("business_owner", d["business_owner"]),
        ("technical_owner", d["technical_owner"]),
        ("escalation_path", d["escalation_path"]),
    )
    return Link("ai system", d["business_owner"], None, held, rule, facts)


def identity_link(d: dict[str, Any], ident: dict[str, Any]) -> Link:
    broken = ident["uncontrolled_identity_decision_rate"]
    held, rule = rule_result(broken, "uncontrolled_identity_decision_rate")
    facts = (
        ("identity", d["identity"]),
        ("controlled_at_decision", None if broken is None else not broken),
        ("problem", ident.get("uncontrolled_identity_decision_rate.problem")),
        ("system_identity", d["system_identity"]),
        ("access_scope", d["system_access_scope"]),
    )
    return Link("identity", d["identity"], d["decided_at"], held, rule, facts)


def review_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held, rule = rule_result(f["low_confidence_review_rate"], "low_confidence_review_rate")
    facts = (
        ("reviewed", d["is_reviewed"]),
        ("reviewed_by", d["reviewed_by"]),
        ("overridden", d["is_overridden"]),
        ("override_reason", d["override_reason"]),
        ("low_confidence", d["is_low_confidence"]),
    )
    return Link("review or override", d["reviewed_by"], d["reviewed_at"], held, rule, facts)


def escalation_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held, rule = rule_result(f["late_escalation_rate"], "late_escalation_rate")
    facts = (
        ("escalated", d["is_escalated"]),
        ("escalated_to", d["escalated_to"]),
        ("latency_min", d["latency_min"]),
        ("sla_minutes", d["sla_minutes"]),
    )
    return Link("escalation", d["escalated_to"], d["escalated_at"], held, rule, facts)


def takeover_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held, rule = rule_result(f[rules.UNANSWERED_ESCALATION], rules.UNANSWERED_ESCALATION)
    taken = d["acknowledged_at"] is not None
    took = minutes(d["decided_at"], d["acknowledged_at"])
    facts = (
        ("taken_over", taken),
        ("minutes", took if took is not None and took >= 0 else None),
        ("due", f[rules.UNANSWERED_ESCALATION] is not None),  # in the indicator's population = due
        ("sla_minutes", d["sla_minutes"]),
    )
    return Link(
        "human takeover", d["escalated_to"] if taken else None, d["acknowledged_at"], held, rule, facts
    )


def outcome_link(d: dict[str, Any], f: dict[str, Any]) -> Link:
    held, rule = rule_result(f["missed_escalation_rate"], "missed_escalation_rate")
    caught = bool(d["is_escalated"] or d["is_overridden"] or d["is_reviewed"])
    return Link("outcome", None, None, held, rule, (("outcome", d["outcome"]), ("caught", caught)))
