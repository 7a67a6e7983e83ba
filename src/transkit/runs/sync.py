"""`transkit sync`: bring every catalog of the chosen articles in step with the English."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing import parent_process
from pathlib import Path
from typing import Any, ClassVar

import polib

from ..config import Config
from ..core.po.catalog import new_catalog, with_complete_header
from ..core.source.model import Document
from ..core.sync.memory import Asked, Units, best, recalled
from ..core.sync.model import (
    ArticleMove,
    CatalogSync,
    Orphans,
    Recalled,
    SyncReport,
    SyncStats,
)
from ..core.sync.update import SyncResult, fill_new, may_ask, sync_catalog, with_header
from ..errors import TranskitError
from ..store.cache import fingerprint, stamp
from ..store.catalogs import catalog_texts
from ..store.files import (
    Article,
    Sources,
    has_catalogs,
    load_document,
    orphan_catalogs,
    read_catalog_file,
    read_source_bytes,
    scan_articles,
)
from ..store.sums import SUM_FILE, InStepLine, Sums, content_digest, read_verdict
from .check import EditionJob, Judged, recorded_verdict
from .engine import UNKEYED, Background, Done, Output, Ran, run_tasks, workers, writes_project
from .memory import MemoryRef, index_built, memory_session, recaller
from .mv import follow_renames
from .recall import SCAN_BUDGET, Held, held, recollections, scan_cost, units_memories

Recall = Callable[[str], Recalled | None]


def load_article(config: Config, article: Article, data: bytes | None = None) -> Document:
    """Read and segment one source article (`data`: its bytes, read already)."""
    return load_document(article.path, shown=config.relative(article.path),
                         front_matter_keys=config.front_matter_keys,
                         shortcode_parameters=config.shortcode_parameters,
                         code_comments=config.code_comments, data=data)


def _title(document: Document, slug: str) -> str:
    for key, value in document.front_matter:
        if key == "title" and isinstance(value, str):
            return value
    return slug


def synced(
    config: Config, article: Article, document: Document, lang: str,
    old: polib.POFile | None, *, prune_obsolete: bool = False, recall: Recall | None = None,
) -> SyncResult:
    """The catalog a sync makes of `old` (None: no catalog yet), in memory; `old` is left as
    it was. With `recall` (the translation memory), new units are filled from it."""
    if old is None:
        catalog = _new_catalog(config, article, document, lang)
    else:
        catalog = with_complete_header(old, lang=lang)
    return sync_catalog(catalog, document, reference=config.relative(article.path),
                        prune_obsolete=prune_obsolete, recall=recall,
                        minor_drift=config.minor_drift)


def _new_catalog(config: Config, article: Article, document: Document,
                 lang: str) -> polib.POFile:
    return new_catalog(lang=lang, project=config.project, slug=article.slug,
                       title=_title(document, article.slug))


@dataclass(frozen=True)
class InStep:
    """A catalog as a sync left it, and the digests of the bytes it is in step at and of its
    source's (`store.sums`): what a sync reports of it and the cache remembers, and a line of
    `transkit.sum`."""

    sync: CatalogSync
    digest: str
    source_digest: str
    verdict: str = ""  # what status reads of it (`runs.check.recorded_verdict`; "": not known)

    def settled(self) -> InStep:
        """The catalog as the next sync finds it: in step, nothing to do."""
        c = self.sync
        return replace(self, sync=CatalogSync(c.slug, c.lang, c.path, SyncStats(), False, False))


@dataclass(frozen=True)
class Plan:
    """One catalog synced in memory, not laid out yet: its language, the old catalog (and the
    bytes it was read from; None when there is none yet), the sync's result, and the digest
    of the source it was synced with."""

    lang: str
    old: tuple[polib.POFile, bytes] | None
    result: SyncResult
    source: str

    def sync(self, config: Config, article: Article, *, changed: bool) -> CatalogSync:
        path = config.relative(config.catalog_path(self.lang, article.slug))
        return CatalogSync(article.slug, self.lang, path, self.result.stats, self.old is None,
                           changed)

    def with_memory(self, recall: Recall | None) -> Plan:
        """The plan with its new units filled from the memory (`core.sync.update.fill_new`)."""
        if recall is None or not self.result.asks:
            return self
        if isinstance(recall, _Recaller):
            recall = recall.answering([self.result.catalog[n].msgid for n in self.result.asks])
        return replace(self, result=fill_new(self.result, recall))

    def laid_out(self, config: Config, article: Article, text: str,
                 document: Callable[[], Document]) -> InStep:
        """The catalog as its new `text` (`catalog_texts`) leaves it, whether that differs
        from the old one, and the verdict on it (`document`: the article, read if a check
        asks)."""
        data = text.encode("utf-8")
        changed = self.old is None or self.old[1] != data
        job = EditionJob(article, self.lang)
        before = self._judged(config, job)
        verdict = (recorded_verdict(config, job, self.old[0], data, document, read=True,
                                    before=before)
                   if self.old is not None and not changed else
                   recorded_verdict(config, job, self.result.catalog, data, document,
                                    before=before))
        return InStep(self.sync(config, article, changed=changed), content_digest(data),
                      self.source, verdict)


    def _judged(self, config: Config, job: EditionJob) -> Judged | None:
        """The old catalog with the errors its recorded verdict names, if transkit.sum records
        one of its bytes (`runs.check.recorded_verdict` checks only the pairs it did not
        hold)."""
        if self.old is None:
            return None
        shown = config.relative(config.catalog_path(job.lang, job.article.slug))
        found = read_verdict(recorded_sums(config).recorded(shown, content_digest(self.old[1])),
                             path=shown, article=job.article.slug, language=job.lang)
        return None if found is None else Judged(*self.old, found[1])


# transkit.sum as read in this process (a worker is handed the task anew with each chunk of
# jobs), by the file as it is and the configuration
_SUMS: dict[tuple[Path, tuple[int, ...], str], Sums] = {}


def recorded_sums(config: Config) -> Sums:
    """`transkit.sum` as it is, read once per process."""
    path = config.root / SUM_FILE
    key = (path, tuple(fingerprint(path) or ()), stamp(config))
    if key not in _SUMS:
        _SUMS.clear()
        _SUMS[key] = Sums(config)
    return _SUMS[key]


def plan_catalogs(
    config: Config, article: Article, document: Document, langs: Sequence[str], *,
    source: str, prune_obsolete: bool = False, memory: MemoryRef | None = None,
    recall: Mapping[str, Held] | None = None,
    asked: dict[str, list[str]] | None = None,
) -> list[Plan]:
    """Each catalog synced in memory from its old one; nothing is written, nothing laid out
    (`Plan.laid_out`). New units are filled from `recall` (what the memory of their language
    holds for this sync's questions) or else from `memory` (an index refreshed for `langs`);
    `asked` collects, per language, the English of the new units (what a sync asks). `source`
    is the digest of the bytes `document` was read from."""
    planned = []
    fresh: SyncResult | None = None  # a new catalog's entries: the same in every language
    for lang in langs:
        path = config.catalog_path(lang, article.slug)
        old = read_catalog_file(path, shown=config.relative(path))
        if old is None and not document.segments:
            continue  # nothing to translate: no catalog (one that exists keeps its entries)
        fill = remembering(config, lang, memory=memory, recall=recall)
        if fill is None and asked is not None:
            fill = _asking(asked.setdefault(lang, []))
        if old is None and fill is None and fresh is not None:
            # made once, laid out once (`catalog_texts`): only the header is the language's
            result = with_header(fresh, _new_catalog(config, article, document, lang))
        else:
            result = synced(config, article, document, lang, old[0] if old else None,
                            prune_obsolete=prune_obsolete, recall=fill)
            if old is None and fill is None:
                fresh = result
        planned.append(Plan(lang, old, result, source))
    return planned


def remembering(config: Config, lang: str, *, memory: MemoryRef | None,
                recall: Mapping[str, Held] | None) -> Recall | None:
    """What fills a language's new units: what the memory holds for this sync's questions
    (`recall`), else the index (`memory`); None: nothing."""
    if recall is not None and lang in recall:
        return _recaller(recall[lang], config.memory_threshold)
    if memory is not None:
        return recaller(memory, lang)
    return None


def _recaller(memory: Held, threshold: float) -> Recall:
    return _Recaller(memory, threshold)


SHARED_ASKS = 256  # a catalog's new units past which their answers are looked up on two cores


@dataclass(frozen=True)
class _Recaller:
    """What the memory held for this sync's questions answers a new unit."""

    memory: Held
    threshold: float

    def __call__(self, text: str) -> Recalled | None:
        found = best(self.memory.lang, text, self.memory, threshold=self.threshold)
        return recalled(found[0]) if found else None

    def answering(self, texts: Sequence[str]) -> Recall:
        """This, its answers to `texts` looked up at once: half of them in a forked process
        (which holds the memory too, `runs.recall.held`) when they are many (a long document a
        tenth rewritten asks 800: half a second) and this is the run's own process (a worker
        of its pool has no core to spare)."""
        if len(texts) < SHARED_ASKS or workers() < 2 or parent_process() is not None:
            return self
        half = len(texts) // 2
        theirs = Background(functools.partial(_answers, self, texts[half:]))
        answers = dict(zip(texts[:half], map(self, texts[:half]), strict=True))
        found = theirs.result()
        answers.update(zip(texts[half:], found if found is not None else map(self, texts[half:]),
                           strict=True))
        return lambda text: answers[text] if text in answers else self(text)


def _answers(recall: Recall, texts: Sequence[str]) -> list[Recalled | None]:
    return [recall(text) for text in texts]


def _asking(texts: list[str]) -> Recall:
    def ask(text: str) -> None:
        texts.append(text)

    return ask


@dataclass(frozen=True)
class Deferred:
    """An article left for the second round, what its new units ask the memory, and its
    catalogs as synced without it (the second round fills them, and syncs nothing again)."""

    asked: tuple[tuple[str, tuple[str, ...]], ...]  # (language, English)
    plans: tuple[Plan, ...] = ()


@dataclass(frozen=True)
class SyncJob:
    article: Article
    langs: tuple[str, ...]
    # the second round's: the article's catalogs as the first synced them, to fill from the
    # memory; what they are follows from the article and its files, as the key says
    planned: tuple[Plan, ...] | None = field(default=None, metadata=UNKEYED)


@dataclass(frozen=True)
class SyncTask:
    """One article's catalogs; remembered as 'in step' once written.

    With `defer`, an article with new units in one of those languages is planned but neither
    written nor remembered (its result says what those units ask): a second round syncs it
    with the translation memory (`recall`, or the index `memory`)."""

    doing: ClassVar[str] = "syncing catalogs"  # its progress on a terminal

    config: Config
    prune_obsolete: bool = False
    # what is remembered is "in step" once written, which holds with or without the memory's
    # fills (they are in the catalogs written), and a deferred article is not remembered
    memory: MemoryRef | None = field(default=None, metadata=UNKEYED)
    defer: frozenset[str] = field(default=frozenset(), metadata=UNKEYED)
    recall: Mapping[str, Held] | None = field(default=None, metadata=UNKEYED)
    name: ClassVar[str] = "sync"
    record_type: ClassVar[Any] = tuple[InStep, ...]

    def inputs(self, job: SyncJob) -> list[Any]:
        return [job.article.path,
                *(self.config.catalog_path(lang, job.article.slug) for lang in job.langs)]

    def run(self, job: SyncJob) -> Done[tuple[InStep, ...] | Deferred]:
        if job.planned is not None:
            plans = [p.with_memory(remembering(self.config, p.lang, memory=self.memory,
                                               recall=self.recall)) for p in job.planned]
            document = functools.cache(lambda: load_article(self.config, job.article))
        else:
            data = read_source_bytes(job.article.path, shown=self.config.relative(job.article.path))
            read = load_article(self.config, job.article, data)
            document = functools.cache(lambda: read)
            asked: dict[str, list[str]] = {}
            plans = plan_catalogs(self.config, job.article, read, job.langs,
                                  source=content_digest(data),
                                  prune_obsolete=self.prune_obsolete, memory=self.memory,
                                  recall=self.recall, asked=asked if self.defer else None)
            if any(p.result.stats.new and p.lang in self.defer for p in plans):
                # laid out in the second round, with the memory's translations: not now
                return Done(Deferred(tuple((lang, tuple(texts)) for lang, texts in asked.items()
                                           if texts and lang in self.defer), tuple(plans)),
                            remember=False)
        texts = catalog_texts([p.result.catalog for p in plans], self.config)
        planned = [p.laid_out(self.config, job.article, text, document)
                   for p, text in zip(plans, texts, strict=True)]
        outputs = tuple(Output(self.config.root / c.sync.path, text, c.sync.changed)
                        for c, text in zip(planned, texts, strict=True))
        return Done(tuple(planned), outputs, record=tuple(c.settled() for c in planned))


@writes_project
def sync_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    prune_obsolete: bool = False,
    dry_run: bool = False,
    skip: Collection[tuple[str, str]] = (),
    memory: bool = True,
) -> SyncReport:
    """Sync the catalogs of the chosen articles and languages; write only what changed.

    An article whose source or one of whose catalogs cannot be read is left as it is (its
    problem is in the report's `failed`); the others are synced. `skip` names (slug, lang)
    pairs to leave out. Unless `dry_run`, it holds the project's lock (it also removes the
    temporary files that a run killed while writing left beside these catalogs); a dry run
    reads only, so it works in a read-only checkout. Catalogs it created beside catalogs left
    without a source are named in the report's `orphans` (a rename transkit did not see).

    New units are filled from the translation memory unless the project switched it off or
    `memory` is false, in two rounds: the articles are synced without it, except those with new
    units in a language that has catalogs (the memory of one that has none is empty), whose
    new units are only noted; then each catalog of those languages is read once and compared
    with those units' English (`runs.recall`: no index, so a fresh clone or a CI job pays what
    a warm checkout does), and the deferred articles' catalogs, synced once already, are
    filled with what answers them (`core.sync.update.fill_new`). (A sync asking so much that
    comparing would cost too much, questions × units of the language, a large document mostly
    rewritten, looks for them by sketch among the units read, `runs.recall.units_memories`, as
    the index would; a checkout that built the index, `runs.memory`, asks it.) So a sync that
    creates no unit never reads the memory, and a cold one (no catalogs yet) costs what it
    costs without. A dry run does not ask it: it tells which catalogs a sync would change, and
    a new unit changes its catalog either way.
    """
    report = _sync(config, langs, names, prune_obsolete=prune_obsolete, dry_run=dry_run,
                   skip=skip, memory=memory)
    created = [c for c in report.catalogs if c.created]
    if created and not dry_run:
        return replace(report, orphans=_orphans(config, langs, report, created))
    return report


