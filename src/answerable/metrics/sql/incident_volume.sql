-- Population: incidents opened in the period. Value: their number.
SELECT incident_id, opened_at, state, priority, assignment_group, month
FROM incidents
