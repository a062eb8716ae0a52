"""The declared indicators: DESIGN §4 accountability indicators (in order), then context metrics.

Wording rules used in definitions: "owner-present" = non-empty after trimming and not a placeholder
(unassigned, none, n/a, null, -, ?, unknown, tbd; configurable in the model); "as-of" = the period's
`to` when given, else the latest opened_at / decided_at in the current data; "AI systems" = inventory
rows whose status is not retired; enumerations compare after lower-casing and turning spaces and
hyphens into underscores.
"""

from __future__ import annotations

from answerable.metrics.registry import Spec

DEC, INC, SYS = "ai_decisions", "incidents", "ai_systems"

ACCOUNTABILITY: list[Spec] = [
    Spec("unowned_decision_rate", "Unowned AI decisions",
         """Share of AI decisions whose accountable_owner is not owner-present (empty, blank or a
         placeholder such as "TBD").""",
         "lower", "%", DEC, "rate", "AI decisions", needs=((DEC, "accountable_owner"),)),
    Spec("ai_system_owner_coverage", "AI systems with both owners",
         """Share of AI systems (inventory rows not retired) whose business_owner and technical_owner
         are both owner-present.""",
         "higher", "%", SYS, "rate", "AI systems",
         needs=((SYS, "business_owner"), (SYS, "technical_owner"))),
    Spec("unowned_incident_rate", "Unowned resolved incidents",
         """Share of resolved incidents (resolved_at or closed_at present) whose assigned_to is not
         owner-present.""",
         "lower", "%", INC, "rate", "resolved incidents", needs=((INC, "assigned_to"),)),
    Spec("autonomy_defined_rate", "Decisions with a defined autonomy",
         """Share of AI decisions whose autonomy, once normalised, is one of autonomous, human_approval
         or recommend_only ("Human approval" counts; an empty or unknown value does not).""",
         "higher", "%", DEC, "rate", "AI decisions", needs=((DEC, "autonomy"),)),
    Spec("decision_rights_violation_rate", "Autonomous decisions that needed a human",
         """Of the autonomous AI decisions, the share that needed a human: the system is absent from
         the inventory or retired in it, or its max_autonomy is missing, unrecognised or lower than
         autonomous, or the linked incident's priority is 1 or 2, or the confidence is low (below the
         system's confidence_threshold, else the model default 0.7; a missing confidence is not
         low). Decisions without a linked incident are judged on the other conditions.""",
         "lower", "%", DEC, "rate", "autonomous AI decisions", requires=(SYS,),
         needs=((DEC, "autonomy"),), lookups=(INC,)),
    Spec("low_confidence_review_rate", "Low-confidence decisions reviewed",
         """Of the low-confidence AI decisions (confidence below the system's confidence_threshold, else
         0.7), the share that a human reviewed (reviewed_by owner-present or reviewed_at present),
         overrode, or that was escalated (escalated true or escalated_at present, timed or not).""",
         "higher", "%", DEC, "rate", "low-confidence AI decisions", needs=((DEC, "confidence"),),
         lookups=(SYS,)),
    Spec("escalation_latency_p90_min", "Escalation latency (p90)",
         """90th percentile (continuous, linear interpolation) of the minutes from decided_at to
         escalated_at, in fractional minutes, over escalated decisions with both timestamps and a
         latency of zero or more. Negative and untimed escalations are shown beside, not used.""",
         "lower", "min", DEC, "p90", "timed escalations", needs=((DEC, "escalated_at"),),
         extra_file="_extra/escalation_timing.sql"),
    Spec("late_escalation_rate", "Late escalations",
         """Of the timed escalations (escalated decisions with decided_at and escalated_at and a
         latency of zero or more), the share whose latency in fractional minutes exceeds the
         decision's SLA: its system's escalation_sla_minutes, else 30. Untimed and negative-latency
         escalations are counted beside, not used.""",
         "lower", "%", DEC, "rate", "timed escalations", needs=((DEC, "escalated_at"),), lookups=(SYS,),
         extra_file="_extra/escalation_timing.sql"),
    Spec("missed_escalation_rate", "Incorrect decisions nobody caught",
         """Of the AI decisions with outcome incorrect, the share that were never escalated, overridden
         or reviewed.""",
         "lower", "%", DEC, "rate", "incorrect AI decisions", needs=((DEC, "outcome"),)),
    Spec("escalation_path_coverage", "AI systems with an escalation path",
         """Share of AI systems (not retired) whose escalation_path is non-empty and not a placeholder
         such as "TBD".""",
         "higher", "%", SYS, "rate", "AI systems", needs=((SYS, "escalation_path"),)),
    Spec("access_control_coverage", "AI systems with controlled identities",
         """Share of AI systems (not retired) whose identity is controlled: access_scope is
         least_privilege AND access_reviewed_at and credentials_rotated_at are both no more than 90
         days before the as-of date (full interval; a missing date fails).""",
         "higher", "%", SYS, "rate", "AI systems", needs=((SYS, "access_scope"),)),
    Spec("uncontrolled_identity_decision_rate", "Decisions under uncontrolled identities",
         """Share of AI decisions whose identity is empty, matches no inventory identity (of any
         status), or matches an identity that is not controlled (see access_control_coverage; when
         several inventory rows share the identity, all of them must be controlled).""",
         "lower", "%", DEC, "rate", "AI decisions", requires=(SYS,), needs=((DEC, "identity"),)),
    Spec("privileged_ai_identity_rate", "AI systems with privileged access",
         """Share of AI systems (not retired) whose access_scope is admin or broad.""",
         "lower", "%", SYS, "rate", "AI systems", needs=((SYS, "access_scope"),)),
    Spec("incident_data_gap_rate", "Incidents with data gaps",
         """Share of incidents missing category, assignment_group, priority or cmdb_ci, or with
         resolved_at earlier than opened_at. The share missing per field is shown beside.""",
         "lower", "%", INC, "rate", "incidents", extra_file="_extra/incident_data_gaps.sql"),
    Spec("ai_misclassification_rate", "AI classifications that disagree with the final record",
         """Of the classify decisions linked to an incident that has a category, the share whose
         decision_value differs (exact after trimming; an empty value differs) from the incident's
         final category. This measures disagreement with the final record, not proven error: the
         final category may itself be the AI's.""",
         "lower", "%", DEC, "rate", "classify decisions with a categorised incident",
         requires=(INC,), needs=((DEC, "decision_value"), (INC, "category"))),
    Spec("reclassification_rate", "Reclassified incidents",
         """Of the incidents with both a category and an initial_category, the share whose final
         category differs from the initial one (exact after trimming).""",
         "lower", "%", INC, "rate", "incidents with both categories",
         needs=((INC, "initial_category"), (INC, "category"))),
    Spec("stale_knowledge_rate", "Stale knowledge articles",
         """Of the published knowledge articles (status empty or published), the share with no review
         date, a last_reviewed_at more than 365 days before the as-of date, or a valid_to before the
         as-of date.""",
         "lower", "%", "knowledge_articles", "rate", "published knowledge articles"),
    Spec("stale_cmdb_rate", "Stale CMDB items",
         """Of the CMDB items whose status is not retired, the share never verified or with a
         last_verified_at more than 90 days before the as-of date. Shown beside: the share of the
         filtered incidents with a cmdb_ci whose cmdb_ci is unknown to the CMDB.""",
         "lower", "%", "cmdb_items", "rate", "CMDB items", lookups=(INC,),
         extra_file="_extra/unknown_cmdb_ci.sql"),
    Spec("pir_coverage", "Major incidents with a post-incident review",
         """Of the major incidents (major_incident true, or priority 1) resolved (resolved_at, else
         closed_at) at least 10 days before the as-of date, the share with a pir_completed_at and an
         owner-present pir_owner.""",
         "higher", "%", INC, "rate", "major incidents resolved 10+ days ago",
         needs=((INC, "pir_completed_at"),)),
    Spec("pir_lead_time_days", "Post-incident review lead time (median)",
         """Median (continuous) of the fractional days from resolution (resolved_at, else closed_at)
         to pir_completed_at, over major incidents (major_incident true, or priority 1) with both.
         Negative lead times are counted beside, not used.""",
         "lower", "days", INC, "median", "major incidents with a review", needs=((INC, "pir_completed_at"),),
         extra_file="_extra/pir_negative.sql"),
    Spec("unannounced_change_incident_rate", "Incidents caused by unannounced changes",
         """Of the incidents with a non-empty caused_by_change, the share whose change is absent from
         the changes dataset, or whose change's approved or communicated is not true (missing counts
         as not true). The change look-up is never filtered.""",
         "lower", "%", INC, "rate", "change-caused incidents", requires=("changes",),
         needs=((INC, "caused_by_change"),)),
    Spec("shadow_ai_rate", "Decisions by shadow AI",
         """Share of AI decisions whose ai_system is absent from the inventory or retired in it.""",
         "lower", "%", DEC, "rate", "AI decisions", requires=(SYS,)),
    Spec("inventory_review_rate", "AI systems reviewed in the last 180 days",
         """Share of AI systems (not retired) whose last_reviewed_at is no more than 180 days before
         the as-of date (full interval; never reviewed fails).""",
         "higher", "%", SYS, "rate", "AI systems", needs=((SYS, "last_reviewed_at"),)),
]

