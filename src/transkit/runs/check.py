"""`transkit check`: the CI gates — completeness, freshness, validity, quality.

Where `status` meets a catalog it cannot read, that is bad input (exit 2); where `check` meets
one, it is a finding of the validity gate, and the other catalogs are still checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..core.checks import REGISTRY, header_findings, quality_findings
from ..core.counts import catalog_status, missing_status
from ..core.model import CatalogStatus, CheckReport, Document, Finding, Glossary, Level
from ..errors import CatalogError
from ..store.files import Article, find_articles, orphan_catalogs, read_catalog_file
from ..store.glossary import read_glossary
from .engine import Done, run_tasks
from .sync import load_article, plan_catalog


@dataclass(frozen=True)
class CatalogCheck:
    """What `check` learns from one catalog and its article: its counts (None when it cannot be
    read) and its findings, freshness included."""

    status: CatalogStatus | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ArticleJob:
    article: Article
    langs: tuple[str, ...]


@dataclass(frozen=True)
class CheckTask:
    """Every catalog of one article: each is read once, for its counts, its quality and the
    freshness gate (would a sync change it?)."""

    config: Config
    glossary: Glossary | None = None
    name: str = "check"
    record_type: Any = tuple[CatalogCheck, ...]

    def key(self, job: ArticleJob) -> str:
        return f"{job.article.slug}|{','.join(job.langs)}"

    def inputs(self, job: ArticleJob) -> list[Path]:
        inputs = [job.article.path,
                  *(self.config.catalog_path(lang, job.article.slug) for lang in job.langs)]
        if self.glossary is not None and self.config.glossary is not None:
            inputs.append(self.config.glossary)  # its terms are checked in every catalog
        return inputs

    def run(self, job: ArticleJob) -> Done[tuple[CatalogCheck, ...]]:
        document = load_article(self.config, job.article)
        return Done(tuple(self._catalog(job.article, document, lang) for lang in job.langs))

    def _catalog(self, article: Article, document: Document, lang: str) -> CatalogCheck:
        path = self.config.catalog_path(lang, article.slug)
        shown = self.config.relative(path)
        slug = article.slug
        try:
            read = read_catalog_file(path, shown=shown)
        except CatalogError as err:
            invalid = Finding(shown, err.line, slug, lang, "validity", Level.ERROR,
                              err.message, "fix the catalog; it was not checked further")
            return CatalogCheck(None, (invalid,))
        if read is None:
            absent = Finding(shown, None, slug, lang, "freshness", Level.ERROR,
                             "the catalog does not exist", "run 'transkit sync'")
            status = missing_status([s.text for s in document.segments], path=shown,
                                    article=slug, language=lang)
            return CatalogCheck(status, (absent,))
        catalog = read[0]
        status = catalog_status(catalog, path=shown, article=slug, language=lang)
        findings = quality_findings(catalog, path=shown, article=slug, lang=lang,
                                    glossary=self.glossary)
        findings += header_findings(catalog, path=shown, article=slug, lang=lang)
        item, _ = plan_catalog(self.config, article, document, lang, read)
        if item.changed:
            findings.append(Finding(
                shown, None, slug, lang, "freshness", Level.ERROR,
                "the catalog is out of step with its source; a sync would change it "
                f"({item.stats.describe()})", "run 'transkit sync' and commit the catalogs",
            ))
        return CatalogCheck(status, tuple(findings))


def completeness(status: CatalogStatus, threshold: float) -> list[Finding]:
    """The completeness gate of one catalog."""
    if status.missing or status.percent + 1e-9 >= threshold:
        return []
    return [Finding(
        status.path, None, status.article, status.language, "completeness", Level.ERROR,
        f"{status.percent:.1f}% translated ({status.translated} of {status.total}; "
        f"{status.fuzzy} fuzzy, {status.untranslated} untranslated), below the "
        f"{threshold:g}% required",
        f"translate the open entries ('transkit todo {status.language} {status.article}')",
    )]


def check_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    min_translated: float | None = None,
) -> CheckReport:
    """Run every gate over the chosen articles and languages.

    What `check` found for an article whose source and catalogs are unchanged since an earlier
    run comes from the cache.
    """
    articles = find_articles(config, list(names or []))
    jobs = [ArticleJob(article, tuple(langs)) for article in articles]
    findings: list[Finding] = []
    statuses: list[CatalogStatus] = []
    task = CheckTask(config, read_glossary(config))
    for checked in run_tasks(config, task, jobs, write=False).values():
        for result in checked:
            findings.extend(result.findings)
            if result.status is None:
                continue
            statuses.append(result.status)
            threshold = (min_translated if min_translated is not None
                         else config.threshold(result.status.language))
            findings.extend(completeness(result.status, threshold))
    if not names:
        findings.extend(orphan_findings(config, langs, {a.slug for a in articles}))
    order = {id_: i for i, id_ in enumerate(["validity", "freshness", "completeness",
                                              *REGISTRY])}
    findings.sort(key=lambda f: (f.path, f.line or 0, order.get(f.check, 99)))
    return CheckReport(tuple(findings), tuple(statuses), len(articles) * len(langs))


def orphan_findings(config: Config, langs: Sequence[str], slugs: set[str]) -> list[Finding]:
    """A warning for each catalog whose English article is gone: no sync or build uses it."""
    return [
        Finding(
            config.relative(path), None, path.stem, path.parent.name, "orphan", Level.WARNING,
            f"no source article '{path.stem}' in {config.relative(config.sources)}",
            "rename the catalog after a renamed article and run 'transkit sync', or "
            "delete it if the article was withdrawn: its translations exist only here",
        )
        for path in orphan_catalogs(config, langs, slugs)
    ]
