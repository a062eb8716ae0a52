-- Major incidents whose PIR is dated before their resolution: reported, not used.
SELECT count(*) AS negative_lead_time_incidents
FROM incidents
WHERE is_major AND pir_completed_at < resolved_ts
