"""AI decisions: what each system decides on each incident, and how humans own, review and escalate it.

Classify decisions also set their incident's `initial_category` (the category the AI first gave).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
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

RESPONSES = ("answered faq", "sent reset link", "collected details", "handed to agent", "status update")
REMEDIATIONS = ("restart service", "clear cache", "scale out", "renew token", "failover", "purge queue")
OVERRIDE_REASONS = {
    "classify": "wrong category", "route": "wrong team", "prioritize": "business impact",
    "resolve": "unsafe action", "respond": "customer unhappy", "recommend": "article outdated",
    "other": "not relevant",
}
AUTONOMY_SPELLINGS = {
    "autonomous": (("autonomous", 70), ("Autonomous", 20), ("AUTONOMOUS", 10)),
    "human_approval": (("human_approval", 50), ("Human approval", 35), ("human-approval", 15)),
    "recommend_only": (("recommend_only", 60), ("Recommend only", 40)),
}
INVALID_AUTONOMY = (("", 40), ("auto", 25), ("semi-autonomous", 20), ("manual", 15))
# Escalation latency in seconds: (low, high, weight) before and after the ownership programme.
LATENCY_BEFORE = ((60, 900, 74), (900, 1800, 17), (1800, 3600, 6), (3600, 10800, 3))
LATENCY_AFTER = ((60, 900, 87), (900, 1800, 10), (1800, 3600, 2), (3600, 10800, 1))
CATEGORY_NAMES = tuple(story.CATEGORIES)


@dataclass(frozen=True)
class Ask:
    """One decision to make: which system, when, about what, and whether its answer is wrong."""

    system: story.AISystem
    at: datetime
    decision_type: str
    value: str | None
    incident: Row | None = None
    wrong: bool | None = None  # None: decided by chance
    confident: bool = False  # the AI was sure (the 403 burst)


def _confidence(rng: random.Random, s: story.AISystem, ask: Ask) -> tuple[float | None, bool]:
    """A confidence in hundredths (0..1) and whether it is below the system's threshold."""
    threshold = round((s.confidence_threshold or 0.7) * 100)
    if chance(rng, 0.01) and not ask.confident:
        return None, False
    if chance(rng, 0.11) and not ask.confident:
        return rng.randint(max(5, threshold - 35), threshold - 1) / 100, True
    return rng.randint(threshold, 99) / 100, False


def _autonomy(rng: random.Random, s: story.AISystem, low: bool, priority: object, month: int) -> str:
    # The unregistered summariser mostly drafts notes for an agent, and sometimes posts them itself.
    mode = s.max_autonomy or weighted(rng, [("autonomous", 25), ("recommend_only", 75)])
    governed = s.in_inventory and s.status != "retired"
    risky = low or (isinstance(priority, int) and priority <= 2)
    if mode == "autonomous" and risky and governed and chance(rng, story.phase_rate(month, 0.9, 0.97)):
        mode = "human_approval"  # the workflow asks a human when the AI is unsure or stakes are high
    elif mode != "autonomous" and chance(rng, story.phase_rate(month, 0.006, 0.002)):
        mode = "autonomous"  # acting beyond its decision rights
    if chance(rng, story.phase_rate(month, 0.045, 0.012)):
        return weighted(rng, INVALID_AUTONOMY)
    return weighted(rng, AUTONOMY_SPELLINGS[mode])


def _latency(rng: random.Random, month: int) -> timedelta:
    bands = LATENCY_BEFORE if month < story.PROGRAMME_MONTH else LATENCY_AFTER
    low, high = weighted(rng, [((lo, hi), w) for lo, hi, w in bands])
    return timedelta(seconds=rng.randint(low, high))


def _takeover_wait(usual: timedelta, s: story.AISystem, month: int) -> timedelta | None:
    """Minutes until a human takes an escalation over: the usual wait, except for the slow system
    before the programme (story.SLOW_TAKEOVER_*; derived from the same draw, so that every other row
    stays as it was). None: never taken over."""
    if s.name != story.SLOW_TAKEOVER_SYSTEM or month >= story.PROGRAMME_MONTH:
        return usual
    if usual > timedelta(minutes=story.SLOW_TAKEOVER_NEVER_AFTER_MIN):
        return None
    return usual * story.SLOW_TAKEOVER_FACTOR + timedelta(minutes=story.SLOW_TAKEOVER_OFFSET_MIN)


