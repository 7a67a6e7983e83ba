"""The command line is options -> one run -> one renderer -> an exit code: the policy is the
runs'. Every command that writes takes the project's lock itself (a second writer is refused)
and a dry run takes none; cli.py holds no state of its own."""

from __future__ import annotations

import ast
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from transkit.store import write

from .conftest import SAMPLE_SLUG, Result

Run = Callable[..., Result]
CLI = Path(__file__).resolve().parents[1] / "src" / "transkit" / "cli.py"

HOLDER = """
import sys
from pathlib import Path
from transkit.config import load_config
from transkit.store.write import project_lock
with project_lock(load_config(Path(sys.argv[1]))):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def held(project: Path, run: Run, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sample project, with what the imports read made first, while another process holds
    its lock (told by a pipe, not by waiting); this process does not wait for it."""
    assert run("--root", project, "build", "--lang", "de", "--out", tmp_path / "built").code == 0
    assert run("--root", project, "export", "de", "--out", tmp_path / "x").code == 0
    assert run("--root", project, "export", "de", "-f", "tmx", "--out", tmp_path / "x").code == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(project)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr(write, "LOCK_TIMEOUT", 0.0)
        yield project
    finally:
        holder.stdin.close()
        holder.wait()


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".transkit" not in p.as_posix()}


def test_every_writing_command_takes_the_lock_and_a_dry_run_none(
    held: Path, run: Run, tmp_path: Path
) -> None:
    root = held
    built = tmp_path / "built" / "de" / f"{SAMPLE_SLUG}.md"
    xliff = tmp_path / "x" / f"{SAMPLE_SLUG}.de.xlf"
    before = files(root)
    writers = {
        "sync": ["sync"],
        "build": ["build"],
        "review": ["review", "de", "--by", "Anna Schmidt"],
        "export": ["export", "de", "--out", str(tmp_path / "again")],
        "export tmx": ["export", "de", "-f", "tmx", "--out", str(tmp_path / "again")],
        "import": ["import", "de", str(built), "--article", SAMPLE_SLUG, "--overwrite"],
        "import xliff": ["import", "de", str(xliff)],
        "import tmx": ["import", "de", str(tmp_path / "x" / "de.tmx")],
        "mv": ["mv", SAMPLE_SLUG, "renamed"],
    }
    for name, args in writers.items():
        result = run("--root", root, *args)
        assert result.code == 2, (name, result.out, result.err)
        assert "another transkit run has held .transkit.lock" in result.err, (name, result.err)
    assert files(root) == before  # refused before anything was written
    readers = {
        "sync --dry-run": ["sync", "--dry-run"],
        "review --dry-run": ["review", "de", "--by", "Anna Schmidt", "--dry-run"],
        "import --dry-run": ["import", "de", str(built), "--article", SAMPLE_SLUG,
                             "--dry-run"],
        "import xliff --dry-run": ["import", "de", str(xliff), "--dry-run"],
        "mv --dry-run": ["mv", SAMPLE_SLUG, "renamed", "--dry-run"],
        "status": ["status"],
        "check": ["check", "--gate", "commit"],
    }
    for name, args in readers.items():
        result = run("--root", root, *args)
        assert "lock" not in result.err, (name, result.err)
        assert result.code in (0, 1), (name, result.out, result.err)
    assert files(root) == before


def test_the_command_line_takes_no_lock_and_keeps_no_state() -> None:
    """Locks are the runs' (`runs.engine.writes_project`); cli.py has no module-level value
    that a call could change (a dict, list or set) and never opens the lock itself."""
    source = CLI.read_text(encoding="utf-8")
    assert "project_lock" not in source
    mutable = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Dict | ast.List | ast.Set) or (
                    isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                    and value.func.id in ("dict", "list", "set", "defaultdict")):
                mutable.append(ast.unparse(node))
    assert mutable == []


def test_ctrl_c_says_it_was_interrupted_and_exits_130(project: Path) -> None:
    """typer turns a KeyboardInterrupt into a silent exit 130; the user is told what happened.
    The interrupt is the process's own SIGINT, sent at a known moment (inside the run)."""
    code = (
        "import os, signal, sys\n"
        "import transkit.runs.check as check\n"
        "def interrupted(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    raise AssertionError('SIGINT did not interrupt')\n"
        "check.check_project = interrupted\n"
        "from transkit.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--root", str(project), "check"], capture_output=True,
        text=True, timeout=300,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    assert done.returncode == 130, done.stderr
    assert done.stderr == "transkit: interrupted; no file was left half-written\n"
