"""The rule parameters the metric engine reads (DESIGN §4), declared once with their built-in values.

A maturity model file may override any of them under [defaults]; answerable.maturity validates that
table and builds a Defaults from it. The built-in model's [defaults] are these values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Defaults:
    min_evidence: int = 30  # records; rates below it are insufficient_evidence
    min_evidence_systems: int = 1  # for indicators counted over AI systems
    confidence_threshold: float = 0.7  # when the AI system has none
    escalation_sla_minutes: float = 30  # when the AI system has none
    owner_placeholders: tuple[str, ...] = ("unassigned", "none", "n/a", "null", "-", "?", "unknown", "tbd")
    access_review_days: int = 90
    credential_rotation_days: int = 90
    inventory_review_days: int = 180
    knowledge_review_days: int = 365
    cmdb_verify_days: int = 90
    pir_grace_days: int = 10
