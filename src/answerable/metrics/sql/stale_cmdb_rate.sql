-- Population: CMDB items not retired.
-- Numerator: never verified, or verified more than N days before as-of.
SELECT
    ci_id,
    ci_class,
    owner,
    status,
    last_verified_at,
    (last_verified_at IS NULL
        OR last_verified_at < $as_of::TIMESTAMP - to_days($cmdb_verify_days::INTEGER)) AS in_numerator
FROM cmdb
WHERE coalesce(status, '') <> 'retired'
