-- Population: decisions with a known outcome (correct or incorrect). Numerator: correct.
SELECT decision_id, decided_at, ai_system, decision_type, outcome, assignment_group, month,
    outcome = 'correct' AS in_numerator
FROM decisions
WHERE outcome IN ('correct', 'incorrect')
