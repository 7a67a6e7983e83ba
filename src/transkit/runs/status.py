"""`transkit status`: where every edition stands, for a project or for any catalogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from ..config import Config
from ..core.languages import language_name
from ..core.report.counts import catalog_status, missing_status, with_verdict
from ..core.report.model import CatalogStatus
from ..core.report.verdict import Policy
from ..core.values import Problem
from ..errors import TranskitError
from ..store.cache import fingerprint
from ..store.files import Article, read_catalog, scan_articles
from .engine import Done, Progress, run_tasks


@dataclass(frozen=True)
class CatalogJob:
    """One article's catalog in one language; `exists` tells whether there is one yet."""

    article: Article
    lang: str
    exists: bool


def catalog_jobs(config: Config, langs: Sequence[str],
                 articles: Sequence[Article]) -> list[CatalogJob]:
    """Every article × language, in article order, then language order."""
    return [
        CatalogJob(article, lang,
                   fingerprint(config.catalog_path(lang, article.slug)) is not None)
        for article in articles
        for lang in langs
    ]


def job_inputs(config: Config, job: CatalogJob) -> list[Path]:
    """A catalog's file, and its article's source while there is no catalog to read."""
    path = config.catalog_path(job.lang, job.article.slug)
    return [path] if job.exists else [path, job.article.path]


def missing(config: Config, job: CatalogJob, policy: Policy) -> CatalogStatus | None:
    """The status of a catalog not written yet: every unit of its article untranslated; None
    when the article has nothing to translate (it wants no catalog)."""
    from .sync import load_article

    document = load_article(config, job.article)
    if not document.segments:
        return None
    return with_verdict(missing_status(
        [s.text for s in document.segments],
        path=config.relative(config.catalog_path(job.lang, job.article.slug)),
        article=job.article.slug, language=job.lang,
    ), policy)


@dataclass(frozen=True)
class StatusTask:
    config: Config
    with_todo: bool = False
    name: str = "status"
    record_type: Any = CatalogStatus | None

    def key(self, job: CatalogJob) -> str:
        return f"{job.lang}/{job.article.slug}"

    def inputs(self, job: CatalogJob) -> list[Path]:
        return job_inputs(self.config, job)

    def run(self, job: CatalogJob) -> Done[CatalogStatus | None]:
        policy = self.config.policy(job.lang)
        if not job.exists:
            return Done(missing(self.config, job, policy))
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        catalog = read_catalog(path, shown=shown)
        if catalog is None:  # removed since it was found
            return Done(missing(self.config, job, policy), remember=False)
        status = catalog_status(catalog, path=shown, article=job.article.slug,
                                language=job.lang, with_todo=self.with_todo)
        return Done(with_verdict(status, policy))


@dataclass(frozen=True)
class StatusReport:
    """The status of every catalog that could be read, and the files that could not."""

    statuses: list[CatalogStatus]
    failed: list[Problem]


def project_statuses(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    with_todo: bool = False,
) -> StatusReport:
    """The status of every article × language of the project (missing catalogs included).

    `with_todo` (the lists of open entries) reads every catalog; otherwise counts of a catalog
    unchanged since an earlier run come from the cache. A catalog (or source) that cannot be
    read is among the failures; the others are reported all the same.
    """
    sources = scan_articles(config, names)
    jobs = catalog_jobs(config, langs, sources.articles)
    ran = run_tasks(config, StatusTask(config, with_todo), jobs, use_cache=not with_todo,
                    write=False, isolate=True, progress=progress)
    return StatusReport([s for s in ran.values() if s is not None],
                        list(dict.fromkeys([*sources.problems, *ran.failures()])))


def path_statuses(paths: Sequence[Path]) -> StatusReport:
    """The status of any gettext catalogs: files, or every *.po below folders.

    A file named twice (or inside two folders named) is counted once. Templates (*.pot) are
    counted only when named, since they are nobody's translation.
    """
    files: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.po") if p.is_file())
        elif path.exists():
            found = [path]
        else:
            raise TranskitError("no such file or folder", path=path)
        for file in found:
            files.setdefault(file.resolve(), file)
    statuses, failed = [], []
    for file in files.values():
        try:
            catalog = read_catalog(file, shown=str(file))
        except TranskitError as err:
            failed.append(Problem(err.path, err.line, err.message))
            continue
        assert catalog is not None
        statuses.append(with_verdict(catalog_status(
            catalog, path=str(file), article=file.stem, language=_language_of(catalog, file),
            with_todo=True)))
    return StatusReport(statuses, failed)


def _language_of(catalog: polib.POFile, file: Path) -> str:
    """The catalog's Language header; else a language code in its name (po/de.po) or its
    folder's name (locales/de/article.po); else "?"."""
    declared = catalog.metadata.get("Language", "").strip()
    if declared:
        return declared
    for name in (file.stem, file.parent.name):
        if language_name(name) is not None:
            return name
    return "?"
