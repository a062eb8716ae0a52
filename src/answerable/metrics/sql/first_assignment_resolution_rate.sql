-- Population: resolved incidents with a known reassignment_count. Numerator: never reassigned.
SELECT incident_id, opened_at, reassignment_count, assignment_group, month,
    reassignment_count = 0 AS in_numerator
FROM incidents
WHERE resolved_ts IS NOT NULL AND reassignment_count IS NOT NULL
