-- Population: AI decisions. Numerator: autonomy (normalised) is a valid autonomy level.
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    autonomy,
    assignment_group,
    month,
    coalesce(autonomy IN ('autonomous', 'human_approval', 'recommend_only'), false) AS in_numerator
FROM decisions
