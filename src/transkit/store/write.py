"""Writing files: atomically, in bounded batches, and under the project lock.

Writes go to a temporary file in the same folder, are flushed and fsynced, then renamed over the
target, so a reader (or a crash) sees the old file or the new one, never a mixture; a file whose
content would not change is not touched at all. A run killed between the two steps leaves a hidden
temporary file, which the next run removes (`remove_stale_temps`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from filelock import FileLock, Timeout

from ..config import Config
from ..errors import WriteError

LOCK_NAME = ".transkit.lock"
# For tests of a killed run: TRANSKIT_KILL_AFTER="rename:3" makes the process kill itself
# (SIGKILL, as a user or the OOM killer would) right after it has put its third file in place,
# "write:3" right after it has written its third temporary file (or taken it over from the worker
# process that wrote it: `Writer.adopt`). A test thus stops a run at a point it chooses, never at
# a moment it has to hit.
_KILL_AFTER = os.environ.get("TRANSKIT_KILL_AFTER", "")
_events: dict[str, int] = {}


def _reached(event: str) -> None:
    """Count a point of the writes ("write", "rename"); die there if a test asked for it."""
    if not _KILL_AFTER:
        return
    _events[event] = _events.get(event, 0) + 1
    kind, _, nth = _KILL_AFTER.partition(":")
    if kind == event and nth.isdigit() and _events[event] == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _bytes_to_replace(path: Path, shown: str) -> bytes | None:
    """What a write would replace: the file's bytes, None when there is none yet, and an error
    when the path cannot be a file (a folder, or a file where a folder should be)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as err:
        raise WriteError("is a folder; name a file to write, or remove the folder",
                         path=shown) from err
    except NotADirectoryError as err:
        raise WriteError("cannot be written: a part of its path is a file, not a folder; "
                         "choose another path", path=shown) from err
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err


def write_atomic(path: Path, text: str, *, shown: str) -> bool:
    """Write `text` to `path` atomically; return False (and touch nothing) if it is unchanged.

    A path that is a device or a pipe (`--output /dev/stdout`, `/dev/null`, a FIFO) is written
    into, never renamed over: replacing it would put a regular file in the device's place."""
    data = text.encode("utf-8")
    if _is_special(path):
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as err:
            raise WriteError(_write_hint(err), path=shown) from err
        return True
    if _bytes_to_replace(path, shown) == data:
        return False
    _replace(path, lambda handle: handle.write(data), shown=shown, binary=True)
    return True


def _is_special(path: Path) -> bool:
    """Whether `path` exists and is neither a regular file nor a folder (a device, a pipe)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def copy_file(source: Path, target: Path, *, shown_source: str, shown: str) -> bool:
    """Copy a file (an image of a page bundle) atomically, with its modification time; return
    False, touching nothing, when the target already holds the same bytes. A target with the
    source's size and time is taken as the same without reading either (as rsync does)."""
    try:
        st = source.stat()
        with contextlib.suppress(FileNotFoundError):
            old = target.stat()
            if old.st_size == st.st_size and old.st_mtime_ns == st.st_mtime_ns:
                return False
        data = source.read_bytes()
    except OSError as err:
        raise WriteError(f"cannot be read ({err.strerror}); fix its permissions",
                         path=shown_source) from err
    changed = _bytes_to_replace(target, shown) != data
    if changed:
        _replace(target, lambda handle: handle.write(data), shown=shown, binary=True)
    try:  # the same time as the source: the next build compares without reading
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err
    return changed


def write_streamed(path: Path, write: Callable[[IO[str]], None], *, shown: str) -> None:
    """Write a file atomically from `write`, which prints its content into a stream: for a
    file too big to be held as one string (the cache of a 10,000-article project)."""
    _replace(path, write, shown=shown, binary=False)


def _replace(path: Path, fill: Callable[[Any], object], *, shown: str, binary: bool) -> None:
    """Fill a temporary file beside `path`, sync it to disk and rename it over `path`; on any
    failure the temporary file goes and `path` is as it was. Only catalog-sized writes
    (`binary`) count for the test hook `TRANSKIT_KILL_AFTER=write:N` and `rename:N`."""
    tmp_name: str | None = None
    try:
        fd, tmp_name = _temp_beside(path)
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if binary:
            _reached("write")
        _install(tmp_name, path, _umask(), counted=binary)
        tmp_name = None
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


BATCH = 40  # from this many files, writes are staged and synced to disk together
FSYNC_THREADS = 16  # files open at once while syncing a batch: the open-file limit never matters


@dataclass(frozen=True)
class Staged:
    """A file's new content, written to a closed temporary file beside it, not yet in place."""

    path: Path
    shown: str
    temp: str
    digest: str  # sha256 of the content


