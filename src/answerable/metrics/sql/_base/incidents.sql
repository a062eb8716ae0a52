-- Current incidents, trimmed and with the derived flags every incident indicator shares.
-- Not filtered here: the filters are applied per query (see engine.py), so look-ups stay unfiltered.
SELECT
    trim(incident_id)                                   AS incident_id,
    opened_at,
    acknowledged_at,
    resolved_at,
    closed_at,
    coalesce(resolved_at, closed_at)                    AS resolved_ts,
    state,
    priority,
    nullif(trim(category), '')                          AS category,
    nullif(trim(initial_category), '')                  AS initial_category,
    nullif(trim(assignment_group), '')                  AS assignment_group,
    nullif(trim(assigned_to), '')                       AS assigned_to,
    (nullif(trim(assigned_to), '') IS NOT NULL
        AND NOT list_contains($placeholders, lower(trim(assigned_to))))  AS assignee_present,
    reassignment_count,
    reopen_count,
    made_sla,
    nullif(trim(cmdb_ci), '')                           AS cmdb_ci,
    nullif(trim(caused_by_change), '')                  AS caused_by_change,
    major_incident,
    (coalesce(major_incident, false) OR priority = 1)   AS is_major,
    pir_completed_at,
    nullif(trim(pir_owner), '')                         AS pir_owner,
    (nullif(trim(pir_owner), '') IS NOT NULL
        AND NOT list_contains($placeholders, lower(trim(pir_owner))))    AS pir_owner_present,
    CAST(date_trunc('month', opened_at) AS DATE)        AS month,
    _batch_id
FROM src_incidents
