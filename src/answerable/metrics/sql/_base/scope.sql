-- The filter scope every indicator query starts with (DESIGN §4 filter table).
-- Filtered: incidents, decisions, systems, changes. Look-ups (all_*) and knowledge/CMDB never are.
-- Dates of things done (reviews, rotations, verifications, PIRs) are taken at the as-of date.
-- The assignment group filter reaches decisions through the linked incident; unlinked ones drop out.
WITH
incidents AS (
    SELECT * FROM m_incidents
    WHERE ($date_from IS NULL OR opened_at >= $date_from)
      AND ($date_to IS NULL OR opened_at < $date_to)
      AND ($assignment_group IS NULL OR assignment_group = $assignment_group)
),
decisions AS (
    SELECT * FROM m_ai_decisions
    WHERE ($date_from IS NULL OR decided_at >= $date_from)
      AND ($date_to IS NULL OR decided_at < $date_to)
      AND ($ai_system IS NULL OR ai_system = $ai_system)
      AND ($assignment_group IS NULL OR assignment_group = $assignment_group)
),
evidence AS (
    -- DESIGN §4 "Evidence at the as-of date": per record and column, the latest date of a thing done
    -- at or before the as-of date across every loaded version; a later date is no evidence.
    SELECT dataset, record_key, column_name, done_at
    FROM m_evidence
    -- (no as-of date: the latest date; written without 'infinity', which Spark has no timestamp for)
    WHERE ($as_of IS NULL OR done_at <= $as_of::TIMESTAMP)
      AND (next_done_at IS NULL OR ($as_of IS NOT NULL AND next_done_at > $as_of::TIMESTAMP))
),
system_evidence AS (
    SELECT
        record_key AS ai_system,
        max(done_at) FILTER (WHERE column_name = 'access_reviewed_at')     AS access_reviewed_at,
        max(done_at) FILTER (WHERE column_name = 'credentials_rotated_at') AS credentials_rotated_at,
        max(done_at) FILTER (WHERE column_name = 'last_reviewed_at')       AS last_reviewed_at
    FROM evidence
    WHERE dataset = 'ai_systems'
    GROUP BY record_key
),
systems_at_as_of AS (
    SELECT
        s.* REPLACE (
            e.access_reviewed_at AS access_reviewed_at,
            e.credentials_rotated_at AS credentials_rotated_at,
            e.last_reviewed_at AS last_reviewed_at
        )
    FROM m_ai_systems AS s
    LEFT JOIN system_evidence AS e ON e.ai_system = s.ai_system
),
all_systems AS (
    SELECT
        *,
        is_controlled_at(access_scope, access_reviewed_at, credentials_rotated_at, $as_of::TIMESTAMP,
            $access_review_days::INTEGER, $credential_rotation_days::INTEGER) AS is_controlled  -- macros.sql
    FROM systems_at_as_of
),
systems AS (
    SELECT * FROM all_systems
    WHERE ($ai_system IS NULL OR ai_system = $ai_system)
),
changes AS (
    SELECT * FROM m_changes
    WHERE ($date_from IS NULL OR implemented_at >= $date_from)
      AND ($date_to IS NULL OR implemented_at < $date_to)
),
all_changes AS (SELECT * FROM m_changes),
all_incidents AS (SELECT * FROM m_incidents),
pir_evidence AS (
    SELECT record_key AS incident_id, done_at AS pir_completed_at
    FROM evidence
    WHERE dataset = 'incidents' AND column_name = 'pir_completed_at'
),
knowledge AS (
    SELECT k.* REPLACE (e.done_at AS last_reviewed_at)
    FROM m_knowledge_articles AS k
    LEFT JOIN evidence AS e
        ON e.dataset = 'knowledge_articles' AND e.column_name = 'last_reviewed_at' AND e.record_key = k.article_id
),
cmdb AS (
    SELECT c.* REPLACE (e.done_at AS last_verified_at)
    FROM m_cmdb_items AS c
    LEFT JOIN evidence AS e
        ON e.dataset = 'cmdb_items' AND e.column_name = 'last_verified_at' AND e.record_key = c.ci_id
)
