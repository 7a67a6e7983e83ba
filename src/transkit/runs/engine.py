"""The one job runner behind every project-wide command.

A command over a project is a `Task`: a typed job per article (or catalog), the files its result
depends on, a function that does the work, and the type of what is remembered. `run_tasks` does
the rest, the same way for every command:

    find -> fingerprint -> cache -> worker pool -> stage writes -> commit -> remember

- **Cache**: a job whose input files (and the files it wrote last time) are exactly as they were
  is not run again; its typed record comes back from `.transkit-cache/<task>.json`.
- **Pool**: the jobs left are spread over the machine's cores (`TRANSKIT_JOBS`), results come
  back in job order, so output does not depend on the number of workers. Workers die with their
  parent.
- **Reads before writes**: the files a job writes are staged beside their targets as results
  come in (bounded memory and open files, whatever the project's size) and put in place only
  after every job succeeded; a job that fails on bad input fails the run and nothing is written,
  unless the task `isolates` failures (then the others' files are written and the failures
  are returned with the results).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from ..config import Config
from ..core.values import Problem
from ..errors import ConfigError, TranskitError
from ..store.cache import Cache, fingerprint, load
from ..store.write import Writer, remove_stale_temps

J = TypeVar("J")
R = TypeVar("R")
T = TypeVar("T")
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
    """function(item) for each item, in order, yielded as soon as each result is ready."""
    jobs = min(workers(), len(items))
    if jobs < 2 or len(items) < MIN_ITEMS:
        yield from (function(item) for item in items)
        return
    chunk = max(1, min(64, len(items) // (jobs * 32)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"),
                             initializer=_die_with_parent) as pool:
        yield from pool.map(function, items, chunksize=chunk)


# --- tasks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """A file a job wants written, and whether that changes it (None: not known yet, the
    engine compares)."""

    path: Path
    text: str
    changed: bool | None = None


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
    """A job stopped by bad input: the error, as the user reads it."""

    kind: str  # the TranskitError subclass
    message: str
    path: str | None
    line: int | None

    @classmethod
    def of(cls, err: TranskitError) -> Failed:
        return cls(type(err).__name__, err.message, err.path, err.line)

    def problem(self) -> Problem:
        """The failure as a report shows it."""
        return Problem(self.path, self.line, self.message)

    def error(self) -> TranskitError:
        from .. import errors

        kind = getattr(errors, self.kind, TranskitError)
        err: TranskitError = kind(self.message, path=self.path, line=self.line)
        return err


class Task(Protocol[J_contra, R_co]):
    """One command's work over a project, job by job."""

    @property
    def name(self) -> str:
        """Its cache file; "" for no cache."""
        ...

    @property
    def record_type(self) -> Any:
        """The type of the cached record, to read it back."""
        ...

    def key(self, job: J_contra) -> str:
        """The job's cache key: everything besides its files that decides its result."""
        ...

    def inputs(self, job: J_contra) -> Sequence[Path]:
        """The files the job's result depends on."""
        ...

    def run(self, job: J_contra) -> Done[R_co]:
        """Do the job (in a worker process): read, compute, say what to write."""
        ...


class Progress(Protocol):
    """Wraps an iteration to show its progress (the CLI's bar); returns the same items."""

    def __call__(self, items: Iterable[T], total: int) -> Iterable[T]: ...


@dataclass(frozen=True)
class _Call(Generic[J, R]):
    """A task's run, catching bad input as a value (exceptions lose their fields in a pipe)."""

    task: Task[J, R]

    def __call__(self, job: J) -> Done[R] | Failed:
        try:
            return self.task.run(job)
        except TranskitError as err:
            return Failed.of(err)


@dataclass(frozen=True)
class Ran(Generic[R]):
    """What `run_tasks` did: each job's result in job order, and the files it wrote."""

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
    progress: Progress | None = None,
) -> Ran[R]:
    """Run `task` over `jobs`: each result, in job order, from the cache or computed now.

    With `write`, the outputs are written (call it under `store.write.project_lock`); without,
    nothing is written and a job whose files would change is not remembered. Without
    `isolate`, the first failed job's error is raised and nothing is written.
    """
    cache = Cache(config, task.name) if task.name and use_cache else None
    results: dict[int, R | Failed] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        known = _known(config, cache, task, job) if cache is not None else None
        if known is not None:
            results[i] = known
        else:
            todo.append(i)
    if write:
        remove_stale_temps(p for i in todo for p in task.inputs(jobs[i]))
    writer = Writer() if write else None
    done: dict[int, Done[R]] = {}
    written: list[str] = []
    try:
        stream: Iterable[Done[R] | Failed] = parallel_iter(_Call(task), [jobs[i] for i in todo])
        if progress is not None:
            stream = progress(stream, len(todo))
        for i, outcome in zip(todo, stream, strict=True):
            if isinstance(outcome, Failed) and not isolate:
                raise outcome.error()
            results[i] = outcome if isinstance(outcome, Failed) else outcome.value
            if isinstance(outcome, Failed):
                continue
            if writer is not None:
                outputs = []
                for output in outcome.outputs:
                    shown = config.relative(output.path)
                    changed = output.changed is not False and writer.add(
                        output.path, output.text, shown=shown, known_changed=bool(output.changed))
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
        raise
    if writer is not None:
        writer.commit()
    if cache is not None:
        for i, outcome in done.items():
            _remember(config, cache, task, jobs[i], outcome, writer)
        cache.save()
    return Ran([results[i] for i in range(len(jobs))], written)


def _files(config: Config, paths: Iterable[Path]) -> dict[str, Path]:
    return {config.relative(p): p for p in paths}


def remembered(config: Config, cache: Cache, task: Task[J, R], job: J) -> R | None:
    """The job's result as `task`'s cache remembers it, if its files are as they were; None
    otherwise. For a command that reads another's records (status reads check's)."""
    return _known(config, cache, task, job)


def _known(config: Config, cache: Cache, task: Task[J, R], job: J) -> R | None:
    """The job's remembered result, if its inputs and last outputs are as they were."""
    key = task.key(job)
    previous = cache.peek(key)
    if not isinstance(previous, dict):
        return None
    files = _files(config, task.inputs(job))
    files.update({name: config.root / name for name in previous.get("outputs", ())})
    hit = cache.get(key, {name: fingerprint(p) for name, p in files.items()}, files)
    if hit is None:
        return None
    value: R = load(task.record_type, hit["value"])
    hit["value"] = value  # the typed value replaces its JSON form: held once, not twice
    return value


def _remember(config: Config, cache: Cache, task: Task[J, R], job: J, outcome: Done[R],
              writer: Writer | None) -> None:
    key = task.key(job)
    if not outcome.remember or (writer is None and any(o.changed for o in outcome.outputs)):
        cache.forget(key)  # not run through (a dry run): the files are not as planned
        return
    files = _files(config, task.inputs(job))
    outputs = _files(config, (o.path for o in outcome.outputs))
    files.update(outputs)
    written = {}
    if writer is not None:
        written = {name: writer.digests[p] for name, p in outputs.items()
                   if p in writer.digests}
    record = outcome.value if outcome.record is None else outcome.record
    cache.put(key, {name: fingerprint(p) for name, p in files.items()},
              {"value": record, "outputs": sorted(outputs)}, written)
