"""REGISTRY: the ordered indicators (DESIGN §4 order), then the context metrics."""

from __future__ import annotations

from answerable.metrics.catalog import ACCOUNTABILITY, CONTEXT
from answerable.metrics.registry import Indicator, build, load_references
from answerable.metrics.settings import read_default_toml

_MODEL = read_default_toml()
_REFERENCES = load_references()

REGISTRY: dict[str, Indicator] = {
    ind.id: ind
    for ind in (
        *build(ACCOUNTABILITY, "accountability", _MODEL, _REFERENCES),
        *build(CONTEXT, "context", _MODEL, _REFERENCES),
    )
}
ACCOUNTABILITY_IDS: tuple[str, ...] = tuple(i.id for i in REGISTRY.values() if i.kind == "accountability")
CONTEXT_IDS: tuple[str, ...] = tuple(i.id for i in REGISTRY.values() if i.kind == "context")
