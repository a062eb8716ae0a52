-- Rules that are judged at a point in time, declared once as macros so that the filter scope
-- (scope.sql, at the one as-of date of a query) and the accountability chain (answerable.who, at each
-- decision's own time) apply the same definition. Created on every session's cursor.
CREATE OR REPLACE TEMP MACRO is_controlled_at(access_scope, access_reviewed_at, credentials_rotated_at,
                                              as_of, review_days, rotation_days) AS
    coalesce(access_scope = 'least_privilege'
        AND access_reviewed_at >= as_of - to_days(review_days)
        AND credentials_rotated_at >= as_of - to_days(rotation_days),
        false);
