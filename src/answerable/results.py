"""Shared value types: the filters every metric takes and the results the core hands out.

Results are frozen dataclasses whose fields follow the JSON contract (DESIGN §8).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["ok", "insufficient_evidence", "not_assessed"]
Scope = Literal["organisation", "ai_system"]


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
    warnings: tuple[str, ...] = ()  # e.g. a needed column supplied but empty in every record
    # "ai_system": the figure covers the filtered AI system; "organisation": the whole organisation
    # (no AI-system filter, or an indicator the filter does not apply to: incidents, changes, ...)
    scope: Scope = "organisation"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["batches"] = list(self.batches)
        d["warnings"] = list(self.warnings)
        return d


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    status: Status
    value: float | None
    level: int | None
    score: float | None
    scope: Scope = "organisation"
    scored: bool = True  # False: organisation-wide context beside one AI system's score (DESIGN §4)

    @property
    def assessed(self) -> bool:
        return self.scored and self.status == "ok" and self.level is not None and self.score is not None


@dataclass(frozen=True)
class DimensionScore:
    id: str
    title: str
    level: int | None  # None when not assessed
    score: float | None
    indicators: tuple[IndicatorScore, ...]
    next_level_gaps: tuple[str, ...] = ()

    @property
    def indicators_total(self) -> int:
        """Indicators that count for this score (organisation-wide context beside a system excluded)."""
        return sum(1 for i in self.indicators if i.scored)

    @property
    def indicators_assessed(self) -> int:
        return sum(1 for i in self.indicators if i.assessed)

    @property
    def provisional(self) -> bool:
        """DESIGN §5: a dimension with fewer than half of its indicators assessed."""
        return 2 * self.indicators_assessed < self.indicators_total


@dataclass(frozen=True)
class OverallScore:
    level: int | None
    index: float | None
    provisional: bool
    fully_embedded: bool = False
    indicators_assessed: int = 0
    indicators_total: int = 0
    dimensions_assessed: int = 0
    dimensions_total: int = 0


@dataclass(frozen=True)
class Score:
    overall: OverallScore
    dimensions: tuple[DimensionScore, ...]
    metrics: tuple[MetricResult, ...]
    model_version: str
    as_of: str | None  # ISO timestamp used for "reviewed <= N days" rules
