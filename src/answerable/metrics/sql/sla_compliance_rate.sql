-- Population: incidents with a known made_sla. Numerator: made_sla true.
SELECT incident_id, opened_at, priority, assignment_group, month, made_sla AS in_numerator
FROM incidents
WHERE made_sla IS NOT NULL