def _handling(rng: random.Random, month: int, human_approval: bool, low: bool, incorrect: bool) -> str:
    """How a human got involved: 'review', 'escalate', 'override' or '' (not at all)."""
    if human_approval and chance(rng, 0.95):
        return "override" if incorrect and chance(rng, 0.5) else "review"
    if low and chance(rng, story.phase_rate(month, 0.8, 0.93)):
        return weighted(rng, [("review", 55), ("escalate", 33), ("override", 12)])
    if incorrect and chance(rng, story.phase_rate(month, 0.8, 0.93)):
        return weighted(rng, [("escalate", 50), ("override", 35), ("review", 15)])
    if chance(rng, 0.03):
        return weighted(rng, [("review", 80), ("escalate", 20)])
    return ""


def decide(rng: random.Random, ask: Ask) -> Row:
    s, at = ask.system, ask.at
    month = month_of(at)
    confidence, low = _confidence(rng, s, ask)
    priority = ask.incident.get("priority") if ask.incident else None
    autonomy = _autonomy(rng, s, low, priority, month)
    wrong = ask.wrong if ask.wrong is not None else chance(rng, 0.22 if low else 0.05)
    outcome = weighted(rng, [("unknown", 60), (None, 40)]) if chance(rng, 0.07) else (
        "incorrect" if wrong else "correct")
    if not s.in_inventory or chance(rng, story.phase_rate(month, 0.21, 0.03)):
        owner: str | None = placeholder(rng) or None
    else:
        owner = s.business_owner if chance(rng, 0.8) else person(rng)
    how = _handling(rng, month, autonomy.lower().startswith("human"), low, outcome == "incorrect")
    if ask.confident:  # the burst: the bot failed loudly and paged on-call
        how = "escalate"
    row: Row = {
        "decided_at": at, "ai_system": s.name,
        "model_version": s.model_versions[-1 if month >= story.PROGRAMME_MONTH else 0],
        "decision_type": ask.decision_type,
        "incident_id": ask.incident["incident_id"] if ask.incident else None,
        "decision_value": ask.value, "confidence": confidence, "autonomy": autonomy,
        "accountable_owner": owner, "overridden": how == "override", "outcome": outcome,
        "escalated": how == "escalate", "identity": s.identity if not chance(rng, 0.004) else None,
    }
    if how == "review":
        row["reviewed_by"] = person(rng)
        row["reviewed_at"] = at + minutes(rng, 1, 240)
    elif how == "override":
        row.update(reviewed_by=person(rng), reviewed_at=at + minutes(rng, 1, 120),
                   override_reason=OVERRIDE_REASONS[ask.decision_type])
    elif how == "escalate":
        row["escalated_to"] = s.escalation_path or None
        if not chance(rng, 0.03):  # a few escalations were never timed
            escalated = at + (minutes(rng, 20, 95) if ask.confident else _latency(rng, month))
            row["escalated_at"] = escalated
            if chance(rng, 0.9):
                wait = _takeover_wait(minutes(rng, 1, 45), s, month)
                row["acknowledged_at"] = escalated + wait if wait is not None else None
    elif chance(rng, 0.01):
        row["reviewed_by"] = weighted(rng, [("n/a", 1), ("-", 1)])  # a placeholder, not a review
    return row


