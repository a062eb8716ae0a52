"""Mapping TOML: load, dump, round trip and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable.errors import MappingError
from answerable.ingest import Mapping, dump_mapping, load_mapping
from tests.ingest.helpers import FIXTURES


def test_load_design_example() -> None:
    m = load_mapping(FIXTURES / "custom_mapping.toml")
    assert m.kind == "incidents"
    assert m.columns == {
        "incident_id": "ticket",
        "opened_at": "date_created",
        "assigned_to": "assignee_anon",
        "priority": "sev",
    }
    assert (m.delimiter, m.timestamp_format) == ("|", "%d/%m/%Y %H:%M:%S")
    assert m.null_tokens == ("", "?", "#n/b")


def test_round_trip(tmp_path: Path) -> None:
    m = Mapping(
        kind="incidents",
        columns={"incident_id": 'Issue "key"', "opened_at": "Créé"},
        delimiter="\t",
        decimal=",",
        timestamp_format="%d.%m.%Y",
        dayfirst=True,
        null_tokens=("", "-"),
        version_column="rev",
        timezone="Europe/Amsterdam",
        values={"priority": {"highest": "1"}},
    )
    text = dump_mapping(m)
    assert load_mapping(text) == m
    f = tmp_path / "m.toml"
    f.write_text(text, encoding="utf-8")
    assert load_mapping(f) == m


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('kind = "tickets"\n', "not a dataset"),
        ('kind = "incidents"\n[columns]\nfoo = "x"\n', "foo"),
        ("kind = \n", "not valid TOML"),
        ('[columns]\nincident_id = "x"\n', "missing `kind"),
        ('kind = "incidents"\n[parse]\ndecimal = ";"\n', "decimal"),
        ('kind = "incidents"\n[parse]\nsep = ";"\n', "sep"),
    ],
)
def test_errors_say_what_to_fix(text: str, needle: str) -> None:
    with pytest.raises(MappingError, match=needle):
        load_mapping(text)


def test_missing_file() -> None:
    with pytest.raises(MappingError, match="Cannot read"):
        load_mapping("/nonexistent/m.toml")
