-- Current AI inventory, one row per trimmed ai_system, enumerations normalised
-- (lower case, spaces and hyphens -> underscores). All statuses are kept: "AI systems" in the
-- inventory indicators means is_active (status not retired); decision look-ups match any status.
SELECT
    trim(ai_system)                                     AS ai_system,
    nullif(trim(business_owner), '')                    AS business_owner,
    nullif(trim(technical_owner), '')                   AS technical_owner,
    (nullif(trim(business_owner), '') IS NOT NULL
        AND NOT list_contains($placeholders, lower(trim(business_owner))))  AS business_owner_present,
    (nullif(trim(technical_owner), '') IS NOT NULL
        AND NOT list_contains($placeholders, lower(trim(technical_owner)))) AS technical_owner_present,
    replace(replace(lower(trim(risk_tier)), ' ', '_'), '-', '_')     AS risk_tier,
    replace(replace(lower(trim(max_autonomy)), ' ', '_'), '-', '_')  AS max_autonomy,
    confidence_threshold,
    nullif(trim(escalation_path), '')                   AS escalation_path,
    escalation_sla_minutes,
    nullif(trim(identity), '')                          AS identity,
    replace(replace(lower(trim(access_scope)), ' ', '_'), '-', '_')  AS access_scope,
    access_reviewed_at,
    credentials_rotated_at,
    replace(replace(lower(trim(status)), ' ', '_'), '-', '_')        AS status,
    coalesce(replace(replace(lower(trim(status)), ' ', '_'), '-', '_'), '') <> 'retired' AS is_active,
    last_reviewed_at,
    _batch_id
FROM src_ai_systems
QUALIFY row_number() OVER (PARTITION BY trim(ai_system) ORDER BY _batch_id DESC, _line DESC) = 1
