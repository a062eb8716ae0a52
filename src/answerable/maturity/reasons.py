"""Why an indicator is not assessed, written for a leader rather than a schema (DESIGN §6).

"No incidents record has a value in pir_completed_at" becomes "The incident export has no
post-incident review date (pir_completed_at): add it to the export to assess this." The column name
stays, after the words, so an analyst can still find it.
"""

from __future__ import annotations

import re

EXPORTS: dict[str, str] = {
    "incidents": "incident export",
    "ai_decisions": "AI decision log",
    "ai_systems": "AI system inventory",
    "changes": "change export",
    "knowledge_articles": "knowledge base export",
    "cmdb_items": "CMDB export",
}

COLUMN_WORDS: dict[str, str] = {
    "accountable_owner": "accountable owner of each decision",
    "acknowledged_at": "time a human took over",
    "autonomy": "autonomy level of each decision",
    "confidence": "confidence of each decision",
    "decision_type": "decision type",
    "decision_value": "value the AI decided",
    "escalated_at": "escalation time",
    "identity": "identity (service account) the AI acted as",
    "outcome": "outcome of each decision",
    "overridden": "record of overrides",
    "access_scope": "access scope of each AI system",
    "business_owner": "business owner of each AI system",
    "technical_owner": "technical owner of each AI system",
    "escalation_path": "escalation path of each AI system",
    "last_reviewed_at": "date of the last review",
    "assigned_to": "assignee",
    "category": "category",
    "caused_by_change": "change that caused each incident",
    "initial_category": "first category of each incident (an audit log with one row per update gives it)",
    "made_sla": "SLA result",
    "pir_completed_at": "post-incident review date",
    "pir_owner": "post-incident review owner",
    "reassignment_count": "reassignment count",
    "reopen_count": "reopen count",
    "approved": "approval flag",
    "communicated": "communication flag",
    "last_verified_at": "date each CI was last verified",
    "access_reviewed_at": "date of the last access review",
    "credentials_rotated_at": "date the credentials were last rotated",
}

_COLUMN = re.compile(r"\b(" + "|".join(sorted(COLUMN_WORDS, key=len, reverse=True)) + r")\b")
_KIND = re.compile(r"\b(" + "|".join(EXPORTS) + r")\b")
_NOT_LOADED = re.compile(r"The (\w+) dataset is not loaded")


def leader_reason(reason: str | None) -> str:
    """The engine's not-assessed reason in a leader's words (unchanged when no rule applies)."""
    if not reason:
        return ""
    loaded = _NOT_LOADED.search(reason)
    if loaded and loaded.group(1) in EXPORTS:
        kind = loaded.group(1)
        return f"No {EXPORTS[kind]} is loaded ({kind}): load one to assess this."
    column, kind = _COLUMN.search(reason), _KIND.search(reason)
    if column and kind and ("no " in reason.lower() or "not supplied" in reason.lower()):
        name = column.group(1)
        return (f"The {EXPORTS[kind.group(1)]} has no {COLUMN_WORDS[name]} ({name}): add it to the export "
                "to assess this.")
    return reason
