-- Current changes, trimmed.
SELECT
    trim(change_id)                                     AS change_id,
    implemented_at,
    nullif(trim(cmdb_ci), '')                           AS cmdb_ci,
    nullif(trim(owner), '')                             AS owner,
    approved,
    communicated,
    CAST(date_trunc('month', implemented_at) AS DATE)   AS month,
    _batch_id
FROM src_changes
