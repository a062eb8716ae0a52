-- Population: resolved incidents (resolved_at or closed_at present).
-- Numerator: assigned_to is not owner-present.
SELECT
    incident_id,
    opened_at,
    resolved_ts AS resolved_or_closed_at,
    assignment_group,
    assigned_to,
    month,
    NOT assignee_present AS in_numerator
FROM incidents
WHERE resolved_ts IS NOT NULL
