"""The settings the metric engine runs with: the rule defaults plus per-indicator minimum evidence,
and the named SQL parameters derived from them.

A maturity Model (answerable.maturity) carries these; the engine only needs its `defaults` and each
indicator's `min_evidence`, so it accepts anything shaped like that (`ModelSettings`) and never
imports the maturity layer, which sits above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from answerable.metrics.defaults import Defaults
from answerable.metrics.registry import REGISTRY
from answerable.text import strip_text


class HasMinEvidence(Protocol):
    @property
    def min_evidence(self) -> int | None: ...


class ModelSettings(Protocol):
    """What the engine reads of a maturity Model."""

    @property
    def defaults(self) -> Defaults: ...

    @property
    def indicators(self) -> Mapping[str, HasMinEvidence]: ...


@dataclass(frozen=True)
class Settings(Defaults):
    indicator_min_evidence: dict[str, int] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        """Named SQL parameters ($name) the base tables and indicator files may use."""
        return {
            "placeholders": [strip_text(p).lower() for p in self.owner_placeholders],
            "confidence_threshold": float(self.confidence_threshold),
            "escalation_sla_minutes": float(self.escalation_sla_minutes),
            "access_review_days": int(self.access_review_days),
            "credential_rotation_days": int(self.credential_rotation_days),
            "inventory_review_days": int(self.inventory_review_days),
            "knowledge_review_days": int(self.knowledge_review_days),
            "cmdb_verify_days": int(self.cmdb_verify_days),
            "pir_grace_days": int(self.pir_grace_days),
        }

    def min_evidence_for(self, indicator_id: str, basis: str) -> int:
        if indicator_id in self.indicator_min_evidence:
            return self.indicator_min_evidence[indicator_id]
        return self.min_evidence_systems if basis == "systems" else self.min_evidence


def settings_for(model: ModelSettings | None) -> Settings:
    """Settings of a maturity Model; None = the built-in model (these defaults, the indicator files)."""
    if model is None:
        builtin = {i.id: i.min_evidence for i in REGISTRY.values() if i.min_evidence is not None}
        return Settings(indicator_min_evidence=builtin)
    defaults = {f.name: getattr(model.defaults, f.name) for f in fields(Defaults)}
    per = {i: int(m.min_evidence) for i, m in model.indicators.items() if m.min_evidence is not None}
    return Settings(**defaults, indicator_min_evidence=per)
