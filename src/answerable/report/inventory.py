"""The AI inventory accountability table, and who owns the records behind a weak indicator.

The inventory table reads `current_ai_systems` (filtered by AI system only, DESIGN §4). Its access
verdict follows the identity-controls rule of DESIGN §4 with the model's day limits; a test checks
that the count of controlled systems equals the numerator of access_control_coverage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import duckdb

from answerable import metrics
from answerable.maturity.model import Model
from answerable.results import Filters, Score

NONE_NAMED = "none named"


def _norm_enum(value: str | None) -> str:
    return (value or "").strip().lower().replace(" ", "_").replace("-", "_")


def owner_present(value: object, placeholders: Sequence[str]) -> bool:
    text = str(value or "").strip()
    return bool(text) and text.lower() not in {p.strip().lower() for p in placeholders}


def _age_days(as_of: datetime, when: datetime | None) -> float | None:
    return None if when is None else (as_of - when) / timedelta(days=1)


def access_verdict(
    scope: str | None,
    reviewed: datetime | None,
    rotated: datetime | None,
    as_of: datetime | None,
    model: Model,
) -> tuple[str, str]:
    """('controlled' | 'uncontrolled', why): least privilege AND reviewed AND rotated within the limits."""
    d = model.defaults
    reasons_bad: list[str] = []
    reasons_ok: list[str] = []
    s = _norm_enum(scope)
    if s == "least_privilege":
        reasons_ok.append("least privilege")
    else:
        reasons_bad.append(f"access scope {s.replace('_', ' ')}" if s else "no access scope recorded")
    for label, when, limit in (
        ("access reviewed", reviewed, d.access_review_days),
        ("credentials rotated", rotated, d.credential_rotation_days),
    ):
        age = _age_days(as_of, when) if as_of else None
        if when is None:
            reasons_bad.append(f"never {label.split()[1]}" if label.startswith("access") else "never rotated")
        elif age is None:
            reasons_bad.append(f"{label} on {when:%Y-%m-%d} (no as-of date)")
        elif age > limit:
            reasons_bad.append(f"{label} {int(age)} days ago (limit {limit})")
        else:
            reasons_ok.append(f"{label} {max(int(age), 0)} days ago")
    if reasons_bad:
        return "uncontrolled", "; ".join(reasons_bad)
    return "controlled", "; ".join(reasons_ok)


def inventory_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: Model, as_of: str | None
) -> tuple[Any, ...]:
    from answerable.report.structure import InventoryRow

    sql = (
        "SELECT ai_system, business_owner, technical_owner, escalation_path, status, access_scope, "
        "access_reviewed_at, credentials_rotated_at FROM current_ai_systems "
        "WHERE (? IS NULL OR trim(ai_system) = ?) ORDER BY lower(trim(ai_system)), ai_system"
    )
    rows = con.execute(sql, [filters.ai_system, filters.ai_system]).fetchall()
    when = datetime.fromisoformat(as_of).replace(tzinfo=None) if as_of else None
    placeholders = model.defaults.owner_placeholders
    out = []
    for system, business, technical, path, status, scope, reviewed, rotated in rows:
        verdict, why = access_verdict(scope, reviewed, rotated, when, model)
        out.append(
            InventoryRow(
                system=str(system).strip(),
                business_owner=str(business).strip() if owner_present(business, placeholders) else NONE_NAMED,
                technical_owner=str(technical).strip()
                if owner_present(technical, placeholders)
                else NONE_NAMED,
                escalation_path=str(path).strip() if path and str(path).strip() else "none defined",
                status=_norm_enum(status).replace("_", " ") or "not recorded",
                access_status=verdict,
                access_reason=why,
            )
        )
    return tuple(out)


def shadow_systems(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: Model, score: Score
) -> list[tuple[str, int]]:
    """(AI system, decisions) counted as shadow AI (absent from the inventory or retired), most first."""
    shadow = next((m for m in score.metrics if m.id == "shadow_ai_rate"), None)
    if shadow is None or shadow.status == "not_assessed" or not shadow.numerator:
        return []
    rows = metrics.breakdown(con, "shadow_ai_rate", filters, "ai_system", model)
    found = [(str(r.group), int(r.numerator or 0)) for r in rows if r.numerator]
    return sorted(found, key=lambda x: (-x[1], x[0]))


def shadow_rows(systems: list[tuple[str, int]], inventory: tuple[Any, ...]) -> tuple[Any, ...]:
    """Inventory-table rows for systems in use but absent from the inventory (retired ones are listed)."""
    from answerable.report.structure import InventoryRow

    listed = {row.system for row in inventory}
    return tuple(
        InventoryRow(
            system=name,
            business_owner=NONE_NAMED,
            technical_owner=NONE_NAMED,
            escalation_path="none defined",
            status="not in inventory",
            access_status="uncontrolled",
            access_reason=f"in use ({n:,} AI decisions) but not in the inventory: no owner, scope, review or "
            "rotation on record",
        )
        for name, n in systems
        if name not in listed
    )


def shadow_note(score: Score, systems: list[tuple[str, int]] | None = None) -> str:
    shadow = next((m for m in score.metrics if m.id == "shadow_ai_rate"), None)
    if shadow is None or shadow.status == "not_assessed":
        return (
            "AI systems in use but missing from the inventory could not be checked (no AI decisions loaded)."
        )
    if not shadow.numerator:
        return "Every AI system that made a decision in the period is registered in the inventory."
    named = "; ".join(f"{name} ({n:,})" for name, n in (systems or []))
    return (
        f"{shadow.numerator:,.0f} AI decisions in the period were made by systems missing from the inventory "
        f"or retired in it (shadow AI){': ' + named if named else ''}."
    )
