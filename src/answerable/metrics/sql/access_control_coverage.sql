-- Population: AI systems not retired. Numerator: identity controlled at the as-of date
-- (is_controlled is computed once, in the engine's scope, from the model's review/rotation days).
SELECT
    ai_system,
    identity,
    access_scope,
    access_reviewed_at,
    credentials_rotated_at,
    business_owner,
    is_controlled AS in_numerator
FROM systems
WHERE is_active
