"""Every catalog the exchange imports, merge-po and resolve write is laid out at the project's
`wrap_width`: with `wrap_width = 0` nothing is re-wrapped at gettext's 79 columns, so neither
side of a team makes churn."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transkit.core.po.pofile import format_po, parse_po

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]
DE = f"locales/de/{SAMPLE_SLUG}.po"


def _unwrapped(root: Path) -> bool:
    """The catalog is laid out as msgcat --no-wrap lays it out, and that is not gettext's
    default layout (so the check can fail)."""
    text = (root / DE).read_text(encoding="utf-8")
    catalog = parse_po(text, path=DE)
    return format_po(catalog, width=0) == text != format_po(catalog)


@pytest.fixture
def no_wrap(project: Path, run: Run) -> Path:
    config = project / "transkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + "wrap_width = 0\n", encoding="utf-8")
    assert run("--root", project, "sync").code == 0
    assert _unwrapped(project)
    return project


def _edit(root: Path, change: Callable[[str], str]) -> None:
    path = root / DE
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_xliff_and_tmx_imports_keep_the_layout(run: Run, no_wrap: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("--root", no_wrap, "export", "de", "--out", out).code == 0
    assert run("--root", no_wrap, "export", "de", "-f", "tmx", "--out", out).code == 0
    xliff = out / f"{SAMPLE_SLUG}.de.xlf"
    xliff.write_text(xliff.read_text(encoding="utf-8").replace(
        "Russland nutzte den Karabach-Konflikt", "Russland benutzte den Karabach-Konflikt"),
        encoding="utf-8")
    result = run("--root", no_wrap, "import", "de", xliff)
    assert result.code == 0 and "1 imported" in result.out, result.out
    assert _unwrapped(no_wrap)
    # the TMX fill: an entry emptied, filled again from the memory
    catalog = parse_po((no_wrap / DE).read_text(encoding="utf-8"), path=DE)
    catalog[3].msgstr = ""
    (no_wrap / DE).write_text(format_po(catalog, width=0), encoding="utf-8")
    result = run("--root", no_wrap, "import", "de", out / "de.tmx")
    assert result.code == 0 and "1 imported" in result.out, result.out
    assert _unwrapped(no_wrap)


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example", "GIT_EDITOR": "true",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent),
           # the driver git runs is this checkout's transkit
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=env, check=False)
    assert not check or done.returncode == 0, done.stderr
    return done


def _diverged(root: Path) -> None:
    """main and a translator's branch both changed one translation (a clash)."""
    (root / ".gitignore").write_text(".transkit-cache/\n.transkit.lock\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "translator")
    _edit(root, lambda t: t.replace("Russland nutzte den", "Russland benutzte den"))
    _git(root, "commit", "-q", "-am", "translator")
    _git(root, "checkout", "-q", "main")
    _edit(root, lambda t: t.replace("Russland nutzte den", "Russland gebrauchte den"))
    _git(root, "commit", "-q", "-am", "main")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_merge_po_and_resolve_keep_the_layout(run: Run, no_wrap: Path) -> None:
    _diverged(no_wrap)
    assert run("--root", no_wrap, "setup-git").code == 0
    done = _git(no_wrap, "merge", "--no-edit", "translator", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# other translation (translator)" in (no_wrap / DE).read_text(encoding="utf-8")
    assert _unwrapped(no_wrap)
    # the same merge as text, conflict markers and all, then resolve
    _git(no_wrap, "reset", "-q", "--hard", "HEAD~1")
    _git(no_wrap, "config", "--unset", "merge.transkit-po.driver")
    (no_wrap / ".gitattributes").unlink()  # never committed: git merges as text again
    done = _git(no_wrap, "merge", "--no-edit", "translator", check=False)
    assert done.returncode != 0 and "<<<<<<<" in (no_wrap / DE).read_text(encoding="utf-8")
    result = run("resolve", no_wrap / DE)
    assert result.code == 0, result.err
    assert _unwrapped(no_wrap)
