"""Escalation: when the AI is unsure or wrong, how fast does a human take over?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Escalation",
    "When an AI system is unsure or wrong, does a human take over, and how fast? Latency is measured from "
    "the decision to its escalation, in minutes, against each system's escalation SLA.",
    ["escalation"],
)
