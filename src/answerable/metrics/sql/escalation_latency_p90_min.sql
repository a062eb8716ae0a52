-- Population: timed escalations (escalated, both timestamps, latency >= 0).
-- Measure: fractional minutes from decided_at to escalated_at.
SELECT
    decision_id,
    decided_at,
    escalated_at,
    ai_system,
    decision_type,
    escalated_to,
    assignment_group,
    month,
    latency_min AS measure
FROM decisions
WHERE is_escalated AND latency_min >= 0
