-- Current knowledge articles, status normalised.
SELECT
    utrim(article_id)                                    AS article_id,
    clean(owner)                             AS owner,
    last_reviewed_at,
    enum_key(status)  AS status,
    valid_to,
    _batch_id
FROM src_knowledge_articles
