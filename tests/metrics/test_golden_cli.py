"""Golden file: `answerable metrics --json` on the committed demo data (deterministic).

When a change to an indicator, the maturity bands or the demo data is intended, regenerate on purpose:

    ANSWERABLE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/metrics/test_golden_cli.py

and review the diff of tests/metrics/golden/demo_metrics.json before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from answerable.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo_metrics.json"


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def test_demo_metrics_json_matches_golden(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    capsys.readouterr()
    period = ["--from", "2026-05-01", "--to", "2026-11-01"]
    assert main(["--db", str(db_path), "metrics", *period, "--json"]) == 0
    # floats rounded to 6 decimals: parallel aggregation may change the last binary digits
    text = json.dumps(_rounded(json.loads(capsys.readouterr().out)), indent=2) + "\n"
    if os.environ.get("ANSWERABLE_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file yet: run with ANSWERABLE_UPDATE_GOLDEN=1 to write {GOLDEN}"
    assert text == GOLDEN.read_text(encoding="utf-8")
