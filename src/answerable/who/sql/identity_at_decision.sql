-- Decisions under an uncontrolled identity AT THEIR OWN TIME: the rule of
-- uncontrolled_identity_decision_rate (identity empty, unknown to the inventory of any status, or any
-- inventory row sharing it not controlled) with the as-of date taken per decision (decided_at), via the
-- one point-in-time definition is_controlled_at (metrics/sql/_base/macros.sql).
SELECT
    d.decision_id,
    NOT coalesce((
        SELECT bool_and(is_controlled_at(s.access_scope, s.access_reviewed_at, s.credentials_rotated_at,
                                         d.decided_at, $access_review_days::INTEGER,
                                         $credential_rotation_days::INTEGER))
        FROM all_systems AS s
        WHERE s.identity = d.identity
    ), false) AS in_numerator
FROM decisions AS d
