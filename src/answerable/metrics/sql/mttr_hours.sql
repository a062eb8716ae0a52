-- Population: resolved incidents with a non-negative interval (shared by median and mean MTTR).
-- Measure: fractional hours from opened_at to resolved_at, else closed_at.
WITH timed AS (
    SELECT *, (epoch_us(resolved_ts) - epoch_us(opened_at)) / 3600000000.0 AS hours
    FROM incidents
    WHERE resolved_ts IS NOT NULL
)
SELECT incident_id, opened_at, resolved_ts AS resolved_or_closed_at, assignment_group, month,
    hours AS measure
FROM timed
WHERE hours >= 0