def _orphans(config: Config, langs: Sequence[str], report: SyncReport,
             created: Sequence[CatalogSync]) -> Orphans | None:
    """The catalogs left without a source article, beside the new, empty ones a sync created
    (after a rename the translations are in the old ones)."""
    found = scan_articles(config)
    every = ({a.slug for a in found.articles} | {s.article for s in found.skipped}
             | {c.slug for c in report.catalogs})
    orphans = orphan_catalogs(config, langs, every)
    if not orphans:
        return None
    return Orphans(tuple(config.relative(o.path) for o in orphans),
                   sorted({o.article for o in orphans})[0], sorted({c.slug for c in created})[0])


def _sync(config: Config, langs: Sequence[str], names: Sequence[str] | None, *,
          prune_obsolete: bool, dry_run: bool, skip: Collection[tuple[str, str]],
          memory: bool) -> SyncReport:
    jobs = []
    sources = scan_articles(config, names)
    # an article renamed outside transkit (git mv): its catalogs follow it before the sync
    moved = tuple(follow_renames(config, sources.articles, dry_run=dry_run))
    for article in sources.articles:
        chosen = tuple(lang for lang in langs if (article.slug, lang) not in skip)
        if chosen:
            jobs.append(SyncJob(article, chosen))
    remembering = frozenset(lang for lang in langs if has_catalogs(config, lang))
    if dry_run or not (memory and config.memory):
        remembering = frozenset()
    # what an earlier sync anywhere found in step, by content: a fresh clone syncs only what
    # changed since (the cache knows files by time stamps, which a clone does not share)
    sums = Sums(config)
    ahead = _reading_ahead(config, jobs, remembering)
    try:
        ran = run_tasks(config, SyncTask(config, prune_obsolete, defer=remembering), jobs,
                        write=not dry_run, isolate=True,
                        settled=None if prune_obsolete else _settled(config, sums))
        results: list[Any] = list(ran.results)
        deferred = [i for i, result in enumerate(results) if isinstance(result, Deferred)]
        if deferred:
            _fill_deferred(config, jobs, results, deferred, prune_obsolete=prune_obsolete,
                           ahead=None if ran.written else ahead)
    finally:
        if ahead is not None:
            ahead.stop()
    record = ""
    if not (dry_run or prune_obsolete):
        existed = sums.existed
        if _save_sums(config, sums, jobs, results, whole=names is None, langs=langs) \
                and not existed:
            record = config.relative(sums.path)
    return replace(_report(jobs, results, sources, moved), record=record)


