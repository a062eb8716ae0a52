-- Escalations that cannot be timed, shown beside the latency indicators.
SELECT
    count(*) FILTER (WHERE latency_min IS NULL) AS untimed_escalations,
    count(*) FILTER (WHERE latency_min < 0)     AS negative_latency_escalations
FROM decisions
WHERE is_escalated
