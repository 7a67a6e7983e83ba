"""Faults lose nothing: a run killed at any moment, eight runs at once, a full disk and a read-only
file system leave every catalog as it was or as it should become, never half-written."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from transkit.store import write as store

from .conftest import ROOT, SAMPLE, SAMPLE_SLUG, Result
from .fsutil import LOCK, TEMP, Entry, changes, snapshot, temp_files

pytestmark = pytest.mark.slow  # real processes, peers or long property searches

Run = Callable[..., Result]

LANGS = ("hy", "de", "ru")


def command_line(root: Path, *args: str) -> list[str]:
    """The command line of a transkit run in its own process, from this interpreter."""
    return [sys.executable, "-m", "transkit", "--root", str(root), *args]


def make_publication(root: Path, articles: int, *, catalogs: bool = True) -> None:
    """`articles` copies of the sample, each edited a little since its catalogs were made.

    Each copy has a paragraph of its own (a new entry) and lacks one of the sample's (a
    translated entry becomes obsolete); its catalogs are the sample's translated ones.
    """
    root.mkdir()
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    (root / "sources").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    for number in range(articles):
        slug = f"article-{number:02d}"
        edited = list(paragraphs)
        del edited[5 + number % 10]
        edited.insert(3, f"This paragraph belongs to article {number} alone.")
        (root / "sources" / f"{slug}.md").write_text("\n\n".join(edited), encoding="utf-8")
        if catalogs:
            for lang in LANGS:
                (root / "locales" / lang).mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / "locales" / lang / f"{SAMPLE_SLUG}.po",
                            root / "locales" / lang / f"{slug}.po")


def catalog_names(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "locales").rglob("*.po"))


def read_all(root: Path, names: list[str]) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in names}


def contents(snap: dict[str, Entry]) -> dict[str, tuple[str, bytes]]:
    return {path: entry[:2] for path, entry in snap.items()}


# Where a killed run stops: after the Nth temporary file is written ("write") or the Nth file is
# renamed into place ("rename"), through transkit's own hook (TRANSKIT_KILL_AFTER in
# store/write.py), so every kill lands where the test says, whatever the machine's load.
# 4 articles write their 12 catalogs one by one; 14 articles, 42 catalogs, are staged first
# (every temporary file written, then all renamed: store.write.Writer).
KILL_POINTS = {
    4: [("write", 1), ("rename", 1), ("write", 6), ("rename", 6), ("rename", 11)],
    14: [("write", 1), ("write", 30), ("rename", 1), ("rename", 21), ("rename", 41)],
}


def new_after(event: str, nth: int, articles: int) -> int:
    """How many catalogs a kill at (event, nth) leaves new."""
    if event == "rename":
        return nth
    return nth - 1 if articles * len(LANGS) < store.BATCH else 0


@pytest.mark.parametrize("articles", sorted(KILL_POINTS), ids=["one-by-one", "staged"])
def test_a_killed_sync_leaves_each_catalog_old_or_new(articles: int, tmp_path: Path) -> None:
    work = tmp_path / "work"
    make_publication(work, articles)
    names = catalog_names(work)
    old = read_all(work, names)
    expected = tmp_path / "expected"
    shutil.copytree(work, expected)
    done = subprocess.run(command_line(expected, "sync", "-q"), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    new = read_all(expected, names)
    assert all(old[n] != new[n] for n in names), "every catalog must have something to write"

    in_expected = set(snapshot(expected))
    for event, nth in KILL_POINTS[articles]:
        for name in names:
            (work / name).write_bytes(old[name])
        env = {**os.environ, "TRANSKIT_KILL_AFTER": f"{event}:{nth}"}
        killed = subprocess.run(command_line(work, "sync", "-q"), capture_output=True,
                                timeout=300, env=env)
        assert killed.returncode == -signal.SIGKILL, (event, nth, killed.stderr.decode())
        assert b"Traceback" not in killed.stderr, killed.stderr.decode()
        now = read_all(work, names)
        for name in names:
            assert now[name] in (old[name], new[name]), (
                f"killed after {event} {nth}: {name} is neither its old nor its new version "
                f"({len(now[name])} bytes; old {len(old[name])}, new {len(new[name])})"
            )
        assert sum(now[n] == new[n] for n in names) == new_after(event, nth, articles)
        leftovers = set(snapshot(work)) - in_expected
        assert all(TEMP.match(Path(p).name) for p in leftovers - {LOCK}), leftovers

    done = subprocess.run(command_line(work, "sync", "-q"), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert read_all(work, names) == new
    assert temp_files(work) == []
    assert contents(snapshot(work)) == contents(snapshot(expected))


def test_eight_syncs_at_once_give_the_result_of_one(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    make_publication(shared, 3, catalogs=False)
    single = tmp_path / "single"
    shutil.copytree(shared, single)
    done = subprocess.run(command_line(single, "sync"), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()

    procs = [subprocess.Popen(command_line(shared, "sync"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(8)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in out + err
    # The lock made them take turns: one wrote everything, the others found it done.
    summaries = [out.decode().strip().splitlines()[-1] for out, _ in outputs]
    assert sorted(summaries) == sorted(
        ["9 of 9 catalogs written."] + ["9 catalogs already in step with the sources."] * 7
    )
    assert contents(snapshot(shared)) == contents(snapshot(single))


class Faulty:
    """A module as `store` sees it, with one of its functions failing on its `nth` call."""

    def __init__(self, module: object, name: str, error: BaseException, nth: int) -> None:
        self.module, self.name, self.error, self.nth, self.calls = module, name, error, nth, 0

    def __getattr__(self, attr: str) -> Any:
        real = getattr(self.module, attr)
        if attr != self.name:
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.nth:
                raise self.error
            return real(*args, **kwargs)

        return call


FAULTS = {
    # name: (module attribute of store, function, errno, words of the message)
    "disk full while flushing": ("os", "fsync", errno.ENOSPC, "the disk is full"),
    "disk full at the rename": ("os", "replace", errno.ENOSPC, "the disk is full"),
    "read-only file system": ("tempfile", "mkstemp", errno.EROFS, "read-only"),
    "read-only at the rename": ("os", "replace", errno.EROFS, "read-only"),
    "permission denied": ("tempfile", "mkstemp", errno.EACCES, "permission denied"),
    "input/output error": ("os", "fsync", errno.EIO, "cannot be written"),
}


def edit_sample(project: Path) -> None:
    """An English edit that makes every catalog of the sample need writing."""
    source = project / "sources" / SAMPLE.name
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n## ", "\nA new paragraph.\n\n## ", 1), encoding="utf-8")


@pytest.mark.parametrize("nth", [1, 3], ids=["first catalog", "third catalog"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_write_is_one_clear_line_and_leaves_the_file_as_it_was(
    fault: str, nth: int, project: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    edit_sample(project)
    # the faults count calls: the memory's cache, written first, would take the fault (and a
    # cache that cannot be written is dropped quietly)
    with (project / "transkit.toml").open("a", encoding="utf-8") as config:
        config.write("memory = false\n")
    expected = tmp_path / "expected"
    shutil.copytree(project, expected)
    assert run("--root", expected, "sync", "-q").code == 0
    order = [f"locales/{lang}/{SAMPLE_SLUG}.po" for lang in LANGS]  # the order sync writes in
    before = snapshot(project)

    module, function, code, words = FAULTS[fault]
    real = {"os": os, "tempfile": tempfile}[module]
    faulty = Faulty(real, function, OSError(code, os.strerror(code)), nth)
    monkeypatch.setattr(store, module, faulty)
    result = run("--root", project, "sync")

    assert result.code == 2 and "Traceback" not in result.out + result.err, result.err
    lines = result.err.strip().splitlines()
    failed = order[nth - 1]
    assert lines == [lines[0]] and lines[0].startswith(
        f"transkit: error: {failed}: cannot be written"
    ), result.err
    assert words in lines[0] and ";" in lines[0], "the message says what and how to fix it"
    after = snapshot(project)
    assert after[failed] == before[failed], "the file that failed changed"
    for name in order[: nth - 1]:  # written before the fault: complete
        assert after[name][1] == (expected / name).read_bytes()
    for name in order[nth:]:  # not reached
        assert after[name] == before[name]
    assert temp_files(project) == []


def test_an_interrupted_write_leaves_the_file_as_it_was(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_sample(project)
    before = snapshot(project)
    monkeypatch.setattr(store, "os", Faulty(os, "fsync", KeyboardInterrupt(), 1))
    result = run("--root", project, "sync")
    assert result.code == 130 and "Traceback" not in result.out + result.err
    assert changes(before, snapshot(project)) == []
    assert temp_files(project) == []


def test_a_killed_runs_temporary_files_are_removed_by_the_next_sync(
    project: Path, run: Run
) -> None:
    edit_sample(project)
    folder = project / "locales" / "de"
    stale = folder / f".{SAMPLE_SLUG}.po.k1ll3d_x.tmp"
    stale.write_bytes(b"half a catal")
    other = folder / ".notes.tmp"  # not a name transkit gives its temporary files
    other.write_bytes(b"a translator's own file")
    assert run("--root", project, "sync", "-q").code == 0
    assert not stale.exists()
    assert other.read_bytes() == b"a translator's own file"


# A sync whose workers block for ever once they have started (after the pool's initializer,
# which asks Linux to kill them with their parent): the parent waits for their results, so the
# test finds both alive as long as it likes, with no timing involved.
BLOCKING_WORKERS = """
import os, signal, sys
import transkit.runs.sync as sync
from transkit.cli import main

