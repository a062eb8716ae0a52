-- Population: major incidents (major_incident or priority 1) resolved at least N days before as-of.
-- Numerator: a PIR completed by the as-of date (pir_evidence) with an owner-present pir_owner.
SELECT
    i.incident_id,
    i.opened_at,
    i.resolved_ts AS resolved_or_closed_at,
    i.priority,
    p.pir_completed_at,
    i.pir_owner,
    i.assignment_group,
    i.month,
    (p.pir_completed_at IS NOT NULL AND i.pir_owner_present) AS in_numerator
FROM incidents AS i
LEFT JOIN pir_evidence AS p ON p.incident_id = i.incident_id
WHERE i.is_major
  AND i.resolved_ts <= $as_of::TIMESTAMP - to_days($pir_grace_days::INTEGER)
