"""Ownership & decision rights: who answers for each AI decision, and what the AI may decide alone."""

from answerable.ui import dimension_page

dimension_page.render(
    "Ownership & decision rights",
    "Does every AI decision and AI system have an accountable human owner, and do AI systems stay within "
    "the autonomy they were granted? The Inventory & visibility dimension (shadow AI, inventory reviews) "
    "is shown here too, because an AI system outside the inventory has no recorded owner.",
    ["ownership", "decision_rights", "inventory"],
)
