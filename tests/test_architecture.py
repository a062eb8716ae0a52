"""The headless core never imports streamlit (CONVENTIONS: a checked contract, not a hope)."""

from __future__ import annotations

import subprocess
import sys

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
