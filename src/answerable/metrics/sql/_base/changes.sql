-- Current changes, trimmed.
SELECT
    utrim(change_id)                                     AS change_id,
    implemented_at,
    clean(cmdb_ci)                           AS cmdb_ci,
    clean(owner)                             AS owner,
    approved,
    communicated,
    CAST(date_trunc('month', implemented_at) AS DATE)   AS month,
    _batch_id
FROM src_changes
