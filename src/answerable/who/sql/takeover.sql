-- Human takeover of escalated decisions (DESIGN §4, second edition): taken over when acknowledged_at
-- is present; takeover minutes = acknowledged_at - decided_at when >= 0; due when decided_at + the
-- decision's SLA <= as-of; due and not taken over = unanswered (in_numerator).
-- Stand-in until the registry carries unanswered_escalation_rate / human_takeover_p90_min (issue 13):
-- answerable.who.rules uses the registry's population when it exists, this file only otherwise.
SELECT
    decision_id,
    decided_at,
    ai_system,
    escalated_to,
    acknowledged_at,
    acknowledged_at IS NOT NULL AS taken_over,
    CASE WHEN acknowledged_at >= decided_at
         THEN (epoch_us(acknowledged_at) - epoch_us(decided_at)) / 60000000.0 END AS measure,
    decided_at + to_microseconds(CAST(sla_minutes * 60000000 AS BIGINT)) <= $as_of::TIMESTAMP AS is_due,
    assignment_group,
    month,
    (decided_at + to_microseconds(CAST(sla_minutes * 60000000 AS BIGINT)) <= $as_of::TIMESTAMP
        AND acknowledged_at IS NULL) AS in_numerator
FROM decisions
WHERE is_escalated
