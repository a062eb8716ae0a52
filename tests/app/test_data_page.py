"""The Data page through AppTest: the real st.file_uploader flow (good file -> batch, bad file -> clear
error and nothing loaded), retract, demo load and clear, against a real store."""

from __future__ import annotations

from pathlib import Path

from answerable import store
from tests.app.conftest import run_page, texts

GOOD = (
    b"incident_id,opened_at,resolved_at,assignment_group,assigned_to,priority\r\n"
    b"INC-1,2026-01-05 10:00:00,2026-01-05 12:00:00,Service Desk,Ana,2\r\n"
    b"INC-2,2026-01-06 11:00:00,,Network,,3\r\n"
    b"INC-3,2026-01-07 09:30:00,2026-01-08 09:30:00,Network,Li,1\r\n"
)
ONE_BAD_DATE = (
    b"incident_id,opened_at,assignment_group\n"
    b"INC-7,2026-01-05 10:00:00,Service Desk\n"
    b"INC-8,not a date,Network\n"
    b"INC-9,2026-01-07 09:30:00,Network\n"
)
NO_OPENED_AT = b"incident_id,assignment_group\nINC-1,Service Desk\n"


def _batches(db: Path) -> list[store.Batch]:
    con = store.connect(db)
    try:
        return store.list_batches(con)
    finally:
        con.close()


def _upload(at: object, name: str, content: bytes) -> None:
    uploader = at.get("file_uploader")[0]  # type: ignore[attr-defined]
    uploader.set_value((name, content, "text/csv"))
    at.run()  # type: ignore[attr-defined]
    assert not at.exception, [e.value for e in at.exception]  # type: ignore[attr-defined]


def _confirm(at: object) -> object:
    return next(b for b in at.button if b.label.startswith("Confirm and load"))  # type: ignore[attr-defined]


