"""The progress display: on a terminal a person watches, after a second, erased when done; never
in a pipe, a CI log, with --quiet, or beside machine output on stdout. The moment is decided by
an injected clock (in-process) or TRANSKIT_PROGRESS_AFTER (the real command in a pseudo-terminal),
never by waiting."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import pytest

from transkit.render.progress import CLEAR, Display, for_terminal, progress_line
from transkit.runs.engine import parallel_iter, showing

from .conftest import ROOT, SAMPLE_SLUG

T = TypeVar("T")
ARTICLES = 6  # copies of the sample article: 18 catalogs
BAR = re.compile(r"checking catalogs\s+\S+\s+\d+/18\b")


class Terminal(io.StringIO):
    """What a display writes, as a terminal would receive it."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


class Clock:
    """Time that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ticking(items: Iterable[T], clock: Clock, step: float) -> Iterable[T]:
    """The items, the clock moving `step` seconds before each (a stage's pace)."""
    for item in items:
        clock.now += step
        yield item


def test_nothing_is_drawn_before_a_second_then_a_line_that_is_erased() -> None:
    clock, screen = Clock(), Terminal()
    display = Display(screen, clock=clock)
    # a short run: 40 results in 0.8 s, nothing drawn at all
    assert list(display(ticking(range(40), clock, 0.02), 40, doing="checking catalogs")) == list(
        range(40))
    assert screen.getvalue() == ""
    # the same command's next stage passes the second: drawn from then on, at most every 0.1 s
    seen = []
    for item in display(ticking(range(100), clock, 0.02), 100, doing="building editions"):
        seen.append(item)
        if item == 4:  # 0.9 s since the display began: still silent
            assert screen.getvalue() == ""
        if item == 60:
            frames = [f for f in screen.getvalue().split(CLEAR) if f]
            assert frames[-1].startswith("building editions")
            assert "/100" in frames[-1] and "/s" in frames[-1] and "left" in frames[-1]
    assert seen == list(range(100))
    text = screen.getvalue()
    frames = [f for f in text.split(CLEAR) if f]
    assert 9 <= len(frames) <= 19  # 1.8 s of drawing, one frame per 0.1 s at most
    assert text.endswith(CLEAR)  # erased when the stage ended
    assert "\n" not in text  # one line, never scrolled into the terminal's history


def test_a_stage_that_stops_early_is_erased_too() -> None:
    clock, screen = Clock(), Terminal()
    display = Display(screen, clock=clock, after=0)

    def failing() -> Iterable[int]:
        yield 1
        raise ValueError("a job failed")

    with pytest.raises(ValueError):
        for _ in display(failing(), 10, doing="syncing catalogs"):
            clock.now += 1
    assert "syncing catalogs" in screen.getvalue() and screen.getvalue().endswith(CLEAR)


def test_the_line_says_done_of_total_rate_and_time_left_within_the_width() -> None:
    line = progress_line("checking catalogs", 1234, 3000, 410.0, width=100)
    assert line.startswith("checking catalogs  ")
    assert line.endswith("1,234/3,000 · 410/s · 0:05 left")
    assert progress_line("reading", 0, 10, None).endswith("0/10")  # no rate before one is known
    assert progress_line("reading", 5, 3605, 1.0).endswith("1.0/s · 1:00:00 left")
    narrow = progress_line("checking catalogs", 1234, 3000, 410.0, width=40)
    assert len(narrow) == 39 and "█" not in narrow  # the bar goes first; no wrapped line


def test_a_display_only_on_a_terminal_a_person_watches() -> None:
    tty = {"TERM": "xterm-256color"}
    assert isinstance(for_terminal(Terminal(), tty), Display)
    assert for_terminal(io.StringIO(), tty) is None  # a pipe or a file
    assert for_terminal(Terminal(), {**tty, "CI": "true"}) is None
    assert for_terminal(Terminal(), {**tty, "CI": "1"}) is None
    assert for_terminal(Terminal(), {"TERM": "dumb"}) is None
    assert isinstance(for_terminal(Terminal(), {**tty, "CI": "false"}), Display)


def test_every_stage_of_jobs_reports_to_the_display_set_for_the_command() -> None:
    stages: list[tuple[str, int, list[int]]] = []

    def progress(items: Iterable[T], total: int, *, doing: str) -> Iterable[T]:
        got = list(items)
        stages.append((doing, total, list(got)))  # type: ignore[arg-type]
        return got

    class Doubling:
        doing = "doubling"

        def __call__(self, x: int) -> int:
            return 2 * x

    assert list(parallel_iter(Doubling(), [1, 2, 3])) == [2, 4, 6]
    assert stages == []  # no display set: nothing reported
    with showing(progress):
        assert list(parallel_iter(Doubling(), [1, 2, 3])) == [2, 4, 6]
    assert stages == [("doubling", 3, [2, 4, 6])]
    assert list(parallel_iter(Doubling(), [4])) == [8] and len(stages) == 1  # set back after


# --- the real command on a pseudo-terminal -------------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with its article (and catalogs) copied to six articles."""
    root = tmp_path_factory.mktemp("many") / "project"
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "locales", root / "locales")
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    for i in range(1, ARTICLES):
        shutil.copy(root / "sources" / f"{SAMPLE_SLUG}.md", root / "sources" / f"copy-{i}.md")
        for lang in ("hy", "de", "ru"):
            shutil.copy(root / "locales" / lang / f"{SAMPLE_SLUG}.po",
                        root / "locales" / lang / f"copy-{i}.po")
    return root


