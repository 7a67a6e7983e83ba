"""What a sync's new units are filled from: the memory of their languages, read for the
questions the sync asks and indexed nowhere.

A sync asks the memory only about the new units of the articles it changes, a handful in
most runs. So rather than building an index of the whole archive (every unit, its sentences and
sketches) before asking, each catalog of the language is read once, on the worker pool, and
compared with those questions as it is read (`core.sync.memory.Asked`): what can answer one of
them is kept, the rest is dropped at once. A catalog is read without polib's objects
(`core.sync.memory.text_places`, `core.po.pofile.scan_po`), and only the entries whose English
may answer a question are read in full (`Asked.may_answer`): the cost is about the cost of
reading and matching the catalogs, on a fresh clone as on a warm one, and nothing is written
to disk.

When a sync asks so many questions that comparing each with every unit of the language would
cost more than building the index (a large document mostly rewritten), it asks the index
(`runs.memory`) instead; `sync_project` decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..config import Config
from ..core.sync.memory import Asked, Place, Recollection, Remembered, text_places
from ..errors import TranskitError
from ..store.files import catalog_files, catalogs_size, read_catalog_text
from .engine import parallel_iter

CATALOGS_PER_JOB = 64
# comparisons (questions × units of the language) a scan may make: about 2 s of one core
SCAN_BUDGET = 1_600_000
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
    questions change with every sync)."""

    doing: ClassVar[str] = "recalling translations"  # its progress on a terminal

    config: Config
    asked: Mapping[str, Asked]

    def __call__(self, job: ScanJob) -> tuple[Remembered, ...]:
        asked = self.asked[job.lang]
        read: list[tuple[str, list[Place]]] = []
        for article, path in job.catalogs:
            shown = self.config.relative(path)
            try:
                text = read_catalog_text(path, shown=shown)
                if text is not None:  # only what may answer a question is read in full
                    read.append((article, text_places(text, path=shown,
                                                      wanted=asked.may_answer)))
            except TranskitError:
                continue  # left out of the memory, as from the index; check names the fault
        return tuple(asked.recollect_all(read))


def scan_cost(config: Config, lang: str, questions: int) -> int:
    """Questions × units of the language: the comparisons a scan for them makes (see
    SCAN_BUDGET). The units are estimated from the catalogs' sizes, not counted by catalog:
    one catalog of a 13,000-paragraph document holds as many as 300 articles' catalogs."""
    return questions * max(1, catalogs_size(config, lang) // UNIT_BYTES)


def recollections(config: Config, asked: Sequence[Asked]) -> dict[str, Recollection]:
    """Each language's memory for its questions, read from all of its catalogs."""
    by_lang = {a.lang: a for a in asked}
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
