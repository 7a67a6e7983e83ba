"""What a sync's new units are filled from: the memory of their languages, read for the
questions the sync asks and indexed nowhere.

A sync asks the memory only about the new units of the articles it changes, a handful in
most runs. So rather than building an index of the whole archive (every unit, its sentences and
sketches) before asking, each catalog of the language is read once, on the worker pool, and
compared with those questions as it is read (`core.sync.memory.Asked`): what can answer one of
them is kept, the rest is dropped at once. A catalog is read without polib's objects: first
only the English of its translated entries that may answer a question (`Asked.may_answer`,
`core.po.pairs.pair_english`), and only a catalog that answers one is read in full
(`core.sync.memory.text_places`, `core.po.pofile.scan_po`; `ScanTask`): the cost is about the
cost of reading and matching the catalogs, on a fresh clone as on a warm one, and nothing is
written to disk.

When a sync asks so many questions that comparing each with every unit of the language would
cost more (a large document mostly rewritten: questions × units past SCAN_BUDGET;
`sync_project` decides), it looks for them as the index does, by sketch, in memory
(`units_memories`): each catalog is read on the worker pool, the sketch of each English text
computed once for all of its languages (`core.sync.memory.unit_hashes`: a sketch differs between
languages only by a salt), and the units kept are those sharing a hash with a question's sketch
(`Asked.hears`); `core.sync.memory.Units` answers from them what the index answers (the same
candidates, how common a hash is counted alike), units only: a sync never asks for sentences.
That costs reading the catalogs and hashing their English, not comparing every question with
every unit, nor the index's sentences, sketch tables and SQLite writes (a 13,000-paragraph
document a tenth rewritten: 1.1 s of CPU instead of 6.5 s building the index, 48 s scanning).
A checkout that built the index (todo, check) keeps asking it, in step incrementally.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..config import Config
from ..core.po.entries import fold
from ..core.po.pairs import pair_english
from ..core.po.pofile import decode_po
from ..core.sync.memory import (
    Asked,
    Heard,
    Place,
    Recollection,
    Remembered,
    Units,
    text_places,
    unit_hashes,
)
from ..errors import TranskitError
from ..store.catalogs import read_catalog_bytes
from ..store.files import catalog_files, catalogs_size, read_catalog_text
from .engine import parallel_iter

CATALOGS_PER_JOB = 64
# comparisons (questions × units of the language) a scan may make: past about 10 questions to
# 1,000 articles' units (36,000), reading the units that share a sketch hash with one
# (`units_memories`) costs less (3 questions: 3.2 s scanning, 4.9 s reading the units; 30:
# 11.2 s and 5.4 s)
SCAN_BUDGET = 360_000
# a catalog's bytes per unit, about (the English, its translation, comments and references):
# what the units of a language are estimated from, without reading its catalogs
UNIT_BYTES = 1_200


@dataclass(frozen=True)
class ScanJob:
    lang: str
    catalogs: tuple[tuple[str, Path], ...]  # (article id, catalog)


@dataclass(frozen=True)
class ScanTask:
    """Read catalogs and keep what answers the questions of their language; not cached (the
    questions change with every sync).

    Each catalog's English is read first (`pair_english`, a few times faster than reading its
    places); the places of the few catalogs whose English answers are then read in full
    (`text_places`, which refuses what `parse_po` refuses): what answers is taken from that
    reading, and a catalog it refuses is left out of the memory, as a catalog is that no
    reader reads. (`pair_english` reads a catalog `parse_po` reads to the English of its
    places; a catalog that answers nothing gives nothing, however it is read.)"""

    doing: ClassVar[str] = "recalling translations"  # its progress on a terminal

    config: Config
    asked: Mapping[str, Asked]

    def __call__(self, job: ScanJob) -> tuple[Remembered, ...]:
        asked = self.asked[job.lang]
        read: list[tuple[str, Path, bytes, list[Place] | None]] = []
        english: list[list[str]] = []
        for article, path in job.catalogs:
            try:
                data = read_catalog_bytes(path, shown=self.config.relative(path))
                if data is None:
                    continue
                found, places = pair_english(data, asked.may_answer), None
                if found is None:  # another layout: read in full (or refused) now
                    places = self._places(path, data, asked)
                    found = [place.english for place in places]
            except TranskitError:
                continue  # left out of the memory, as from the index; check names the fault
            read.append((article, path, data, places))
            english.append(found)
        out: list[Remembered] = []
        for (article, path, data, places), found, kept in zip(read, english,
                                                              asked.answers(english),
                                                              strict=True):
            if not kept:
                continue
            if places is None:
                try:
                    places = self._places(path, data, asked)
                except TranskitError:
                    continue
                if [place.english for place in places] != found:
                    kept = asked.answers([[place.english for place in places]])[0]
            out.extend(Remembered(places[k].english, places[k].target, article, places[k].line,
                                  places[k].obsolete) for k in kept)
        return tuple(out)

    def _places(self, path: Path, data: bytes, asked: Asked) -> list[Place]:
        """The places of a catalog that may answer (`Asked.may_answer`), read in full; the
        error of `store.files.read_catalog_text` or of `parse_po` where they refuse it."""
        shown = self.config.relative(path)
        return text_places(decode_po(data, path=shown), path=shown, wanted=asked.may_answer)


def scan_cost(config: Config, lang: str, questions: int) -> int:
    """Questions × units of the language: the comparisons a scan for them makes (see
    SCAN_BUDGET). The units are estimated from the catalogs' sizes, not counted by catalog:
    one catalog of a 13,000-paragraph document holds as many as 300 articles' catalogs."""
    return questions * max(1, catalogs_size(config, lang) // UNIT_BYTES)


def recollections(config: Config, asked: Sequence[Asked]) -> dict[str, Recollection]:
    """Each language's memory for its questions, read from all of its catalogs."""
    by_lang = {a.lang: a.computed() for a in asked}
    jobs: list[ScanJob] = []
    for lang in by_lang:
        found = catalog_files(config, lang)
        jobs.extend(ScanJob(lang, tuple(found[i:i + CATALOGS_PER_JOB]))
                    for i in range(0, len(found), CATALOGS_PER_JOB))
    found_all = list(parallel_iter(ScanTask(config, by_lang), jobs))
    items: dict[str, list[Remembered]] = {lang: [] for lang in by_lang}
    for job, found_items in zip(jobs, found_all, strict=True):
        items[job.lang].extend(found_items)
    return {lang: Recollection(lang, tuple(found)) for lang, found in items.items()}


# --- many questions: the units that can answer them, read on the worker pool ---------------


@dataclass(frozen=True)
class UnitsJob:
    catalogs: tuple[tuple[str, str, Path], ...]  # (language, article id, catalog)


@dataclass(frozen=True)
class UnitsTask:
    """Read catalogs and keep the units that can answer the questions of their language, or
    count in how common the hashes of those questions' sketches are (`Asked.hears`); not
    cached (the questions change with every sync).

    A job holds the catalogs of a run of articles in every language asked: the English of an
    article is the same in each, and its sketch, the same in every language but for the salt,
    is computed once."""

    doing: ClassVar[str] = "recalling translations"  # its progress on a terminal

    config: Config
    asked: Mapping[str, Asked]

    def __call__(self, job: UnitsJob) -> tuple[tuple[str, str, tuple[Heard, ...]], ...]:
        # English -> the same text (one object: pickled once for all of its catalogs), folded,
        # and its unit_hashes
        seen: dict[str, tuple[str, str, tuple[int, ...]]] = {}
        out = []
        for lang, article, path in job.catalogs:
            asked = self.asked[lang]
            heard: dict[str, tuple[int, ...] | None] = {}

            def hears(english: str, asked: Asked = asked,
                      heard: dict[str, tuple[int, ...] | None] = heard) -> bool:
                known = seen.get(english)
                if known is None:
                    known = seen[english] = (english, fold(english), unit_hashes(english))
                found = heard[english] = asked.hears(known[1], known[2])
                return found is not None

            shown = self.config.relative(path)
            try:
                text = read_catalog_text(path, shown=shown)
                found = [] if text is None else text_places(text, path=shown, wanted=hears)
            except TranskitError:
                continue  # left out of the memory, as from the index; check names the fault
            kept = []
            for place in found:
                hashes = heard[place.english]
                if hashes is not None:
                    english, folded, _ = seen[place.english]
                    kept.append(Heard(place._replace(english=english), hashes, len(folded),
                                      asked.is_asked(folded)))
            out.append((lang, article, tuple(kept)))
        return tuple(out)


def units_memories(config: Config, asked: Sequence[Asked]) -> dict[str, Units]:
    """Each language's units that can answer its questions, read from all of its catalogs
    (`core.sync.memory.Units`: the index's answers, no index built)."""
    by_lang = {a.lang: a.computed() for a in asked}
    by_article: dict[str, list[tuple[str, str, Path]]] = {}
    for lang in by_lang:
        for article, path in catalog_files(config, lang):
            by_article.setdefault(article, []).append((lang, article, path))
    catalogs = [c for article in sorted(by_article) for c in by_article[article]]
    jobs = [UnitsJob(tuple(catalogs[i:i + CATALOGS_PER_JOB]))
            for i in range(0, len(catalogs), CATALOGS_PER_JOB)]
    read: dict[str, list[tuple[str, tuple[Heard, ...]]]] = {lang: [] for lang in by_lang}
    for found in parallel_iter(UnitsTask(config, by_lang), jobs):
        for lang, article, heard in found:
            read[lang].append((article, heard))
    return {lang: Units(by_lang[lang], found) for lang, found in read.items()}


# --- handing the memory to the workers -------------------------------------------------------

_held: dict[int, Recollection | Units] = {}
_numbers = itertools.count()


@dataclass(frozen=True)
class Held:
    """A language's memory for this sync's questions (a `Lookup`), held by this process and
    by the workers it forks, which inherit it: what the second round's task carries instead of
    the memory, which the pool would pickle again with every chunk of jobs (a tenth of 1,000
    articles edited: 3 languages' units, 64 times)."""

    number: int
    lang: str

    @property
    def memory(self) -> Recollection | Units:
        return _held[self.number]

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        return self.memory.exact(key, units=units)

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        return self.memory.candidates(sketch, shortest, longest, units=units)

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        return self.memory.remembered(ids)


@contextlib.contextmanager
def held(memories: Mapping[str, Recollection | Units]) -> Iterator[dict[str, Held]]:
    """Each language's memory held for the workers forked inside the block (`Held`), let go
    after it."""
    handles = {lang: Held(next(_numbers), lang) for lang in memories}
    _held.update((handles[lang].number, memory) for lang, memory in memories.items())
    try:
        yield handles
    finally:
        for handle in handles.values():
            del _held[handle.number]
