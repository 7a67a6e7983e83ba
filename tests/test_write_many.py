"""Batched atomic writes: each file old or new, and no temporary file left behind."""

from __future__ import annotations

import errno
import os
import stat
import threading
from concurrent import futures
from pathlib import Path

import pytest

from transkit.errors import WriteError
from transkit.store import write as store


def files(root: Path, n: int, text: str) -> list[tuple[Path, str, str]]:
    return [(root / "d" / f"f{i:03}.po", f"{text} {i}\n", f"d/f{i:03}.po") for i in range(n)]


def names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "d").iterdir())


def test_writes_only_what_changed(tmp_path: Path) -> None:
    first = files(tmp_path, 50, "old")
    assert store.write_many(first) == [True] * 50
    second = files(tmp_path, 50, "old")
    second[7] = (second[7][0], "new 7\n", second[7][2])
    assert store.write_many(second) == [i == 7 for i in range(50)]
    assert (tmp_path / "d" / "f007.po").read_text() == "new 7\n"
    assert names(tmp_path) == [f"f{i:03}.po" for i in range(50)]


class FailOn:
    """os with one function that fails on its nth call."""

    def __init__(self, name: str, nth: int) -> None:
        self.name, self.nth, self.calls = name, nth, 0

    def __getattr__(self, attr: str) -> object:
        real = getattr(os, attr)
        if attr != self.name:
            return real

        def wrapped(*args: object) -> object:
            self.calls += 1
            if self.calls == self.nth:
                raise OSError(errno.EIO, "injected")
            return real(*args)

        return wrapped


@pytest.mark.parametrize("function", ["fsync", "write"])
def test_a_failure_before_the_renames_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    store.write_many(files(tmp_path, 50, "old"))
    monkeypatch.setattr(store, "os", FailOn(function, 10))
    with pytest.raises(WriteError, match="cannot be written"):
        store.write_many(files(tmp_path, 50, "new"))
    assert all(p.read_text().startswith("old") for p in (tmp_path / "d").iterdir())
    assert names(tmp_path) == [f"f{i:03}.po" for i in range(50)]


def test_a_failed_rename_leaves_old_or_new_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_many(files(tmp_path, 50, "old"))
    monkeypatch.setattr(store, "os", FailOn("replace", 5))
    with pytest.raises(WriteError, match="d/f004.po"):
        store.write_many(files(tmp_path, 50, "new"))
    texts = [(tmp_path / "d" / f"f{i:03}.po").read_text() for i in range(50)]
    assert all(t.startswith("new") for t in texts[:4])
    assert all(t.startswith("old") for t in texts[4:])
    assert names(tmp_path) == [f"f{i:03}.po" for i in range(50)]


def test_a_device_or_pipe_is_written_into_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert store.write_atomic(fifo, "a report\n", shown="report.pipe")
    reader.join(timeout=120)  # a guard against a hang, not a timing: the write above is done
    assert got == [b"a report\n"] and stat.S_ISFIFO(fifo.stat().st_mode)
    null = Path(os.devnull)
    assert store.write_atomic(null, "nothing\n", shown=os.devnull)
    assert stat.S_ISCHR(null.stat().st_mode)


def test_only_the_temporary_files_of_the_paths_named_are_removed(tmp_path: Path) -> None:
    """What a killed run left beside the files a run writes goes; nothing else does: not the
    temporary files of other files, nor files only named like them."""
    targets = [tmp_path / "a.po", tmp_path / "b.po"]
    left = []
    for target in [*targets, tmp_path / "other.po"]:
        fd, name = store._temp_beside(target)
        os.close(fd)
        left.append(Path(name))
    lookalikes = [".a.po.ABCDEFGH.tmp", ".a.po.abcdefg.tmp", "a.po.abcdefgh.tmp",
                  ".a.po.abcdefgh.tmp.x", "..po.abcdefgh.tmp", ".b.po.abcd-fgh.tmp"]
    for name in lookalikes:
        (tmp_path / name).write_text("x")
    assert store.remove_stale_temps(targets) == 2
    assert not left[0].exists() and not left[1].exists() and left[2].exists()
    assert all((tmp_path / name).exists() for name in lookalikes)


def test_staged_files_are_synced_as_they_come_and_put_in_place_only_by_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each staged file is synced to disk once, while the run goes on (not all at the end);
    the targets stay as they were until `commit`."""
    store.write_many(files(tmp_path, 50, "old"))
    synced: list[str] = []
    lock = threading.Lock()

    def fsync_file(name: str) -> OSError | None:
        with lock:
            synced.append(name)
        return None

    monkeypatch.setattr(store, "_fsync_file", fsync_file)
    writer = store.Writer()
    for path, text, shown in files(tmp_path, 50, "new"):
        writer.add(path, text, shown=shown)
    futures.wait(writer._synced)  # every fsync asked for before the commit: done, none left
    temps = sorted(str(p) for p in (tmp_path / "d").iterdir() if p.name.endswith(".tmp"))
    assert sorted(synced) == temps and len(temps) == 50
    assert all(p.read_text().startswith("old") for p in (tmp_path / "d").glob("*.po"))
    writer.commit()
    assert len(synced) == 50  # not synced again
    assert all(p.read_text().startswith("new") for p in (tmp_path / "d").glob("*.po"))
    assert names(tmp_path) == [f"f{i:03}.po" for i in range(50)]
