-- Population: major incidents (major_incident or priority 1) resolved at least N days before as-of.
-- Numerator: a completed PIR with an owner-present pir_owner.
SELECT
    incident_id,
    opened_at,
    resolved_ts AS resolved_or_closed_at,
    priority,
    pir_completed_at,
    pir_owner,
    assignment_group,
    month,
    (pir_completed_at IS NOT NULL AND pir_owner_present) AS in_numerator
FROM incidents
WHERE is_major
  AND resolved_ts <= $as_of::TIMESTAMP - to_days($pir_grace_days::INTEGER)
