"""The model settings the metric engine needs: the maturity model's defaults plus per-indicator
minimum evidence, and the named SQL parameters derived from them.

The defaults themselves are declared once, in `answerable.maturity.model.Defaults`; `Settings` extends
them. The built-in default_model.toml is also read directly (`read_default_toml`) for the registry's
bands, which does not need a validated Model.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from answerable.maturity.model import Defaults, load_model

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "maturity" / "default_model.toml"


@dataclass(frozen=True)
class Settings(Defaults):
    indicator_min_evidence: dict[str, int] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        """Named SQL parameters ($name) the base tables and indicator files may use."""
        return {
            "placeholders": [p.strip().lower() for p in self.owner_placeholders],
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


def _from_model(model: Any) -> Settings:
    defaults = {f.name: getattr(model.defaults, f.name) for f in fields(Defaults)}
    per = {i: int(m.min_evidence) for i, m in dict(model.indicators).items() if m.min_evidence is not None}
    return Settings(**defaults, indicator_min_evidence=per)


def read_default_toml() -> dict[str, Any]:
    with DEFAULT_MODEL_PATH.open("rb") as fh:
        return tomllib.load(fh)


def settings_for(model: Any | None) -> Settings:
    """Settings of a maturity Model (None = the built-in model)."""
    return _from_model(model if model is not None else load_model())
