"""The framework crosswalk: which published clauses each indicator evidences (data in crosswalk.toml).

Clauses are declared once under [clauses.<key>] with framework, clause id and title as published;
[indicators] lists clause keys per indicator. See docs/crosswalk.md for how each was verified.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from answerable.errors import ModelError

CROSSWALK_NAME = "crosswalk.toml"


@dataclass(frozen=True)
class Reference:
    framework: str  # e.g. "NIST AI RMF 1.0"
    clause: str  # e.g. "GOVERN 1.6"
    title: str  # the published title or statement of that clause


def parse_crosswalk(data: dict[str, object]) -> dict[str, tuple[Reference, ...]]:
    clauses_raw = data.get("clauses")
    mapping = data.get("indicators")
    if not isinstance(clauses_raw, dict) or not isinstance(mapping, dict):
        raise ModelError(f"{CROSSWALK_NAME}: expected tables [clauses.<key>] and [indicators].")
    clauses: dict[str, Reference] = {}
    for key, spec in clauses_raw.items():
        if not isinstance(spec, dict) or not all(
            isinstance(spec.get(f), str) and spec.get(f) for f in ("framework", "clause", "title")
        ):
            raise ModelError(f"clauses.{key}: expected framework, clause and title as non-empty texts.")
        clauses[key] = Reference(spec["framework"], spec["clause"], spec["title"])
    out: dict[str, tuple[Reference, ...]] = {}
    for ind_id, keys in mapping.items():
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ModelError(f"indicators.{ind_id}: expected a list of clause keys, found {keys!r}.")
        missing = [k for k in keys if k not in clauses]
        if missing:
            raise ModelError(f"indicators.{ind_id}: no [clauses.{missing[0]}] declares {missing[0]!r}.")
        out[ind_id] = tuple(clauses[k] for k in keys)
    return out


@cache
def _builtin() -> dict[str, tuple[Reference, ...]]:
    text = resources.files("answerable.maturity").joinpath(CROSSWALK_NAME).read_text(encoding="utf-8")
    return parse_crosswalk(tomllib.loads(text))


def crosswalk() -> dict[str, tuple[Reference, ...]]:
    """indicator id -> the framework clauses it evidences (a fresh dict; the tuples are immutable)."""
    return dict(_builtin())
