"""Shared value types: the filters every metric takes and the results the core hands out.

Results are frozen dataclasses whose fields follow the JSON contract (DESIGN §8).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["ok", "insufficient_evidence", "not_assessed"]


@dataclass(frozen=True)
class Filters:
    """DESIGN §4 filters. Period: `date_from` inclusive, `date_to` exclusive; None means unbounded."""

    date_from: date | None = None
    date_to: date | None = None
    ai_system: str | None = None
    assignment_group: str | None = None

    def key(self) -> tuple[str, str, str, str]:
        """Hashable, stable cache key."""
        return (
            self.date_from.isoformat() if self.date_from else "",
            self.date_to.isoformat() if self.date_to else "",
            self.ai_system or "",
            self.assignment_group or "",
        )


@dataclass(frozen=True)
class MetricResult:
    id: str
    title: str
    status: Status
    value: float | None
    numerator: float | None
    denominator: float | None
    level: int | None
    score: float | None
    unit: str  # "%", "min", "days", "count", ...
    reason: str | None = None  # why not assessed / insufficient evidence
    kind: Literal["accountability", "context"] = "accountability"
    batches: tuple[int, ...] = ()  # batch ids of the current data the metric read
    extra: dict[str, Any] = field(default_factory=dict)  # side figures shown beside the value

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["batches"] = list(self.batches)
        return d


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    status: Status
    value: float | None
    level: int | None
    score: float | None


@dataclass(frozen=True)
class DimensionScore:
    id: str
    title: str
    level: int | None  # None when not assessed
    score: float | None
    indicators: tuple[IndicatorScore, ...]
    next_level_gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverallScore:
    level: int | None
    index: float | None
    provisional: bool
    fully_embedded: bool = False


@dataclass(frozen=True)
class Score:
    overall: OverallScore
    dimensions: tuple[DimensionScore, ...]
    metrics: tuple[MetricResult, ...]
    model_version: str
    as_of: str | None  # ISO timestamp used for "reviewed <= N days" rules
