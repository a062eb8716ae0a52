-- Population: published knowledge articles (status empty or published).
-- Numerator: never reviewed, reviewed more than N days before as-of, or valid_to before as-of.
SELECT
    article_id,
    owner,
    status,
    last_reviewed_at,
    valid_to,
    (last_reviewed_at IS NULL
        OR last_reviewed_at < $as_of::TIMESTAMP - to_days($knowledge_review_days::INTEGER)
        OR coalesce(valid_to < $as_of::TIMESTAMP, false)) AS in_numerator
FROM knowledge
WHERE coalesce(status, '') IN ('', 'published')
