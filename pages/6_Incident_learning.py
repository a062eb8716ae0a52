"""Incident learning: are incidents owned, reviewed and learned from, including change-induced ones?"""

from answerable.ui import dimension_page

dimension_page.render(
    "Incident learning",
    "Do major incidents get a post-incident review with an owner, quickly? Do incidents caused by changes "
    "trace back to approved and communicated changes?",
    [
        ("incident_learning", "Incident learning",
         ["pir_coverage", "pir_lead_time_days", "unannounced_change_incident_rate"]),
    ],
    context_ids=["incident_volume", "mtta_minutes", "mttr_median_hours", "mttr_mean_hours",
                 "sla_compliance_rate", "reopen_rate", "mean_reassignments",
                 "first_assignment_resolution_rate",
                 "change_induced_incident_rate"],
)
