-- Dates of things done, from EVERY version of each record in the active (non-retracted) batches:
-- one row per distinct (dataset, record, column, date), with the record's next later date of that
-- column. The scope (scope.sql) keeps, per record and column, the row whose date is at or before the
-- as-of date and whose next date is not (DESIGN §4 "Evidence at the as-of date") -- a filter, no
-- aggregation. This table does not depend on the as-of date, so it is built once per data version.
WITH active AS (SELECT batch_id FROM batches WHERE retracted_at IS NULL),
dated AS (
    -- the inventory's three dates in one pass: UNPIVOT (standard form, as Spark reads it) drops NULLs
    SELECT 'ai_systems' AS dataset, utrim(ai_system) AS record_key, column_name, done_at
    FROM (
        SELECT ai_system, access_reviewed_at, credentials_rotated_at, last_reviewed_at
        FROM rows_ai_systems
        WHERE _batch_id IN (SELECT batch_id FROM active)
    ) UNPIVOT (done_at FOR column_name IN (access_reviewed_at, credentials_rotated_at, last_reviewed_at))
    UNION
    SELECT 'knowledge_articles', utrim(article_id), 'last_reviewed_at', last_reviewed_at
    FROM rows_knowledge_articles
    WHERE last_reviewed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
    UNION
    SELECT 'cmdb_items', utrim(ci_id), 'last_verified_at', last_verified_at
    FROM rows_cmdb_items
    WHERE last_verified_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
    UNION
    SELECT 'incidents', utrim(incident_id), 'pir_completed_at', pir_completed_at
    FROM rows_incidents
    WHERE pir_completed_at IS NOT NULL AND _batch_id IN (SELECT batch_id FROM active)
)
SELECT
    dataset,
    record_key,
    column_name,
    done_at,
    lead(done_at) OVER (PARTITION BY dataset, record_key, column_name ORDER BY done_at) AS next_done_at
FROM dated
ORDER BY dataset, column_name
