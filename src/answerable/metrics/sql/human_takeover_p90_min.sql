-- Population: escalations taken over (escalated, acknowledged_at present, takeover >= 0).
-- Measure: fractional minutes from decided_at to acknowledged_at (a human took it over).
SELECT
    decision_id,
    decided_at,
    escalated_at,
    acknowledged_at,
    ai_system,
    decision_type,
    escalated_to,
    assignment_group,
    month,
    takeover_min AS measure
FROM decisions
WHERE is_escalated AND takeover_min >= 0