def environment(**extra: str) -> dict[str, str]:
    """The environment of a user's terminal (whatever runs these tests), the display due at
    once, so that a run of any length would show it."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM", "NO_COLOR")}
    env.update(TERM="xterm-256color", TRANSKIT_PROGRESS_AFTER="0", TRANSKIT_JOBS="1",
               PYTHONPATH=str(ROOT / "src"))
    env.update(extra)
    return env


def on_terminal(root: Path, *args: str, **env: str) -> tuple[int, str]:
    """`transkit --root ROOT ARGS` with stdout and stderr on a pseudo-terminal of 120 columns:
    its exit status and every byte the terminal received. Nothing is remembered from an
    earlier run, so every catalog is read again and there is progress to show."""
    shutil.rmtree(root / ".transkit-cache", ignore_errors=True)
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "transkit", "--root", str(root), *args],
                               stdin=subprocess.DEVNULL, stdout=child, stderr=child,
                               env=environment(**env), close_fds=True)
    os.close(child)
    received = bytearray()
    while True:
        ready, _, _ = select.select([main], [], [], 600)  # a guard against a hang, not a timing
        assert ready, "the command wrote nothing for ten minutes"
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal's other side closed: the command ended
            break
        if not data:
            break
        received.extend(data)
    os.close(main)
    return process.wait(), received.decode("utf-8", "replace")


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
def test_a_long_check_shows_its_progress_on_a_terminal_and_erases_it(many: Path) -> None:
    code, screen = on_terminal(many, "check", "--gate", "commit")
    assert code in (0, 1), screen
    assert BAR.search(screen), screen  # done/total of the 18 catalogs
    shown, _, after = screen.rpartition(CLEAR)
    assert shown and "checking catalogs" not in after  # erased before the report
    assert "check passed" in after or "check FAILED" in after


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
@pytest.mark.parametrize(("args", "bar"), [
    (["sync"], r"syncing catalogs\s+\S+\s+\d+/6\b"),
    (["status"], r"reading catalogs\s+\S+\s+\d+/18\b"),
    (["build", "--out", "{tmp}/built"], r"building editions\s+\S+\s+\d+/6\b"),
    (["export", "de", "--out", "{tmp}/xliff"], r"exporting XLIFF\s+\S+\s+\d+/6\b"),
    (["import", "de", "{tmp}/built/de"], r"importing translations\s+\S+\s+\d+/6\b"),
], ids=["sync", "status", "build", "export", "import"])
def test_every_long_run_shows_its_stages(many: Path, tmp_path: Path, args: list[str],
                                         bar: str) -> None:
    root = tmp_path / "project"
    shutil.copytree(many, root)
    if args[0] == "import":  # what it imports: the German editions
        assert on_terminal(root, "build", "--lang", "de", "--out", str(tmp_path / "built"),
                           "--quiet")[0] == 0
    code, screen = on_terminal(root, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 0, screen
    assert re.search(bar, screen), screen
    assert not re.search(bar, screen.rpartition(CLEAR)[2])  # erased before the report


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
def test_history_shows_its_reading_of_git(tmp_path: Path) -> None:
    from .test_history import build

    repo = build(tmp_path / "repo")
    code, screen = on_terminal(repo.root, "history", str(repo.root / "locales"))
    assert code == 0, screen
    assert re.search(r"reading git's history\s+\S+\s+\d+/\d+", screen), screen
    assert "reading git's history" not in screen.rpartition(CLEAR)[2]


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
def test_a_short_run_stays_silent(many: Path) -> None:
    code, screen = on_terminal(many, "check", "--gate", "commit", TRANSKIT_PROGRESS_AFTER="3600")
    assert code in (0, 1) and "check " in screen
    assert "checking catalogs" not in screen and CLEAR not in screen


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
@pytest.mark.parametrize("how", ["--quiet", "--format json", "CI=true", "TERM=dumb"])
def test_no_progress_with_quiet_machine_output_or_in_ci(many: Path, how: str) -> None:
    args, env = ["check", "--gate", "commit"], {}
    if how.startswith("--"):
        args += how.split()
    else:
        name, value = how.split("=")
        env[name] = value
    code, screen = on_terminal(many, *args, **env)
    assert code in (0, 1), screen
    assert "checking catalogs" not in screen and CLEAR not in screen, screen
    if how == "--format json":
        assert screen.lstrip().startswith("{")


@pytest.mark.slow  # the real command in a process of its own, on a pseudo-terminal
def test_no_progress_in_a_pipe_nor_in_a_file_written(many: Path, tmp_path: Path) -> None:
    shutil.rmtree(many / ".transkit-cache", ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "transkit", "--root", str(many), "check",
                           "--gate", "commit"], capture_output=True, text=True,
                          env=environment(), check=False)
    assert done.returncode in (0, 1), done.stderr
    assert "checking catalogs" not in done.stderr + done.stdout and CLEAR not in done.stderr
    report = tmp_path / "status.md"
    code, screen = on_terminal(many, "status", "--format", "markdown", "--output", str(report))
    assert code == 0, screen
    assert re.search(r"reading catalogs\s+\S+\s+\d+/18\b", screen)  # the report goes to a file
    text = report.read_text(encoding="utf-8")
    assert "reading catalogs" not in text and "\x1b" not in text and "\r" not in text
