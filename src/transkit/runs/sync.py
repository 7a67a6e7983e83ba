"""`transkit sync`: bring every catalog of the chosen articles in step with the English."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import polib

from ..config import Config
from ..core.po.catalog import new_catalog, with_complete_header
from ..core.po.pofile import format_po
from ..core.source.model import Document
from ..core.sync.model import ArticleMove, CatalogSync, Recalled, SyncReport, SyncStats
from ..core.sync.update import SyncResult, sync_catalog
from ..store.files import (
    Article,
    Sources,
    has_catalogs,
    load_document,
    read_catalog_file,
    scan_articles,
)
from ..store.write import project_lock
from .engine import UNKEYED, Done, Output, Ran, run_tasks
from .memory import MemoryRef, has_index, memory_session, recaller
from .mv import follow_renames

Recall = Callable[[str], Recalled | None]


def load_article(config: Config, article: Article) -> Document:
    """Read and segment one source article."""
    return load_document(article.path, shown=config.relative(article.path),
                         front_matter_keys=config.front_matter_keys,
                         shortcode_parameters=config.shortcode_parameters,
                         code_comments=config.code_comments)


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
        catalog = new_catalog(lang=lang, project=config.project, slug=article.slug,
                              title=_title(document, article.slug))
    else:
        catalog = with_complete_header(old, lang=lang)
    return sync_catalog(catalog, document, reference=config.relative(article.path),
                        prune_obsolete=prune_obsolete, recall=recall,
                        minor_drift=config.minor_drift)


@dataclass(frozen=True)
class Plan:
    """One catalog synced in memory, not laid out yet: its language, the old catalog (and the
    bytes it was read from; None when there is none yet) and the sync's result."""

    lang: str
    old: tuple[polib.POFile, bytes] | None
    result: SyncResult

    def sync(self, config: Config, article: Article, *, changed: bool) -> CatalogSync:
        path = config.relative(config.catalog_path(self.lang, article.slug))
        return CatalogSync(article.slug, self.lang, path, self.result.stats, self.old is None,
                           changed)

    def laid_out(self, config: Config, article: Article) -> tuple[CatalogSync, str]:
        """The catalog's new text, and whether it differs from the old one."""
        text = format_po(self.result.catalog, width=config.wrap_width)
        changed = self.old is None or self.old[1] != text.encode("utf-8")
        return self.sync(config, article, changed=changed), text


def plan_catalogs(
    config: Config, article: Article, document: Document, langs: Sequence[str], *,
    prune_obsolete: bool = False, memory: MemoryRef | None = None,
) -> list[Plan]:
    """Each catalog synced in memory from its old one; nothing is written, nothing laid out
    (`Plan.laid_out`). With `memory` (an index refreshed for `langs`), new units are filled
    from it."""
    planned = []
    for lang in langs:
        path = config.catalog_path(lang, article.slug)
        old = read_catalog_file(path, shown=config.relative(path))
        if old is None and not document.segments:
            continue  # nothing to translate: no catalog (one that exists keeps its entries)
        recall = recaller(memory, lang) if memory is not None else None
        planned.append(Plan(lang, old, synced(config, article, document, lang,
                                              old[0] if old else None,
                                              prune_obsolete=prune_obsolete, recall=recall)))
    return planned


@dataclass(frozen=True)
class SyncJob:
    article: Article
    langs: tuple[str, ...]


