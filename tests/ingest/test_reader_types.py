"""Timestamps typed by DuckDB's CSV reader (issue 16 D, `guess.reader_types`, `parse.typed_pass`).

When the first rows show a timestamp column in one strptime format, the reader types it, which saves
a third of the typed pass. That is a speed path only: every file must load exactly as from the text
(the same rows, values, rejects with their text and lines, blank rows, formats and warnings), and a
value the reader cannot take as the text would (a word strptime reads, a year outside 1-9999, a null
spelling not seen in the first rows, a placeholder, a broken row) sends the pass back to the text.
Each test loads the same file twice, with the reader path and with it turned off, and compares.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from answerable import store
from answerable.ingest import guess, ingest_file, load_mapping, parse, read

GOOD_ISO = [f"I-{i},2024-03-{i + 1:02d} 10:{i:02d},{'?' if i % 3 else f'2024-03-{i + 2:02d} 11:00'},Net"
            for i in range(20)]
GOOD_DMY = [f"I-{i},{i + 1}/3/2024 10:{i:02d},{'?' if i % 3 else f'{i + 2}/3/2024 11:00'},Net"
            for i in range(20)]
HEADER = "incident_id,opened_at,resolved_at,category\n"


def _load(db: Path, f: Path, mapping: str | None) -> tuple[Any, ...]:
    c = store.connect(db)
    try:
        r = ingest_file(c, f, mapping=load_mapping(mapping) if mapping else None)
        report = {k: v for k, v in r.to_json().items() if k not in ("linkage",)}
        rows = c.execute(
            "SELECT _line, incident_id, opened_at, resolved_at, category FROM rows_incidents ORDER BY _line"
        ).fetchall()
        rejects = c.execute(
            "SELECT line, column_name, value, rule, message FROM rejects ORDER BY 1, 2"
        ).fetchall()
        return report, rows, rejects
    finally:
        c.close()


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, mapping: str | None = None
) -> list[str]:
    """Load `text` with the reader path and without it; assert both stores are the same. Returns how
    each typed pass of the first load ran ("reader", "read again", "text", "doomed")."""
    f = tmp_path / "export.csv"
    f.write_text(text, encoding="utf-8")
    passes: list[str] = []
    original = parse.type_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        how = "reader" if kwargs.get("types") is not None else "text"
        try:
            out = original(*args, **kwargs)
        except parse.ReadAgain:
            passes.append("read again")
            raise
        except parse.GuessDoomed:
            passes.append("doomed")
            raise
        passes.append(how)
        return out

    with monkeypatch.context() as m:
        m.setattr(parse, "type_rows", spy)
        fast = _load(tmp_path / "fast.duckdb", f, mapping)
    with monkeypatch.context() as m:
        m.setattr(parse, "reader_types", lambda *_: None)
        slow = _load(tmp_path / "slow.duckdb", f, mapping)
    assert fast == slow
    return passes


def _fast(tmp_path: Path, sql: str) -> list[Any]:
    """A query on the store `_both` loaded with the reader path."""
    c = store.connect(tmp_path / "fast.duckdb")
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()


def test_a_clean_file_is_typed_by_the_reader_and_loads_as_from_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_ISO) + "\n") == ["reader"]
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_DMY) + "\n") == ["reader"]


# Values after the first rows (the sample is cut to the 20 good rows): each either reads as the text
# would, or sends the pass back to the text. None may differ from the text path.
LATE_VALUES = [
    "2024-03-30 10:00", " 2024-03-30 10:00", "2024-03-30 10:00 ", "2024-3-30 1:00", "2024-03-30  10:00",
    '"2024-03-30 10:00"', "2024-03-30 10:00:00", "2024-03-30T10:00", "2024-03-30 10:00Z",
    "2024-03-30 10:00+02:00", "2024-02-30 10:00", "0000-01-01 00:00", "1970-01-01 00:00", "epoch", " Epoch",
    "infinity", "-infinity", "?", "NULL", "null", "N/A", " ? ", "", '""', '" "', "today", "30/3/2024 10:00",
    "#MULTIVALUE", "2024-03-30 10:00\t", "99999-01-01 00:00", "\t2024-03-30 10:00", " 2024-3-30 1:00 ",
    '"2024-03-30 10:00\r"', "\u00a02024-03-30 10:00", "2024-03-30 10:00+02:00\t", "\v2024-03-30 10:00",
]


@pytest.mark.parametrize("value", LATE_VALUES)
def test_a_late_value_loads_as_from_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(read, "SAMPLE_ROWS", 20)
    late = [f"I-L1,{value},2024-03-30 12:00,Net", f"I-L2,2024-03-30 09:00,{value},Net"]
    passes = _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_ISO + late) + "\n")
    assert passes[0] in ("reader", "read again")  # the reader path was tried


def test_a_value_the_reader_cannot_take_sends_the_pass_back_to_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "SAMPLE_ROWS", 20)
    for value in ("epoch", "0000-01-01 00:00", "NULL", "2024-03-30T10:00", "not a date"):
        late = [f"I-L1,{value},,Net"]
        passes = _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_ISO + late) + "\n")
        assert passes == ["read again", "text"], value


def test_day_first_values_after_the_first_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "SAMPLE_ROWS", 20)
    late = ["I-L1,30/3/2024 10:00,31/3/2024 1:00,Net", "I-L2,epoch,,Net", "I-L3,2024-03-30 10:00,,Net"]
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_DMY + late[:1]) + "\n") == ["reader"]
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_DMY + late) + "\n") == ["read again", "text"]
    # a second field above 12 dooms the day-first guess: the reader stops there, then the text pass
    # (which stops at the same value), then the pass turned month-first, by the reader
    ambiguous = [f"I-A{i},{i % 12 + 1}/{i % 12 + 1}/2024 10:00,,Net" for i in range(20)]  # the 20 sampled
    us = ambiguous + [f"I-U{d},3/{d}/2024 10:00,,Net" for d in range(13, 29)]
    passes = _both(tmp_path, monkeypatch, HEADER + "\n".join(us) + "\n")
    assert passes == ["read again", "doomed", "reader"]


def test_a_row_of_null_tokens_without_a_key_is_rejected_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader reads `?` as NULL, so this row looks blank to it; as text it is a row without a key.
    rows = [*GOOD_ISO, ",?,?,", ",,,", *GOOD_ISO[:1]]
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(rows) + "\n") == ["reader"]
    # line 1 the header, 2-21 the good rows, 22 the row of null tokens
    assert _fast(tmp_path, "SELECT line, rule FROM rejects") == [(22, "empty_key")]


def test_a_zone_other_than_utc_converts_the_reader_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = (
        'kind = "incidents"\n[columns]\nincident_id = "incident_id"\nopened_at = "opened_at"\n'
        'resolved_at = "resolved_at"\ncategory = "category"\n[parse]\ntimezone = "Europe/Paris"\n'
    )
    assert _both(tmp_path, monkeypatch, HEADER + "\n".join(GOOD_ISO) + "\n", mapping) == ["reader"]
    # 10:00 in Paris on 1 March 2024 (UTC+1, before the clocks change) is 09:00 UTC
    got = _fast(tmp_path, "SELECT opened_at FROM rows_incidents WHERE incident_id = 'I-0'")
    assert str(got[0][0]) == "2024-03-01 09:00:00"


def test_null_tokens_not_shared_by_every_column_are_not_given_to_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # category keeps "?" as a value, so the reader may not read "?" as NULL: the timestamps holding
    # "?" stay text; the category "?" is stored as written
    mapping = (
        'kind = "incidents"\n[columns]\nincident_id = "incident_id"\nopened_at = "opened_at"\n'
        'resolved_at = "resolved_at"\ncategory = "category"\n[parse.null_tokens_by_column]\ncategory = [""]\n'
    )
    rows = [*GOOD_ISO, "I-Q,2024-03-30 10:00,?,?"]
    passes = _both(tmp_path, monkeypatch, HEADER + "\n".join(rows) + "\n", mapping)
    assert passes == ["reader"]
    got = _fast(tmp_path, "SELECT category FROM rows_incidents WHERE incident_id = 'I-Q'")
    assert got == [("?",)]


def test_which_columns_the_reader_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # opened_at in one shape with a null spelling; resolved_at in two shapes (not typed); the reader
    # gets only the null spellings seen ("?"), since each costs it time on every field
    rows = ["I-1,2024-03-01 10:00,2024-03-01 11:00", "I-2,?,2024-03-02", "I-3,2024-03-03 10:00,?"]
    seen: list[Any] = []
    original = guess.reader_types

    def spy(*args: Any) -> Any:
        seen.append(original(*args))
        return seen[-1]

    monkeypatch.setattr(parse, "reader_types", spy)
    f = tmp_path / "e.csv"
    f.write_text("incident_id,opened_at,resolved_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    c = store.connect(tmp_path / "s.duckdb")
    try:
        ingest_file(c, f)
    finally:
        c.close()
    assert [(t.positions, t.fmt, t.nulls) for t in seen] == [(frozenset({1}), "%Y-%m-%d %H:%M", ("", "?"))]
