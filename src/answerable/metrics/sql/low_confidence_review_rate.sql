-- Population: low-confidence AI decisions (a missing confidence is not low).
-- Numerator: reviewed, overridden or escalated (timed or not).
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    confidence,
    confidence_threshold,
    reviewed_by,
    reviewed_at,
    is_overridden AS overridden,
    is_escalated AS escalated,
    assignment_group,
    month,
    (is_reviewed OR is_overridden OR is_escalated) AS in_numerator
FROM decisions
WHERE is_low_confidence