def _fill_deferred(config: Config, jobs: Sequence[SyncJob], results: list[Any],
                   deferred: Sequence[int], *, prune_obsolete: bool,
                   ahead: Background[Ahead] | None = None) -> None:
    """The second round: the deferred articles' catalogs filled from the memory (their
    results replaced in `results`). `ahead`: the memory read while the first round ran
    (`_reading_ahead`; None when that round wrote a catalog, which it read before)."""
    questions: dict[str, dict[str, None]] = {}
    for i in deferred:
        for lang, texts in results[i].asked:
            questions.setdefault(lang, {}).update(dict.fromkeys(texts))
    asked = [Asked(lang, tuple(texts), config.memory_threshold)
             for lang, texts in sorted(questions.items())]
    # the second round fills the catalogs the first synced: it syncs nothing again
    planned = [replace(jobs[i], planned=results[i].plans) for i in deferred]
    # a fresh clone reads the catalogs once (no index to build); a checkout that built the
    # index asks it, kept in step incrementally (one edited article of 1,000: 0.6-0.8 s
    # with it, 2.9 s scanning)
    if index_built(config):
        with memory_session(config) as session:
            session.refresh(sorted(a.lang for a in asked))
            again = run_tasks(config, SyncTask(config, prune_obsolete, session.ref), planned,
                              isolate=True)
    else:
        scanned = [a for a in asked if scan_cost(config, a.lang, len(a.texts)) <= SCAN_BUDGET]
        # asking more than a scan is worth: the units that can answer, read into memory
        many = [a for a in asked if a not in scanned]
        if ahead is not None and not many:
            ahead.stop()  # a scan answers: its core is the scan's pool's now
        with held({**(recollections(config, scanned) if scanned else {}),
                   **(_units(config, many, ahead) if many else {})}) as recall:
            again = run_tasks(config, SyncTask(config, prune_obsolete, recall=recall), planned,
                              isolate=True)
    for i, result in zip(deferred, again.results, strict=True):
        results[i] = result


