-- Major incidents whose PIR (as of the as-of date) is dated before their resolution: reported, not used.
SELECT count(*) AS negative_lead_time_incidents
FROM incidents AS i
JOIN pir_evidence AS p ON p.incident_id = i.incident_id
WHERE i.is_major AND p.pir_completed_at < i.resolved_ts
