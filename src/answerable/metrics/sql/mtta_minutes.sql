-- Population: acknowledged incidents with a non-negative interval.
-- Measure: fractional minutes from opened_at to acknowledged_at.
WITH timed AS (
    SELECT *, (epoch_us(acknowledged_at) - epoch_us(opened_at)) / 60000000.0 AS minutes
    FROM incidents
    WHERE acknowledged_at IS NOT NULL
)
SELECT incident_id, opened_at, acknowledged_at, assignment_group, month, minutes AS measure
FROM timed
WHERE minutes >= 0
