-- Population: incidents. Numerator: a field missing, or resolved before opened.
SELECT
    incident_id,
    opened_at,
    resolved_at,
    category,
    assignment_group,
    priority,
    cmdb_ci,
    month,
    (category IS NULL OR assignment_group IS NULL OR priority IS NULL OR cmdb_ci IS NULL
        OR coalesce(resolved_at < opened_at, false)) AS in_numerator
FROM incidents
