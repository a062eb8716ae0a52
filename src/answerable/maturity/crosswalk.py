"""The framework crosswalk: which published clauses each indicator evidences.

Clauses are declared once, in crosswalk.toml, under [clauses.<key>] with framework, clause id and
title as published (docs/crosswalk.md says how each was verified); each indicator file lists the
clause keys it evidences (`clauses = [...]` in metrics/sql/<id>.toml).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from answerable.errors import ModelError
from answerable.metrics import REGISTRY

CROSSWALK_NAME = "crosswalk.toml"


@dataclass(frozen=True)
class Reference:
    framework: str  # e.g. "NIST AI RMF 1.0"
    clause: str  # e.g. "GOVERN 1.6"
    title: str  # the published title or statement of that clause


def parse_clauses(data: dict[str, object]) -> dict[str, Reference]:
    """Clause key -> Reference, from the [clauses.<key>] tables of crosswalk.toml."""
    clauses_raw = data.get("clauses")
    if not isinstance(clauses_raw, dict):
        raise ModelError(f"{CROSSWALK_NAME}: expected tables [clauses.<key>].")
    clauses: dict[str, Reference] = {}
    for key, spec in clauses_raw.items():
        if not isinstance(spec, dict) or not all(
            isinstance(spec.get(f), str) and spec.get(f) for f in ("framework", "clause", "title")
        ):
            raise ModelError(f"clauses.{key}: expected framework, clause and title as non-empty texts.")
        clauses[key] = Reference(spec["framework"], spec["clause"], spec["title"])
    return clauses


def link(
    clauses: dict[str, Reference], cited: dict[str, tuple[str, ...]]
) -> dict[str, tuple[Reference, ...]]:
    """Indicator id -> its References, from the clause keys each indicator file cites."""
    out: dict[str, tuple[Reference, ...]] = {}
    for ind_id, keys in cited.items():
        missing = [k for k in keys if k not in clauses]
        if missing:
            raise ModelError(
                f"{ind_id}.toml: clauses: {missing[0]!r} is not declared in {CROSSWALK_NAME}; add "
                f"[clauses.{missing[0]!r}] with its framework, clause and title, or fix the key."
            )
        if keys:
            out[ind_id] = tuple(clauses[k] for k in keys)
    return out


@cache
def _builtin() -> dict[str, tuple[Reference, ...]]:
    text = resources.files("answerable.maturity").joinpath(CROSSWALK_NAME).read_text(encoding="utf-8")
    return link(parse_clauses(tomllib.loads(text)), {i.id: i.references for i in REGISTRY.values()})


def crosswalk() -> dict[str, tuple[Reference, ...]]:
    """indicator id -> the framework clauses it evidences (a fresh dict; the tuples are immutable)."""
    return dict(_builtin())
