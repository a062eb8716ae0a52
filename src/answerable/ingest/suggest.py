"""Mapping suggestions: for a file no profile recognises, the most likely header of each contract column.

From the names (the contract's own, the profiles', synonyms, normalised spelling) and the values in
the file's first rows (timestamps, yes/no flags, 0-100 scores), each with its reason. The kind is the
one whose required columns are found and whose columns match best. The analyst confirms or corrects
(the Data page's editor, or `answerable mapping suggest FILE` printing TOML for --mapping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from answerable.contract import KINDS, Column, dataset
from answerable.ingest.dates import EPOCH_MS_RE, EPOCH_S_RE, MONTH_FIRST_RE
from answerable.ingest.detect import load_profiles, normalize_header
from answerable.ingest.limits import IngestLimits
from answerable.ingest.mapping import Mapping, dump_mapping
from answerable.ingest.read import open_source
from answerable.ingest.values import FALSE_TOKENS, TRUE_TOKENS

# Headers seen in vendors' own logs and inventories, per contract column (normalised when compared).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "decision_id": ("inference id", "decision id", "prediction id", "event id", "request id", "run id",
                    "transaction id", "log id"),
    "decided_at": ("event time", "inference time", "decision time", "timestamp", "event timestamp",
                   "predicted at", "created at", "time"),
    "ai_system": ("model name", "ai system", "system", "agent", "bot", "assistant", "model", "application",
                  "system name", "agent name"),
    "model_version": ("model version", "version", "model build", "release"),
    "decision_type": ("decision type", "action type", "action", "task", "use case", "intent"),
    "incident_id": ("ticket", "ticket id", "ticket number", "incident", "incident number", "case id", "case"),
    "decision_value": ("decision", "prediction", "output", "result", "label", "recommendation", "answer",
                       "predicted category", "predicted value", "predicted label", "predicted class"),
    "confidence": ("confidence", "confidence score", "score", "probability", "certainty"),
    "autonomy": ("autonomy", "autonomy level", "mode", "automation level"),
    "accountable_owner": ("owner of record", "accountable owner", "owner", "accountable", "responsible",
                          "accountable person", "responsible person", "decision owner"),
    "reviewed_by": ("reviewed by", "reviewer", "approved by", "checked by"),
    "reviewed_at": ("reviewed at", "review time", "review date", "approved at"),
    "overridden": ("overridden", "override", "overruled", "human override", "was overridden"),
    "override_reason": ("override reason", "reason", "override comment"),
    "outcome": ("outcome", "correct", "verdict", "feedback", "evaluation"),
    "escalated": ("handed off", "escalated", "handoff", "hand off", "escalation", "transferred",
                  "routed to human", "human handoff", "needs human", "sent to human", "escalated to human"),
    "escalated_at": ("handed off at", "escalated at", "handoff time", "escalation time"),
    "escalated_to": ("handed off to", "escalated to", "handoff to", "escalation target"),
    "acknowledged_at": ("acknowledged at", "picked up at", "accepted at", "taken over at"),
    "identity": ("service principal", "service account", "identity", "principal", "run as", "client id"),
    "business_owner": ("business owner", "product owner", "owner"),
    "technical_owner": ("technical owner", "tech owner", "tech lead", "engineering owner", "maintainer"),
    "risk_tier": ("risk tier", "risk level", "risk", "risk class", "criticality"),
    "max_autonomy": ("max autonomy", "maximum autonomy", "autonomy allowed", "autonomy"),
    "confidence_threshold": ("confidence threshold", "threshold", "min confidence"),
    "escalation_path": ("escalation path", "escalate to", "escalation contact", "escalation team"),
    "escalation_sla_minutes": ("escalation sla", "escalation sla minutes", "handoff sla"),
    "access_scope": ("access scope", "permissions", "access level", "scope"),
    "access_reviewed_at": ("access reviewed", "access review date", "last access review"),
    "credentials_rotated_at": ("credentials rotated", "last rotation", "secret rotated"),
    "status": ("status", "state", "lifecycle"),
    "last_reviewed_at": ("last reviewed", "last review", "reviewed on", "review date"),
    "opened_at": ("opened", "created", "open time", "reported at", "start time", "created at"),
    "resolved_at": ("resolved", "resolution time", "resolved time", "solved at"),
    "closed_at": ("closed", "close time", "closed time"),
    "assignment_group": ("assignment group", "team", "queue", "resolver group", "group"),
    "assigned_to": ("assigned to", "assignee", "engineer", "agent", "handler"),
    "priority": ("priority", "severity", "prio"),
}

TS_RE = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[/ .-][A-Za-z]{3,9}[/ .-]\d{2,4})"
    f"|{MONTH_FIRST_RE}|{EPOCH_S_RE}|{EPOCH_MS_RE}"  # Mar 12, 2024; Unix times (dates.py)
)
QUALIFIER_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # a unit or zone in brackets: (UTC), (%), [min]
NUMBER_RE = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*%?\s*$")
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Suggestion:
    kind: str | None
    columns: dict[str, str]  # contract column -> header
    reasons: dict[str, str] = field(default_factory=dict)  # contract column -> why
    missing_required: tuple[str, ...] = ()

    def mapping(self) -> Mapping | None:
        return Mapping(kind=self.kind, columns=dict(self.columns)) if self.kind else None


def _words(text: str) -> set[str]:
    return {w for w in normalize_header(text).split("_") if w}


def _profile_names(kind: str, column: str) -> set[str]:
    return {normalize_header(h) for p in load_profiles().values() for h in p.candidates(kind).get(column, ())}


def name_score(kind: str, column: str, header: str) -> tuple[float, str]:
    """How well a header's name fits a contract column, and why."""
    h = normalize_header(header)
    if not h:
        return 0.0, ""
    if h == column:
        return 1.0, "same name"
    if h in _profile_names(kind, column):
        return 0.9, "a vendor profile's name for it"
    best, why = 0.0, ""
    bare = normalize_header(QUALIFIER_RE.sub(" ", header))  # "Timestamp (UTC)", "Confidence (%)"
    for syn in SYNONYMS.get(column, ()):
        s = normalize_header(syn)
        if h == s:
            return 0.85, f"synonym {syn!r}"
        if bare and bare == s and best < 0.8:
            best, why = 0.8, f"synonym {syn!r} (the bracketed part aside)"
        if len(s.split("_")) > 1 and set(s.split("_")) <= _words(header) and best < 0.65:
            best, why = 0.65, f"contains {syn!r}"
    col_words = set(column.split("_")) - {"at", "id"}
    if col_words and col_words <= _words(header) and best < 0.6:
        best, why = 0.6, "the same words"
    return best, why


