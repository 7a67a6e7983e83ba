"""Files staged by the pool's workers: the same catalogs as one process writes, and a write that
fails in a worker leaves every catalog as it was and no temporary file behind."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from transkit.runs import engine
from transkit.store import write as store

from .conftest import ROOT, Run
from .fsutil import changes, snapshot, temp_files

ARTICLES = 60  # more than engine.MIN_ITEMS: the jobs go to worker processes


def make_project(root: Path) -> None:
    root.mkdir()
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    (root / "sources").mkdir()
    for number in range(ARTICLES):
        (root / "sources" / f"article-{number:02d}.md").write_text(
            f"# Article {number}\n\nIts first paragraph, number {number}.\n\n"
            f"A second paragraph, about {number} things.\n", encoding="utf-8")


def edit_every_article(root: Path) -> None:
    for source in (root / "sources").iterdir():
        with source.open("a", encoding="utf-8") as handle:
            handle.write("\nA paragraph added to every article.\n")


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSKIT_JOBS", "2")
    assert engine._pooled(ARTICLES)


def test_workers_stage_what_one_process_writes(tmp_path: Path, run: Run, two_workers: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pooled, alone = tmp_path / "pooled", tmp_path / "alone"
    make_project(pooled)
    assert run("--root", pooled, "sync", "-q").code == 0
    edit_every_article(pooled)
    shutil.copytree(pooled, alone)
    assert run("--root", pooled, "sync", "-q").code == 0
    monkeypatch.setenv("TRANSKIT_JOBS", "1")
    assert run("--root", alone, "sync", "-q").code == 0
    catalogs = sorted(p.relative_to(pooled) for p in (pooled / "locales").rglob("*.po"))
    assert len(catalogs) == 3 * ARTICLES
    for name in catalogs:
        assert (pooled / name).read_bytes() == (alone / name).read_bytes()
    assert temp_files(pooled) == []


class FailingFor:
    """tempfile as `store` sees it, refusing the temporary file of one catalog (in whichever
    process stages it: the pool's workers are forked with this module in place)."""

    def __init__(self, folder: str, name: str) -> None:
        self.folder, self.name = folder, name

    def __getattr__(self, attr: str) -> Any:
        return getattr(tempfile, attr)

    def mkstemp(self, *, prefix: str, suffix: str, dir: Path) -> tuple[int, str]:  # noqa: A002
        if Path(dir).name == self.folder and prefix == f".{self.name}.":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dir)


def test_a_write_failing_in_a_worker_changes_no_catalog_and_leaves_no_temporary_file(
    tmp_path: Path, run: Run, two_workers: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The article's other catalogs, staged before the failure, and those of the articles
    the pool went on with, are removed; the failure is the run's, not the article's."""
    root = tmp_path / "project"
    make_project(root)
    assert run("--root", root, "sync", "-q").code == 0
    edit_every_article(root)
    before = snapshot(root)
    monkeypatch.setattr(store, "tempfile", FailingFor("de", "article-20.po"))
    result = run("--root", root, "sync")
    assert result.code == 2, result.out + result.err
    assert result.err.strip().startswith(
        "transkit: error: locales/de/article-20.po: cannot be written"), result.err
    assert changes(before, snapshot(root)) == []
    assert temp_files(root) == []
