-- Every decision in the scope with what its chain needs from the look-ups, and WHO ANSWERS for it
-- (DESIGN §6 page 10): its accountable_owner when owner-present, else its system's business_owner
-- (inventory row of any status) when owner-present, else nobody. Declared here once; the chain, the
-- Unanswered list, the blast radius and the report all read it.
-- Also the decision's identity judged AT ITS OWN TIME for whole lists: the rule of
-- uncontrolled_identity_decision_rate (identity empty, unknown to the inventory of any status, or any
-- inventory row sharing it not controlled) with decided_at as the as-of date, through the one
-- point-in-time definition is_controlled_at (metrics/sql/_base/macros.sql). (A single chain evaluates the
-- indicator's own SQL with as_of = decided_at; tests/who check that the two agree.)
WITH system_dates AS (
    -- every loaded date of each system's access review and credential rotation (DESIGN §4 "Evidence at
    -- the as-of date": at a decision's time the latest date at or before it counts, a later one is none)
    SELECT
        record_key AS ai_system,
        list(done_at) FILTER (WHERE column_name = 'access_reviewed_at')     AS reviewed_dates,
        list(done_at) FILTER (WHERE column_name = 'credentials_rotated_at') AS rotated_dates
    FROM m_evidence
    WHERE dataset = 'ai_systems'
    GROUP BY record_key
),
identity_rows AS (
    SELECT
        s.identity,
        list({'scope': s.access_scope, 'reviewed': coalesce(e.reviewed_dates, []),
              'rotated': coalesce(e.rotated_dates, [])}) AS inventory_rows
    FROM all_systems AS s
    LEFT JOIN system_dates AS e ON e.ai_system = s.ai_system
    WHERE s.identity IS NOT NULL
    GROUP BY s.identity
)
SELECT
    d.*,
    s.business_owner,
    s.technical_owner,
    s.business_owner_present,
    s.escalation_path,
    s.identity AS system_identity,
    s.access_scope AS system_access_scope,
    s._batch_id AS system_batch_id,
    CASE WHEN d.owner_present THEN d.accountable_owner
         WHEN coalesce(s.business_owner_present, false) THEN s.business_owner END AS answer_name,
    CASE WHEN d.owner_present THEN 'accountable owner of the decision'
         WHEN coalesce(s.business_owner_present, false) THEN 'business owner of the AI system'
         ELSE 'nobody' END AS answer_role,
    CASE WHEN d.owner_present THEN 'ai_decisions.accountable_owner'
         WHEN coalesce(s.business_owner_present, false) THEN 'ai_systems.business_owner' END AS answer_source,
    -- minutes to an accountable human: decided_at -> the earliest of acknowledged_at and reviewed_at
    -- that is not before decided_at (fractional minutes)
    (epoch_us(least(
        CASE WHEN d.acknowledged_at >= d.decided_at THEN d.acknowledged_at END,
        CASE WHEN d.reviewed_at >= d.decided_at THEN d.reviewed_at END)) - epoch_us(d.decided_at))
        / 60000000.0 AS minutes_to_human,
    NOT coalesce(list_bool_and(list_transform(ir.inventory_rows, lambda r: is_controlled_at(
        r.scope,
        list_max(list_filter(r.reviewed, lambda x: x <= d.decided_at)),
        list_max(list_filter(r.rotated, lambda x: x <= d.decided_at)),
        d.decided_at, $access_review_days::INTEGER, $credential_rotation_days::INTEGER))), false)
        AS identity_uncontrolled_at_decision
FROM decisions AS d
LEFT JOIN all_systems AS s ON s.ai_system = d.ai_system
LEFT JOIN identity_rows AS ir ON ir.identity = d.identity
