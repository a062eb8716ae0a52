"""Builders for hand-made metric fixtures: each test states only the fields it is about."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb

from answerable.metrics import compute
from answerable.results import Filters, MetricResult
from tests.conftest import load_rows

T0 = datetime(2026, 3, 1, 9, 0)


def decision(i: int, **fields: Any) -> dict[str, Any]:
    """A well-governed decision by system "triage" on incident INC<i> (override what the test needs)."""
    base: dict[str, Any] = {
        "decision_id": f"D{i:04d}", "decided_at": T0 + timedelta(hours=i), "ai_system": "triage",
        "decision_type": "route", "incident_id": f"INC{i:04d}", "decision_value": "network",
        "confidence": 0.9, "autonomy": "human_approval", "accountable_owner": "alice",
        "outcome": "correct", "identity": "svc-triage",
    }
    base.update(fields)
    return base


def incident(i: int, **fields: Any) -> dict[str, Any]:
    """A complete, resolved incident INC<i> in group "service-desk" (override what the test needs)."""
    opened = T0 + timedelta(hours=i)
    base: dict[str, Any] = {
        "incident_id": f"INC{i:04d}", "opened_at": opened, "resolved_at": opened + timedelta(hours=4),
        "priority": 3, "category": "network", "initial_category": "network",
        "assignment_group": "service-desk", "assigned_to": "bob", "cmdb_ci": "CI-1",
    }
    base.update(fields)
    return base


def system(name: str, **fields: Any) -> dict[str, Any]:
    """A fully controlled, approved inventory row as of 2026-03 (override what the test needs)."""
    base: dict[str, Any] = {
        "ai_system": name, "business_owner": "carol", "technical_owner": "dave", "risk_tier": "medium",
        "max_autonomy": "autonomous", "confidence_threshold": None, "escalation_path": "L2 desk",
        "escalation_sla_minutes": None, "identity": f"svc-{name}", "access_scope": "least_privilege",
        "access_reviewed_at": datetime(2026, 2, 1), "credentials_rotated_at": datetime(2026, 2, 1),
        "status": "approved", "last_reviewed_at": datetime(2026, 2, 1),
    }
    base.update(fields)
    return base


def load(con: duckdb.DuckDBPyConnection, kind: str, rows: list[dict[str, Any]]) -> int:
    return load_rows(con, kind, rows)


def metric(con: duckdb.DuckDBPyConnection, indicator_id: str, filters: Filters | None = None) -> MetricResult:
    [result] = compute(con, filters or Filters(), ids=[indicator_id])
    return result