# --- reading the memory ahead -----------------------------------------------------------------


def _reading_ahead(config: Config, jobs: Sequence[SyncJob],
                   remembering: frozenset[str]) -> Background[Ahead] | None:
    """The memory the second round will ask, read on a core the first round leaves idle.

    A sync of fewer articles than there are cores runs its first round in one process (a
    13,000-paragraph document: 2 s syncing one catalog) and then reads the memory (1 s more):
    the memory can be read at the same time. What the new units will ask is not known before
    the first round, but a superset is (`core.sync.update.may_ask`: the English that is no live
    entry's), and the units of a language that can answer a superset of the questions answer
    each question as those read for it alone do (`runs.recall.units_memories`: every unit
    sharing a hash with a question's sketch is kept either way, and answers are ordered by what
    is remembered). So the child reads them for the superset, when it asks more than a scan is
    worth (a few questions are scanned after the round, as before); the second round takes
    them where they cover its questions and the catalogs are as the child read them."""
    if not remembering or len(jobs) >= workers() or index_built(config):
        return None
    return Background(functools.partial(_read_ahead, config, jobs, remembering))


# per language, the English asked and the units read for them
Ahead = dict[str, tuple[frozenset[str], Units]]


def _read_ahead(config: Config, jobs: Sequence[SyncJob], remembering: frozenset[str]) -> Ahead:
    """(In the child `_reading_ahead` starts.) Each language's units that can answer what the
    jobs may ask it, for the languages that may ask more than a scan is worth."""
    # on the one core the first round leaves idle, not on a pool of its own: a sync of one
    # article in a large project may ask what a scan answers, and its round runs meanwhile
    os.environ["TRANSKIT_JOBS"] = "1"
    questions: dict[str, dict[str, None]] = {}
    for job in jobs:
        langs = [lang for lang in job.langs if lang in remembering]
        if not langs:
            continue
        try:
            document = load_article(config, job.article)
            for lang in langs:
                path = config.catalog_path(lang, job.article.slug)
                old = read_catalog_file(path, shown=config.relative(path))
                questions.setdefault(lang, {}).update(
                    dict.fromkeys(may_ask(old[0] if old else None, document)))
        except TranskitError:
            continue  # its questions, if any, are not covered: the second round reads itself
    many = [Asked(lang, tuple(texts), config.memory_threshold)
            for lang, texts in sorted(questions.items())
            if texts and scan_cost(config, lang, len(texts)) > SCAN_BUDGET]
    found = units_memories(config, many) if many else {}
    return {a.lang: (frozenset(a.texts), found[a.lang]) for a in many}