class Writer:
    """Writes many files atomically, each old or new, with bounded memory and open files.

    The first `BATCH` - 1 files are held; if the run writes no more, each is written on its own
    (`write_atomic`). From `BATCH` files on, each file is *staged*: its content goes to a
    temporary file beside it, which is closed at once, so only names are held, never contents
    or descriptors. Each staged file is synced to disk by one of a few threads as soon as it
    is staged (the disk takes many fsyncs at once, and they go on while the run computes the
    next files); `commit` waits for them and then renames the files into place. A file may
    also be staged by a worker process (`stage`) and handed over (`adopt`). A failure
    while staging or syncing leaves every target as it was; a failed rename leaves the files
    before it new and the rest old. `digests` gives the sha256 of what was written, for the
    cache.
    """

    def __init__(self) -> None:
        self._held: list[tuple[Path, str, str]] = []
        self._staged: list[Staged] = []
        self._syncing: ThreadPoolExecutor | None = None
        self._synced: list[Future[OSError | None]] = []  # one a staged file, in order
        self.digests: dict[Path, str] = {}

    def add(self, path: Path, text: str, *, shown: str, known_changed: bool = False) -> bool:
        """Write `text` to `path` (now or at `commit`); False when the file already holds it.

        `known_changed`: the caller has just compared the file with `text` (it read it anyway).
        """
        data = text.encode("utf-8")
        if not known_changed and _bytes_to_replace(path, shown) == data:
            return False
        digest = self.digests[path] = hashlib.sha256(data).hexdigest()
        if self._staged or len(self._held) + 1 >= BATCH:
            self._stage_held()
            self._adopt(_stage_bytes(path, data, shown, digest))
        else:
            self._held.append((path, text, shown))
        return True

    def adopt(self, staged: Staged) -> None:
        """Take over a file staged elsewhere (`stage`, in a worker process): synced to disk
        from now on and put in place by `commit` like the files this writer staged, or
        removed by `discard`."""
        self.digests[staged.path] = staged.digest
        self._stage_held()
        self._adopt(staged)

    def _stage_held(self) -> None:
        """Stage the files held so far: from the `BATCH`th file on, every file is staged."""
        held, self._held = self._held, []
        for path, text, shown in held:
            self._adopt(_stage_bytes(path, text.encode("utf-8"), shown, self.digests[path]))

    def _adopt(self, staged: Staged) -> None:
        self._staged.append(staged)
        if self._syncing is None:
            self._syncing = ThreadPoolExecutor(max_workers=FSYNC_THREADS)
        self._synced.append(self._syncing.submit(_fsync_file, staged.temp))
        _reached("write")

    def commit(self) -> None:
        """Put every file in place; on failure, no temporary file is left behind."""
        try:
            for path, text, shown in self._held:
                write_atomic(path, text, shown=shown)
            self._held = []
            if not self._staged:
                return
            errors = [synced.result() for synced in self._synced]
            for staged, error in zip(self._staged, errors, strict=True):
                if error is not None:
                    raise WriteError(_write_hint(error), path=staged.shown) from error
            mask = _umask()
            while self._staged:
                staged = self._staged[0]
                try:
                    _install(staged.temp, staged.path, mask, counted=True)
                except OSError as err:
                    raise WriteError(_write_hint(err), path=staged.shown) from err
                self._staged.pop(0)
        finally:
            self.discard()

    def discard(self) -> None:
        """Forget what is not in place yet, and remove its temporary files."""
        self._held = []
        if self._syncing is not None:  # (no fsync is left going on: the files go now)
            self._syncing.shutdown(wait=True, cancel_futures=True)
            self._syncing = None
        self._synced = []
        for staged in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(staged.temp)
        self._staged = []


def stage(path: Path, text: str, *, shown: str, known_changed: bool = False) -> Staged | None:
    """Write `text` to a new, closed temporary file beside `path`, for a `Writer` to put in
    place (`Writer.adopt`); None when `path` already holds it (`known_changed`: the caller
    knows it does not). A worker process stages the files of its jobs itself: only their
    names cross to the parent, not their contents, and the files are created on every core."""
    data = text.encode("utf-8")
    if not known_changed and _bytes_to_replace(path, shown) == data:
        return None
    return _stage_bytes(path, data, shown, hashlib.sha256(data).hexdigest())


def _stage_bytes(path: Path, data: bytes, shown: str, digest: str) -> Staged:
    try:
        fd, name = _temp_beside(path)
    except OSError as err:
        raise WriteError(_write_hint(err), path=shown) from err
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise WriteError(_write_hint(err), path=shown) from err
    os.close(fd)
    return Staged(path, shown, name, digest)


