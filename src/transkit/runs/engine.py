"""The one job runner behind every project-wide command.

A command over a project is a `Task`: a frozen dataclass whose fields are everything besides
files that decides a job's result, a typed job per article (or catalog), the files a job's
result depends on, a function that does the work, and the type of what is remembered.
`run_tasks` does the rest, the same way for every command:

    find -> fingerprint -> cache (or settled) -> worker pool -> stage writes -> lock, commit
         -> remember

- **Cache**: a job whose input files (and the files it wrote last time) are exactly as they were
  is not run again; its typed record comes back from `.transkit-cache/<task>.jsonl`. The
  record's key is *derived*: a digest of the task's fields and the job (`cache_key`), so a field
  added to a task changes the key without anyone writing key code. A field that must not
  count (it cannot change a remembered result) says so: `field(metadata=UNKEYED)`.
- **Settled**: a job the cache does not know may still be known by content (`settled`, the
  caller's: sync's `transkit.sum` on a fresh clone, where no time stamp matches); its result
  is then remembered by time stamps like one computed now.
- **Pool**: the jobs left are spread over the machine's cores (`TRANSKIT_JOBS`), results come
  back in job order, so output does not depend on the number of workers. Workers die with their
  parent.
- **Reads before writes**: the files a job writes are staged beside their targets as results
  come in (bounded memory and open files, whatever the project's size) and put in place only
  after every job succeeded; a job that fails on bad input fails the run and nothing is written,
  unless the run `isolates` failures (then the others' files are written and the failures
  are returned with the results, each a `Failed` carrying the error itself).
- **The lock**: a run that writes holds the project's lock (`store.write.project_lock`) from
  its first write to its last; the caller need not remember to take it (it may hold it longer:
  the lock is re-entrant within a process).

Work that is not remembered needs no name and no key: `run_jobs` runs a `Work` (inputs and run)
with the same pool, writes, isolation and lock, and `parallel_iter` is the plain parallel map of
a function over items.

- **Progress**: inside `showing(progress)` every stage of jobs (`run_tasks`, `run_jobs`,
  `parallel_iter`) hands its stream of results to `progress` with its length and what it does
  (a work's `doing`, e.g. "checking catalogs"), whichever run started it: the command line
  sets the display once per command, and no run passes it along.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import os
import signal
import sys
import types
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from multiprocessing import get_context
from pathlib import Path, PurePath
from typing import Any, ClassVar, Generic, ParamSpec, Protocol, TypeVar

from ..config import Config
from ..core.values import Problem
from ..errors import ConfigError, TranskitError
from ..store.cache import Cache, fingerprint, load
from ..store.write import Staged, Writer, project_lock, remove_stale_temps, stage

J = TypeVar("J")
R = TypeVar("R")
T = TypeVar("T")
P = ParamSpec("P")
J_contra = TypeVar("J_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)

MIN_ITEMS = 40  # below this, one process is faster
MAX_JOBS = 64  # more workers than this only cost memory and start-up time


# --- the worker pool ---------------------------------------------------------------------------


def workers() -> int:
    """Worker processes to use: TRANSKIT_JOBS if set, else the cores this process may use."""
    configured = os.environ.get("TRANSKIT_JOBS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ConfigError(f"TRANSKIT_JOBS={configured!r} is not a whole number of at least "
                              "1; set it to the number of processes to use, or unset it")
        return min(int(configured), MAX_JOBS)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (a killed run leaves no workers
    blocked on a pipe nobody reads); elsewhere a no-op."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # the parent may have died before prctl took effect
    if os.getppid() == 1:
        os._exit(1)


def parallel_iter(function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """function(item) for each item, in order, yielded as soon as each result is ready: the
    plain parallel map, for work that writes nothing and is not remembered. `function` and
    the items go to worker processes (pickled); an exception a worker raises is raised here.
    Its progress is shown (`showing`) as the function's `doing`."""
    yield from _shown(_parallel(function, items), len(items), function)


