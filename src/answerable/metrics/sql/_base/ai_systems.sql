-- Current AI inventory, one row per trimmed ai_system, enumerations normalised
-- (lower case, spaces and hyphens -> underscores). All statuses are kept: "AI systems" in the
-- inventory indicators means is_active (status not retired); decision look-ups match any status.
SELECT
    utrim(ai_system)                                     AS ai_system,
    clean(business_owner)                    AS business_owner,
    clean(technical_owner)                   AS technical_owner,
    owner_ok(business_owner, $placeholders)  AS business_owner_present,
    owner_ok(technical_owner, $placeholders) AS technical_owner_present,
    enum_key(risk_tier)     AS risk_tier,
    enum_key(max_autonomy)  AS max_autonomy,
    confidence_threshold,
    clean(escalation_path)                   AS escalation_path,
    escalation_sla_minutes,
    clean(identity)                          AS identity,
    enum_key(access_scope)  AS access_scope,
    access_reviewed_at,
    credentials_rotated_at,
    enum_key(status)        AS status,
    coalesce(enum_key(status), '') <> 'retired' AS is_active,
    last_reviewed_at,
    _batch_id
FROM src_ai_systems
QUALIFY row_number() OVER (PARTITION BY utrim(ai_system) ORDER BY _batch_id DESC, _line DESC) = 1