def write_many(files: Sequence[tuple[Path, str, str]]) -> list[bool]:
    """Write (path, text, shown) files atomically (see `Writer`); return which ones changed."""
    writer = Writer()
    try:
        changed = [writer.add(path, text, shown=shown) for path, text, shown in files]
    except BaseException:
        writer.discard()
        raise
    writer.commit()
    return changed


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the target's folder (a rename within a folder is atomic), named
    as `remove_stale_temps` recognises it: its descriptor and path. The folder is made only
    when it is missing (a cold sync creates thousands of files in three folders)."""
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileNotFoundError, NotADirectoryError):
        path.parent.mkdir(parents=True, exist_ok=True)  # (or its error: a file in the way)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _install(temp: str, path: Path, umask: int, *, counted: bool) -> None:
    """Rename a written temporary file over `path`, with the mode `path` had (or a new file's).

    Only `counted` renames (catalogs, not the caches) are points of the test hook: which of a
    run's writes comes first depends on how its workers were scheduled, which catalog does not."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except (FileNotFoundError, NotADirectoryError):
        mode = 0o666 & ~umask
    os.chmod(temp, mode)
    os.replace(temp, path)
    if counted:
        _reached("rename")


def _fsync_file(name: str) -> OSError | None:
    """Sync a closed temporary file to disk (through a new descriptor, closed at once)."""
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError as err:
        return err
    try:
        os.fsync(fd)
        return None
    except OSError as err:
        return err
    finally:
        os.close(fd)


# what `_temp_beside` puts after a target's name (see tempfile.mkstemp): ".<8 of a-z0-9_>.tmp"
_TEMP_TAIL = re.compile(r"\.[a-z0-9_]{8}\.tmp")
_TAIL_SIZE = 13


def _target_of(name: str) -> str | None:
    """The file a temporary file named `name` was to replace (`_temp_beside` named it
    ".<target>.<8 characters>.tmp"); None when it is not named so."""
    if (len(name) <= _TAIL_SIZE + 1 or name[0] != "."
            or not _TEMP_TAIL.fullmatch(name, len(name) - _TAIL_SIZE)):
        return None
    return name[1:-_TAIL_SIZE]


def remove_stale_temps(paths: Iterable[Path]) -> int:
    """Remove the temporary files that killed runs left beside `paths`; return how many.

    Call it only under `project_lock`: a temporary file of a run that is still writing would be
    taken away from under it.
    """
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for folder, targets in by_folder.items():
        try:
            names = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        except OSError:
            continue  # no folder yet: nothing left behind
        for name in names:
            if _target_of(name.name) in targets:
                with contextlib.suppress(OSError):  # tidying up must not stop the run
                    name.unlink()
                    removed += 1
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_hint(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "cannot be written: the disk is full; free space and run the command again"
    if err.errno == errno.EROFS:
        return (
            "cannot be written: the file system is read-only; make it writable (or work in a "
            "writable copy) and run the command again"
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return "cannot be written: permission denied; fix the permissions of the file and folder"
    return f"cannot be written ({err.strerror or err}); fix that and run the command again"


# The project locks this process holds, with its id and how many `project_lock`s deep: a run
# that writes takes the lock itself (runs.engine), inside a command that may hold it already.
_held: dict[Path, tuple[int, int]] = {}


LOCK_TIMEOUT = 120.0  # seconds another run's lock is waited for


@contextmanager
def project_lock(config: Config, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's lock so that concurrent runs do not interleave their writes.

    Re-entrant within a process: a run that writes may take it inside a command that holds it
    already (a forked worker does not inherit it). Another process waits up to `timeout`
    seconds (`LOCK_TIMEOUT`), then fails with a one-line error."""
    lock_path = config.root / LOCK_NAME
    pid, depth = _held.get(lock_path, (0, 0))
    if pid == os.getpid() and depth:
        _held[lock_path] = (pid, depth + 1)
        try:
            yield
        finally:
            _held[lock_path] = (pid, depth)
        return
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as err:
        raise WriteError(
            f"another transkit run has held {LOCK_NAME} for {timeout:.0f} s; wait for it to end",
            path=config.relative(lock_path),
        ) from err
    except OSError as err:
        raise WriteError(_write_hint(err), path=config.relative(lock_path)) from err
    _held[lock_path] = (os.getpid(), 1)
    try:
        yield
    finally:
        del _held[lock_path]
        lock.release()


def holds_lock(config: Config) -> bool:
    """Whether this process holds the project's lock."""
    pid, depth = _held.get(config.root / LOCK_NAME, (0, 0))
    return pid == os.getpid() and depth > 0