def _pooled(count: int) -> bool:
    """Whether `_parallel` runs `count` items in worker processes."""
    return min(workers(), count) >= 2 and count >= MIN_ITEMS  # (a bad TRANSKIT_JOBS fails)


def _parallel(function: Callable[[T], R], items: Sequence[T]) -> Generator[R, None, None]:
    if not _pooled(len(items)):
        yield from (function(item) for item in items)
        return
    jobs = min(workers(), len(items))
    chunk = max(1, min(64, len(items) // (jobs * 32)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"),
                             initializer=_die_with_parent) as pool:
        yield from pool.map(function, items, chunksize=chunk)



class Background(Generic[R]):
    """`function()` run in a forked process while this one goes on: work a run can start
    before it knows it will want it, on a core its jobs leave idle (a sync of one long document
    reads the translation memory while it syncs). Its result is taken when wanted
    (`result`), or the process is stopped unasked (`stop`); either way it is gone after."""

    def __init__(self, function: Callable[[], R]) -> None:
        context = get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # a forked copy of a buffer prints twice
            stream.flush()
        # not a daemon: the function may use the pool (a daemon process may not fork)
        self._process = context.Process(target=_in_background, args=(function, send))
        self._process.start()
        send.close()

    def result(self) -> R | None:
        """What the function returned; None if it raised or its process died."""
        try:
            value: R | None = self._receive.recv()
        except (EOFError, OSError):
            value = None
        self.stop()
        return value

    def stop(self) -> None:
        """End the process (if it is still working) and wait for it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _in_background(function: Callable[[], R], send: Any) -> None:
    _die_with_parent()
    try:
        value: R | None = function()
    except Exception:  # noqa: BLE001 - the parent does the work itself instead
        value = None
    send.send(value)
    send.close()

# --- cache keys ---------------------------------------------------------------------------------

# A dataclass field that does not count in a task's cache key: `field(metadata=UNKEYED)`. Use it
# only for a field that cannot change what a job remembers, and say why beside the field.
UNKEYED: Mapping[str, Any] = types.MappingProxyType({"key": False})


def canonical(value: Any) -> str:
    """A deterministic text of a value, the same in every process and on every run: what a
    cache key is a digest of.

    Dataclasses field by field (less their UNKEYED fields), mappings and sets sorted, enums by
    name, paths as text, functions and classes by their qualified names. Any other type is
    refused (a `TypeError` naming it): its text could differ between runs (an object's
    address), so a task cannot hold one in a field that counts.
    """
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, PurePath):
        return f"Path({value.as_posix()!r})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{name}={canonical(getattr(value, name))}"
                          for name in _keyed_fields(type(value)))
        return f"{type(value).__qualname__}({fields})"
    if isinstance(value, tuple | list):
        items = ",".join(canonical(v) for v in value)
        return f"({items})" if isinstance(value, tuple) else f"[{items}]"
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, Mapping):
        pairs = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
    if isinstance(value, type | types.FunctionType | types.BuiltinFunctionType):
        name = f"{value.__module__}.{value.__qualname__}"
        if "<" not in name:  # not a lambda or a local function: its name says which
            return name
    raise TypeError(f"a cache key cannot be derived from a {type(value).__qualname__} "
                    f"({value!r:.60}); give the task a value (a frozen dataclass, an enum, a "
                    "tuple) or mark the field with field(metadata=UNKEYED) if it cannot change "
                    "a remembered result")


@functools.cache
def _keyed_fields(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields that count in a key, found once per type: a run
    derives a key for each of its thousands of jobs (dataclasses.fields is slow)."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.metadata.get("key", True))


def cache_key(task: Any, job: Any) -> str:
    """The cache key of a task's job: a digest of the task's fields and the job."""
    return _key(canonical(task), job)


def _key(task_text: str, job: Any) -> str:
    digest = hashlib.blake2b(task_text.encode("utf-8"), digest_size=16)
    digest.update(b"\0" + canonical(job).encode("utf-8"))
    return digest.hexdigest()


# --- tasks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """A file a job wants written, and whether that changes it (None: not known yet, the
    engine compares)."""

    path: Path
    text: str
    changed: bool | None = None
    staged: Staged | None = None  # written beside `path` already, by the worker (`_Call`)


@dataclass(frozen=True)
class Done(Generic[R_co]):
    """What one job produced: its value for the report, the files to write, and what the cache
    remembers for the next run (by default the value itself; None: remember nothing)."""

    value: R_co
    outputs: tuple[Output, ...] = ()
    record: R_co | None = None
    remember: bool = True


@dataclass(frozen=True)
class Failed:
    """A job stopped by bad input: the error itself (it crosses from a worker pickled, with its
    type, message, file and line), raised again as it is or reported."""

    error: TranskitError

    def problem(self) -> Problem:
        """The failure as a report shows it."""
        return Problem(self.error.path, self.error.line, self.error.message)


class Work(Protocol[J_contra, R_co]):
    """Work over a project, job by job, that is not remembered (`run_jobs`)."""

    def inputs(self, job: J_contra) -> Sequence[Path]:
        """The files the job reads (and may write): a killed run's temporary files beside
        them are removed before a run writes."""
        ...

    def run(self, job: J_contra) -> Done[R_co]:
        """Do the job (in a worker process): read, compute, say what to write."""
        ...


class Task(Work[J_contra, R_co], Protocol[J_contra, R_co]):
    """One command's remembered work over a project (`run_tasks`): a frozen dataclass whose
    fields, with the job, make the cache key (`cache_key`)."""

    name: ClassVar[str]  # its cache, .transkit-cache/<name>.jsonl
    record_type: ClassVar[Any]  # the type of the cached record, to read it back

    def inputs(self, job: J_contra) -> Sequence[Path]:
        """The files the job's result depends on (fingerprinted for the cache)."""
        ...


class Progress(Protocol):
    """Shows a stage's progress (the command line's display): the same items, in order, as
    they come; `total` of them, the stage doing what `doing` says."""

    def __call__(self, items: Iterable[T], total: int, *, doing: str) -> Iterable[T]: ...


# The display of the command running in this thread (None: none). A context variable, not an
# argument: every run, and the runs it calls (sync's recall, check's memory), shows its stages
# without passing a display along; `showing` sets it for one command and puts it back after.
_PROGRESS: ContextVar[Progress | None] = ContextVar("transkit_progress", default=None)


@contextlib.contextmanager
def showing(progress: Progress | None) -> Iterator[None]:
    """Within this block, every stage of jobs shows its progress to `progress` (None: none)."""
    token = _PROGRESS.set(progress)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _shown(stream: Iterable[T], total: int, work: object) -> Iterable[T]:
    """`stream` through the display `showing` set, if any, as the stage `work` does."""
    progress = _PROGRESS.get()
    if progress is None or total < 1:
        return stream
    doing = getattr(work, "doing", None)
    return progress(stream, total, doing=doing if isinstance(doing, str) else "working")


@dataclass(frozen=True)
class _Call(Generic[J, R]):
    """A job's run, catching bad input as a value, so that one job's failure does not stop the
    pool's other jobs."""

    work: Work[J, R]
    # a pool's run that writes: the worker stages the files its job writes (`_staged`)
    staging: Config | None = None

    def __call__(self, job: J) -> Done[R] | Failed:
        try:
            done = self.work.run(job)
        except TranskitError as err:
            return Failed(err)
        if self.staging is None or not done.outputs:
            return done
        return dataclasses.replace(done, outputs=_staged(self.staging, self.work, job,
                                                         done.outputs))


def _staged(config: Config, work: Work[J, R], job: J,
            outputs: tuple[Output, ...]) -> tuple[Output, ...]:
    """The outputs, those among the job's inputs staged beside their targets here, in the
    worker (`store.write.stage`): only their names go back to the parent, which puts them in
    place, or, if the run fails, removes them with the temporary files it sweeps beside the
    inputs. A failed write is raised, never taken for the job's bad input."""
    inputs = set(work.inputs(job))
    out = []
    for output in outputs:
        if output.changed is False or output.path not in inputs:
            out.append(output)
            continue
        staged = stage(output.path, output.text, shown=config.relative(output.path),
                       known_changed=bool(output.changed))
        out.append(Output(output.path, "", staged is not None, staged))
    return tuple(out)


@dataclass(frozen=True)
class Ran(Generic[R]):
    """What a run did: each job's result in job order, and the files it wrote."""

    results: list[R | Failed]
    written: list[str]

    def values(self) -> list[R]:
        return [r for r in self.results if not isinstance(r, Failed)]

    def failures(self) -> list[Problem]:
        """The jobs that failed on bad input (with `isolate`), as reports show them."""
        return [r.problem() for r in self.results if isinstance(r, Failed)]


def run_tasks(
    config: Config,
    task: Task[J, R],
    jobs: Sequence[J],
    *,
    use_cache: bool = True,
    write: bool = True,
    isolate: bool = False,
    settled: Callable[[J], R | None] | None = None,
) -> Ran[R]:
    """Run `task` over `jobs`: each result, in job order, from the cache or computed now.

    With `write`, the outputs are written, under the project's lock (taken here if the caller
    does not hold it); without, nothing is written and a job whose files would change is not
    remembered. Without `isolate`, the first failed job's error is raised and nothing is
    written. `settled` knows some results without a run, by content where the cache knows
    none by time stamps (sync's `transkit.sum` on a fresh clone): asked, in this process, for
    each job the cache does not know; what it knows is remembered like a result computed now.
    """
    cache = Cache(config, task.name) if use_cache else None
    return _run(config, task, jobs, cache, write=write, isolate=isolate, settled=settled)


def run_jobs(
    config: Config,
    work: Work[J, R],
    jobs: Sequence[J],
    *,
    write: bool = True,
    isolate: bool = False,
) -> Ran[R]:
    """Run `work` over `jobs`, none remembered: the pool, writes, lock and isolation of
    `run_tasks`, without a cache."""
    return _run(config, work, jobs, None, write=write, isolate=isolate)


def writes_project(run: Callable[P, T]) -> Callable[P, T]:
    """Mark a command's run that writes the project (its first argument is the `Config`): it
    holds the project's lock from start to end, unless called with `dry_run=True` (a dry run
    reads only, so it works in a read-only checkout). The lock policy of every command, in one
    place; the engine's own writes re-enter the lock."""

    @functools.wraps(run)
    def locked(*args: P.args, **kwargs: P.kwargs) -> T:
        config = args[0]
        assert isinstance(config, Config), "a run that writes takes the Config first"
        if kwargs.get("dry_run"):
            return run(*args, **kwargs)
        with project_lock(config):
            return run(*args, **kwargs)

    return locked


def _run(config: Config, work: Work[J, R], jobs: Sequence[J], cache: Cache | None, *,
         write: bool, isolate: bool, settled: Callable[[J], R | None] | None = None) -> Ran[R]:
    with project_lock(config) if write else contextlib.nullcontext():
        return _run_locked(config, work, jobs, cache, write=write, isolate=isolate,
                           settled=settled)


def _run_locked(config: Config, work: Work[J, R], jobs: Sequence[J], cache: Cache | None, *,
                write: bool, isolate: bool,
                settled: Callable[[J], R | None] | None = None) -> Ran[R]:
    task_text = canonical(work) if cache is not None else ""
    keys = [_key(task_text, job) for job in jobs] if cache is not None else []
    results: dict[int, R | Failed] = {}
    done: dict[int, Done[R]] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        known = _known(config, cache, work, keys[i], job) if cache is not None else None
        if known is None and settled is not None:
            known = settled(job)
            if known is not None:
                done[i] = Done(known)  # remembered by time stamps from now on
        if known is not None:
            results[i] = known
        else:
            todo.append(i)
    if write:
        remove_stale_temps(p for i in todo for p in work.inputs(jobs[i]))
    writer = Writer() if write else None
    # a pool's workers stage the files their jobs write: the contents need not cross to this
    # process, and the files are created on every core
    staging = config if writer is not None and _pooled(len(todo)) else None
    running = _parallel(_Call(work, staging), [jobs[i] for i in todo])
    written: list[str] = []
    try:
        stream = _shown(running, len(todo), work)
        for i, outcome in zip(todo, stream, strict=True):
            if isinstance(outcome, Failed) and not isolate:
                raise outcome.error
            results[i] = outcome if isinstance(outcome, Failed) else outcome.value
            if isinstance(outcome, Failed):
                continue
            if writer is not None:
                outputs = []
                for output in outcome.outputs:
                    shown = config.relative(output.path)
                    if output.staged is not None:
                        writer.adopt(output.staged)
                        changed = True
                    else:
                        changed = output.changed is not False and writer.add(
                            output.path, output.text, shown=shown,
                            known_changed=bool(output.changed))
                    if changed:
                        written.append(shown)
                    outputs.append(Output(output.path, "", changed))
            else:
                outputs = [Output(o.path, "", o.changed is not False) for o in outcome.outputs]
            # keep what the cache needs, not the texts
            done[i] = Done(outcome.value, tuple(outputs), outcome.record, outcome.remember)
    except BaseException:
        if writer is not None:
            writer.discard()
        if staging is not None:
            # the pool's jobs that ended after the failure staged files nobody adopts: stop
            # the pool (it lets its running jobs end), then remove them
            running.close()
            remove_stale_temps(p for i in todo for p in work.inputs(jobs[i]))
        raise
    if writer is not None:
        writer.commit()
    if cache is not None:
        for i, outcome in done.items():
            _remember(config, cache, work, keys[i], jobs[i], outcome, writer)
        cache.save()
    return Ran([results[i] for i in range(len(jobs))], written)


def _files(config: Config, paths: Iterable[Path]) -> dict[str, Path]:
    return {config.relative(p): p for p in paths}


def remembered(config: Config, cache: Cache, task: Task[J, R], job: J) -> R | None:
    """The job's result as `task`'s cache remembers it, if its files are as they were; None
    otherwise. For a command that reads another's records (status reads check's)."""
    return _known(config, cache, task, cache_key(task, job), job)


def _known(config: Config, cache: Cache, work: Work[J, R], key: str, job: J) -> R | None:
    """The job's remembered result, if its inputs and last outputs are as they were."""
    previous = cache.peek(key)
    if not isinstance(previous, dict):
        return None
    files = _files(config, work.inputs(job))
    files.update({name: config.root / name for name in previous.get("outputs", ())})
    hit = cache.get(key, {name: fingerprint(p) for name, p in files.items()}, files)
    if hit is None:
        return None
    value: R = load(_record_type(work), hit["value"])
    hit["value"] = value  # the typed value replaces its JSON form: held once, not twice
    return value


def _record_type(work: Work[J, R]) -> Any:
    return getattr(work, "record_type")  # noqa: B009 - only a Task has a cache


def _remember(config: Config, cache: Cache, work: Work[J, R], key: str, job: J,
              outcome: Done[R], writer: Writer | None) -> None:
    if not outcome.remember or (writer is None and any(o.changed for o in outcome.outputs)):
        cache.forget(key)  # not run through (a dry run): the files are not as planned
        return
    files = _files(config, work.inputs(job))
    outputs = _files(config, (o.path for o in outcome.outputs))
    files.update(outputs)
    written = {}
    if writer is not None:
        written = {name: writer.digests[p] for name, p in outputs.items()
                   if p in writer.digests}
    record = outcome.value if outcome.record is None else outcome.record
    cache.put(key, {name: fingerprint(p) for name, p in files.items()},
              {"value": record, "outputs": sorted(outputs)}, written)
