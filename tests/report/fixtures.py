"""A small store whose figures are worked out by hand (see the comments), for the report tests."""

from __future__ import annotations

from datetime import datetime

import duckdb

from tests.conftest import load_rows

# Two AI systems. ops-bot: broad access -> uncontrolled. triage-ai: least privilege, reviewed and
# rotated 8 days before the as-of date (2026-01-28 10:00) -> controlled.
SYSTEMS = [
    dict(
        ai_system="ops-bot",
        business_owner="José Müller",
        technical_owner="Ana Ruiz",
        escalation_path="Service Desk L2 — duty manager",
        identity="svc-ops",
        access_scope="broad",
        access_reviewed_at=datetime(2026, 1, 10),
        credentials_rotated_at=datetime(2026, 1, 10),
        status="approved",
        last_reviewed_at=datetime(2026, 1, 10),
        max_autonomy="autonomous",
        risk_tier="high",
    ),
    dict(
        ai_system="triage-ai",
        business_owner="Kim Lee",
        technical_owner="Sam Roe",
        escalation_path="Duty manager",
        identity="svc-triage",
        access_scope="least_privilege",
        access_reviewed_at=datetime(2026, 1, 20),
        credentials_rotated_at=datetime(2026, 1, 20),
        status="approved",
        last_reviewed_at=datetime(2026, 1, 20),
        max_autonomy="human_approval",
        risk_tier="low",
    ),
]


def decisions() -> list[dict[str, object]]:
    """40 decisions in January 2026: 30 by ops-bot (the first 3 with owner "TBD"), 10 by triage-ai.

    The latest is decision 27 on 2026-01-28 10:00 (day = 1 + i % 28), the as-of date.
    """
    out: list[dict[str, object]] = []
    for i in range(40):
        system = "ops-bot" if i < 30 else "triage-ai"
        out.append(
            dict(
                decision_id=f"D{i:03d}",
                decided_at=datetime(2026, 1, 1 + i % 28, 10, 0),
                ai_system=system,
                decision_type="route",
                autonomy="human_approval",
                confidence=0.9,
                outcome="correct",
                accountable_owner="TBD" if i < 3 else "Lee Park",
                identity="svc-ops" if system == "ops-bot" else "svc-triage",
            )
        )
    return out


def load_small_store(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Load the systems and decisions; returns their batch ids."""
    b1 = load_rows(con, "ai_systems", SYSTEMS, file_name="inventory.csv")
    b2 = load_rows(con, "ai_decisions", decisions(), file_name="decisions.csv")
    return b1, b2
