"""Incident event logs of other shapes than the main benchmark's (issue 16 item D).

Each shape changes one thing at a time against a neighbour, all from the same rows (the same
`hash(k, salt)` draws, 1 to 7 versions per incident, 4 on average):

- width: the ServiceNow export with 16 of its 36 columns vs all 36 (the same four mapped timestamps);
- date writing: unpadded day-first `29/2/2016 1:16` (ServiceNow's own export) vs zero-padded ISO
  `2016-02-29 01:16`, and unpadded month-first `2/29/2016 1:16` (US locale) vs ISO;
- timestamp columns: 1 vs 7 mapped timestamp columns in a 12-column file with the contract's own
  headers (canonical profile; empty = missing).

`write_shape` writes one shape's CSV and returns how many incidents it holds (what the collapse must
produce). Sizes are written into the SQL as literals after `int()`: COPY does not take parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import generate

DATES = {
    "dmy": "'%-d/%-m/%Y %-H:%M'",  # 29/2/2016 1:16: day-first, no leading zeros (ServiceNow)
    "mdy": "'%-m/%-d/%Y %-H:%M'",  # 2/29/2016 1:16: month-first, no leading zeros (US locale)
    "iso": "'%Y-%m-%d %H:%M'",  # 2016-02-29 01:16: zero-padded
}
DATE_EXAMPLES = {"dmy": "29/2/2016 1:16", "mdy": "2/29/2016 1:16", "iso": "2016-02-29 01:16"}


def _ts(expr: str, dates: str) -> str:
    return f"strftime({expr}, {DATES[dates]})"


# ServiceNow export columns: header -> SQL over the event rows (`{ts}` marks a timestamp expression).
_SN: dict[str, str] = {
    "number": "'INC' || lpad(k::VARCHAR, 8, '0')",
    "incident_state": "CASE WHEN is_closed THEN 'Closed' WHEN is_resolved THEN 'Resolved' WHEN v = 0 "
                      "THEN 'New' WHEN hv % 5 = 0 THEN 'Awaiting User Info' ELSE 'Active' END",
    "active": "NOT is_closed",
    "reassignment_count": "least(v, h % 4)",
    "reopen_count": "CASE WHEN is_closed AND h % 100 = 1 THEN 1 ELSE 0 END",
    "sys_mod_count": "v",
    "made_sla": "h % 10 <> 0",
    "caller_id": "'Caller ' || (h % 5000)",
    "opened_by": "'Opened by  ' || (h % 200)",
    "opened_at": "{ts:opened}",
    "sys_created_by": "'Created by ' || (h % 150)",
    "sys_created_at": "{ts:opened + to_minutes((h % 10)::BIGINT)}",
    "sys_updated_by": "'Updated by ' || (hv % 900)",
    "sys_updated_at": "{ts:updated}",
    "contact_type": "['Phone', 'Email', 'Self service', 'IVR'][1 + h % 4]",
    "location": "'Location ' || (h % 220)",
    "category": "CASE WHEN h % 50 = 0 AND v = 0 THEN NULL WHEN h % 20 = 1 AND v >= 2 "
                "THEN 'Category ' || ((h + 7) % 60) ELSE 'Category ' || (h % 60) END",
    "subcategory": "'Subcategory ' || (h % 250)",
    "u_symptom": "'Symptom ' || (h % 500)",
    "cmdb_ci": "CASE WHEN h % 10 = 3 THEN NULL ELSE 'CI ' || (h % 800) END",
    "impact": "['1 - High', '2 - Medium', '3 - Low'][1 + (h // 7) % 3]",
    "urgency": "['1 - High', '2 - Medium', '3 - Low'][1 + (h // 11) % 3]",
    "priority": "CASE WHEN h % 20 = 0 THEN '1 - Critical' WHEN h % 20 < 3 THEN '2 - High' "
                "WHEN h % 20 < 18 THEN '3 - Moderate' ELSE '4 - Low' END",
    "assignment_group": "CASE WHEN h % 50 = 2 THEN NULL ELSE 'Group ' || (h % 80) END",
    "assigned_to": "CASE WHEN v = 0 OR h % 33 = 0 THEN NULL WHEN h % 97 = 0 THEN 'Unassigned' "
                   "ELSE 'Resolver ' || (h % 300) END",
    "knowledge": "h % 5 = 0",
    "u_priority_confirmation": "h % 3 = 0",
    "notify": "'Do Not Notify'",
    "problem_id": "CASE WHEN h % 50 = 5 THEN 'Problem ID  ' || (h % 500) END",
    "rfc": "CASE WHEN h % 100 = 7 THEN 'CHG' || lpad((h % 20000)::VARCHAR, 7, '0') END",
    "vendor": "NULL",
    "caused_by": "CASE WHEN h % 30 = 9 THEN 'CHG' || lpad((h % 20000)::VARCHAR, 7, '0') END",
    "closed_code": "CASE WHEN is_resolved THEN 'code ' || (h % 17) END",
    "resolved_by": "CASE WHEN is_resolved THEN 'Resolved by ' || (h % 300) END",
    "resolved_at": "CASE WHEN is_resolved THEN {ts:resolved} END",
    "closed_at": "CASE WHEN is_closed THEN {ts:resolved + INTERVAL 5 DAY} END",
}
assert tuple(_SN) == generate.SERVICENOW_HEADERS

SN_NARROW = (  # 16 columns, four of them mapped timestamps (opened, updated, resolved, closed)
    "number", "incident_state", "active", "reassignment_count", "sys_mod_count", "made_sla", "opened_at",
    "sys_updated_at", "contact_type", "category", "cmdb_ci", "priority", "assignment_group",
    "assigned_to", "resolved_at", "closed_at",
)

# Contract headers (canonical profile): the same draws under the contract's own names.
_CANON: dict[str, str] = {
    "incident_id": _SN["number"],
    "opened_at": "{ts:opened}",
    "acknowledged_at": "CASE WHEN v >= 1 THEN {ts:opened + to_seconds((gap // 4)::BIGINT)} END",
    "escalated_at": "CASE WHEN h % 20 = 4 AND v >= 1 THEN {ts:opened + to_seconds((gap // 2)::BIGINT)} END",
    "resolved_at": _SN["resolved_at"],
    "closed_at": _SN["closed_at"],
    "pir_completed_at": "CASE WHEN is_closed AND h % 20 = 0 THEN {ts:resolved + INTERVAL 9 DAY} END",
    "updated_at": "{ts:updated}",
    "state": _SN["incident_state"],
    "priority": _SN["priority"],
    "category": _SN["category"],
    "assignment_group": _SN["assignment_group"],
    "assigned_to": _SN["assigned_to"],
    "subcategory": _SN["subcategory"],
    "contact_type": _SN["contact_type"],
    "cmdb_ci": _SN["cmdb_ci"],
    "root_cause": "CASE WHEN is_resolved AND h % 4 = 0 THEN 'Root cause ' || (h % 90) END",
    "impact": _SN["impact"],
}
CANON_TS1 = ("incident_id", "opened_at", "state", "priority", "category", "assignment_group",
             "assigned_to", "subcategory", "contact_type", "cmdb_ci", "root_cause", "impact")
CANON_TS7 = ("incident_id", "opened_at", "acknowledged_at", "escalated_at", "resolved_at", "closed_at",
             "pir_completed_at", "updated_at", "state", "priority", "category", "assignment_group")


@dataclass(frozen=True)
class Shape:
    name: str
    what: str  # for the table in docs/performance.md
    headers: tuple[str, ...]
    dates: str  # a key of DATES
    ts_columns: int  # mapped timestamp columns
    canonical: bool  # contract headers (empty = missing) rather than ServiceNow's (`?` = missing)


SHAPES = (
    Shape("sn16_dmy", "ServiceNow, 16 columns (the issue's shape)", SN_NARROW, "dmy", 4, False),
    Shape("sn16_iso", "ServiceNow, 16 columns", SN_NARROW, "iso", 4, False),
    Shape("sn36_dmy", "ServiceNow, 36 columns", generate.SERVICENOW_HEADERS, "dmy", 4, False),
    Shape("sn36_iso", "ServiceNow, 36 columns", generate.SERVICENOW_HEADERS, "iso", 4, False),
    Shape("c12_ts1_mdy", "contract headers, 12 columns, 1 timestamp", CANON_TS1, "mdy", 1, True),
    Shape("c12_ts7_mdy", "contract headers, 12 columns, 7 timestamps", CANON_TS7, "mdy", 7, True),
    Shape("c12_ts7_iso", "contract headers, 12 columns, 7 timestamps", CANON_TS7, "iso", 7, True),
)
BY_NAME = {s.name: s for s in SHAPES}


def _expr(template: str, dates: str) -> str:
    """A column's SQL with its `{ts:EXPR}` written in the shape's date style."""
    out, rest = "", template
    while "{ts:" in rest:
        head, tail = rest.split("{ts:", 1)
        inner, rest = tail.split("}", 1)
        out += head + _ts(inner, dates)
    return out + rest


def write_shape(con: duckdb.DuckDBPyConnection, path: Path, rows: int, shape: Shape) -> int:
    """Write `rows` event rows of `shape` to `path`; returns the number of incidents in the file."""
    n_inc = rows // 4 + rows // 40 + 10
    columns = _CANON if shape.canonical else _SN
    select = ",\n        ".join(
        f"{_expr(columns[h], shape.dates)} AS {h}" for h in shape.headers
    )
    nulls = "''" if shape.canonical else "'?'"
    con.execute(f"""
    COPY ({generate.event_ctes(n_inc, max_versions=7)}
      SELECT {select}
      FROM ev
      ORDER BY k, v
      LIMIT {int(rows)}
    ) TO {generate._path_lit(path)} (HEADER, DELIMITER ',', NULLSTR {nulls})
    """)
    row = con.execute(
        f"SELECT count(*) FROM (SELECT sum(nver) OVER (ORDER BY k) - nver AS before "
        f"FROM ({generate.incident_versions(n_inc, 7)})) WHERE before < {int(rows)}"
    ).fetchone()
    return int(row[0]) if row else 0
