-- Population: timed escalations (escalated, both timestamps, latency >= 0).
-- Numerator: latency above the decision's SLA (system escalation_sla_minutes, else the default).
SELECT
    decision_id,
    decided_at,
    escalated_at,
    ai_system,
    decision_type,
    round(latency_min, 2) AS latency_min,
    sla_minutes,
    assignment_group,
    month,
    latency_min > sla_minutes AS in_numerator
FROM decisions
WHERE is_escalated AND latency_min >= 0
