-- Population: AI decisions. Numerator: identity empty, unknown to the inventory (any status),
-- or known but not controlled (every inventory row sharing it must be controlled).
WITH identity_control AS (
    SELECT identity, bool_and(is_controlled) AS controlled
    FROM all_systems
    WHERE identity IS NOT NULL
    GROUP BY identity
)
SELECT
    d.decision_id,
    d.decided_at,
    d.ai_system,
    d.decision_type,
    d.identity,
    CASE
        WHEN d.identity IS NULL THEN 'no identity'
        WHEN c.identity IS NULL THEN 'identity not in inventory'
        WHEN NOT c.controlled THEN 'identity not controlled'
    END AS problem,
    d.assignment_group,
    d.month,
    NOT coalesce(c.controlled, false) AS in_numerator
FROM decisions AS d
LEFT JOIN identity_control AS c ON c.identity = d.identity