def _incident_asks(rng: random.Random, inc: Row) -> list[Ask]:
    opened = inc["opened_at"]
    assert isinstance(opened, datetime)
    month = month_of(opened)
    category, group, priority = inc.get("category"), inc.get("assignment_group"), inc.get("priority")
    burst = inc.get("caused_by_change") == story.IAM_CHANGE_ID
    asks: list[Ask] = []
    classifier = "legacy-classifier" if chance(rng, 0.0075) else "triage-assistant"
    if chance(rng, 0.95):
        wrong = chance(rng, story.phase_rate(month, 0.13, 0.1)) and not burst
        value = rng.choice([c for c in CATEGORY_NAMES if c != category]) if wrong or category is None \
            else str(category)
        asks.append(Ask(story.system(classifier), opened + timedelta(seconds=rng.randint(5, 60)), "classify",
                        value, inc, wrong=wrong))
        # Most wrong AI categories reach the record as its first category; some are fixed at triage.
        first = category if wrong and chance(rng, 0.2) else value
        inc["initial_category"] = first if not chance(rng, 0.02) else None
    elif category is not None and not chance(rng, 0.02):
        inc["initial_category"] = rng.choice(CATEGORY_NAMES) if chance(rng, 0.05) else category
    if chance(rng, 0.9):
        wrong = chance(rng, 0.08)
        value = rng.choice([g for g in story.GROUPS if g != group]) if wrong or group is None else str(group)
        asks.append(Ask(story.system("smart-router"), opened + timedelta(seconds=rng.randint(10, 120)),
                        "route", value, inc, wrong=wrong))
    if chance(rng, 0.6):
        asks.append(Ask(story.system("priority-predictor"), opened + minutes(rng, 1, 10), "prioritize",
                        f"P{priority or 3}", inc))
    if (inc.get("contact_type") == "monitoring" or category == "security") and chance(rng, 0.9):
        asks.append(Ask(story.system("log-anomaly-detector"), opened + minutes(rng, 0.2, 5), "prioritize",
                        "anomaly" if chance(rng, 0.7) else "benign", inc))
    if chance(rng, 0.5):
        kb = inc.get("knowledge_article") or f"KB{10000 + rng.randint(1, story.KNOWLEDGE_ARTICLES):07d}"
        asks.append(Ask(story.system("kb-recommender"), opened + minutes(rng, 1, 30), "recommend",
                        str(kb), inc))
    if burst:
        asks.append(Ask(story.system("autoremediate"), opened + minutes(rng, 1, 3), "resolve",
                        "restart service", inc, wrong=True, confident=True))
    elif category in ("cloud", "database", "software", "network") and chance(rng, 0.26):
        asks.append(Ask(story.system("autoremediate"), opened + minutes(rng, 2, 60), "resolve",
                        rng.choice(REMEDIATIONS), inc))
    if inc.get("contact_type") in ("chat", "self-service") and chance(rng, 0.85):
        asks.append(Ask(story.system("virtual-agent"), opened + timedelta(seconds=rng.randint(2, 300)),
                        "respond", rng.choice(RESPONSES), inc))
    if month >= 4 and chance(rng, 0.1):
        asks.append(Ask(story.system("sentiment-monitor"), opened + minutes(rng, 5, 120), "other",
                        weighted(rng, [("negative", 3), ("neutral", 5), ("positive", 2)]), inc))
    if month >= 3 and chance(rng, 0.07):
        asks.append(Ask(story.system("copilot-summarizer"), opened + minutes(rng, 10, 600), "other",
                        "summary", inc))
    return asks


def decisions(rng: random.Random, incident_rows: list[Row], change_rows: list[Row]) -> list[Row]:
    """About 25,000 decisions, ordered by decided_at and numbered in that order."""
    asks: list[Ask] = []
    for inc in incident_rows:
        asks += _incident_asks(rng, inc)
    va = story.system("virtual-agent")
    for _ in range(story.CHAT_ONLY_DECISIONS):
        at = random_moment(rng, random_day(rng), business=0.6)
        asks.append(Ask(va, at, "respond", rng.choice(RESPONSES)))
    advisor = story.system("change-risk-advisor")
    for change in change_rows:
        if change["change_id"] == story.IAM_CHANGE_ID:
            continue  # it never went through change review: that is the point
        implemented = change["implemented_at"]
        assert isinstance(implemented, datetime)
        at = implemented - timedelta(days=rng.randint(1, 3), seconds=rng.randrange(8 * 3600))
        asks.append(Ask(advisor, at, "recommend", f"risk {change['risk']}"))
    made = [(ask.at, i, decide(rng, ask)) for i, ask in enumerate(asks) if story.START <= ask.at < story.END]
    made.sort(key=lambda t: (t[0], t[1]))
    rows = [{"decision_id": f"AID{n:07d}", **row} for n, (_, _, row) in enumerate(made, start=1)]
    _negative_latencies(rng, rows)
    return rows


def _negative_latencies(rng: random.Random, rows: list[Row]) -> None:
    """Two escalations whose escalated_at precedes decided_at: clock skew between systems."""
    timed = [r for r in rows if isinstance(r.get("escalated_at"), datetime)]
    for row in rng.sample(timed, 2):
        row["escalated_at"] = row["decided_at"] - minutes(rng, 2, 9)  # type: ignore[operator]
        row.pop("acknowledged_at", None)