def test_a_good_file_is_previewed_then_loaded_as_a_batch(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    _upload(at, "our incidents.csv", GOOD)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Detected dataset"] == "Incidents"
    assert metrics["Rows read"] == "3"
    assert metrics["Rows that would be rejected"] == "0"
    assert _batches(empty_db) == []  # inspecting writes nothing
    uploads = empty_db.parent / "uploads"
    assert len(list(uploads.iterdir())) == 1  # staged for the preview

    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    batches = _batches(empty_db)
    assert [(b.file_name, b.kind, b.records, b.rows_rejected) for b in batches] == [
        ("our incidents.csv", "incidents", 3, 0)
    ]
    assert list(uploads.iterdir()) == []  # the raw export does not stay on the server once loaded
    text = texts(at)
    assert f"Loaded as batch {batches[0].batch_id} (Incidents)." in text
    assert "File: our incidents.csv" in [t.value for t in at.text]  # data as plain text, never markdown
    assert "Loaded: Incidents: 3" in text  # the sidebar's data status follows the load


def test_row_level_problems_are_listed_and_only_good_rows_load(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    _upload(at, "mixed.csv", ONE_BAD_DATE)
    problems = at.dataframe[-1].value  # the row-level problem table of the preview
    assert list(problems.columns) == ["File", "Line", "Column", "Value", "Rule", "What to do"]
    row = problems.iloc[0]
    # the header is line 1, so INC-8 (second data row) is line 3
    assert (row["File"], int(row["Line"]), row["Column"], row["Value"]) == ("mixed.csv", 3, "opened_at",
                                                                         "not a date")
    _confirm(at).click().run()  # type: ignore[attr-defined]
    [batch] = _batches(empty_db)
    assert (batch.rows_read, batch.rows_loaded, batch.rows_rejected, batch.records) == (3, 2, 1, 2)


def test_a_file_missing_a_required_column_is_refused_and_nothing_loads(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    _upload(at, "broken.csv", NO_OPENED_AT)
    at.selectbox(key="kind_0").set_value("incidents").run()
    text = texts(at)
    assert "This file cannot be loaded as it is" in text
    assert "opened_at" in text  # the problem names the missing column
    assert _confirm(at).disabled  # type: ignore[attr-defined]
    assert "1 file(s) cannot be loaded as they are and will be skipped." in text
    assert _batches(empty_db) == []


def test_retract_removes_a_batch_from_the_current_data(demo_db: Path) -> None:
    before = [b for b in _batches(demo_db) if b.active]
    at = run_page("8_Data.py")
    newest = before[-1]
    at.selectbox(key="retract_choice").set_value(newest.batch_id)
    next(b for b in at.button if b.label == "Retract").click().run()
    assert not at.exception
    after = {b.batch_id: b for b in _batches(demo_db)}
    assert after[newest.batch_id].retracted_at is not None
    assert sum(1 for b in after.values() if b.active) == len(before) - 1
    assert f"Batch {newest.batch_id} retracted." in texts(at)


def test_demo_load_then_clear(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    next(b for b in at.button if b.label == "Load the demo data").click().run()
    assert not at.exception
    loaded = _batches(empty_db)
    assert sorted(b.kind for b in loaded) == sorted(
        ["incidents", "ai_decisions", "ai_systems", "changes", "knowledge_articles", "cmdb_items"]
    )
    assert all(b.is_demo for b in loaded)
    assert "Demo data loaded." in texts(at)

    at.checkbox(key="clear_confirm").check().run()
    next(b for b in at.button if b.label == "Clear the store").click().run()
    assert not at.exception
    assert _batches(empty_db) == []
    assert "The store is empty." in texts(at)


def test_a_file_name_full_of_markup_is_shown_as_plain_text(empty_db: Path) -> None:
    name = "[click](javascript:alert(1)) <b>x</b> **bold**.csv"
    at = run_page("8_Data.py")
    _upload(at, name, GOOD)
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert f"File: {name}" in [t.value for t in at.text]
    rendered_as_markdown = [str(e.value) for kind in ("markdown", "caption", "success", "info", "error",
                                                      "warning") for e in at.get(kind)]
    assert not any("javascript:" in v or "<b>" in v for v in rendered_as_markdown)
    [batch] = _batches(empty_db)
    assert batch.file_name == name  # lineage keeps the name exactly


def test_a_saved_mapping_maps_a_custom_export(empty_db: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
    mappings = empty_db.parent / "mappings"
    mappings.mkdir()
    (mappings / "incidents__custom.toml").write_bytes((fixtures / "custom_mapping.toml").read_bytes())
    content = (fixtures / "custom_incidents.csv").read_bytes()
    data_rows = content.count(b"\n") - 1  # one header line, then one incident per line
    at = run_page("8_Data.py")
    _upload(at, "custom.csv", content)
    at.selectbox(key="kind_0").set_value("incidents").run()
    at.selectbox(key="saved_0").set_value("incidents__custom.toml").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == f"{data_rows:,}"
    assert metrics["Rows that would be rejected"] == "0"
    next(b for b in at.button if b.label == "Save this mapping for reuse").click().run()
    assert (mappings / "incidents__custom.toml").exists()
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    [batch] = _batches(empty_db)
    assert (batch.file_name, batch.kind, batch.rows_loaded) == ("custom.csv", "incidents", data_rows)
    con = store.connect(empty_db)
    try:
        row = con.execute("SELECT opened_at FROM current_incidents WHERE incident_id = 'T-1'").fetchone()
    finally:
        con.close()
    assert row is not None and str(row[0]) == "2024-04-03 10:00:00"  # day-first per the mapping: 3 April


def test_several_files_at_once_zip_and_xlsx(empty_db: Path) -> None:
    import io
    import zipfile

    import openpyxl

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("inc.csv", GOOD)
    book = openpyxl.Workbook()
    for row in (["ai_system", "business_owner"], ["bot-a", "Ana"], ["bot-b", "Li"]):
        book.active.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    at = run_page("8_Data.py")
    at.get("file_uploader")[0].set_value([
        ("incidents.zip", zipped.getvalue(), "application/zip"),
        ("inventory.xlsx", xlsx.getvalue(), "application/octet-stream"),
    ])
    at.run()
    detected = [m.value for m in at.metric if m.label == "Detected dataset"]
    assert detected == ["Incidents", "AI systems (inventory)"]
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    batches = _batches(empty_db)
    # 3 incidents in the zipped CSV, 2 AI systems in the workbook
    assert [(b.file_name, b.kind, b.records) for b in batches] == [
        ("incidents.zip", "incidents", 3), ("inventory.xlsx", "ai_systems", 2)
    ]


def test_the_mapping_editor_maps_unknown_headers(empty_db: Path) -> None:
    # headers neither a profile nor the suggestions know ("ticket,created,team" is now suggested)
    content = b"ref,when,grp\nT-1,2026-01-05 10:00:00,Network\nT-2,2026-01-06 09:00:00,Service Desk\n"
    at = run_page("8_Data.py")
    _upload(at, "tickets.csv", content)
    at.selectbox(key="kind_0").set_value("incidents").run()
    # incident_id and opened_at are unmapped: nothing can load yet
    assert _confirm(at).disabled  # type: ignore[attr-defined]
    [editor] = at.data_editor
    table = editor.value
    row = {name: i for i, name in enumerate(table["Contract column"])}
    at.session_state[editor.key] = {
        "edited_rows": {
            row["incident_id"]: {"Header in your file": "ref"},
            row["opened_at"]: {"Header in your file": "when"},
            row["assignment_group"]: {"Header in your file": "grp"},
        },
        "added_rows": [], "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert not _confirm(at).disabled  # type: ignore[attr-defined]
    _confirm(at).click().run()  # type: ignore[attr-defined]
    [batch] = _batches(empty_db)
    assert (batch.file_name, batch.kind, batch.records) == ("tickets.csv", "incidents", 2)
    con = store.connect(empty_db)
    try:
        sql = "SELECT incident_id, assignment_group FROM current_incidents ORDER BY 1"
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows == [("T-1", "Network"), ("T-2", "Service Desk")]


def test_a_mapping_that_fails_most_rows_asks_for_confirmation(empty_db: Path) -> None:
    # 40 decisions whose autonomy column holds model versions: every one of the 40 rows fails the check
    lines = ["decision_id,decided_at,ai_system,autonomy"] + [
        f"D{i},2026-01-0{1 + i % 9} 10:00:00,bot,v{i % 3}.2" for i in range(40)]
    at = run_page("8_Data.py")
    _upload(at, "decisions.csv", ("\n".join(lines) + "\n").encode())
    at.selectbox(key="kind_0").set_value("ai_decisions").run()
    assert "Most rows fail the checks of a mapped column" in texts(at)
    assert "autonomy: 40 of 40 rows" in texts(at)
    assert _confirm(at).disabled  # type: ignore[attr-defined]  # not without a second look
    at.checkbox(key="confirm_map_0").check().run()
    assert not _confirm(at).disabled  # type: ignore[attr-defined]


def test_a_toml_mapping_can_be_imported_in_the_editor(empty_db: Path) -> None:
    content = b"ticket,created,team\nT-1,2026-01-05 10:00:00,Network\nT-2,2026-01-06 09:00:00,Service Desk\n"
    mapping = b'kind = "incidents"\n[columns]\nincident_id = "ticket"\nopened_at = "created"\n'
    at = run_page("8_Data.py")
    _upload(at, "tickets.csv", content)
    at.get("file_uploader")[1].set_value(("tickets.toml", mapping, "application/toml"))  # type: ignore[attr-defined]
    at.run()
    assert not at.exception
    assert not _confirm(at).disabled  # type: ignore[attr-defined]
    _confirm(at).click().run()  # type: ignore[attr-defined]
    [batch] = _batches(empty_db)
    assert (batch.file_name, batch.kind, batch.records) == ("tickets.csv", "incidents", 2)


def test_a_file_loaded_before_names_its_batch_and_can_replace_it_in_one_step(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    _upload(at, "incidents.csv", GOOD)
    _confirm(at).click().run()  # type: ignore[attr-defined]
    [first] = _batches(empty_db)
    at = run_page("8_Data.py")
    _upload(at, "incidents.csv", GOOD)
    assert f"This file is already loaded as batch {first.batch_id}" in texts(at)
    at.checkbox(key="replace_0").check().run()
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    by_id = {b.batch_id: b for b in _batches(empty_db)}
    assert by_id[first.batch_id].retracted_at is not None  # the old batch is retracted ...
    [new] = [b for b in by_id.values() if b.active]  # ... and the file is loaded again as a new batch
    assert (new.batch_id > first.batch_id, new.records) == (True, 3)


def test_the_browser_upload_limit_is_the_ingest_limit() -> None:
    import tomllib

    from answerable.ingest import IngestLimits
    from answerable.ui.upload import upload_limit_mb

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * (1 << 20) == IngestLimits().max_bytes == 1 << 30
    assert upload_limit_mb() == 1024


def test_unknown_ticket_headers_are_suggested_for_the_chosen_kind(empty_db: Path) -> None:
    content = b"ticket,created,team\nT-1,2026-01-05 10:00:00,Network\nT-2,2026-01-06 09:00:00,Service Desk\n"
    at = run_page("8_Data.py")
    _upload(at, "tickets.csv", content)
    at.selectbox(key="kind_0").set_value("incidents").run()
    texts_shown = [t.value for t in at.text]
    assert "incident_id <- 'ticket': synonym 'ticket'" in texts_shown
    assert "opened_at <- 'created': a vendor profile's name for it; values are timestamps" in texts_shown
    assert not _confirm(at).disabled  # type: ignore[attr-defined]


def test_an_export_no_profile_knows_gets_a_suggested_mapping_and_loads(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    content = (Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "vendor_ai_log.csv").read_bytes()
    _upload(at, "vendor log.csv", content)
    assert "No profile recognises these headers. Below is a suggested mapping as AI decisions" in texts(at)
    assert "escalated <- 'Handed Off?': synonym 'handed off'; values are yes/no flags" in [
        t.value for t in at.text
    ]
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    [batch] = _batches(empty_db)
    assert (batch.kind, batch.records, batch.rows_rejected) == ("ai_decisions", 3, 0)


def test_the_result_says_how_the_ai_decisions_link_to_the_incidents(empty_db: Path) -> None:
    # GOOD holds INC-1..INC-3 (5-7 Jan 2026). Of 3 decisions, D1 names INC-1 (loaded), D2 names INC-X (not
    # loaded), D3 names none: 1 of 3 linked = 33.3%, below half, so the result warns (DESIGN §3).
    decisions = (b"decision_id,decided_at,ai_system,incident_id\n"
                 b"D1,2026-01-05 10:30,bot,INC-1\nD2,2026-01-06 10:30,bot,INC-X\nD3,2026-01-07 10:30,bot,\n")
    at = run_page("8_Data.py")
    at.get("file_uploader")[0].set_value([  # type: ignore[attr-defined]
        ("incidents.csv", GOOD, "text/csv"), ("decisions.csv", decisions, "text/csv"),
    ])
    at.run()
    _confirm(at).click().run()  # type: ignore[attr-defined]
    assert not at.exception
    text = texts(at)
    assert ("Linkage of AI decisions to incidents: 33.3% of 3 AI decisions link to a loaded incident "
            "(1 of 2 incident references found); the date ranges overlap.") in text
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("The AI decision log and the incident export do not describe the same "
                            "operations: only 1 of 3 AI decisions (33.3%) link to a loaded incident.")
               for w in warnings)
