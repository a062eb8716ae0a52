-- Population: classify decisions linked to an incident that has a final category.
-- Numerator: decision_value differs from that category (exact after trimming).
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    incident_id,
    decision_value,
    incident_category,
    assignment_group,
    month,
    decision_value IS DISTINCT FROM incident_category AS in_numerator
FROM decisions
WHERE decision_type = 'classify' AND incident_category IS NOT NULL
