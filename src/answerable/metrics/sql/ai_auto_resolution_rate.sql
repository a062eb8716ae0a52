-- Population: resolve decisions. Numerator: autonomous, not overridden, not escalated.
SELECT decision_id, decided_at, ai_system, decision_type, incident_id, autonomy, assignment_group, month,
    (coalesce(autonomy = 'autonomous', false) AND NOT is_overridden AND NOT is_escalated) AS in_numerator
FROM decisions
WHERE decision_type = 'resolve'
