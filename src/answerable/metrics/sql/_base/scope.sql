-- The filter scope every indicator query starts with (DESIGN §4 filter table).
-- Filtered: incidents, decisions, systems, changes. Look-ups (all_*) and knowledge/CMDB never are.
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
all_systems AS (
    SELECT
        *,
        coalesce(access_scope = 'least_privilege'
            AND access_reviewed_at >= $as_of::TIMESTAMP - to_days($access_review_days::INTEGER)
            AND credentials_rotated_at >= $as_of::TIMESTAMP - to_days($credential_rotation_days::INTEGER),
            false) AS is_controlled
    FROM m_ai_systems
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
knowledge AS (SELECT * FROM m_knowledge_articles),
cmdb AS (SELECT * FROM m_cmdb_items)