CONTEXT: list[Spec] = [
    Spec("incident_volume", "Incident volume",
         """Number of incidents opened in the period (after the assignment group filter). Fewer is
         read as better only in the sense that less disruption reached the service desk.""",
         "lower", "count", INC, "count", "incidents"),
    Spec("mtta_minutes", "Mean time to acknowledge",
         """Mean of the fractional minutes from opened_at to acknowledged_at, over incidents with
         both and a non-negative interval.""",
         "lower", "min", INC, "mean", "acknowledged incidents", needs=((INC, "acknowledged_at"),)),
    Spec("mttr_median_hours", "Time to resolve (median)",
         """Median (continuous) of the fractional hours from opened_at to resolution (resolved_at,
         else closed_at), over resolved incidents with a non-negative interval.""",
         "lower", "hours", INC, "median", "resolved incidents", sql_file="mttr_hours.sql"),
    Spec("mttr_mean_hours", "Time to resolve (mean)",
         """Mean of the fractional hours from opened_at to resolution (resolved_at, else closed_at),
         over resolved incidents with a non-negative interval.""",
         "lower", "hours", INC, "mean", "resolved incidents", sql_file="mttr_hours.sql"),
    Spec("sla_compliance_rate", "SLA compliance",
         """Share of incidents with made_sla true, over incidents where made_sla is known.""",
         "higher", "%", INC, "rate", "incidents with a known SLA result", needs=((INC, "made_sla"),)),
    Spec("reopen_rate", "Reopen rate",
         """Share of resolved incidents with reopen_count above zero, over resolved incidents where
         reopen_count is known.""",
         "lower", "%", INC, "rate", "resolved incidents with a reopen count", needs=((INC, "reopen_count"),)),
    Spec("mean_reassignments", "Mean reassignments",
         """Mean reassignment_count over incidents where it is known.""",
         "lower", "count", INC, "mean", "incidents with a reassignment count",
         needs=((INC, "reassignment_count"),)),
    Spec("first_assignment_resolution_rate", "First-assignment resolution",
         """Share of resolved incidents with reassignment_count zero, over resolved incidents where
         reassignment_count is known.""",
         "higher", "%", INC, "rate", "resolved incidents with a reassignment count",
         needs=((INC, "reassignment_count"),)),
    Spec("ai_auto_resolution_rate", "AI auto-resolution",
         """Of the AI decisions of type resolve, the share taken autonomously (autonomy autonomous) and
         neither overridden nor escalated.""",
         "higher", "%", DEC, "rate", "resolve decisions", needs=((DEC, "decision_type"),)),
    Spec("ai_accuracy_rate", "AI accuracy",
         """Share of AI decisions with outcome correct, over decisions with a known outcome (correct or
         incorrect).""",
         "higher", "%", DEC, "rate", "AI decisions with a known outcome", needs=((DEC, "outcome"),)),
    Spec("override_rate", "Override rate",
         """Share of AI decisions a human overrode (overridden true).""",
         "lower", "%", DEC, "rate", "AI decisions", needs=((DEC, "overridden"),)),
    Spec("escalation_ack_rate", "Escalation acknowledgement",
         """Share of escalated AI decisions (escalated true or escalated_at present) with an
         acknowledged_at (a human took it over).""",
         "higher", "%", DEC, "rate", "escalated AI decisions", needs=((DEC, "acknowledged_at"),)),
    Spec("change_induced_incident_rate", "Change-induced incidents",
         """Share of incidents with a non-empty caused_by_change.""",
         "lower", "%", INC, "rate", "incidents", needs=((INC, "caused_by_change"),)),
]
