"""Faults lose nothing: a run killed at any moment, eight runs at once, a full disk and a read-only
file system leave every catalog as it was or as it should become, never half-written."""

from __future__ import annotations

import errno
import os
import random
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

Run = Callable[..., Result]

LANGS = ("hy", "de", "ru")
ARTICLES = 4  # 12 catalogs; the slow disk below stretches their writes to a good part of a run
KILLS = 15
SEED = 20251126


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


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition() and proc.poll() is None:
        assert time.monotonic() < deadline, "the run neither wrote nor ended within 60 s"
        time.sleep(0.001)


# Loaded as `sitecustomize` into some of the killed runs: files opened for writing take their
# data in small pieces, slowly, as on a slow or remote disk. A write that is not atomic then lasts
# long enough for a kill to catch it half done; transkit's own code is left as it is.
SLOW_DISK = """
import builtins, io, os, time

class _SlowFile:
    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        for start in range(0, len(data), 4096):
            self._handle.write(data[start:start + 4096])
            self._handle.flush()
            time.sleep(0.0002)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        self._handle.__enter__()
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def _slow(opener):
    def open_(*args, **kwargs):
        handle = opener(*args, **kwargs)
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
        return _SlowFile(handle) if set(str(mode)) & set("wax+") else handle
    return open_


builtins.open = io.open = _slow(io.open)
os.fdopen = _slow(os.fdopen)
"""


def test_a_killed_sync_leaves_each_catalog_old_or_new(tmp_path: Path) -> None:
    work = tmp_path / "work"
    make_publication(work, ARTICLES)
    names = catalog_names(work)
    old = read_all(work, names)
    (tmp_path / "slow-disk").mkdir()
    (tmp_path / "slow-disk" / "sitecustomize.py").write_text(SLOW_DISK, encoding="utf-8")
    slow_disk = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(tmp_path / "slow-disk"), os.environ.get("PYTHONPATH")]))}

    # What an uninterrupted run writes, and how long its parts take, on either disk.
    timings = {}
    for disk, env in (("fast", None), ("slow", slow_disk)):
        expected = tmp_path / f"expected-{disk}"
        shutil.copytree(work, expected)
        started = time.monotonic()
        done = subprocess.run(command_line(expected, "sync", "-q"), capture_output=True,
                              timeout=120, env=env)
        assert done.returncode == 0, done.stderr.decode()
        stamps = [(expected / n).stat().st_mtime for n in names]
        # the whole run; the writes (plus a little: the clock ticks in steps of a few ms)
        timings[disk] = (time.monotonic() - started, max(stamps) - min(stamps) + 0.01)
    new = read_all(expected, names)
    assert read_all(tmp_path / "expected-fast", names) == new, "the slow disk changed the output"
    assert all(old[n] != new[n] for n in names), "every catalog must have something to write"

    in_expected = set(snapshot(expected))
    rnd = random.Random(SEED)
    folders = [work / "locales" / lang for lang in LANGS]
    partial = 0
    for kill in range(KILLS):
        for name in names:
            (work / name).write_bytes(old[name])
        watched = folders + [work / name for name in names]
        marks = [f.stat().st_mtime_ns for f in watched]

        def writing_began(watched: list[Path] = watched, marks: list[int] = marks) -> bool:
            # a temporary file created (or one a killed run left removed) changes the mtime of
            # its folder; a write in place, that of the catalog
            return [f.stat().st_mtime_ns for f in watched] != marks

        disk = "fast" if kill % 3 == 0 else "slow"
        proc = subprocess.Popen(command_line(work, "sync", "-q"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=slow_disk if disk == "slow" else None)
        whole, writes = timings[disk]
        if kill % 3 == 0:
            time.sleep(rnd.uniform(0, whole))  # any moment of the run
        else:
            wait_for(writing_began, proc)  # then a moment while catalogs are being written
            time.sleep(rnd.uniform(0, writes))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode()
        now = read_all(work, names)
        for name in names:
            assert now[name] in (old[name], new[name]), (
                f"kill {kill}: {name} is neither its old nor its new version "
                f"({len(now[name])} bytes; old {len(old[name])}, new {len(new[name])})"
            )
        leftovers = set(snapshot(work)) - in_expected
        assert all(TEMP.match(Path(p).name) for p in leftovers - {LOCK}), leftovers
        partial += 0 < sum(now[n] == new[n] for n in names) < len(names)
    # The kills did land while the catalogs were being written.
    assert partial >= 3, f"only {partial} of {KILLS} kills interrupted the writes"

    done = subprocess.run(command_line(work, "sync", "-q"), capture_output=True, timeout=120)
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
