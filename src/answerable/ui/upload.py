"""The Data page's upload flow: stage, inspect (kind, profile, mapping, preview, problems), confirm, load.

Uploaded bytes are written to the private upload directory under a name derived from their sha256
(never from the user's file name); the original name is passed as `display_name` so messages and
lineage show it. Nothing is written to the store before the user confirms.
"""

from __future__ import annotations

import hashlib
import math
import re
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from answerable import ingest, security, store
from answerable.contract import DATASETS, KINDS
from answerable.errors import AnswerableError, IngestError
from answerable.ingest.suggest import suggest_file
from answerable.ui import auth, data
from answerable.ui.csv_export import to_csv_bytes
from answerable.ui.safe import md
from answerable.ui.upload_checks import problems_frame, summaries, validation

SUFFIXES = (".csv.gz", ".csv.zip", ".csv", ".txt", ".tsv", ".zip", ".gz", ".xlsx")
DETECTED = "(detected)"
NOT_MAPPED = ""
RESULTS_STATE = "upload_results"


@dataclass(frozen=True)
class Staged:
    name: str  # the user's file name, for messages and lineage
    path: Path  # where the bytes were written
    sha256: str
    size: int


def _suffix(name: str) -> str:
    lower = name.lower()
    return next((s for s in SUFFIXES if lower.endswith(s)), ".csv")


def stage(name: str, content: bytes, folder: Path | None = None) -> Staged:
    """Write uploaded bytes to the upload directory under a content-derived name."""
    digest = hashlib.sha256(content).hexdigest()
    target_dir = folder or security.upload_dir()
    path = target_dir / f"{digest[:24]}{_suffix(name)}"
    if not path.exists():
        path.write_bytes(content)
    return Staged(name=name, path=path, sha256=digest, size=len(content))


def mappings_dir() -> Path:
    """Saved mappings live next to the store, so they travel with it."""
    folder = Path(data.db_path()).parent / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def saved_mappings(kind: str | None) -> list[Path]:
    folder = mappings_dir()
    found = sorted(folder.glob("*.toml"))
    return [p for p in found if kind is None or p.name.startswith(f"{kind}__")]


def save_mapping(mapping: Any, file_name: str) -> Path:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(file_name).stem)[:60] or "file"
    path = mappings_dir() / f"{mapping.kind}__{stem}.toml"
    path.write_text(ingest.dump_mapping(mapping), encoding="utf-8")
    return path


def _profile_names() -> list[str]:
    from answerable.ingest.detect import load_profiles

    return sorted(load_profiles())


def _inspect(staged: Staged, kind: str | None, profile: str | None, mapping: Any) -> Any:
    """The file's preview, computed once per (file content, name, kind, profile, mapping): a rerun of the
    page (any widget change) reuses it instead of reading and checking the whole file again."""
    text = ingest.dump_mapping(mapping) if mapping is not None else None
    return _cached_preview(staged.sha256, staged.name, kind, profile, text, str(staged.path))


@st.cache_data(show_spinner="Reading and checking the file…", max_entries=32)
def _cached_preview(sha256: str, name: str, kind: str | None, profile: str | None, mapping_toml: str | None,
                    _path: str) -> Any:
    mapping = ingest.load_mapping(mapping_toml) if mapping_toml is not None else None
    return ingest.inspect_file(Path(_path), kind=kind, profile=profile, mapping=mapping, display_name=name)


def _mapping_editor(index: int, preview: Any, headers: list[str]) -> dict[str, str]:
    """Contract column -> chosen header, edited by the user (starting from the proposal)."""
    ds = DATASETS[preview.kind]
    proposed = dict(preview.mapping.columns) if preview.mapping is not None else {}
    frame = pd.DataFrame(
        [(c.name, "required" if c.required else "", c.type, proposed.get(c.name, NOT_MAPPED))
         for c in ds.columns],
        columns=["Contract column", "Required", "Type", "Header in your file"],
    )
    # Sorted case-insensitively, so typing a full header ("Mode") lands on it before the longer
    # headers it begins ("Model Ver"): the selectbox picks the first match.
    options = [NOT_MAPPED, *sorted(headers, key=lambda h: (h.casefold(), h))]
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=["Contract column", "Required", "Type"],
        column_config={
            "Header in your file": st.column_config.SelectboxColumn(
                "Header in your file", options=options,
                required=False,
                help="Pick the column of your file that holds this contract column; leave empty if none.",
            )
        },
        key=f"map_{index}_{preview.kind}_{preview.profile}",
    )
    return {str(r["Contract column"]): str(r["Header in your file"]) for _, r in edited.iterrows()
            if isinstance(r["Header in your file"], str) and r["Header in your file"]}


