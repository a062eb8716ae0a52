-- Population: incidents with a caused_by_change.
-- Numerator: change unknown, or its approved / communicated is not true. Look-up never filtered.
SELECT
    i.incident_id,
    i.opened_at,
    i.caused_by_change,
    c.approved AS change_approved,
    c.communicated AS change_communicated,
    i.assignment_group,
    i.month,
    (c.change_id IS NULL OR NOT coalesce(c.approved, false) OR NOT coalesce(c.communicated, false))
        AS in_numerator
FROM incidents AS i
LEFT JOIN all_changes AS c ON c.change_id = i.caused_by_change
WHERE i.caused_by_change IS NOT NULL
