"""Values that were loaded quietly wrong (issue 16): words DuckDB casts to a timestamp, offsets no
place on Earth has, keys and enumerations that differ only by invisible or compatibility characters;
and a mapping whose delimiter is the quote character."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable.cli import main
from answerable.ingest import ingest_file
from tests.hardening.state import open_and_check


def _load(con: duckdb.DuckDBPyConnection, tmp_path: Path, text: str, kind: str = "incidents") -> object:
    p = tmp_path / "file.csv"
    p.write_text(text, encoding="utf-8")
    return ingest_file(con, p, kind=kind)


# (found) `epoch` became 1970-01-01 and +99:00 was accepted as an offset.
DATES = [
    ("INC1", "2026-01-05 10:00:00", datetime(2026, 1, 5, 10, 0)),
    ("INC2", "epoch", None),
    ("INC3", "infinity", None),
    ("INC4", "-infinity", None),
    ("INC5", "2026-01-05 10:00:00+99:00", None),
    ("INC6", "2026-01-05 10:00:00-15:00", None),
    ("INC7", "2026-01-05 10:00:00+05:60", None),
    (
        "INC8",
        "2026-01-05 10:00:00+14:00",
        datetime(2026, 1, 4, 20, 0),
    ),  # 10:00 at +14:00 is 20:00 UTC the day before
    ("INC9", "2026-01-05 10:00:00-12:00", datetime(2026, 1, 5, 22, 0)),  # 10:00 + 12 h
    ("INC10", "2026-01-05T10:00:00Z", datetime(2026, 1, 5, 10, 0)),
    ("INC11", "2026-01-05 10:00:00+05:30", datetime(2026, 1, 5, 4, 30)),  # 10:00 - 5 h 30
    # good rows, so that the six rejects stay under the refusal share of 50%
    *[(f"OK{i}", f"2026-02-{i:02d} 08:00:00", datetime(2026, 2, i, 8, 0)) for i in range(1, 8)],
]


def test_epoch_words_and_impossible_offsets_are_unparseable(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = "incident_id,opened_at\n" + "".join(f"{k},{v}\n" for k, v, _ in DATES)
    report = _load(con, tmp_path, text)
    rejected = [(p.line, p.column, p.value, p.rule) for p in report.problems]  # type: ignore[attr-defined]
    # header is line 1, so DATES[i] is on line i + 2
    assert rejected == [
        (i + 2, "opened_at", v, "not_a_timestamp") for i, (_, v, want) in enumerate(DATES) if want is None
    ]
    got = dict(con.execute("SELECT incident_id, opened_at FROM current_incidents").fetchall())
    assert got == {k: want for k, _, want in DATES if want is not None}


# (found) DuckDB's strptime also reads the words epoch and (-)infinity, whatever the format: in a
# day-first column `epoch` became 1970-01-01 (the ISO path was guarded, the strptime path was not).
WORDS = ["epoch", " Epoch ", "INFINITY", "-infinity"]


def test_epoch_words_are_unparseable_in_a_strptime_column(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    good = [f"G{d},{d}/01/2026 10:00\n" for d in range(13, 20)]  # day 13+: day-first, 7 good rows
    bad = [f"W{i},{w}\n" for i, w in enumerate(WORDS)]
    report = _load(con, tmp_path, "incident_id,opened_at\n" + "".join(good + bad))
    rejected = [(p.line, p.value, p.rule) for p in report.problems]  # type: ignore[attr-defined]
    # 7 good rows on lines 2-8, the words on lines 9-12
    assert rejected == [(9 + i, w, "not_a_timestamp") for i, w in enumerate(WORDS)]
    got = con.execute("SELECT min(opened_at), count(*) FROM current_incidents").fetchall()
    assert got == [(datetime(2026, 1, 13, 10, 0), 7)]


# (found) keys differing by a zero-width space, a BOM, NFC/NFD or full-width letters stayed separate.
SAME_KEY = [
    "K1",
    "K1\u200b",
    "\ufeffK1",
    "\u200dK1\u200c",
    "ＫＩ".replace("Ｉ", "１"),
    "K1\u00a0",
    "\tK1",
    "\u3000K1",
]


def test_keys_are_normalised_nfkc_and_trimmed(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert SAME_KEY[4] == "Ｋ１"  # full-width K and 1
    rows = [f"{k},2026-01-{i + 1:02d} 10:00:00\n" for i, k in enumerate(SAME_KEY)]
    rows += ["De\u0301sk-1,2026-02-01 10:00:00\n", "D\u00e9sk-1,2026-02-02 10:00:00\n"]  # NFD, then NFC
    report = _load(con, tmp_path, "incident_id,opened_at\n" + "".join(rows))
    assert report.rows_read == 10 and not report.problems  # type: ignore[attr-defined]
    keys = sorted(r[0] for r in con.execute("SELECT incident_id FROM current_incidents").fetchall())
    assert keys == ["D\u00e9sk-1", "K1"]  # 8 spellings of K1 are one record; the two Désk-1 are one


def test_enumerations_are_normalised_too(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = (
        "decision_id,decided_at,ai_system,autonomy\n"
        "D1,2026-01-05 10:00:00,Bot,\u200bhuman_in_the_loop\ufeff\n"
        "D2,2026-01-05 10:00:00,Bot,ｈｕｍａｎ_ｉｎ_ｔｈｅ_ｌｏｏｐ\u00a0\n"
        "D3,2026-01-05 10:00:00,Bot,Human in the loop\n"
    )
    report = _load(con, tmp_path, text, kind="ai_decisions")
    assert not report.problems  # type: ignore[attr-defined]
    values = [r[0] for r in con.execute("SELECT autonomy FROM current_ai_decisions ORDER BY 1").fetchall()]
    assert values == ["human_in_the_loop"] * 3


def test_a_mapping_whose_delimiter_is_the_quote_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.duckdb"
    csv = tmp_path / "f.csv"
    csv.write_text('incident_id,opened_at\n"INC1","2026-01-05 10:00:00"\n', encoding="utf-8")
    assert main(["--db", str(db), "ingest", str(csv)]) == 0
    before = open_and_check(db)
    for delimiter in ('"', "\\u0000", "\\n"):
        mapping = tmp_path / "m.toml"
        mapping.write_text(
            'kind = "incidents"\n[columns]\nincident_id = "incident_id"\nopened_at = "opened_at"\n'
            f'[parse]\ndelimiter = "{delimiter if delimiter != chr(34) else chr(92) + chr(34)}"\n',
            encoding="utf-8",
        )
        capsys.readouterr()
        assert main(["--db", str(db), "ingest", "--mapping", str(mapping), str(csv)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {mapping}: delimiter "), err
        assert "cannot separate columns" in err and "use ',', ';', '|' or a tab" in err
        assert "Traceback" not in err
    assert open_and_check(db) == before