Card = tuple[Staged, str | None, str | None, Any, int | None, bool]


def file_card(index: int, staged: Staged) -> Card:
    """Inspect one file and let the user adjust it.

    Returns (file, kind, profile, mapping, batch to replace, loadable)."""
    with st.expander(f"File {index + 1} ({staged.size:,} bytes)", expanded=True):
        st.text(f"File name: {staged.name}")
        c1, c2, c3 = st.columns(3)
        kind_choice = c1.selectbox("Dataset (kind)", [DETECTED, *KINDS], key=f"kind_{index}",
                                   format_func=lambda k: k if k == DETECTED else f"{DATASETS[k].title} ({k})")
        profile_choice = c2.selectbox("Profile (source tool)", [DETECTED, *_profile_names()],
                                      key=f"prof_{index}")
        kind = None if kind_choice == DETECTED else str(kind_choice)
        profile = None if profile_choice == DETECTED else str(profile_choice)
        saved = [DETECTED, *[p.name for p in saved_mappings(kind)]]
        saved_choice = c3.selectbox("Saved mapping", saved, key=f"saved_{index}",
                                    format_func=lambda n: "(none: use the profile)" if n == DETECTED else n)
        mapping = None
        imported = st.file_uploader("Or import a mapping file (TOML, as the CLI's --mapping takes)",
                                    type=["toml"], key=f"map_import_{index}")
        if imported is not None:
            try:  # text with a newline is read as TOML, never as a path
                mapping = ingest.load_mapping(imported.getvalue().decode("utf-8", errors="replace") + "\n")
            except AnswerableError as exc:
                st.error("That mapping file cannot be used; the file is previewed without it.")
                st.text(str(exc))
        if saved_choice != DETECTED and mapping is None:
            try:
                mapping = ingest.load_mapping(mappings_dir() / str(saved_choice))
            except AnswerableError as exc:
                st.error("That saved mapping cannot be used.")
                st.text(str(exc))
        try:
            preview = _inspect(staged, kind, profile, mapping)
            if mapping is None and any(p.rule == "missing_required_column" for p in preview.file_problems):
                mapping = _suggested(staged, kind)
                if mapping is not None:
                    preview = _inspect(staged, mapping.kind, profile, mapping)
        except AnswerableError as exc:
            st.error("This file cannot be read; nothing from it can be loaded.")
            st.text(str(exc))
            for p in getattr(exc, "problems", []) or []:
                st.text(str(p))
            return staged, kind, profile, mapping, None, False
        headers = list(preview.headers)
        c1, c2, c3 = st.columns(3)
        c1.metric("Detected dataset", DATASETS[preview.kind].title if preview.kind in DATASETS else "unknown")
        c2.metric("Detected profile", preview.profile or "unknown")
        c3.metric("Columns in the file", f"{len(headers):,}")
        if preview.kind not in DATASETS:
            st.error("The dataset kind could not be detected from the headers. Choose it above.")
            return staged, kind, profile, mapping, None, False
        st.markdown("**Mapping** (which header of your file holds each contract column)")
        columns = _mapping_editor(index, preview, headers)
        proposed = dict(preview.mapping.columns) if preview.mapping is not None else {}
        if columns and columns != proposed:
            # the user's edit: load with exactly this (keeping the parse options of the proposal, if any)
            mapping = (preview.mapping.with_columns(columns) if preview.mapping is not None
                       else ingest.Mapping(kind=preview.kind, columns=columns))
            try:
                preview = _inspect(staged, preview.kind, profile, mapping)
            except AnswerableError as exc:
                st.error("This mapping cannot be used.")
                st.text(str(exc))
                return staged, kind, profile, mapping, None, False
        _mapping_actions(index, staged, mapping or preview.mapping)
        replacing = _loaded_before(index, staged, preview.kind)
        # Without a saved or edited mapping, ingestion detects exactly what the preview showed.
        return staged, preview.kind, profile, mapping, replacing, validation(preview, index)


