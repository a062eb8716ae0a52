"""The model defaults the metric engine needs, read from a maturity Model (or the built-in TOML).

The maturity engineer's `answerable.maturity.model.load_model` is the real loader; until it exists
(or when it cannot be imported) the built-in default_model.toml is read directly with tomllib. This
is the one place that knows both shapes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "maturity" / "default_model.toml"


@dataclass(frozen=True)
class Settings:
    min_evidence: int = 30
    min_evidence_systems: int = 1
    confidence_threshold: float = 0.7
    escalation_sla_minutes: float = 30.0
    owner_placeholders: tuple[str, ...] = ("unassigned", "none", "n/a", "null", "-", "?", "unknown", "tbd")
    access_review_days: int = 90
    credential_rotation_days: int = 90
    inventory_review_days: int = 180
    knowledge_review_days: int = 365
    cmdb_verify_days: int = 90
    pir_grace_days: int = 10
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


_DEFAULT_FIELDS = (
    "min_evidence", "min_evidence_systems", "confidence_threshold", "escalation_sla_minutes",
    "access_review_days", "credential_rotation_days", "inventory_review_days", "knowledge_review_days",
    "cmdb_verify_days", "pir_grace_days",
)


def _from_mapping(defaults: dict[str, Any], indicators: dict[str, Any]) -> Settings:
    kwargs: dict[str, Any] = {k: defaults[k] for k in _DEFAULT_FIELDS if k in defaults}
    if "owner_placeholders" in defaults:
        kwargs["owner_placeholders"] = tuple(defaults["owner_placeholders"])
    per = {i: int(v["min_evidence"]) for i, v in indicators.items() if v.get("min_evidence") is not None}
    return Settings(**kwargs, indicator_min_evidence=per)


def _from_model(model: Any) -> Settings:
    d = model.defaults
    defaults = {k: getattr(d, k) for k in (*_DEFAULT_FIELDS, "owner_placeholders") if hasattr(d, k)}
    indicators = {
        i: {"min_evidence": getattr(m, "min_evidence", None)} for i, m in dict(model.indicators).items()
    }
    return _from_mapping(defaults, indicators)


def read_default_toml() -> dict[str, Any]:
    with DEFAULT_MODEL_PATH.open("rb") as fh:
        return tomllib.load(fh)


def default_model() -> Any:
    """The built-in Model via the maturity loader, or None when that loader is not available yet."""
    try:
        from answerable.maturity.model import load_model  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return load_model()


def settings_for(model: Any | None) -> Settings:
    """Settings of a maturity Model (None = the built-in model)."""
    if model is None:
        model = default_model()
    if model is None:
        raw = read_default_toml()
        return _from_mapping(raw.get("defaults", {}), raw.get("indicators", {}))
    return _from_model(model)
