-- Population: AI systems not retired. Numerator: reviewed no more than N days before as-of.
SELECT
    ai_system,
    business_owner,
    status,
    last_reviewed_at,
    coalesce(last_reviewed_at >= $as_of::TIMESTAMP - to_days($inventory_review_days::INTEGER), false)
        AS in_numerator
FROM systems
WHERE is_active