def _units(config: Config, asked: Sequence[Asked],
           ahead: Background[Ahead] | None) -> dict[str, Units]:
    """`units_memories(config, asked)`: those read ahead where they cover the questions, the
    others read now."""
    found = (ahead.result() if ahead is not None else None) or {}
    kept = {a.lang: found[a.lang][1] for a in asked
            if a.lang in found and found[a.lang][0].issuperset(a.texts)}
    rest = [a for a in asked if a.lang not in kept]
    return {**kept, **(units_memories(config, rest) if rest else {})}


def _settled(config: Config, sums: Sums) -> Callable[[SyncJob], tuple[InStep, ...] | None]:
    """What `transkit.sum` knows of a job: its catalogs in step, if a line says so of each
    catalog and its source at their bytes today; None: sync it."""
    def settled(job: SyncJob) -> tuple[InStep, ...] | None:
        paths = [config.relative(config.catalog_path(lang, job.article.slug))
                 for lang in job.langs]
        if not all(path in sums.lines for path in paths):
            return None  # nothing to read: no line could say so
        source = config.relative(job.article.path)
        out = []
        for lang, path in zip(job.langs, paths, strict=True):
            line = sums.line_of(path, config.root / path, source, job.article.path)
            if line is None:
                return None
            out.append(InStep(CatalogSync(job.article.slug, lang, path, SyncStats(), False,
                                          False), line.catalog_digest, line.source_digest,
                              line.verdict))
        return tuple(out)

    return settled


