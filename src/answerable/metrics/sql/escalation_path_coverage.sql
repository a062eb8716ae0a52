-- Population: AI systems not retired. Numerator: an escalation_path that is not a placeholder.
SELECT
    ai_system,
    escalation_path,
    business_owner,
    status,
    (escalation_path IS NOT NULL
        AND NOT list_contains($placeholders, lower(escalation_path))) AS in_numerator
FROM systems
WHERE is_active
