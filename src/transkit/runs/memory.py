"""The translation memory over a project: its index, kept in step with the catalogs on the job
runner, and what sync, todo and check ask of it.

Refreshing the memory of a language is two tasks on `engine.run_tasks`:

1. `MemoryTask`, one job per catalog: read it and put its translated entries in the index
   (where each stands: line, byte offset, pair id), with the sentences and sketches of the
   English texts the index does not have yet (an English already there, from this catalog,
   another, or another language's, costs nothing but a check of whether its translation's
   sentences align: a catalog rewritten by a sync, with new line numbers or a drift flag, is
   cheap to take in again). Cached like every task: a catalog unchanged since the last run is
   not read again (its record says which version of it the index holds). Each worker writes
   its own catalog's rows, in one short transaction, so no process ever holds the archive's
   memory;
2. `Segmenter`: sentences and sketches for the catalogs read without them by a check (the
   consistency check looks for the same English, nothing else), once a sync or todo looks for
   similar English; their texts are read back from the catalogs at the places the index keeps.

The index itself is an SQLite database, `.transkit-cache/memory.sqlite` (`store.memory`), which
keeps no text: answers are read back from the catalogs. In a checkout where it cannot be
written, a temporary one serves the run and is removed after it. The memory is refreshed only
when it is about to be asked: a sync whose catalogs are all in step never reads it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..config import Config
from ..core.sync.memory import (
    best,
    english_hash,
    english_segments,
    is_aligned,
    pair_id,
    recalled,
    text_places,
)
from ..core.sync.model import Recalled, TranslatedUnit
from ..store.cache import CACHE_DIR, fingerprint
from ..store.files import catalog_files, read_catalog_text
from ..store.memory import (
    IndexedPlace,
    LanguageMemory,
    MemoryIndex,
    Stored,
    Texts,
    close_readers,
    close_writers,
    disagreements,
    entry_offsets,
    fingerprint_text,
    reader,
    writer,
)
from ..store.write import remove_stale_temps
from .engine import UNKEYED, Done, parallel_iter, run_tasks

INDEX_NAME = "memory.sqlite"


@dataclass(frozen=True)
class MemoryRef:
    """What a worker needs to ask the memory: where the index is, how close a match must be,
    and the project's root (the catalogs' paths in the index are relative to it)."""

    path: Path
    threshold: float
    root: Path


# --- reading the catalogs -----------------------------------------------------------------


@dataclass(frozen=True)
class MemoryJob:
    lang: str
    article: str
    path: Path


@dataclass(frozen=True)
class CatalogMemory:
    """Which version of a catalog the index holds (`fresh`: read by this run)."""

    path: str
    lang: str
    article: str
    digest: str
    fresh: bool = False


@dataclass(frozen=True)
class MemoryTask:
    """Read one catalog into the index. The worker writes the catalog's rows itself, in one
    short transaction (SQLite lets one process write at a time, the others wait), so nothing
    of an archive's memory is ever held in memory or sent between processes at once."""

    doing: ClassVar[str] = "indexing the memory"  # its progress on a terminal

    config: Config
    index: Path
    # a catalog read without sentences (not `full`) is completed by `Segmenter` when a run
    # needs them, so what is remembered (which version of the catalog the index holds) holds
    full: bool = field(default=True, metadata=UNKEYED)
    name: ClassVar[str] = "memory"
    record_type: ClassVar[Any] = CatalogMemory

    def inputs(self, job: MemoryJob) -> list[Path]:
        return [job.path]

    def run(self, job: MemoryJob) -> Done[CatalogMemory]:
        shown = self.config.relative(job.path)
        digest = fingerprint_text(fingerprint(job.path)) or ""
        text = read_catalog_text(job.path, shown=shown)  # no polib objects: `text_places`
        found = text_places(text, path=shown) if text is not None else []
        offsets = entry_offsets(text, [p.line for p in found]) if text is not None else []
        hashes = [english_hash(p.english) for p in found]
        texts = {h: p.english for h, p in zip(hashes, found, strict=True)}
        index = writer(self.index)
        known = index.known(texts, full=self.full)
        made = {h: english_segments(english, full=self.full) for h, english in texts.items()
                if h not in known}
        places = [IndexedPlace(h, p.line, offset, pair_id(job.lang, p.english, p.target),
                               p.obsolete, p.silenced,
                               is_aligned(p.english, p.target) if self.full else None)
                  for h, p, offset in zip(hashes, found, offsets, strict=True)]
        index.store(job.lang, shown, job.article, digest, places, texts, made, full=self.full)
        return Done(CatalogMemory(shown, job.lang, job.article, digest, fresh=True),
                    record=CatalogMemory(shown, job.lang, job.article, digest))


@dataclass(frozen=True)
class Segmenter:
    """Sentences and sketches for the places of a catalog read without them (the consistency
    check needed no more), their texts read back from the catalog; the worker writes them.
    Nothing to remember: the index is the cache, so a plain parallel map (`parallel_iter`),
    one job per catalog id."""

    doing: ClassVar[str] = "indexing sentences"  # its progress on a terminal

    index: Path
    root: Path

    def __call__(self, catalog: int) -> int:
        writer(self.index).complete(catalog, Texts(self.root))
        return catalog


