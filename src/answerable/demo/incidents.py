"""Incidents: twelve months of tickets, the 02:00 IAM burst, texture for every data-quality indicator."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from answerable.demo import story
from answerable.demo.rows import (
    Row,
    chance,
    minutes,
    month_of,
    person,
    placeholder,
    random_day,
    random_moment,
    weighted,
)

CATEGORY_PAIRS = list(zip(story.CATEGORIES, story.CATEGORY_WEIGHTS, strict=True))
GROUP_PAIRS = list(zip(story.GROUPS, story.GROUP_WEIGHTS, strict=True))
BURST_GROUPS = ("Service Desk", "Cloud Platform", "Application Support", "Database Team",
                "Network Operations", "Identity & Access")
LEVELS = {1: "high", 2: "high", 3: "medium", 4: "low", 5: "low"}
RESOLVE_HOURS = {1: (1, 8), 2: (2, 24), 3: (4, 72), 4: (8, 120), 5: (12, 240)}
ROOT_CAUSES = (
    "expired certificate on load balancer", "database failover misconfigured",
    "storage array firmware defect", "DNS record removed during cleanup",
    "capacity exhausted after batch job", "faulty network switch module",
)


def _opened(rng: random.Random, count: int) -> list[datetime]:
    return sorted(random_moment(rng, random_day(rng), business=0.8) for _ in range(count))


def _burst_opened(rng: random.Random) -> list[datetime]:
    """403 incidents from 02:07 until mid-morning of the IAM change day."""
    start = story.IAM_CHANGE_AT + timedelta(minutes=7)
    count = story.IAM_BURST_INCIDENTS
    return sorted(start + timedelta(seconds=rng.randrange(6 * 3600)) for _ in range(count))


def _base(rng: random.Random, opened: datetime, number: int) -> Row:
    category = weighted(rng, CATEGORY_PAIRS)
    subcategories, groups = story.CATEGORIES[category]
    group = rng.choice(groups) if chance(rng, 0.75) else weighted(rng, GROUP_PAIRS)
    priority = weighted(rng, story.PRIORITY_WEIGHTS)
    return {
        "incident_id": f"INC{number:07d}", "opened_at": opened, "priority": priority,
        "category": category, "subcategory": rng.choice(subcategories), "assignment_group": group,
        "contact_type": weighted(rng, story.CONTACT_TYPES),
    }


def _burst(row: Row, rng: random.Random, index: int) -> None:
    row.update(category="access", subcategory="access denied", caused_by_change=story.IAM_CHANGE_ID,
               assignment_group=BURST_GROUPS[index % len(BURST_GROUPS)], contact_type="monitoring",
               cmdb_ci=story.IAM_CI, priority=2 if index % 5 == 0 else 3)
    if index == 0:
        row.update(priority=1, major_incident=True)


def _lifecycle(row: Row, rng: random.Random) -> None:
    """Acknowledge, escalate, resolve and close within the export window; flag SLA."""
    opened = row["opened_at"]
    assert isinstance(opened, datetime)
    priority = int(row["priority"])  # type: ignore[call-overload]
    row["acknowledged_at"] = opened + minutes(rng, 1, 20 if priority <= 2 else 90)
    if priority <= 2 or chance(rng, 0.08):
        row["escalated_at"] = opened + minutes(rng, 5, 120)
    low, high = RESOLVE_HOURS[priority]
    resolved = opened + minutes(rng, low * 60, high * 60)
    closed = resolved + timedelta(days=rng.randint(1, 5), seconds=rng.randrange(3600))
    breached = chance(rng, 0.05)  # breached for reasons the timestamps do not show (on hold, reopened)
    row["made_sla"] = resolved - opened <= timedelta(hours=high * 0.85) and not breached
    if resolved >= story.END:
        row.update(state="In Progress", made_sla=None)
        return
    row["resolved_at"] = resolved
    if closed >= story.END:
        row["state"] = "Resolved"
    else:
        row.update(state="Closed", closed_at=closed)


def _ownership(row: Row, rng: random.Random) -> None:
    month = month_of(row["opened_at"])  # type: ignore[arg-type]
    unowned = story.phase_rate(month, 0.19, 0.025)
    row["assigned_to"] = (placeholder(rng) or None) if chance(rng, unowned) else person(rng)
    row["reassignment_count"] = weighted(rng, [(0, 70), (1, 18), (2, 8), (3, 3), (5, 1)])
    row["reopen_count"] = weighted(rng, [(0, 94), (1, 5), (2, 1)])


def _links(row: Row, rng: random.Random, change_rows: list[Row]) -> None:
    if "cmdb_ci" not in row:
        row["cmdb_ci"] = f"CI{rng.randint(1, story.CMDB_ITEMS):05d}" if not chance(rng, 0.01) else \
            f"CI{rng.randint(90000, 99999):05d}"  # a CI the CMDB does not know
    if chance(rng, 0.45):
        row["knowledge_article"] = f"KB{10000 + rng.randint(1, story.KNOWLEDGE_ARTICLES):07d}"
    if chance(rng, 0.03):
        row["problem_id"] = f"PRB{rng.randint(1000, 1999):07d}"
    if "caused_by_change" not in row and chance(rng, 0.065):
        opened = row["opened_at"]
        before = [c for c in change_rows if c["change_id"] != story.IAM_CHANGE_ID
                  and opened - timedelta(days=3) <= c["implemented_at"] < opened]  # type: ignore[operator]
        if before:
            row["caused_by_change"] = rng.choice(before)["change_id"]
        elif chance(rng, 0.3):
            row["caused_by_change"] = f"CHG{rng.randint(10000, 10999)}"  # a change missing from the export


def _review(row: Row, rng: random.Random) -> None:
    """Major incidents (flag or P1): most get a post-incident review, more of them after the programme."""
    if row.get("priority") == 1 and "major_incident" not in row:
        row["major_incident"] = chance(rng, 0.9)
    elif "major_incident" not in row:
        row["major_incident"] = row.get("priority") == 2 and chance(rng, 0.04)
    major = row["major_incident"] or row.get("priority") == 1
    resolved = row.get("resolved_at")
    if not major or not isinstance(resolved, datetime):
        return
    month = month_of(row["opened_at"])  # type: ignore[arg-type]
    if chance(rng, story.phase_rate(month, 0.8, 0.97)):
        days = rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 14, 18, 25, 35))
        lead = timedelta(days=days, seconds=rng.randrange(86400))
        if resolved + lead < story.END:
            row["pir_completed_at"] = resolved + lead
            row["pir_owner"] = person(rng) if not chance(rng, 0.05) else "TBD"
            row["root_cause"] = rng.choice(ROOT_CAUSES)


def _data_gaps(row: Row, rng: random.Random) -> None:
    """Missing fields at realistic rates, and a few resolved-before-opened timestamps."""
    if chance(rng, 0.015):
        row.update(category=None, subcategory=None)
    if chance(rng, 0.01):
        row["assignment_group"] = None
    if chance(rng, 0.005):
        row["priority"] = None
    if chance(rng, 0.05):
        row["cmdb_ci"] = None
    if chance(rng, 0.001) and isinstance(row.get("resolved_at"), datetime):
        row["resolved_at"] = row["opened_at"] - minutes(rng, 30, 600)  # type: ignore[operator]


def _finish(row: Row) -> None:
    moments = [v for k, v in row.items() if k.endswith("_at") and isinstance(v, datetime)]
    row["updated_at"] = max(moments)
    priority = row.get("priority")
    if isinstance(priority, int):
        row["impact"] = LEVELS[priority]
        row["urgency"] = LEVELS[min(priority + 1, 5)] if priority > 1 else "high"


def incidents(rng: random.Random, change_rows: list[Row]) -> list[Row]:
    """About 6,000 incidents, ordered by opened_at and numbered in that order."""
    routine = [(at, -1) for at in _opened(rng, story.INCIDENTS - story.IAM_BURST_INCIDENTS)]
    burst = [(at, i) for i, at in enumerate(_burst_opened(rng))]
    rows: list[Row] = []
    for number, (opened, burst_index) in enumerate(sorted(routine + burst), start=10001):
        row = _base(rng, opened, number)
        if burst_index >= 0:
            _burst(row, rng, burst_index)
        _lifecycle(row, rng)
        _ownership(row, rng)
        _links(row, rng, change_rows)
        _review(row, rng)
        if burst_index == 0:
            _iam_major(row)
        elif burst_index < 0:
            _data_gaps(row, rng)
        _finish(row)
        rows.append(row)
    return rows


def _iam_major(row: Row) -> None:
    """The major 403 incident: restored by mid-morning, thorough review three days later."""
    opened = row["opened_at"]
    assert isinstance(opened, datetime)
    resolved = opened + timedelta(hours=5, minutes=41)
    row.update(
        state="Closed", priority=1, major_incident=True, acknowledged_at=opened + timedelta(minutes=4),
        escalated_at=opened + timedelta(minutes=11), resolved_at=resolved,
        closed_at=resolved + timedelta(days=4), made_sla=False, assigned_to="Sami Jensen",
        assignment_group="Identity & Access", problem_id="PRB0001042",
        pir_completed_at=resolved + timedelta(days=2, hours=20, minutes=15),
        pir_owner=story.IAM_PIR_OWNER, root_cause=story.IAM_ROOT_CAUSE,
    )
