"""`answerable report` end to end: the figures equal those of `answerable score --json`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from answerable import store
from answerable.cli import main
from answerable.metrics import ACCOUNTABILITY_IDS
from tests.report.conftest import pdf_text, squash
from tests.report.fixtures import load_small_store

RESOURCE_REF = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:|@import""", re.I)
LEVEL_WORDS = {1: "Initial", 2: "Developing", 3: "Defined", 4: "Managed", 5: "Optimizing"}


@pytest.fixture
def small_db(db_path: Path) -> Path:
    con = store.connect(db_path)
    try:
        load_small_store(con)
    finally:
        con.close()
    return db_path


def _score_json(db: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--db", str(db), "score", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_report_figures_equal_score_json(
    small_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score = _score_json(small_db, capsys)
    pdf_path, html_path = tmp_path / "board.pdf", tmp_path / "board.html"
    assert (
        main(
            [
                "--db",
                str(small_db),
                "report",
                "--format",
                "pdf",
                "--out",
                str(pdf_path),
                "--organisation",
                "José Müller — €",
            ]
        )
        == 0
    )
    assert main(["--db", str(small_db), "report", "--format", "html", "--out", str(html_path)]) == 0
    text = squash(pdf_text(pdf_path.read_bytes(), tmp_path))
    html = html_path.read_text(encoding="utf-8")
    overall = score["overall"]
    level = f"Level {overall['level']} – {LEVEL_WORDS[overall['level']]}"
    index = f"{overall['index']:.1f} / 100"
    for doc in (text, html):
        assert level in doc and index in doc
    assert "José Müller — €" in text
    for dim in score["dimensions"]:
        title = dim["title"].replace("&", "&amp;")
        assert dim["title"] in text and title in html
        if dim["score"] is not None:
            assert f"{dim['score']:.1f}" in text and f"{dim['score']:.1f}" in html
    assert RESOURCE_REF.search(html) is None and "http://" not in html and "https://" not in html


def test_report_lists_every_batch_sha256(small_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert main(["--db", str(small_db), "report", "--format", "pdf", "--out", str(out)]) == 0
    text = squash(pdf_text(out.read_bytes(), tmp_path))
    con = store.connect(small_db, read_only=True)
    try:
        batches = store.list_batches(con)
    finally:
        con.close()
    assert len(batches) == 2
    for b in batches:
        assert len(b.sha256) == 64 and b.sha256 in text


def test_two_cli_runs_give_identical_files(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a reproducible build pins the generation time (DESIGN §7); without it the wall clock's minute can
    # turn between the two runs
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for fmt in ("html", "pdf"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert main(["--db", str(small_db), "report", "--format", fmt, "--out", str(a)]) == 0
        assert main(["--db", str(small_db), "report", "--format", fmt, "--out", str(b)]) == 0
        assert a.read_bytes() == b.read_bytes()


def test_report_to_a_directory_is_a_clear_error(
    small_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(small_db), "report", "--format", "pdf", "--out", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_every_indicator_of_score_json_is_in_the_report(
    small_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score = _score_json(small_db, capsys)
    out = tmp_path / "board.pdf"
    assert main(["--db", str(small_db), "report", "--format", "pdf", "--out", str(out)]) == 0
    text = squash(pdf_text(out.read_bytes(), tmp_path))
    indicators = [i for d in score["dimensions"] for i in d["indicators"]]
    assert len(indicators) == len(ACCOUNTABILITY_IDS)  # every accountability indicator, each once
    for ind in indicators:
        assert ind["title"] in text
        if ind["status"] == "ok" and ind["unit"] == "%":
            value = f"{ind['value']:.1f}".removesuffix(".0") + "%"  # 7.5 -> "7.5%", 50.0 -> "50%"
            assert f"• {ind['title']}: {value}" in text  # its line in the dimension table


def test_report_names_the_model_file_in_use(small_db: Path, tmp_path: Path) -> None:
    model = tmp_path / "board.toml"
    model.write_text('version = "board-test-2.0"\n', encoding="utf-8")
    out = tmp_path / "board.html"
    assert (
        main(["--db", str(small_db), "report", "--format", "html", "--out", str(out), "--model", str(model)])
        == 0
    )
    assert "board-test-2.0" in out.read_text(encoding="utf-8")


def test_report_on_an_empty_store_says_what_to_load(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.connect(db_path).close()
    out = tmp_path / "board.pdf"
    assert main(["--db", str(db_path), "report", "--format", "pdf", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "holds no data" in err and "answerable demo" in err
    assert not out.exists()  # nothing written
