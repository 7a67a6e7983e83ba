"""Shared fixtures: a throw-away copy of the project, and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polib
import pytest

import transkit.runs.check
import transkit.runs.sync
import transkit.store.files
from transkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SLUG = "russias-complicity-nagorno-karabakh"
SAMPLE = ROOT / "sources" / f"{SAMPLE_SLUG}.md"

# A folder in memory for the tests' temporary folders, where the fsync of every atomic write
# returns at once instead of waiting for a disk (a few milliseconds each, over a thousand writes).
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_NEEDED = 2 << 30  # bytes free: a whole run writes a few hundred megabytes at most


def pytest_configure(config: pytest.Config) -> None:
    """Put the temporary folders (tmp_path) in memory where the machine has room there, unless
    the run was told where they go (--basetemp, TMPDIR, TEMP or TMP). What a test checks does
    not change: every write is still made atomically and synced; only the wait for a disk goes.
    Workers of pytest-xdist are given their folder by the controlling process."""
    told = config.option.basetemp or any(
        os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP", "PYTEST_DEBUG_TEMPROOT"))
    if told or not MEMORY_FOLDER.is_dir() or not os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        return
    free = os.statvfs(MEMORY_FOLDER)
    if free.f_bavail * free.f_frsize >= MEMORY_NEEDED:
        tempfile.tempdir = str(MEMORY_FOLDER)


@dataclass
class Result:
    code: int
    out: str
    err: str


class Run(Protocol):
    """The `run` fixture: `transkit ARGS...` in-process, its exit status and output."""

    def __call__(self, *args: str | Path) -> Result: ...


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `transkit ARGS...` in-process and capture its exit status and output."""

    def _run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's publication: config, sources and the sample catalogs."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "locales", root / "locales")
    # committed with them, as in any clone (its lines are void when transkit's code changes)
    shutil.copy(ROOT / "transkit.sum", root / "transkit.sum")
    return root


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A project with the sample source and no catalogs yet."""
    root = tmp_path / "fresh"
    (root / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    shutil.copy(SAMPLE, root / "sources" / SAMPLE.name)
    return root


def age(root: Path, seconds: float = 30) -> None:
    """Make every file look written `seconds` ago, so the caches may trust them."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every catalog the sync, status and check code read."""
    seen: list[str] = []
    original = transkit.store.files.read_catalog_file

    def counting(path: Path, *, shown: str) -> tuple[polib.POFile, bytes] | None:
        seen.append(shown)
        return original(path, shown=shown)

    monkeypatch.setattr(transkit.store.files, "read_catalog_file", counting)
    for module in (transkit.runs.sync, transkit.runs.check):
        monkeypatch.setattr(module, "read_catalog_file", counting)
    return seen