parent, run = os.getpid(), sync.SyncTask.run

def blocked(self, job):
    if os.getpid() != parent:
        signal.pause()  # a worker: wait for a signal that, without PDEATHSIG, never comes
    return run(self, job)

sync.SyncTask.run = blocked
sys.exit(main(sys.argv[1:]))
"""


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting for init to reap it."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_killed_run_leaves_no_worker_processes(tmp_path: Path) -> None:
    root = tmp_path / "many"
    (root / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "transkit.toml", root / "transkit.toml")
    for number in range(300):
        (root / "sources" / f"article-{number:03d}.md").write_text(
            f"# Article {number}\n\nIts one paragraph, number {number}.\n", encoding="utf-8")
    env = {**os.environ, "TRANSKIT_JOBS": "2"}
    proc = subprocess.Popen([sys.executable, "-c", BLOCKING_WORKERS, "--root", str(root),
                             "sync", "-q"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120  # a bound for a broken run, not a timing
        while time.monotonic() < deadline:  # the pool starts both workers at once
            workers = children(proc.pid)
            if len(workers) == 2 or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert len(workers) == 2, (workers, proc.poll(), proc.stderr and proc.stderr.read())
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        left = workers
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the kernel kills them as their parent dies
            left = [pid for pid in workers if alive(pid)]
            if not left:
                break
            time.sleep(0.01)
        assert left == [], f"workers {left} outlived their parent"
    finally:
        for pid in workers:  # never leave a blocked worker behind, even when the test fails
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        if proc.stderr:
            proc.stderr.close()
