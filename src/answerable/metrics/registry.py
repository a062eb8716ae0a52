"""REGISTRY: every indicator and context metric, one per `sql/<id>.toml` + `sql/<id>.sql` pair.

Accountability indicators (those with a dimension) come first, then context metrics, each kind in
its files' `order` (DESIGN §4 order). Adding an indicator = its two files and its test; nothing here.
"""

from __future__ import annotations

from answerable.metrics.indicator import (
    BREAKDOWNS,
    IGNORED_FILTERS,
    SNAPSHOT_POPULATIONS,
    SQL_DIR,
    Aggregate,
    Direction,
    Indicator,
)
from answerable.metrics.indicator_file import read_all

REGISTRY: dict[str, Indicator] = {ind.id: ind for ind in read_all(SQL_DIR)}
ACCOUNTABILITY_IDS: tuple[str, ...] = tuple(i.id for i in REGISTRY.values() if i.kind == "accountability")
CONTEXT_IDS: tuple[str, ...] = tuple(i.id for i in REGISTRY.values() if i.kind == "context")

__all__ = [
    "ACCOUNTABILITY_IDS", "BREAKDOWNS", "CONTEXT_IDS", "IGNORED_FILTERS", "REGISTRY", "SNAPSHOT_POPULATIONS",
    "SQL_DIR", "Aggregate", "Direction", "Indicator",
]
