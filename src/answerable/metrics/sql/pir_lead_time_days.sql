-- Population: major incidents with a resolution time and a PIR, lead time >= 0.
-- Measure: fractional days from resolution to pir_completed_at.
WITH timed AS (
    SELECT *, (epoch_us(pir_completed_at) - epoch_us(resolved_ts)) / 86400000000.0 AS lead_days
    FROM incidents
    WHERE is_major AND resolved_ts IS NOT NULL AND pir_completed_at IS NOT NULL
)
SELECT
    incident_id,
    resolved_ts AS resolved_or_closed_at,
    pir_completed_at,
    pir_owner,
    assignment_group,
    month,
    lead_days AS measure
FROM timed
WHERE lead_days >= 0
