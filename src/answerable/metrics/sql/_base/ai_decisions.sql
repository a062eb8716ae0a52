-- Current AI decisions with their look-ups joined once: the linked incident (priority, final
-- category, assignment group) and the decision's inventory row (any status). Look-ups are never
-- filtered; the filters apply to the decisions themselves (see engine.py).
SELECT
    utrim(d.decision_id)                                 AS decision_id,
    d.decided_at,
    utrim(d.ai_system)                                   AS ai_system,
    enum_key(d.decision_type)  AS decision_type,
    clean(d.incident_id)                     AS incident_id,
    clean(d.decision_value)                  AS decision_value,
    d.confidence,
    enum_key(d.autonomy)       AS autonomy,
    clean(d.accountable_owner)               AS accountable_owner,
    owner_ok(d.accountable_owner, $placeholders)  AS owner_present,
    clean(d.reviewed_by)                     AS reviewed_by,
    d.reviewed_at,
    (owner_ok(d.reviewed_by, $placeholders)
        OR d.reviewed_at IS NOT NULL)                   AS is_reviewed,
    d.overridden,
    clean(d.override_reason)               AS override_reason,
    coalesce(d.overridden, false)                       AS is_overridden,
    enum_key(d.outcome)        AS outcome,
    (coalesce(d.escalated, false) OR d.escalated_at IS NOT NULL)        AS is_escalated,
    d.escalated_at,
    clean(d.escalated_to)                  AS escalated_to,
    d.acknowledged_at,
    -- fractional minutes (seconds / 60); null unless both timestamps are present
    (epoch_us(d.escalated_at) - epoch_us(d.decided_at)) / 60000000.0    AS latency_min,
    -- human takeover: fractional minutes from decided_at to acknowledged_at (null unless both)
    (epoch_us(d.acknowledged_at) - epoch_us(d.decided_at)) / 60000000.0 AS takeover_min,
    clean(d.identity)                        AS identity,
    i.priority                                          AS incident_priority,
    i.category                                          AS incident_category,
    i.assignment_group                                  AS assignment_group,
    s.ai_system IS NOT NULL                             AS in_inventory,
    s.status                                            AS system_status,
    s.max_autonomy                                      AS system_max_autonomy,
    coalesce(s.confidence_threshold, $confidence_threshold)            AS confidence_threshold,
    coalesce(s.escalation_sla_minutes, $escalation_sla_minutes)        AS sla_minutes,
    coalesce(d.confidence < coalesce(s.confidence_threshold, $confidence_threshold), false)
                                                        AS is_low_confidence,
    CAST(date_trunc('month', d.decided_at) AS DATE)     AS month,
    d._batch_id
FROM src_ai_decisions AS d
LEFT JOIN m_incidents AS i ON i.incident_id = utrim(d.incident_id)
LEFT JOIN m_ai_systems AS s ON s.ai_system = utrim(d.ai_system)
