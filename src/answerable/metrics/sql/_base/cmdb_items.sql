-- Current CMDB items, status normalised.
SELECT
    trim(ci_id)                                         AS ci_id,
    nullif(trim(owner), '')                             AS owner,
    last_verified_at,
    replace(replace(lower(trim(status)), ' ', '_'), '-', '_')  AS status,
    nullif(trim(ci_class), '')                          AS ci_class,
    _batch_id
FROM src_cmdb_items
