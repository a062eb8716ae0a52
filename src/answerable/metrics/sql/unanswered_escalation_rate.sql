-- Population: due escalations: escalated decisions whose decided_at + SLA (the system's
-- escalation_sla_minutes, else the default) is at or before the as-of date.
-- Numerator: not taken over (no acknowledged_at).
SELECT
    decision_id,
    decided_at,
    escalated_at,
    escalated_to,
    sla_minutes,
    ai_system,
    decision_type,
    assignment_group,
    month,
    acknowledged_at IS NULL AS in_numerator
FROM decisions
WHERE is_escalated
  AND epoch_us(decided_at) + sla_minutes * 60000000.0 <= epoch_us($as_of::TIMESTAMP)
