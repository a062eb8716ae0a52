"""The two commands on a fresh machine: (found) `make test` failed where Chromium was not installed,
after minutes of tests. Now it installs Chromium and pdftotext first (root with apt-get), or stops in
its first seconds naming the one command to run; pytest itself refuses at start-up too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "system-deps"


def _deps(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    out = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, timeout=60,
                         env={**os.environ, **env}, cwd=tmp_path)
    return out, time.monotonic() - start


def test_make_test_checks_the_system_programs_before_anything_else() -> None:
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: system-deps \$\(STAMP\)$", make, re.M)  # before the venv and the suite
    assert re.search(r"^system-deps:\n\tsh \.ci/system-deps$", make, re.M)


def test_without_chromium_or_apt_get_it_fails_at_once_with_the_command(tmp_path: Path) -> None:
    out, seconds = _deps(tmp_path, CHROMIUM=str(tmp_path / "no-chromium"), PDFTOTEXT=str(tmp_path / "no-pdf"),
                         APT_GET=str(tmp_path / "no-apt-get"))
    assert out.returncode == 1
    assert seconds < 5
    assert "sudo apt-get install -y chromium poppler-utils" in out.stderr, out.stderr


def test_as_root_with_apt_get_it_installs_what_is_missing(tmp_path: Path) -> None:
    chromium, log = tmp_path / "chromium", tmp_path / "apt.log"
    fake = tmp_path / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n'
                    f'case "$1" in install) printf "#!/bin/sh\\n" > {chromium}; chmod +x {chromium};; esac\n')
    fake.chmod(0o755)
    out, _ = _deps(tmp_path, CHROMIUM=str(chromium), APT_GET=str(fake))
    if os.geteuid() != 0:  # not root: never tries, names the command instead
        assert out.returncode == 1 and "sudo apt-get install -y chromium" in out.stderr
        return
    assert out.returncode == 0, out.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq chromium fonts-dejavu-core"]
    assert os.access(chromium, os.X_OK)
    assert _deps(tmp_path, CHROMIUM=str(chromium), APT_GET=str(tmp_path / "gone"))[0].returncode == 0


def test_pytest_stops_at_start_up_without_chromium(tmp_path: Path) -> None:
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/e2e"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "ANSWERABLE_CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert out.returncode == 4, out.stdout[-500:]
    assert "The browser tests need Chromium" in out.stdout + out.stderr
    assert "sudo apt-get install -y chromium" in out.stdout + out.stderr
    assert time.monotonic() - start < 60  # collection only: no test ran
    assert " passed" not in out.stdout and " failed" not in out.stdout
