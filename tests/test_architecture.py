"""The architecture as checked contracts: the import layers, no cycles, and a core without streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import importlib, importlib.abc, pkgutil, sys

class BlockStreamlit(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "streamlit" or name.startswith("streamlit."):
            raise ImportError("core imported streamlit: " + name)
        return None

sys.meta_path.insert(0, BlockStreamlit())
import answerable
seen = []
for info in pkgutil.walk_packages(answerable.__path__, "answerable."):
    if info.name.startswith("answerable.ui") or info.name.endswith("__main__"):
        continue
    importlib.import_module(info.name)
    seen.append(info.name)
print(len(seen))
"""


def test_core_imports_without_streamlit() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # contract, errors, results, store, cli and its modules at least
    assert int(proc.stdout.strip()) >= 8


def test_cli_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "answerable", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "usage: answerable" in proc.stdout


def test_import_layers_and_no_cycles() -> None:
    # The contracts are in pyproject.toml [tool.importlinter]; `make test` runs the same command.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert ", 0 broken." in proc.stdout


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "src").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these modules (CONVENTIONS: a file past ~400 lines is two files): {long}"
