-- Current incidents, trimmed and with the derived flags every incident indicator shares.
-- Not filtered here: the filters are applied per query (see engine.py), so look-ups stay unfiltered.
-- pir_completed_at is judged at the as-of date: it comes from the scope's pir_evidence (evidence.sql).
SELECT
    utrim(incident_id)                                   AS incident_id,
    opened_at,
    acknowledged_at,
    resolved_at,
    closed_at,
    coalesce(resolved_at, closed_at)                    AS resolved_ts,
    state,
    priority,
    clean(category)                          AS category,
    clean(initial_category)                  AS initial_category,
    clean(assignment_group)                  AS assignment_group,
    clean(assigned_to)                       AS assigned_to,
    owner_ok(assigned_to, $placeholders)  AS assignee_present,
    reassignment_count,
    reopen_count,
    made_sla,
    clean(cmdb_ci)                           AS cmdb_ci,
    clean(caused_by_change)                  AS caused_by_change,
    major_incident,
    (coalesce(major_incident, false) OR priority = 1)   AS is_major,
    clean(pir_owner)                         AS pir_owner,
    owner_ok(pir_owner, $placeholders)    AS pir_owner_present,
    CAST(date_trunc('month', opened_at) AS DATE)        AS month,
    _batch_id
FROM src_incidents
