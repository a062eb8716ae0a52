"""The metric registry and engine (DESIGN §4): one declared indicator, one SQL file, every view."""

from answerable.metrics.catalog_index import ACCOUNTABILITY_IDS, CONTEXT_IDS, REGISTRY
from answerable.metrics.engine import (
    BreakdownRow,
    RecordsPage,
    TrendPoint,
    as_of,
    breakdown,
    compute,
    compute_in,
    records,
    trends,
)
from answerable.metrics.registry import Indicator
from answerable.metrics.session import Session

__all__ = [
    "ACCOUNTABILITY_IDS", "CONTEXT_IDS", "REGISTRY", "BreakdownRow", "Indicator", "RecordsPage", "Session",
    "TrendPoint", "as_of", "breakdown", "compute", "compute_in", "records", "trends",
]
