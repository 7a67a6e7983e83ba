"""The README's drift demonstration keeps working (it runs on a copy of the project)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real processes, peers or long property searches

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("git") is None, reason="the demonstration shows a git word diff")
def test_make_demo_drift_runs_and_shows_each_severity() -> None:
    transkit = Path(sys.executable).parent / "transkit"
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo-drift.sh")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "TRANSKIT": str(transkit), "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    out = done.stdout
    assert "drift: critical (number changed: 19 → 20)" in out
    assert "drift: minor" in out  # the typo fix
    assert "the critical date change ships in English" in out
    assert "Traceback" not in out + done.stderr
