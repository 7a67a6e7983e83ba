"""Spread independent per-article work over the machine's cores.

Articles are independent, so a project-wide run maps a pure function over them. Small runs stay
in this process (starting workers costs more than it saves); large ones fork one worker per
core, which inherits the loaded modules. Results come back in input order, so output is the same
whatever the number of workers, and the first error is raised as it would be without workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

from .errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 40  # below this, one process is faster
MAX_JOBS = 64  # more workers than this only cost memory and start-up time


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


def parallel_iter(function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """function(item) for each item, in order, yielded as soon as each result is ready."""
    jobs = min(workers(), len(items))
    if jobs < 2 or len(items) < MIN_ITEMS:
        yield from (function(item) for item in items)
        return
    chunk = max(1, len(items) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        yield from pool.map(function, items, chunksize=chunk)


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], on several cores when that pays."""
    return list(parallel_iter(function, items))
