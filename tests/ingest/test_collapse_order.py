"""The latest version of each key (DESIGN §3 "Event logs"): ascending by updated_at (nulls first), then
the version column as an integer (nulls first), then file order; the last one wins; initial_category
is the earliest version's. `load.version_order` packs the three into one number when the versions are
small whole numbers, and keeps the tuple otherwise: both must give the order worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from answerable.ingest import ingest_file, load
from tests.ingest.helpers import current

HEADER = "number,opened_at,sys_updated_at,sys_mod_count,category\n"


def _rows(v: dict[str, str]) -> str:
    """The same event log with the version numbers `v` stands for ("a" < "b" < "c")."""
    return (
        # line 2-4: K1, updated_at decides: 10:00 < 11:00; the NULL updated_at (line 4) sorts first
        f"K1,1/3/2024 09:00,1/3/2024 11:00,{v['a']},C-late\n"
        f"K1,1/3/2024 09:00,1/3/2024 10:00,{v['c']},C-early\n"
        f"K1,1/3/2024 09:00,?,{v['c']},C-none\n"
        # line 5-7: K2, the same updated_at: the version decides, NULL first (line 7, after a); b latest
        f"K2,1/3/2024 09:00,1/3/2024 10:00,{v['b']},D-b\n"
        f"K2,1/3/2024 09:00,1/3/2024 10:00,{v['a']},D-a\n"
        f"K2,1/3/2024 09:00,1/3/2024 10:00,?,D-null\n"
        # line 8-9: K3, the same updated_at and version: file order decides, line 9 wins
        f"K3,1/3/2024 09:00,1/3/2024 10:00,{v['a']},E-8\n"
        f"K3,1/3/2024 09:00,1/3/2024 10:00,{v['a']},E-9\n"
    )


@pytest.mark.parametrize(
    ("versions", "packed"),
    [
        ({"a": "0", "b": "1", "c": "7"}, True),  # small whole numbers: one packed number
        ({"a": "-5", "b": "0", "c": "3"}, False),  # a negative version: the tuple
        ({"a": "0", "b": "4194302", "c": "9000000000"}, False),  # above 2^22 - 2: the tuple
    ],
)
def test_the_latest_version_wins_in_either_order_key(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    versions: dict[str, str], packed: bool,
) -> None:
    keys: list[str] = []
    original = load.version_order
    monkeypatch.setattr(load, "version_order", lambda *a: keys.append(original(*a)) or keys[-1])
    f = tmp_path / "log.csv"
    f.write_text(HEADER + _rows(versions), encoding="utf-8")
    r = ingest_file(con, f)
    assert (r.rows_read, r.records, r.rows_collapsed) == (8, 3, 5)
    assert ("HUGEINT" in keys[0]) == packed
    got = current(con, "incidents", "incident_id", "category, initial_category, _line")
    # K1: versions in order line 4 (NULL updated_at), line 3 (10:00), line 2 (11:00): latest line 2,
    # earliest line 4. K2: line 7 (NULL version), line 6 (a), line 5 (b): latest line 5, earliest
    # line 7. K3: line 8 then line 9.
    assert got == {
        "K1": ("C-late", "C-none", 2),
        "K2": ("D-b", "D-null", 5),
        "K3": ("E-9", "E-8", 9),
    }
    # the store's rows go in file order
    lines = [row[0] for row in con.execute("SELECT _line FROM rows_incidents").fetchall()]
    assert lines == [2, 5, 9]
