-- Share of the filtered incidents missing each field, in percent.
SELECT
    100.0 * count(*) FILTER (WHERE category IS NULL) / nullif(count(*), 0)         AS missing_category_pct,
    100.0 * count(*) FILTER (WHERE assignment_group IS NULL) / nullif(count(*), 0) AS missing_assignment_group_pct,
    100.0 * count(*) FILTER (WHERE priority IS NULL) / nullif(count(*), 0)         AS missing_priority_pct,
    100.0 * count(*) FILTER (WHERE cmdb_ci IS NULL) / nullif(count(*), 0)          AS missing_cmdb_ci_pct,
    100.0 * count(*) FILTER (WHERE resolved_at < opened_at) / nullif(count(*), 0)  AS resolved_before_opened_pct
FROM incidents
