-- Population: AI decisions. Numerator: no owner-present accountable_owner.
SELECT
    decision_id,
    decided_at,
    ai_system,
    decision_type,
    incident_id,
    accountable_owner,
    assignment_group,
    month,
    NOT owner_present AS in_numerator
FROM decisions
