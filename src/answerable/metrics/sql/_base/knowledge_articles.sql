-- Current knowledge articles, status normalised.
SELECT
    trim(article_id)                                    AS article_id,
    nullif(trim(owner), '')                             AS owner,
    last_reviewed_at,
    replace(replace(lower(trim(status)), ' ', '_'), '-', '_')  AS status,
    valid_to,
    _batch_id
FROM src_knowledge_articles
