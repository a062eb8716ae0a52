-- Population: incidents. Numerator: a non-empty caused_by_change.
SELECT incident_id, opened_at, caused_by_change, assignment_group, month,
    caused_by_change IS NOT NULL AS in_numerator
FROM incidents
