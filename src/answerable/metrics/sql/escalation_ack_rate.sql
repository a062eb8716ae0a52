-- Population: escalated decisions. Numerator: a human acknowledged it (acknowledged_at present).
SELECT decision_id, decided_at, escalated_at, acknowledged_at, ai_system, decision_type,
    assignment_group, month, acknowledged_at IS NOT NULL AS in_numerator
FROM decisions
WHERE is_escalated
