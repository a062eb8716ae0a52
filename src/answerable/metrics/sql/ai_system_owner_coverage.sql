-- Population: AI systems not retired. Numerator: business and technical owner both owner-present.
SELECT
    ai_system,
    business_owner,
    technical_owner,
    status,
    business_owner_present AND technical_owner_present AS in_numerator
FROM systems
WHERE is_active