def _loaded_before(index: int, staged: Staged, kind: str) -> int | None:
    """A file already loaded (same content, same kind): say which batch holds it, and offer to retract
    that batch and load the file with this mapping in one step. Returns the batch to replace, if chosen."""
    with closing(data.cursor()) as cur:
        batch = store.find_active_batch_by_sha(cur, kind, staged.sha256)
    if batch is None:
        return None
    st.info(f"This file is already loaded as batch {batch.batch_id} ({batch.loaded_at:%Y-%m-%d %H:%M}, "
            f"by {md(batch.loaded_by or 'unknown')}). Loading it again as it is changes nothing.")
    replace = st.checkbox(f"Retract batch {batch.batch_id} and load with this mapping",
                          key=f"replace_{index}", help="Both happen in one transaction: if the load fails, "
                          f"batch {batch.batch_id} stays as it is.")
    return batch.batch_id if replace else None


def _suggested(staged: Staged, kind: str | None) -> Any:
    """No profile knows these headers: a suggested mapping (names, synonyms and the values), each column
    with its reason, for the analyst to confirm or correct in the editor below."""
    suggestion = _cached_suggestion(staged.sha256, kind, str(staged.path), staged.name)
    if suggestion.kind is None:
        return None
    st.info(f"No profile recognises these headers. Below is a suggested mapping as "
            f"{DATASETS[suggestion.kind].title}: check each column and correct it where needed.")
    with st.expander("Why each column was suggested"):
        for col, header in suggestion.columns.items():
            st.text(f"{col} <- {header!r}: {suggestion.reasons.get(col, '')}")
        if suggestion.missing_required:  # the editor below lets the analyst map them
            st.text(f"Not found (required): {', '.join(suggestion.missing_required)}")
    return suggestion.mapping()


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_suggestion(sha256: str, kind: str | None, _path: str, name: str) -> Any:
    return suggest_file(Path(_path), kind=kind, display_name=name)


def _mapping_actions(index: int, staged: Staged, mapping: Any) -> None:
    if mapping is None:
        return
    c1, c2 = st.columns(2)
    text = ingest.dump_mapping(mapping)
    c1.download_button("Download this mapping (TOML)", data=text, file_name=f"{mapping.kind}_mapping.toml",
                       mime="application/toml", key=f"map_dl_{index}", on_click="ignore",
                       icon=":material/download:")
    if c2.button("Save this mapping for reuse", key=f"map_save_{index}", icon=":material/save:"):
        path = save_mapping(mapping, staged.name)
        st.success(f"Saved as {md(path.name)} next to the store; pick it under 'Saved mapping' next time.")


Confirmed = tuple[Staged, str | None, str | None, Any, int | None]  # file, kind, profile, mapping, replacing


def load(items: list[Confirmed]) -> list[tuple[str, Any, str | None]]:
    """Ingest the confirmed files, with a progress bar that moves within each file, step by step.
    Returns (file, report or None, error)."""
    bar = st.progress(0.0, text="Loading...")
    out: list[tuple[str, Any, str | None]] = []
    with closing(data.cursor()) as cur:
        for done, (staged, kind, profile, mapping, replacing) in enumerate(items):
            label = f"{staged.name} ({done + 1} of {len(items)})"

            def tell(fraction: float, step: str, done: int = done, label: str = label) -> None:
                bar.progress(min(1.0, (done + fraction) / len(items)), text=f"{label}: {step}")

            try:
                report = ingest.ingest_file(cur, staged.path, kind=kind, profile=profile, mapping=mapping,
                                            loaded_by=auth.loaded_by(), display_name=staged.name,
                                            replacing=replacing, progress=tell)
            except IngestError as exc:
                problems = "; ".join(str(p) for p in exc.problems[:5])
                out.append((staged.name, None, f"{exc}" + (f" ({problems})" if problems else "")))
            except AnswerableError as exc:
                out.append((staged.name, None, str(exc)))
            else:
                out.append((staged.name, report, None))
            finally:
                # The store now holds what was accepted; the raw export need not stay on the server.
                staged.path.unlink(missing_ok=True)
    bar.progress(1.0, text="Done")
    return out


