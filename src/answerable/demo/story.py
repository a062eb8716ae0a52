"""The fictional organisation behind the demo data and the story its numbers tell (DESIGN §9).

Northwind Services runs IT for a mid-sized company. Over twelve months (2025-11-01 .. 2026-10-31) it
uses ten AI systems in service management, plus one nobody registered (shadow AI). On 2026-04-14 at
02:00 an unannounced IAM role rotation (CHG0042) breaks the automation accounts: a burst of 403
"access denied" incidents across teams, one of them a major incident with a thorough post-incident
review. The review starts an ownership programme: from month 7 (May 2026) unowned AI decisions and
unowned incidents drop clearly, and the smart-router's escalations, which waited hours for a human (or
were never taken over), are taken over as fast as the rest. The AutoRemediate identity keeps its broad
access throughout.

Everything here is data; generate.py and its helpers turn it into rows. See docs/demo-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ORGANISATION = "Northwind Services"
DEFAULT_SEED = 20251101
START = datetime(2025, 11, 1)
END = datetime(2026, 11, 1)  # exclusive
MONTHS = 12
PROGRAMME_MONTH = 7  # 1-based month from which the ownership programme shows (May 2026)

# Human takeover: smart-router escalates to Service Desk L2, whose queue nobody owned. Until the
# programme (month 7) a human took its escalations over only after hours, and about one in five never;
# from then on as fast as the other systems' (DESIGN §4 "Human takeover").
SLOW_TAKEOVER_SYSTEM = "smart-router"
SLOW_TAKEOVER_NEVER_AFTER_MIN = 36  # of the usual 1-45 min wait: the slowest fifth is never taken over
SLOW_TAKEOVER_FACTOR = 5  # the usual wait x 5 + 30 minutes (35 .. 210 min)
SLOW_TAKEOVER_OFFSET_MIN = 30

# Target volumes (DESIGN §9).
INCIDENTS = 6000
CHAT_ONLY_DECISIONS = 2600  # virtual-agent conversations that never became an incident
KNOWLEDGE_ARTICLES = 400
CMDB_ITEMS = 800
ROUTINE_CHANGES = 330

# The 02:00 IAM change and its burst of 403 incidents.
IAM_CHANGE_ID = "CHG0042"
IAM_CHANGE_AT = datetime(2026, 4, 14, 2, 0, 0)
IAM_CI = "CI00042"
IAM_BURST_INCIDENTS = 64
IAM_PIR_OWNER = "Dana Whitfield"
IAM_ROOT_CAUSE = (
    "CHG0042 (IAM role rotation) ran at 02:00 without approval or notice and replaced the roles of the "
    "automation service accounts; svc-autoremediate and the routing bots got 403 access denied on every "
    "call. Fix: restore role bindings, add automation accounts to the change impact check, require CAB "
    "approval and a comms notice for IAM changes, assign an accountable owner to every AI system."
)

GROUPS = (
    "Service Desk", "Network Operations", "Identity & Access", "Database Team",
    "Cloud Platform", "Workplace IT", "Application Support", "Security Operations",
)
GROUP_WEIGHTS = (22, 12, 10, 9, 14, 14, 13, 6)

# Category -> (subcategories, most likely groups).
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "network": (("vpn", "wifi", "dns", "firewall"), ("Network Operations", "Service Desk")),
    "hardware": (("laptop", "printer", "monitor", "dock"), ("Workplace IT", "Service Desk")),
    "software": (("install", "crash", "license", "update"), ("Application Support", "Workplace IT")),
    "access": (
        ("password reset", "access denied", "mfa", "account locked"), ("Identity & Access", "Service Desk")
    ),
    "database": (("performance", "replication", "backup", "connection"), ("Database Team", "Cloud Platform")),
    "email": (("mailbox", "delivery", "spam", "calendar"), ("Workplace IT", "Application Support")),
    "cloud": (("compute", "storage", "kubernetes", "cost alert"), ("Cloud Platform", "Application Support")),
    "security": (("phishing", "malware", "vulnerability", "alert"), ("Security Operations", "Service Desk")),
}
CATEGORY_WEIGHTS = (14, 16, 18, 16, 8, 10, 10, 8)

PRIORITY_WEIGHTS = ((1, 12), (2, 70), (3, 330), (4, 410), (5, 178))  # per mille
CONTACT_TYPES = (("phone", 25), ("email", 25), ("self-service", 30), ("monitoring", 15), ("chat", 5))

FIRST_NAMES = (
    "Amira", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kofi", "Lena",
    "Marta", "Nikhil", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor", "Wen", "Yara",
)
LAST_NAMES = (
    "Adeyemi", "Baker", "Costa", "Dubois", "Eriksen", "Fischer", "Gupta", "Hansen", "Ivanova", "Jensen",
    "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Santos", "Tanaka",
)

# Accountable owners of AI decisions and assignees of incidents that are not real people.
PLACEHOLDERS = ("unassigned", "TBD", "n/a", "unknown", "")


@dataclass(frozen=True)
class AISystem:
    """One inventory row, plus how the system behaves in the decision log."""

    name: str
    business_owner: str
    technical_owner: str
    risk_tier: str
    max_autonomy: str
    confidence_threshold: float | None
    escalation_path: str
    escalation_sla_minutes: float | None
    identity: str
    access_scope: str
    access_reviewed_at: str
    credentials_rotated_at: str
    status: str
    last_reviewed_at: str
    decision_type: str
    model_versions: tuple[str, ...]
    in_inventory: bool = True


SYSTEMS: tuple[AISystem, ...] = (
    AISystem("triage-assistant", "Grace Hansen", "Dev Gupta", "medium", "autonomous", 0.75,
             "Service Desk L2", 30, "svc-triage", "least_privilege", "2026-09-15 10:00:00",
             "2026-09-20 09:00:00", "approved", "2026-08-20 14:00:00", "classify", ("tri-2.3", "tri-2.4")),
    AISystem("smart-router", "Grace Hansen", "Jonas Eriksen", "medium", "autonomous", 0.7,
             "Service Desk L2", 30, "svc-router", "least_privilege", "2026-09-15 10:00:00",
             "2026-09-20 09:00:00", "approved", "2026-07-02 11:00:00", "route", ("rt-1.8",)),
    AISystem("priority-predictor", "Marta Rossi", "Nikhil Santos", "high", "human_approval", 0.8,
             "Major Incident Manager", 15, "svc-priority", "least_privilege", "2026-10-01 08:30:00",
             "2026-09-28 08:30:00", "approved", "2026-09-10 15:00:00", "prioritize", ("pp-0.9", "pp-1.0")),
    AISystem("autoremediate", "Tariq Okafor", "Pavel Petrov", "high", "autonomous", 0.85,
             "Cloud Platform on-call", 15, "svc-autoremediate", "broad", "2026-02-03 16:00:00",
             "2025-12-12 09:00:00", "approved", "2026-06-30 10:00:00", "resolve", ("ar-3.1", "ar-3.2")),
    AISystem("virtual-agent", "Chloe Baker", "Wen Tanaka", "low", "autonomous", 0.6,
             "Service Desk L1", 60, "svc-virtual-agent", "least_privilege", "2026-08-25 12:00:00",
             "2026-09-05 12:00:00", "approved", "2026-09-01 09:00:00", "respond", ("va-5.0", "va-5.1")),
    AISystem("kb-recommender", "Chloe Baker", "Elena Moreau", "low", "recommend_only", 0.5,
             "Knowledge Manager", 60, "svc-kb", "least_privilege", "2026-10-05 13:00:00",
             "2026-10-05 13:00:00", "approved", "2026-10-06 09:00:00", "recommend", ("kb-1.2",)),
    AISystem("change-risk-advisor", "Rosa Lindqvist", "", "medium", "recommend_only", 0.7,
             "Change Advisory Board", None, "svc-change-risk", "least_privilege", "2026-05-10 09:00:00",
             "2026-09-30 09:00:00", "approved", "2026-03-15 10:00:00", "recommend", ("cra-0.4",)),
    AISystem("sentiment-monitor", "Uma Fischer", "Kofi Adeyemi", "low", "human_approval", None,
             "", None, "svc-sentiment", "least_privilege", "2026-09-12 10:00:00",
             "2026-09-12 10:00:00", "pilot", "2026-09-12 10:00:00", "other", ("sm-0.2",)),
    AISystem("log-anomaly-detector", "Viktor Kowalski", "Sami Jensen", "high", "human_approval", 0.9,
             "Security Operations", 15, "svc-log-anomaly", "least_privilege", "2026-09-01 10:00:00",
             "2026-09-01 10:00:00", "approved", "2026-08-14 10:00:00", "prioritize", ("lad-2.0",)),
    AISystem("legacy-classifier", "Grace Hansen", "Dev Gupta", "medium", "autonomous", 0.7,
             "Service Desk L2", 30, "svc-legacy-ml", "least_privilege", "2025-06-01 10:00:00",
             "2025-06-01 10:00:00", "retired", "2025-10-15 10:00:00", "classify", ("lc-1.0",)),
    # Shadow AI: a summariser a team wired up on its own; it never reached the inventory.
    AISystem("copilot-summarizer", "", "", "", "", None, "", None, "svc-helpdesk-bot", "", "", "", "",
             "", "other", ("gpt-summ-2026-01",), in_inventory=False),
)


def system(name: str) -> AISystem:
    for s in SYSTEMS:
        if s.name == name:
            return s
    raise KeyError(name)


def phase_rate(month: int, before: float, after: float) -> float:
    """A rate that holds `before` in months 1-6 and `after` from the programme month on."""
    return before if month < PROGRAMME_MONTH else after
