-- Population: AI decisions with outcome incorrect.
-- Numerator: never escalated, overridden or reviewed.
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    incident_id,
    decision_value,
    assignment_group,
    month,
    NOT (is_escalated OR is_overridden OR is_reviewed) AS in_numerator
FROM decisions
WHERE outcome = 'incorrect'
