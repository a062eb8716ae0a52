"""A real Streamlit server on 127.0.0.1 for browser tests, and how Chromium is launched here."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Debian's chromium; never a downloaded browser (ANSWERABLE_CHROMIUM only points the checks elsewhere)
CHROMIUM = os.environ.get("ANSWERABLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_script(script: Path, env: Mapping[str, str], log_path: Path, *, port: int | None = None,
                 extra_args: Sequence[str] = (), start_timeout_s: float = 60) -> Iterator[str]:
    """Run `streamlit run SCRIPT` (from the script's folder) on 127.0.0.1 until the block ends.

    Yields its URL once `/_stcore/health` answers; the server's output goes to LOG_PATH."""
    port = port or free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script.name, "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             *extra_args],
            cwd=script.parent, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + start_timeout_s
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if time.time() > deadline or proc.poll() is not None:
                        raise RuntimeError(f"streamlit did not start; see {log_path}") from None
                    time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


@contextmanager
def serve_app(work: Path, env: Mapping[str, str], *, port: int | None = None,
              extra_args: Sequence[str] = ()) -> Iterator[str]:
    """Run `streamlit run app.py` on 127.0.0.1 until the block ends; yields its URL once healthy."""
    with serve_script(ROOT / "app.py", env, work / "server.log", port=port, extra_args=extra_args) as url:
        yield url
