-- Population: AI decisions. Numerator: overridden true.
SELECT decision_id, decided_at, ai_system, decision_type, override_reason, assignment_group, month,
    is_overridden AS in_numerator
FROM decisions
