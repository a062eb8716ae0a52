"""Hostile settings files: mappings, maturity models (any viewer can upload one on the Maturity page)
and roles files. Each is refused with a message naming the file, the key or place and what to do, no
traceback and no server path; the store and the model in use stay as they were."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from answerable import store
from answerable.auth import RolesConfigError, load_roles
from answerable.cli import main
from answerable.ingest import ingest_file
from answerable.maturity import load_model_text
from answerable.tomltext import MAX_DEPTH
from answerable.ui import charts, data
from tests.hardening.state import open_and_check

ROOT = Path(__file__).resolve().parents[2]
N = 3000
DEEP = {
    "arrays": "a = " + "[" * N + "]" * N + "\n",
    "inline tables": "a = " + "{b = " * N + "1" + "}" * N + "\n",
    "dotted keys": "a" + ".a" * N + " = 1\n",
    "table header": "[" + ".".join(["t"] * N) + "]\nx = 1\n",
}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def _clear(err: str, *must: str) -> None:
    assert err.startswith("error: ") and "Traceback" not in err and 'File "' not in err, err
    for m in must:
        assert m in err, (m, err)


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    con = store.connect(db)
    rows = "".join(f"D{i},2026-01-{1 + i % 28:02d} 10:00:00,Bot,Ana\n" for i in range(40))
    csv = tmp_path / "decisions.csv"
    extremes = "DY,0001-01-01 00:00:00,Bot,\nDX,9999-12-31 00:00:00,Bot,Ana\n"
    csv.write_text("decision_id,decided_at,ai_system,accountable_owner\n" + rows + extremes, encoding="utf-8")
    ingest_file(con, csv, kind="ai_decisions")
    con.close()
    return db


# --- TOML nested 3,000 deep: (found) a RecursionError traceback for mapping, model and roles files ----


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_mapping_is_refused(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str
) -> None:
    mapping = tmp_path / "deep.toml"
    mapping.write_text(DEEP[shape], encoding="utf-8")
    before = open_and_check(small_store)
    rc, out, err = _cli(capsys, "--db", str(small_store), "ingest", "--mapping", str(mapping),
                        str(tmp_path / "decisions.csv"))
    assert rc == 2 and out == ""
    _clear(err, str(mapping), "is not valid TOML", f"more than {MAX_DEPTH} levels deep")
    if shape in ("arrays", "inline tables"):
        assert "line 1, column" in err  # where the nesting passes the limit
    assert open_and_check(small_store) == before


@pytest.mark.parametrize("shape", sorted(DEEP))
@pytest.mark.parametrize("command", ["score", "report"])
def test_deep_model_is_refused(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str, command: str
) -> None:
    model = tmp_path / "deep_model.toml"
    model.write_text(DEEP[shape], encoding="utf-8")
    extra = ["--format", "html", "--out", str(tmp_path / "r.html")] if command == "report" else []
    rc, out, err = _cli(capsys, "--db", str(small_store), command, "--model", str(model), *extra)
    assert rc == 2 and out == ""
    _clear(err, f"Model file {model} is not valid TOML", f"more than {MAX_DEPTH} levels deep", "Fix the")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_roles_file_is_refused(tmp_path: Path, shape: str) -> None:
    roles = tmp_path / "roles.toml"
    roles.write_text(DEEP[shape], encoding="utf-8")
    with pytest.raises(RolesConfigError) as info:
        load_roles(roles)
    message = str(info.value)
    assert f"The roles file {roles} is not valid TOML" in message and "levels deep" in message, message


def test_brackets_inside_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    text = 'version = "' + "[" * 100 + '"  # ' + "{" * 100 + "\n" + "x = '''\n" + "[" * 100 + "\n'''\n"
    with pytest.raises(Exception, match="unknown key"):  # parsed fine; only the model's rules refuse x
        load_model_text(text, "m.toml")


# --- model values: (found) 2^63-1 days escaped as a raw DuckDB error; nan/inf weights printed NaN ------

P90 = "escalation_latency_p90_min"
BAD_VALUES = {
    "days 2^63-1": ("[defaults]\naccess_review_days = 9223372036854775807\n",
                    "defaults.access_review_days: expected a whole number from 0 to 36,525 (100 years)"),
    "days 2^31": ("[defaults]\npir_grace_days = 2147483648\n",
                  "defaults.pir_grace_days: expected a whole number"),
    "min_evidence 2^63-1": ("[defaults]\nmin_evidence = 9223372036854775807\n",
                            "defaults.min_evidence: expected a whole number from 1 to 1,000,000,000"),
    "indicator min_evidence huge": (f"[indicators.{P90}]\nmin_evidence = 9223372036854775807\n",
                                    f"indicators.{P90}.min_evidence: expected a whole number from 1"),
    "weight nan": ("[weights]\nownership = nan\n", "weights.ownership: expected a number >= 0 (finite"),
    "weight inf": ("[weights]\nownership = inf\n", "weights.ownership: expected a number >= 0 (finite"),
    "band inf": ("[indicators.pir_coverage]\nbands = [inf, 95, 80, 50]\n", "indicators.pir_coverage.bands"),
    "band nan": (f"[indicators.{P90}]\nbands = [1, 4, nan, 48]\n", f"indicators.{P90}.bands"),
    "sla inf": ("[defaults]\nescalation_sla_minutes = inf\n", "defaults.escalation_sla_minutes"),
    "threshold nan": ("[defaults]\nconfidence_threshold = nan\n", "defaults.confidence_threshold"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_model_values_out_of_range_are_refused(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, reason = BAD_VALUES[case]
    model = tmp_path / "m.toml"
    model.write_text(text, encoding="utf-8")
    for command in (["score", "--json"], ["report", "--format", "html", "--out", str(tmp_path / "r.html")]):
        rc, out, err = _cli(capsys, "--db", str(small_store), *command, "--model", str(model))
        assert rc == 2 and out == "", (case, out[:300])
        _clear(err, reason, "found")


def test_score_json_is_strict_json(small_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    rc, out, _ = _cli(capsys, "--db", str(small_store), "score", "--json")
    assert rc == 0
    assert isinstance(json.loads(out, parse_constant=no_constants), dict)


# --- the Maturity page's model upload (any viewer) ----------------------------------------------------


@pytest.fixture
def app_store(small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "uploads").mkdir()
    monkeypatch.setenv("ANSWERABLE_DB", str(small_store))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.delenv("ANSWERABLE_ROLES", raising=False)
    monkeypatch.chdir(tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield small_store
    st.cache_data.clear()
    st.cache_resource.clear()


def _texts(at: AppTest) -> str:
    return "\n".join([t.value for t in at.text] + [e.value for e in at.error])


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("deep.toml", DEEP["arrays"], f"more than {MAX_DEPTH} levels deep"),
        ("dotted.toml", DEEP["dotted keys"], f"more than {MAX_DEPTH} levels deep"),
        ("days.toml", BAD_VALUES["days 2^63-1"][0], "access_review_days"),
        ("nan.toml", BAD_VALUES["weight nan"][0], "weights.ownership"),
    ],
)
def test_maturity_page_refuses_a_hostile_model_upload(
    app_store: Path, name: str, content: str, reason: str
) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "7_Maturity.py"), default_timeout=120).run()
    assert not at.exception
    at.get("file_uploader")[0].set_value((name, content.encode(), "application/toml"))
    at.run()
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    shown = _texts(at)
    assert "This model file was not used; nothing changed." in shown
    assert f"{name}: " in shown and reason in shown, shown[-800:]
    assert "/tmp" not in shown and str(app_store.parent) not in shown  # no server path
    assert data.MODEL_STATE not in at.session_state  # the built-in model stays in use


# --- model titles on the Overview radar: (found) rendered as plotly markup -----------------------------

MARKUP = '<a href="https://evil.example">click</a> <b>Owner</b><br>ship'


def test_radar_shows_dimension_titles_as_text() -> None:
    from answerable.results import DimensionScore

    dims = [DimensionScore(id="ownership", title=MARKUP, score=50.0, level=3, indicators=()),
            DimensionScore(id="x", title="Plain & simple", score=None, level=None, indicators=())]
    fig = charts.radar(dims)
    labels = " ".join(str(t) for t in fig.data[0].theta) + " ".join(fig.data[0].hovertext)
    assert "<a " not in labels and "<b>" not in labels and "href" in labels
    assert "&lt;a href" in labels and "Plain &amp; simple" in labels
    assert re.sub(r"<br>", "", labels).count("<") == 0  # only the wrapping breaks the chart adds itself


def test_overview_radar_escapes_an_uploaded_models_titles(app_store: Path) -> None:
    model = f'[dimensions.ownership]\ntitle = "{MARKUP.replace(chr(34), chr(39))}"\n'
    load_model_text(model, "m.toml")  # a valid model: titles are free text
    at = AppTest.from_file(str(ROOT / "pages" / "1_Overview.py"), default_timeout=120)
    at.session_state[data.MODEL_STATE] = model
    at.session_state["overview_charts"] = True  # the radar sits behind the Overview's charts toggle
    at.run()
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    radar = next(s for s in specs if any(d.get("type") == "scatterpolar" for d in s["data"]))
    theta = " ".join(radar["data"][0]["theta"])
    assert "&lt;a<br>href='https://evil.example'&gt;click&lt;/a&gt;" in theta  # wrapped, still literal
    assert "&lt;b&gt;Owner&lt;/b&gt;&lt;br&gt;ship" in theta and "<a" not in theta and "<b>" not in theta