def refresh(config: Config, path: Path, langs: Sequence[str], *, full: bool = True) -> None:
    """Bring the memory of `langs` in the index at `path` in step with the catalogs; `full`
    also makes it ready to find similar English (not only the same)."""
    index = MemoryIndex(path)
    try:
        stored = index.stored()
    finally:
        index.close()  # no connection is open while workers fork (SQLite's rule)
    task = MemoryTask(config, path, full)
    jobs = [MemoryJob(lang, article, p) for lang in langs
            for article, p in catalog_files(config, lang)]
    try:
        results = run_tasks(config, task, jobs, write=False, isolate=True).results
        # remembered as read, but the index lost it (removed, rebuilt, or another run's)
        again = [i for i, r in enumerate(results) if isinstance(r, CatalogMemory)
                 and not r.fresh and stored.get(r.path, Stored("", "")).digest != r.digest]
        if again:
            rerun = run_tasks(config, task, [jobs[i] for i in again], use_cache=False,
                              write=False, isolate=True).results
            for i, result in zip(again, rerun, strict=True):
                results[i] = result
    finally:
        close_writers()
    present = {r.path for r in results if isinstance(r, CatalogMemory)}  # readable ones
    gone = [p for p, s in stored.items() if s.lang in langs and p not in present]
    changed = gone or any(isinstance(r, CatalogMemory) and r.fresh for r in results)
    index = MemoryIndex(path)
    try:
        index.begin()
        try:
            index.remove(gone)
            if changed:  # a translation may have left every catalog
                index.collect_garbage()
            index.commit()
        except BaseException:
            index.rollback()
            raise
        light = index.incomplete(langs) if full else []
    finally:
        index.close()
    try:
        for _ in parallel_iter(Segmenter(path, config.root), light):
            pass
    finally:
        close_writers()
    if changed or light:
        index = MemoryIndex(path)
        try:
            index.pack()
        finally:
            index.close()


# --- a run's memory -------------------------------------------------------------------------


def index_built(config: Config) -> bool:
    """Whether this checkout has built the memory's index (todo, a check of some articles or
    a large sync did): bringing it in step then costs a look at each catalog's stat, less
    than a scan reading every catalog. One this run cannot write to does not count: it would
    be rebuilt from nothing in a temporary folder."""
    path = config.root / CACHE_DIR / INDEX_NAME
    return path.is_file() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _index_path(config: Config) -> Path | None:
    """The index in the project's cache, or None when that cannot be written."""
    folder = config.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    path = folder / INDEX_NAME
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return None
    return path


class MemorySession:
    """A run's memory: where its index is, each language refreshed at most once."""

    def __init__(self, config: Config, path: Path) -> None:
        self.config = config
        self.ref = MemoryRef(path, config.memory_threshold, config.root)
        self._fresh: set[tuple[str, bool]] = set()

    def refresh(self, langs: Sequence[str], *, full: bool = True) -> None:
        """Bring the memory of `langs` in step (`full`: ready to find similar English)."""
        todo = [lang for lang in dict.fromkeys(langs) if (lang, full) not in self._fresh]
        if todo:
            refresh(self.config, self.ref.path, todo, full=full)
            self._fresh.update((lang, full) for lang in todo)
            if full:
                self._fresh.update((lang, False) for lang in todo)


@contextlib.contextmanager
def memory_session(config: Config) -> Iterator[MemorySession]:
    """The memory for one run; its read connections are closed (and a temporary index
    removed) at the end."""
    path = _index_path(config)
    temp = None
    if path is None:
        temp = Path(tempfile.mkdtemp(prefix="transkit-memory-"))
        path = temp / INDEX_NAME
    try:
        yield MemorySession(config, path)
    finally:
        close_readers()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        # as every cache's own save does, even when the memory was not needed this time
        remove_stale_temps([config.root / CACHE_DIR / f"{MemoryTask.name}.json"])


def language_memory(ref: MemoryRef, lang: str) -> LanguageMemory | None:
    """The memory of one language in this process, or None when it holds nothing."""
    reading = reader(ref.path, ref.root)
    if reading is None:
        return None
    memory = LanguageMemory(reading, lang)
    return None if memory.is_empty() else memory


def recaller(ref: MemoryRef, lang: str) -> Callable[[str], Recalled | None] | None:
    """What sync asks for a new unit: the best remembered translation of its English."""
    memory = language_memory(ref, lang)
    if memory is None:
        return None

    def recall(text: str) -> Recalled | None:
        found = best(lang, text, memory, threshold=ref.threshold)
        return recalled(found[0]) if found else None

    return recall


def archive_disagreements(config: Config, langs: Sequence[str]) -> list[TranslatedUnit]:
    """The live translated units of the whole archive of `langs` whose English another unit
    of their language translates otherwise: what the consistency check judges."""
    with memory_session(config) as session:
        session.refresh(langs, full=False)
        reading = reader(session.ref.path, config.root)
        return disagreements(reading, langs) if reading is not None else []
