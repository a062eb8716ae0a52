-- Share of the filtered incidents missing each checked field, in percent (NULL: not checked, the
-- export does not supply it). The engine names the fields it could not check.
SELECT
    CASE WHEN list_contains($gap_fields, 'category') THEN
        100.0 * count(*) FILTER (WHERE category IS NULL) / nullif(count(*), 0) END         AS missing_category_pct,
    CASE WHEN list_contains($gap_fields, 'assignment_group') THEN
        100.0 * count(*) FILTER (WHERE assignment_group IS NULL) / nullif(count(*), 0) END AS missing_assignment_group_pct,
    CASE WHEN list_contains($gap_fields, 'priority') THEN
        100.0 * count(*) FILTER (WHERE priority IS NULL) / nullif(count(*), 0) END         AS missing_priority_pct,
    CASE WHEN list_contains($gap_fields, 'cmdb_ci') THEN
        100.0 * count(*) FILTER (WHERE cmdb_ci IS NULL) / nullif(count(*), 0) END          AS missing_cmdb_ci_pct,
    CASE WHEN list_contains($gap_fields, 'resolved_at') THEN
        100.0 * count(*) FILTER (WHERE resolved_at < opened_at) / nullif(count(*), 0) END  AS resolved_before_opened_pct
FROM incidents
