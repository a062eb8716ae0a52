-- Population: major incidents with a resolution time and a PIR completed by the as-of date
-- (pir_evidence), lead time >= 0. Measure: fractional days from resolution to pir_completed_at.
WITH timed AS (
    SELECT i.*, p.pir_completed_at,
        (epoch_us(p.pir_completed_at) - epoch_us(i.resolved_ts)) / 86400000000.0 AS lead_days
    FROM incidents AS i
    JOIN pir_evidence AS p ON p.incident_id = i.incident_id
    WHERE i.is_major AND i.resolved_ts IS NOT NULL
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