def value_fit(col: Column, values: list[str]) -> tuple[float, str]:
    """What the values say about a column of this type: a bonus or a penalty, and why."""
    vals = [v.strip() for v in values if v is not None and v.strip()]
    if not vals:
        return 0.0, ""
    n = len(vals)
    ts = sum(1 for v in vals if TS_RE.match(v)) / n
    flags = sum(1 for v in vals if v.lower().rstrip("?") in TRUE_TOKENS + FALSE_TOKENS) / n
    numbers = [float(v.rstrip("% ").replace(",", ".")) for v in vals if NUMBER_RE.match(v)]
    if col.type == "ts":
        return (0.3, "values are timestamps") if ts >= 0.8 else (-0.4, "values are not timestamps")
    if col.type == "bool":
        return (0.3, "values are yes/no flags") if flags >= 0.8 else (-0.4, "values are not yes/no")
    if col.type in ("float", "int"):
        if len(numbers) < 0.8 * n:
            return -0.4, "values are not numbers"
        if col.name.startswith("confidence") and all(0 <= x <= 100 for x in numbers):
            return 0.3, "values are scores 0-100" if max(numbers) > 1 else "values are scores 0-1"
        return 0.1, "values are numbers"
    if ts >= 0.8:
        return -0.3, "values are timestamps"
    return 0.0, ""


def _assign(kind: str, headers: tuple[str, ...], rows: tuple[tuple[str | None, ...], ...]) -> Suggestion:
    ds = dataset(kind)
    scored: list[tuple[float, str, int, str]] = []
    for i, header in enumerate(headers):
        values = [r[i] for r in rows if i < len(r) and r[i] is not None]
        for col in ds.columns:
            base, why = name_score(kind, col.name, header)
            if base == 0.0:
                continue
            bonus, because = value_fit(col, [v for v in values if v is not None])
            reason = why + (f"; {because}" if because else "")
            scored.append((base + bonus, col.name, i, reason))
    scored.sort(key=lambda t: (-t[0], t[2]))
    columns: dict[str, str] = {}
    reasons: dict[str, str] = {}
    used: set[int] = set()
    for score, col_name, i, reason in scored:
        if score < MIN_SCORE or col_name in columns or i in used:
            continue
        columns[col_name], reasons[col_name] = headers[i], reason
        used.add(i)
    missing = tuple(c for c in ds.required if c not in columns)
    ordered = {c.name: columns[c.name] for c in ds.columns if c.name in columns}
    return Suggestion(kind, ordered, {c: reasons[c] for c in ordered}, missing)


def suggest(
    headers: tuple[str, ...], rows: tuple[tuple[str | None, ...], ...], *, kind: str | None = None
) -> Suggestion:
    """The best suggestion: for the given kind, else the kind with its required columns found and the
    most columns matched."""
    kinds = [dataset(kind).kind] if kind else list(KINDS)
    options = [_assign(k, headers, rows) for k in kinds]
    # The kind the file most resembles: columns found, less three for each required one missing (a
    # decision log whose time column went unrecognised is still a decision log, not an inventory).
    options.sort(key=lambda s: (len(s.columns) - 3 * len(s.missing_required), not s.missing_required),
                 reverse=True)
    best = options[0]
    if not best.columns:
        return Suggestion(None, {})
    return best


def suggest_file(path: str | Path, *, kind: str | None = None, display_name: str | None = None) -> Suggestion:
    """Read a file's headers and first rows and suggest a mapping (nothing is written)."""
    with open_source(path, display_name=display_name, limits=IngestLimits.from_env()) as src:
        return suggest(src.headers, src.sample[:200], kind=kind)


def suggestion_toml(s: Suggestion) -> str:
    """The suggested mapping as TOML for --mapping, each column's reason as a comment above it."""
    m = s.mapping()
    if m is None:
        return "# No header resembles a contract column; write the mapping by hand (see --help).\n"
    head = ["# Suggested by `answerable mapping suggest`: check each column, then load with --mapping."]
    head += [f"#   {c} <- {h!r}: {s.reasons.get(c, '')}" for c, h in s.columns.items()]
    if s.missing_required:
        head.append(f"# Not found (required): {', '.join(s.missing_required)}; add them to [columns].")
    return "\n".join(head) + "\n" + dump_mapping(m)
