-- Filtered incidents whose cmdb_ci is unknown to the CMDB (any status), beside stale_cmdb_rate.
SELECT
    count(*) FILTER (WHERE c.ci_id IS NULL)                          AS incidents_with_unknown_ci,
    count(*)                                                         AS incidents_with_ci,
    100.0 * count(*) FILTER (WHERE c.ci_id IS NULL) / nullif(count(*), 0) AS unknown_ci_incident_pct
FROM incidents AS i
LEFT JOIN (SELECT DISTINCT ci_id FROM cmdb) AS c ON c.ci_id = i.cmdb_ci
WHERE i.cmdb_ci IS NOT NULL
