-- Population: incidents. Numerator: a checked field missing, or resolved before opened.
-- Only the fields the incident export supplies are checked ($gap_fields, from the batch lineage);
-- the others are named beside the figure (_extra/incident_data_gaps.sql).
SELECT
    incident_id,
    opened_at,
    resolved_at,
    category,
    assignment_group,
    priority,
    cmdb_ci,
    month,
    (   (list_contains($gap_fields, 'category') AND category IS NULL)
     OR (list_contains($gap_fields, 'assignment_group') AND assignment_group IS NULL)
     OR (list_contains($gap_fields, 'priority') AND priority IS NULL)
     OR (list_contains($gap_fields, 'cmdb_ci') AND cmdb_ci IS NULL)
     OR (list_contains($gap_fields, 'resolved_at') AND coalesce(resolved_at < opened_at, false))
    ) AS in_numerator
FROM incidents