def show_results(results: list[tuple[str, Any, str | None]]) -> None:
    _each_result(results)
    # The linkage check (DESIGN §3), measured as the last of these files loaded: the data as it is now.
    link = next((r.linkage for _, r, _ in reversed(results) if r is not None and r.linkage), None)
    if link is not None:
        if link.weak:
            st.warning(link.warning(), icon=":material/link_off:")  # our words and counts, no data
        st.caption(f"Linkage of AI decisions to incidents: {link.summary()}")


def _each_result(results: list[tuple[str, Any, str | None]]) -> None:
    for name, report, error in results:
        if report is None:
            st.error("Not loaded: nothing from this file was loaded.")
            st.text(f"{name}: {error or ''}")
            continue
        if report.status == "duplicate":
            st.info(f"Already loaded (same content, batch {report.batch_id}); nothing changed.")
            st.text(f"{name}: {report.summary}")
            continue
        st.success(f"Loaded as batch {report.batch_id} ({DATASETS[report.kind].title}).")
        st.text(f"File: {name}")
        c = st.columns(6)
        c[0].metric("Rows read", f"{report.rows_read:,}")
        c[1].metric("Blank rows skipped", f"{report.rows_blank:,}")
        c[2].metric("Rows loaded", f"{report.rows_loaded:,}")
        c[3].metric("Rows rejected", f"{report.rows_rejected:,}")
        c[4].metric("Rows collapsed", f"{report.rows_collapsed:,}")
        c[5].metric("Records", f"{report.records:,}")
        st.text(report.summary)
        summaries(report.rule_summaries())
        if report.problems:
            with st.expander("Rejected rows (kept in the rejects table; the first 100)"):
                st.dataframe(problems_frame(report.problems), hide_index=True, width="stretch")
        if report.warnings:
            with st.expander("Warnings (rows loaded; the data-quality indicators count them)"):
                st.dataframe(problems_frame(report.warnings), hide_index=True, width="stretch")
        if report.rows_rejected:
            st.download_button("Download every rejected row (CSV)", data=_all_rejects(report.batch_id, name),
                               file_name=f"rejects_batch_{report.batch_id}.csv", mime="text/csv",
                               key=f"rej_{report.batch_id}", on_click="ignore")


def _all_rejects(batch_id: int, name: str) -> bytes:
    """Every reject of a batch from the store (not only the ones listed in the report)."""
    with closing(data.cursor()) as cur:
        rows = cur.execute(
            "SELECT line, column_name, value, rule, message FROM rejects WHERE batch_id = ? ORDER BY line",
            [batch_id],
        ).fetchall()
    header = ["file", "line", "column", "value", "rule", "message"]
    return to_csv_bytes(header, [(name, *r) for r in rows])


def upload_limit_mb() -> int:
    """The browser's upload limit = the ingest limit (ANSWERABLE_MAX_UPLOAD_MB, 1 GB by default)."""
    return max(1, math.ceil(ingest.IngestLimits.from_env().max_bytes / (1 << 20)))


def upload_section() -> None:
    if not auth.can("load"):
        st.info("Your role can view the dashboards but not load data. Ask an Answerable admin for the "
                "analyst role to upload files.")
        return
    previous = st.session_state.pop(RESULTS_STATE, None)
    if previous:
        show_results(previous)
    files = st.file_uploader(
        "Upload exports: CSV, zipped CSV (.zip, .gz) or Excel (.xlsx); one or many files",
        type=["csv", "txt", "tsv", "zip", "gz", "xlsx"], accept_multiple_files=True,
        key=f"uploads_{st.session_state.get('upload_round', 0)}", max_upload_size=upload_limit_mb(),
    )
    if not files:
        st.caption("Start with an incident export (incidents) and an AI decision log (ai_decisions); the AI "
                   "system inventory, changes, knowledge articles and CMDB items enrich the indicators. "
                   "Download the CSV templates below to see the expected columns.")
        return
    cards = [file_card(i, stage(f.name, f.getvalue())) for i, f in enumerate(files)]
    ready = [(s, k, p, m, r) for s, k, p, m, r, ok in cards if ok]
    blocked = len(cards) - len(ready)
    label = f"Confirm and load {len(ready)} file{'s' if len(ready) != 1 else ''}"
    if blocked:
        st.warning(f"{blocked} file(s) cannot be loaded as they are and will be skipped.")
    if st.button(label, type="primary", disabled=not ready, key="confirm_load", icon=":material/check:"):
        st.session_state[RESULTS_STATE] = load(ready)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # empty the uploader
        st.rerun()
