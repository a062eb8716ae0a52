-- Escalations beside the takeover time: never taken over, and taken over "before" the decision
-- (acknowledged_at earlier than decided_at: a data-quality problem, not used).
SELECT
    count(*) FILTER (WHERE acknowledged_at IS NULL) AS escalations_not_taken_over,
    count(*) FILTER (WHERE takeover_min < 0)        AS negative_takeover_escalations
FROM decisions
WHERE is_escalated
