"""The data contract: six dataset kinds, their columns, types, keys and enumerations (DESIGN §2).

Declared once, here; everything else (store schema, ingestion, templates, metrics) reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Contract type -> DuckDB storage type.
SQL_TYPES: dict[str, str] = {
    "ts": "TIMESTAMP",
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of SQL_TYPES
    required: bool = False
    enum: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Dataset:
    kind: str
    key: str
    columns: tuple[Column, ...]
    title: str
    # Columns used to order versions of the same key (besides batch order and line).
    updated_column: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(spec: str) -> Column:
    """Parse a compact column spec: 'name:type' with a trailing '!' for required."""
    name, _, typ = spec.partition(":")
    required = typ.endswith("!")
    return Column(name=name, type=typ.rstrip("!"), required=required)


def _cols(*specs: str, enums: dict[str, tuple[str, ...]] | None = None,
          ranges: dict[str, tuple[float, float]] | None = None) -> tuple[Column, ...]:
    out = []
    for spec in specs:
        col = _c(spec)
        if enums and col.name in enums:
            col = Column(col.name, col.type, col.required, enum=enums[col.name])
        if ranges and col.name in ranges:
            lo, hi = ranges[col.name]
            col = Column(col.name, col.type, col.required, col.enum, lo, hi)
        out.append(col)
    return tuple(out)


DECISION_TYPES = ("classify", "route", "prioritize", "resolve", "respond", "recommend", "other")
AUTONOMY_LEVELS = ("recommend_only", "human_approval", "autonomous")  # ascending rank
OUTCOMES = ("correct", "incorrect", "unknown")
RISK_TIERS = ("high", "medium", "low")
ACCESS_SCOPES = ("least_privilege", "broad", "admin")
SYSTEM_STATUSES = ("approved", "pilot", "retired")

INCIDENTS = Dataset(
    kind="incidents",
    key="incident_id",
    title="Incidents",
    updated_column="updated_at",
    columns=_cols(
        "incident_id:str!", "opened_at:ts!", "acknowledged_at:ts", "escalated_at:ts", "resolved_at:ts",
        "closed_at:ts", "state:str", "priority:int", "impact:str", "urgency:str", "category:str",
        "subcategory:str", "initial_category:str", "assignment_group:str", "assigned_to:str",
        "reassignment_count:int", "reopen_count:int", "made_sla:bool", "cmdb_ci:str",
        "knowledge_article:str", "caused_by_change:str", "problem_id:str", "major_incident:bool",
        "pir_completed_at:ts", "pir_owner:str", "root_cause:str", "contact_type:str", "updated_at:ts",
        ranges={"priority": (1, 5)},
    ),
)

AI_DECISIONS = Dataset(
    kind="ai_decisions",
    key="decision_id",
    title="AI decisions",
    columns=_cols(
        "decision_id:str!", "decided_at:ts!", "ai_system:str!", "model_version:str", "decision_type:str",
        "incident_id:str", "decision_value:str", "confidence:float", "autonomy:str",
        "accountable_owner:str", "reviewed_by:str", "reviewed_at:ts", "overridden:bool",
        "override_reason:str", "outcome:str", "escalated:bool", "escalated_at:ts", "escalated_to:str",
        "acknowledged_at:ts", "identity:str",
        enums={"decision_type": DECISION_TYPES, "autonomy": AUTONOMY_LEVELS, "outcome": OUTCOMES},
        ranges={"confidence": (0, 1)},
    ),
)

AI_SYSTEMS = Dataset(
    kind="ai_systems",
    key="ai_system",
    title="AI systems (inventory)",
    columns=_cols(
        "ai_system:str!", "business_owner:str", "technical_owner:str", "risk_tier:str", "max_autonomy:str",
        "confidence_threshold:float", "escalation_path:str", "escalation_sla_minutes:float", "identity:str",
        "access_scope:str", "access_reviewed_at:ts", "credentials_rotated_at:ts", "status:str",
        "last_reviewed_at:ts",
        enums={"risk_tier": RISK_TIERS, "max_autonomy": AUTONOMY_LEVELS, "access_scope": ACCESS_SCOPES,
               "status": SYSTEM_STATUSES},
        ranges={"confidence_threshold": (0, 1)},
    ),
)

CHANGES = Dataset(
    kind="changes",
    key="change_id",
    title="Changes",
    columns=_cols(
        "change_id:str!", "implemented_at:ts!", "cmdb_ci:str", "change_type:str", "owner:str",
        "approved:bool", "communicated:bool", "risk:str",
    ),
)

KNOWLEDGE_ARTICLES = Dataset(
    kind="knowledge_articles",
    key="article_id",
    title="Knowledge articles",
    columns=_cols("article_id:str!", "owner:str", "last_reviewed_at:ts", "status:str", "valid_to:ts"),
)

CMDB_ITEMS = Dataset(
    kind="cmdb_items",
    key="ci_id",
    title="CMDB items",
    columns=_cols("ci_id:str!", "owner:str", "last_verified_at:ts", "status:str", "ci_class:str"),
)

DATASETS: dict[str, Dataset] = {
    d.kind: d for d in (INCIDENTS, AI_DECISIONS, AI_SYSTEMS, CHANGES, KNOWLEDGE_ARTICLES, CMDB_ITEMS)
}
KINDS: tuple[str, ...] = tuple(DATASETS)


def dataset(kind: str) -> Dataset:
    """The dataset of a kind, or a clear error naming the valid kinds."""
    from answerable.errors import AnswerableError

    try:
        return DATASETS[kind]
    except KeyError:
        raise AnswerableError(
            f"Unknown dataset kind {kind!r}. Use one of: {', '.join(KINDS)}."
        ) from None


def template_header(kind: str) -> str:
    """A CSV header line with the contract columns of a kind (required ones first)."""
    ds = dataset(kind)
    ordered = [c.name for c in ds.columns if c.required] + [c.name for c in ds.columns if not c.required]
    return ",".join(ordered)
