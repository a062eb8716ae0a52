-- Population: autonomous AI decisions. Numerator: the decision needed a human.
WITH checked AS (
    SELECT
        *,
        NOT in_inventory                                    AS system_not_in_inventory,
        coalesce(system_status = 'retired', false)          AS system_retired,
        coalesce(system_max_autonomy, '') <> 'autonomous'   AS autonomy_not_allowed,
        coalesce(incident_priority <= 2, false)             AS high_priority_incident,
        is_low_confidence                                   AS low_confidence
    FROM decisions
    WHERE autonomy = 'autonomous'
)
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    incident_id,
    incident_priority,
    confidence,
    confidence_threshold,
    system_max_autonomy,
    concat_ws(', ',
        CASE WHEN system_not_in_inventory THEN 'system not in inventory' END,
        CASE WHEN system_retired THEN 'system retired' END,
        CASE WHEN autonomy_not_allowed AND in_inventory THEN 'max_autonomy below autonomous' END,
        CASE WHEN high_priority_incident THEN 'incident priority 1-2' END,
        CASE WHEN low_confidence THEN 'low confidence' END
    ) AS violations,
    assignment_group,
    month,
    (system_not_in_inventory OR system_retired OR autonomy_not_allowed
        OR high_priority_incident OR low_confidence) AS in_numerator
FROM checked
