"""Two processes and one store file: a writer waits a little (busy_timeout), then fails clearly."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from answerable import store
from answerable.errors import StoreBusyError

HOLD = """
import sys, time
from answerable import store
con = store.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-c", HOLD, str(db), str(seconds)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "holding"
    return p


def test_writer_waits_for_a_short_holder(db_path: Path) -> None:
    store.connect(db_path).close()
    holder = _hold(db_path, 1.0)
    try:
        con = store.connect(db_path, busy_timeout=20)  # the holder lets go after ~1 s
        con.close()
    finally:
        holder.kill()
        holder.wait()


def test_busy_store_fails_fast_by_default_and_after_the_timeout(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.connect(db_path).close()
    holder = _hold(db_path, 30)
    try:
        with pytest.raises(StoreBusyError, match="in use by another process") as info:
            store.connect(db_path)
        assert "retry" in str(info.value)
        started = time.monotonic()
        monkeypatch.setenv(store.BUSY_TIMEOUT_ENV, "0.6")
        with pytest.raises(StoreBusyError):
            store.connect(db_path)
        waited = time.monotonic() - started
        assert waited >= 0.3, waited  # it did retry (0.05 + 0.1 + 0.2 s of pauses at least) ...
        assert waited < 10, waited  # ... and gave up instead of hanging
        monkeypatch.setenv(store.BUSY_TIMEOUT_ENV, "soon")
        with pytest.raises(Exception, match="must be a number of seconds"):
            store.connect(db_path)
    finally:
        holder.kill()
        holder.wait()
