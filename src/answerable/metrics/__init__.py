"""The metric registry and engine (DESIGN §4): one declared indicator, one SQL file, every view.

`compute`, `records`, `trends` and `breakdown` each open a Session (the current data materialised
once). A page that needs several of them can open one `Session(con, settings_for(model))` and call
the `*_in` variants on it, paying the materialisation once.
"""

from answerable.metrics.engine import (
    BreakdownRow,
    RecordsPage,
    TrendPoint,
    as_of,
    breakdown,
    breakdown_in,
    compute,
    compute_in,
    records,
    records_in,
    trends,
    trends_in,
)
from answerable.metrics.registry import ACCOUNTABILITY_IDS, CONTEXT_IDS, REGISTRY, Indicator
from answerable.metrics.session import Session
from answerable.metrics.settings import settings_for

__all__ = [
    "ACCOUNTABILITY_IDS", "CONTEXT_IDS", "REGISTRY", "BreakdownRow", "Indicator", "RecordsPage", "Session",
    "TrendPoint", "as_of", "breakdown", "breakdown_in", "compute", "compute_in", "records", "records_in",
    "settings_for", "trends", "trends_in",
]
