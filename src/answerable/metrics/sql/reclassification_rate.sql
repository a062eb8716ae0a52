-- Population: incidents with both category and initial_category.
-- Numerator: the final category differs from the initial one.
SELECT
    incident_id,
    opened_at,
    initial_category,
    category,
    assignment_group,
    month,
    category <> initial_category AS in_numerator
FROM incidents
WHERE category IS NOT NULL AND initial_category IS NOT NULL
