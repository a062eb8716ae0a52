-- Dates of things done, from EVERY version of each record in the active (non-retracted) batches,
-- one row per (dataset, record, column, date). The scope (scope.sql) takes, per record and column,
-- the latest date at or before the as-of date (DESIGN §4 "Evidence at the as-of date"); this table
-- does not depend on the as-of date, so it is built once per data version like the others.
WITH active AS (SELECT batch_id FROM batches WHERE retracted_at IS NULL)
SELECT 'ai_systems' AS dataset, utrim(ai_system) AS record_key, 'access_reviewed_at' AS column_name,
    access_reviewed_at AS done_at
FROM rows_ai_systems
WHERE access_reviewed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
UNION ALL
SELECT 'ai_systems', utrim(ai_system), 'credentials_rotated_at', credentials_rotated_at
FROM rows_ai_systems
WHERE credentials_rotated_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
UNION ALL
SELECT 'ai_systems', utrim(ai_system), 'last_reviewed_at', last_reviewed_at
FROM rows_ai_systems
WHERE last_reviewed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
UNION ALL
SELECT 'knowledge_articles', utrim(article_id), 'last_reviewed_at', last_reviewed_at
FROM rows_knowledge_articles
WHERE last_reviewed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
UNION ALL
SELECT 'cmdb_items', utrim(ci_id), 'last_verified_at', last_verified_at
FROM rows_cmdb_items
WHERE last_verified_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
UNION ALL
SELECT 'incidents', utrim(incident_id), 'pir_completed_at', pir_completed_at
FROM rows_incidents
WHERE pir_completed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
