"""Who answers for a weak indicator: the accountable owners of the records counted against it.

Read from the metric engine's breakdown (per AI system or per team) and drill-down, never recomputed:
- per AI system (decision and inventory indicators): the system's business owner in the inventory
  (a look-up, never filtered); a system missing from the inventory has no owner, which is said;
- per team (incident indicators): the assignment group;
- otherwise (knowledge articles, CMDB items, changes): the `owner` column of the records behind it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from answerable import metrics, store
from answerable.maturity.model import Model
from answerable.present import clip
from answerable.report.inventory import owner_present
from answerable.results import Filters

MAX_OWNERS = 3
NO_OWNER = "no accountable owner"
EMPTY_GROUP = "(none)"  # how the engine's breakdown names an empty group


def _bad_count(row: Any, direction: str, aggregate: str, target: float | None) -> int:
    """Records of one group that count against the indicator."""
    num, den = getattr(row, "numerator", None), getattr(row, "denominator", None)
    if aggregate == "rate" and num is not None and den is not None:
        return round(num if direction == "lower" else den - num)
    value = getattr(row, "value", None)
    if value is None or den is None or target is None:
        return 0
    worse = value > target if direction == "lower" else value < target
    return int(den) if worse else 0


def _system_owners(con: duckdb.DuckDBPyConnection, model: Model) -> dict[str, str]:
    rows = con.execute(
        f"SELECT trim(ai_system), business_owner FROM {store.current_view('ai_systems')}"  # noqa: S608
    ).fetchall()
    placeholders = model.defaults.owner_placeholders
    return {str(s): (str(o).strip() if owner_present(o, placeholders) else "") for s, o in rows}


def _singular(label: str) -> str:
    """'AI systems' -> 'AI system' for a count of one; longer phrases are left as they are."""
    words = label.split()
    if len(words) <= 3 and words and words[-1].endswith("s"):
        return " ".join([*words[:-1], words[-1][:-1]])
    return label


def _describe(per_owner: dict[str, tuple[int, set[str]]], unit: str) -> str:
    if not per_owner:
        return NO_OWNER + " identified"
    ranked = sorted(per_owner.items(), key=lambda kv: (-kv[1][0], kv[0]))
    parts = []
    for i, (owner, (n, what)) in enumerate(ranked[:MAX_OWNERS]):
        label = f"{n:,} {_singular(unit) if n == 1 else unit}" if i == 0 else f"{n:,}"
        detail = ", ".join(clip(w) for w in sorted(what)[:3]) + (", …" if len(what) > 3 else "")
        owner = clip(owner)  # one 1,500-character name must not swamp the sentence or the table
        parts.append(f"{owner} ({detail}: {label})" if detail else f"{owner} ({label})")
    if len(ranked) > MAX_OWNERS:
        parts.append(f"and {len(ranked) - MAX_OWNERS} more")
    return "; ".join(parts)


def owners_behind(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: Model, indicator_id: str, level: int | None
) -> str:
    """'Ana Ruiz (ops-bot: 412 AI decisions); no accountable owner (shadow-gpt: 97)' for one indicator."""
    ind = metrics.REGISTRY.get(indicator_id)
    if ind is None:
        return NO_OWNER + " identified"
    model_ind = model.indicators.get(indicator_id)
    target = model_ind.edge(min((level or 1) + 1, 5)) if model_ind else None
    per_owner: dict[str, tuple[int, set[str]]] = defaultdict(lambda: (0, set()))

    def add(owner: str, n: int, what: str) -> None:
        count, items = per_owner[owner]
        per_owner[owner] = (count + n, items | ({what} if what else set()))

    unit = ind.evidence_label
    if "ai_system" in ind.breakdowns:
        owners = _system_owners(con, model)
        for row in metrics.breakdown(con, indicator_id, filters, "ai_system", model):
            n = _bad_count(row, ind.direction, ind.aggregate, target)
            if n > 0:
                system = str(row.group or "").strip()
                system = "" if system == EMPTY_GROUP else system
                add(owners.get(system) or NO_OWNER, n, system or "no AI system named")
    elif "assignment_group" in ind.breakdowns:
        for row in metrics.breakdown(con, indicator_id, filters, "assignment_group", model):
            n = _bad_count(row, ind.direction, ind.aggregate, target)
            if n > 0:
                team = str(row.group or "").strip()
                if team and team != EMPTY_GROUP:
                    add(team, n, "assignment group")
                else:
                    add("no assignment group", n, "")
    else:
        page = metrics.records(
            con, indicator_id, filters, model, limit=100_000, offset=0, only_numerator=True
        )
        columns = list(page.columns)
        if "owner" in columns:
            at = columns.index("owner")
            for rec in page.rows:
                value = rec[at]
                add(
                    str(value).strip()
                    if owner_present(value, model.defaults.owner_placeholders)
                    else NO_OWNER,
                    1,
                    "",
                )
    return _describe(dict(per_owner), unit)
