-- Population: AI systems not retired. Numerator: access_scope admin or broad.
SELECT
    ai_system,
    identity,
    access_scope,
    business_owner,
    coalesce(access_scope IN ('admin', 'broad'), false) AS in_numerator
FROM systems
WHERE is_active
