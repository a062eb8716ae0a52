"""Ownership & decision rights: who answers for each AI decision, and what the AI may decide alone."""

from answerable.ui import dimension_page

dimension_page.render(
    "Ownership & decision rights",
    "Does every AI decision and AI system have an accountable human owner, and do AI systems stay within "
    "the autonomy they were granted? The Inventory & visibility dimension (shadow AI, inventory reviews) "
    "is shown here too, because an AI system outside the inventory has no recorded owner.",
    [
        ("ownership", "Ownership",
         ["unowned_decision_rate", "ai_system_owner_coverage", "unowned_incident_rate"]),
        ("decision_rights", "Decision rights & oversight",
         ["autonomy_defined_rate", "decision_rights_violation_rate", "low_confidence_review_rate"]),
        ("inventory", "Inventory & visibility", ["shadow_ai_rate", "inventory_review_rate"]),
    ],
    context_ids=["ai_auto_resolution_rate", "ai_accuracy_rate", "override_rate"],
)
