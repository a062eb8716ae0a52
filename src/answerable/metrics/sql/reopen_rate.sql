-- Population: resolved incidents with a known reopen_count. Numerator: reopened at least once.
SELECT incident_id, opened_at, reopen_count, assignment_group, month, reopen_count > 0 AS in_numerator
FROM incidents
WHERE resolved_ts IS NOT NULL AND reopen_count IS NOT NULL