def _save_sums(config: Config, sums: Sums, jobs: Sequence[SyncJob], results: Sequence[Any], *,
               whole: bool, langs: Sequence[str]) -> bool:
    """Write `transkit.sum`: the catalogs this sync left in step (or found so), and the lines
    of the catalogs it did not sync. A sync of every article speaks for the whole folder of
    each of its languages (a catalog whose article is gone loses its line). False: the file
    already said all that."""
    lines = [InStepLine(step.sync.path, step.digest, config.relative(job.article.path),
                        step.source_digest, step.verdict)
             for job, result in zip(jobs, results, strict=True) if isinstance(result, tuple)
             for step in result]
    covered = {config.relative(config.catalog_path(lang, job.article.slug))
               for job in jobs for lang in job.langs}
    folders = tuple(config.relative(config.catalog_folder(lang)) + "/" for lang in langs)

    def replaced(catalog: str) -> bool:
        return catalog in covered or (whole and catalog.startswith(folders))

    return sums.save(lines, replaced=replaced)


def _report(jobs: Sequence[SyncJob], results: list[Any], sources: Sources,
            moved: tuple[ArticleMove, ...] = ()) -> SyncReport:
    done = Ran(results, [])
    # an article without a catalog for each language it was synced in has nothing to translate
    empty = tuple(job.article.slug for job, result in zip(jobs, results, strict=True)
                  if isinstance(result, tuple) and len(result) < len(job.langs))
    return SyncReport(tuple(step.sync for result in done.values() for step in result),
                      (*sources.problems, *done.failures()), empty, moved)
