-- Population: AI decisions. Numerator: the system is absent from the inventory or retired in it.
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    CASE WHEN NOT in_inventory THEN 'not in inventory' ELSE system_status END AS inventory_status,
    assignment_group,
    month,
    (NOT in_inventory OR coalesce(system_status = 'retired', false)) AS in_numerator
FROM decisions
