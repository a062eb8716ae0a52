"""The values the who-answers core hands out (DESIGN §6 page 10, §8 `who`): frozen, JSON-ready."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

Kind = Literal["decision", "incident", "change"]


def jsonable(value: Any) -> Any:
    """Timestamps as ISO text, everything else as it is (facts hold only scalars)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(frozen=True)
class Answers:
    """Who answers for a record, in which role, and from which field (`name` None: nobody)."""

    name: str | None
    role: str
    source: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "source": self.source}


@dataclass(frozen=True)
class Link:
    """One link of the chain: who acted at that step, when, whether it held, and the rule that broke it."""

    step: str
    who: str | None
    at: datetime | None
    held: bool
    rule: str | None  # the registry indicator whose rule broke the link (None when it held)
    facts: tuple[tuple[str, Any], ...]

    def fact(self, name: str) -> Any:
        return dict(self.facts).get(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "who": self.who,
            "at": jsonable(self.at),
            "held": self.held,
            "rule": self.rule,
            "facts": {k: jsonable(v) for k, v in self.facts},
        }


@dataclass(frozen=True)
class Chain:
    kind: Kind
    id: str
    answers: Answers
    minutes_to_human: float | None
    links: tuple[Link, ...]
    batches: tuple[int, ...]

    @property
    def broken(self) -> tuple[str, ...]:
        """The rules that broke a link, in chain order, each once."""
        seen: list[str] = []
        for link in self.links:
            if not link.held and link.rule and link.rule not in seen:
                seen.append(link.rule)
        return tuple(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "answers": self.answers.to_json(),
            "minutes_to_human": None if self.minutes_to_human is None else round(self.minutes_to_human, 4),
            "links": [link.to_json() for link in self.links],
            "broken": list(self.broken),
            "batches": list(self.batches),
        }


@dataclass(frozen=True)
class Table:
    """Rows for a page, the CLI and the report: column names and plain values."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    total: int

    def to_json(self) -> list[dict[str, Any]]:
        return [{c: jsonable(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


@dataclass(frozen=True)
class Worklist:
    """One page of the Unanswered list and, over the whole filtered list, how many break each reason."""

    page: Table
    counts: dict[str, int]


@dataclass(frozen=True)
class SystemResponsibility:
    """Declared (inventory) beside observed (records) responsibility of one AI system."""

    ai_system: str
    in_inventory: bool
    status: str | None
    business_owner: str | None
    business_owner_present: bool
    technical_owner: str | None
    escalation_path: str | None
    sla_minutes: float
    decisions: int
    reviewed: int
    reviewed_by_business_owner: int
    top_reviewer: str | None
    top_reviewer_share: float | None
    overridden: int
    top_overrider: str | None
    escalated: int
    top_escalated_to: str | None
    top_escalated_to_share: float | None
    escalated_to_path_share: float | None
    taken_over: int
    top_taker: str | None
    top_taker_share: float | None
    taken_over_by_path_share: float | None
    median_takeover_min: float | None
    mismatches: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        out = {k: jsonable(getattr(self, k)) for k in self.__dataclass_fields__}
        out["mismatches"] = list(self.mismatches)
        return out


@dataclass(frozen=True)
class BlastRadius:
    change_id: str
    change: Chain
    incidents: Table
    decisions: Table
    identities: Table
    summary: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "change": self.change.to_json(),
            "incidents": self.incidents.to_json(),
            "decisions": self.decisions.to_json(),
            "identities": self.identities.to_json(),
            "summary": list(self.summary),
        }
