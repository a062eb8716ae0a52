-- Current CMDB items, status normalised.
SELECT
    utrim(ci_id)                                         AS ci_id,
    clean(owner)                             AS owner,
    last_verified_at,
    enum_key(status)  AS status,
    clean(ci_class)                          AS ci_class,
    _batch_id
FROM src_cmdb_items
