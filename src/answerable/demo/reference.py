"""The reference datasets: AI inventory, CMDB items, knowledge articles and changes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from answerable.demo import story
from answerable.demo.rows import (
    Row,
    chance,
    month_of,
    person,
    placeholder,
    random_day,
    random_moment,
    weighted,
)

AS_OF = story.END - timedelta(seconds=1)  # roughly the as-of date the metrics will use

CI_CLASSES = (
    ("server", 30), ("application", 20), ("database", 10), ("network_device", 12), ("storage", 6),
    ("laptop", 16), ("cloud_service", 6),
)


def ai_systems() -> list[Row]:
    """The inventory: every system that is in it (the shadow system is not)."""
    rows: list[Row] = []
    for s in story.SYSTEMS:
        if not s.in_inventory:
            continue
        sla = s.escalation_sla_minutes
        rows.append({
            "ai_system": s.name, "business_owner": s.business_owner or None,
            "technical_owner": s.technical_owner or None, "risk_tier": s.risk_tier,
            "max_autonomy": s.max_autonomy, "confidence_threshold": s.confidence_threshold,
            "escalation_path": s.escalation_path or None,
            "escalation_sla_minutes": None if sla is None else int(sla),
            "identity": s.identity, "access_scope": s.access_scope,
            "access_reviewed_at": s.access_reviewed_at or None,
            "credentials_rotated_at": s.credentials_rotated_at or None,
            "status": s.status, "last_reviewed_at": s.last_reviewed_at or None,
        })
    return rows


def _days_before_as_of(rng: random.Random, low: int, high: int) -> datetime:
    midnight = AS_OF.replace(hour=0, minute=0, second=0)
    return random_moment(rng, midnight - timedelta(days=rng.randint(low, high)))


def cmdb_items(rng: random.Random) -> list[Row]:
    """About 22% of live CIs are stale (not verified in 90 days, or never)."""
    rows: list[Row] = []
    for n in range(1, story.CMDB_ITEMS + 1):
        ci_id = f"CI{n:05d}"
        status = weighted(rng, [("operational", 90), ("retired", 6), ("maintenance", 4)])
        freshness = weighted(rng, [("fresh", 77), ("stale", 18), ("never", 5)])
        verified: datetime | None
        if freshness == "fresh":
            verified = _days_before_as_of(rng, 1, 85)
        elif freshness == "stale":
            verified = _days_before_as_of(rng, 95, 700)
        else:
            verified = None
        ci_class = weighted(rng, CI_CLASSES)
        if ci_id == story.IAM_CI:  # the IAM platform CHG0042 changed
            ci_class, status, verified = "identity_service", "operational", _days_before_as_of(rng, 5, 30)
        owner = person(rng) if not chance(rng, 0.06) else placeholder(rng) or None
        rows.append({"ci_id": ci_id, "owner": owner, "last_verified_at": verified, "status": status,
                     "ci_class": ci_class})
    return rows


def knowledge_articles(rng: random.Random) -> list[Row]:
    """About a fifth of the published articles are stale (review > 365 days, none, or expired)."""
    rows: list[Row] = []
    for n in range(1, story.KNOWLEDGE_ARTICLES + 1):
        status = weighted(rng, [("published", 88), ("draft", 7), ("retired", 5)])
        freshness = weighted(rng, [("fresh", 78), ("stale", 17), ("never", 5)])
        reviewed: datetime | None
        if freshness == "fresh":
            reviewed = _days_before_as_of(rng, 3, 350)
        elif freshness == "stale":
            reviewed = _days_before_as_of(rng, 380, 1100)
        else:
            reviewed = None
        valid_to: datetime | None = None
        if chance(rng, 0.2):
            valid_to = AS_OF.replace(hour=0, minute=0, second=0) + timedelta(days=rng.randint(-120, 400))
        owner = person(rng) if not chance(rng, 0.05) else placeholder(rng) or None
        rows.append({"article_id": f"KB{10000 + n:07d}", "owner": owner, "last_reviewed_at": reviewed,
                     "status": status, "valid_to": valid_to})
    return rows


def changes(rng: random.Random) -> list[Row]:
    """Routine changes (mostly approved and announced) plus the unannounced 02:00 IAM change."""
    numbers = rng.sample(range(100, 10000), story.ROUTINE_CHANGES)
    rows: list[Row] = []
    for number in numbers:
        change_type = weighted(rng, [("standard", 50), ("normal", 40), ("emergency", 10)])
        day = random_day(rng)
        if chance(rng, 0.3):  # maintenance window
            at = day + timedelta(hours=rng.choice((0, 1, 2, 3, 22, 23)), minutes=rng.choice((0, 15, 30)))
        else:
            at = random_moment(rng, day, business=1.0).replace(second=0)
        # After the IAM review (from May 2026) change control tightens: approvals and notices are enforced.
        month = month_of(at)
        approved = not chance(rng, story.phase_rate(month, 0.12, 0.04) if change_type == "emergency"
                              else story.phase_rate(month, 0.03, 0.01))
        communicated = not chance(rng, story.phase_rate(month, 0.06, 0.015))
        risk = weighted(rng, [("low", 55), ("medium", 35), ("high", 10)])
        owner = person(rng) if not chance(rng, 0.03) else placeholder(rng) or None
        rows.append({"change_id": f"CHG{number:04d}", "implemented_at": at,
                     "cmdb_ci": f"CI{rng.randint(1, story.CMDB_ITEMS):05d}", "change_type": change_type,
                     "owner": owner, "approved": approved, "communicated": communicated, "risk": risk})
    rows.append({"change_id": story.IAM_CHANGE_ID, "implemented_at": story.IAM_CHANGE_AT,
                 "cmdb_ci": story.IAM_CI, "change_type": "normal", "owner": "Sami Jensen",
                 "approved": False, "communicated": False, "risk": "medium"})
    rows.sort(key=lambda r: (str(r["implemented_at"]), str(r["change_id"])))
    return rows
