-- Population: incidents with a known reassignment_count. Measure: that count.
SELECT incident_id, opened_at, assignment_group, month, CAST(reassignment_count AS DOUBLE) AS measure
FROM incidents
WHERE reassignment_count IS NOT NULL