@dataclass(frozen=True)
class SyncTask:
    """One article's catalogs; remembered as 'in step' once written.

    With `defer`, an article with new units in one of those languages is planned but neither
    written nor remembered: a second round syncs it with the translation memory (`memory`)."""

    config: Config
    prune_obsolete: bool = False
    # what is remembered is "in step" once written, which holds with or without the memory's
    # fills (they are in the catalogs written), and a deferred article is not remembered
    memory: MemoryRef | None = field(default=None, metadata=UNKEYED)
    defer: frozenset[str] = field(default=frozenset(), metadata=UNKEYED)
    name: ClassVar[str] = "sync"
    record_type: ClassVar[Any] = tuple[CatalogSync, ...]

    def inputs(self, job: SyncJob) -> list[Any]:
        return [job.article.path,
                *(self.config.catalog_path(lang, job.article.slug) for lang in job.langs)]

    def run(self, job: SyncJob) -> Done[tuple[CatalogSync, ...]]:
        document = load_article(self.config, job.article)
        plans = plan_catalogs(self.config, job.article, document, job.langs,
                              prune_obsolete=self.prune_obsolete, memory=self.memory)
        if any(p.result.stats.new and p.lang in self.defer for p in plans):
            # laid out in the second round, with the memory's translations: not now
            return Done(tuple(p.sync(self.config, job.article, changed=True) for p in plans),
                        remember=False)
        planned = [p.laid_out(self.config, job.article) for p in plans]
        in_step = tuple(CatalogSync(c.slug, c.lang, c.path, SyncStats(), False, False)
                        for c, _ in planned)
        outputs = tuple(Output(self.config.root / c.path, text, c.changed) for c, text in planned)
        return Done(tuple(c for c, _ in planned), outputs, record=in_step)


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
    reads only, so it works in a read-only checkout.

    New units are filled from the translation memory unless the project switched it off or
    `memory` is false. Where its index exists (an earlier run built it), it is brought in step
    first (reading only the catalogs changed since) and one round syncs every article with it.
    Where it does not (a fresh clone, CI), in two rounds: the articles are synced without it,
    except those with new units in a language that has catalogs (the memory of one that has
    none is empty); then the memory of their languages is built and they are synced with it.
    So a sync that creates no unit never builds the memory, and a cold one (no catalogs yet)
    costs what it costs without. A dry run does not ask it (in CI, where no cache survives,
    that would mean reading the whole archive): it tells which catalogs a sync would change,
    and a new unit changes its catalog either way.
    """
    with contextlib.nullcontext() if dry_run else project_lock(config):
        return _sync(config, langs, names, prune_obsolete=prune_obsolete, dry_run=dry_run,
                     skip=skip, memory=memory)


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
    if remembering and has_index(config):
        # the memory was used before: bringing its index in step reads only the catalogs
        # changed since, so one round with it costs less than syncing new units twice
        with memory_session(config) as session:
            session.refresh(sorted(remembering))
            ran = run_tasks(config, SyncTask(config, prune_obsolete, session.ref), jobs,
                            isolate=True)
        return _report(jobs, list(ran.results), sources, moved)
    ran = run_tasks(config, SyncTask(config, prune_obsolete, defer=remembering), jobs,
                    write=not dry_run, isolate=True)
    results = list(ran.results)
    deferred = [i for i, result in enumerate(results) if isinstance(result, tuple)
                and any(c.stats.new and c.lang in remembering for c in result)]
    if deferred:
        with memory_session(config) as session:
            session.refresh(sorted({lang for i in deferred for lang in jobs[i].langs
                                    if lang in remembering}))
            again = run_tasks(config, SyncTask(config, prune_obsolete, session.ref),
                              [jobs[i] for i in deferred], isolate=True)
        for i, result in zip(deferred, again.results, strict=True):
            results[i] = result
    return _report(jobs, results, sources, moved)


def _report(jobs: Sequence[SyncJob], results: list[Any], sources: Sources,
            moved: tuple[ArticleMove, ...] = ()) -> SyncReport:
    done = Ran(results, [])
    # an article without a catalog for each language it was synced in has nothing to translate
    empty = tuple(job.article.slug for job, result in zip(jobs, results, strict=True)
                  if isinstance(result, tuple) and len(result) < len(job.langs))
    return SyncReport(tuple(c for result in done.values() for c in result),
                      (*sources.problems, *done.failures()), empty, moved)
