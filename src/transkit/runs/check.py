"""`transkit check`: the CI gates — validity, freshness, quality and completeness.

A catalog (or source) that cannot be read is a finding of the validity gate (exit 2), and the
other catalogs are still checked. `Gate.COMMIT` leaves completeness out: what every commit and
pull request must keep; completeness (every edition final) belongs to the publish job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..core.checks.model import (
    CatalogSubject,
    CheckReport,
    EditionSubject,
    Finding,
    Gate,
    Orphaned,
    ProjectSubject,
    Unreadable,
)
from ..core.checks.registry import CheckOptions
from ..core.checks.run import (
    catalog_findings,
    edition_findings,
    file_findings,
    in_gate,
    project_findings,
)
from ..core.report.counts import catalog_status, missing_status, with_verdict
from ..core.report.model import CatalogStatus
from ..core.report.verdict import Policy
from ..core.source.model import Document
from ..core.sync.memory import disagreeing, unit_keys
from ..core.sync.model import TranslatedUnit
from ..core.terms.model import Glossary
from ..core.values import Problem
from ..errors import CatalogError
from ..store.files import Article, orphan_catalogs, read_catalog_file, scan_articles
from ..store.glossary import read_glossary
from .engine import Done, Failed, run_tasks
from .memory import archive_disagreements
from .sync import load_article, synced


@dataclass(frozen=True)
class CatalogCheck:
    """What `check` learns from one catalog and its article: its counts (None when it cannot be
    read) and its findings, freshness included."""

    status: CatalogStatus | None
    findings: tuple[Finding, ...]
    # what the consistency check compares across the archive (core.memory.unit_keys)
    units: str = ""


@dataclass(frozen=True)
class ArticleJob:
    article: Article
    langs: tuple[str, ...]


@dataclass(frozen=True)
class CheckTask:
    """Every catalog of one article: each is read once, for its counts, its verdict, its
    quality and the freshness gate (would a sync change its units?)."""

    config: Config
    glossary: Glossary | None = None
    threshold: float | None = None  # --min-translated: the verdict's share of words, this run
    name: str = "check"
    record_type: Any = tuple[CatalogCheck, ...]

    def key(self, job: ArticleJob) -> str:
        return f"{job.article.slug}|{','.join(job.langs)}|{self.threshold}"

    def inputs(self, job: ArticleJob) -> list[Path]:
        inputs = [job.article.path,
                  *(self.config.catalog_path(lang, job.article.slug) for lang in job.langs)]
        if self.glossary is not None and self.config.glossary is not None:
            inputs.append(self.config.glossary)  # its terms are checked in every catalog
        return inputs

    def run(self, job: ArticleJob) -> Done[tuple[CatalogCheck, ...]]:
        document = load_article(self.config, job.article)
        checked = (self._catalog(job.article, document, lang) for lang in job.langs)
        return Done(tuple(c for c in checked if c is not None))

    def _catalog(self, article: Article, document: Document, lang: str
                 ) -> CatalogCheck | None:
        path = self.config.catalog_path(lang, article.slug)
        shown = self.config.relative(path)
        slug = article.slug
        policy: Policy = self.config.policy(lang, threshold=self.threshold)
        try:
            read = read_catalog_file(path, shown=shown)
        except CatalogError as err:
            return CatalogCheck(None, tuple(unreadable(Problem(shown, err.line, err.message),
                                                       slug, lang)))
        if read is None:
            if not document.segments:
                return None  # nothing to translate: no catalog is wanted
            status = with_verdict(missing_status([s.text for s in document.segments],
                                                 path=shown, article=slug, language=lang),
                                  policy)
            absent = CatalogSubject(shown, slug, lang, None, document=document)
            return CatalogCheck(status, tuple(catalog_findings(absent)))
        catalog, data = read
        # the text, for the lines findings point at (the reader gives an entry's first line)
        lines = data.decode("utf-8", errors="replace").split("\n")
        status = with_verdict(catalog_status(catalog, path=shown, article=slug, language=lang),
                              policy)
        subject = CatalogSubject(
            shown, slug, lang, catalog, lines, document,
            resync=lambda: synced(self.config, article, document, lang, catalog).stats,
            glossary=self.glossary, options=CheckOptions(self.config.shortcode_parameters))
        return CatalogCheck(status, tuple(catalog_findings(subject)), unit_keys(catalog))


def unreadable(problem: Problem, article: str, lang: str) -> list[Finding]:
    """A file that cannot be read, as findings of the validity gate."""
    return file_findings(Unreadable(problem, article, lang))


def check_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    min_translated: float | None = None,
    gate: Gate = Gate.PUBLISH,
) -> CheckReport:
    """Run the gates of `gate` over the chosen articles and languages.

    What `check` found for an article whose source and catalogs are unchanged since an earlier
    run comes from the cache. Consistency across articles compares what each article's check
    kept of its units; a check of some articles compares them with the translation memory
    (which has its own cache) when the project keeps one. A file that cannot be read is a
    finding of the validity gate; everything else is checked all the same.
    """
    sources = scan_articles(config, names)
    articles = sources.articles
    jobs = [ArticleJob(article, tuple(langs)) for article in articles]
    findings: list[Finding] = [f for skipped in sources.skipped
                               for f in unreadable(skipped.problem, skipped.article, "")]
    statuses: list[CatalogStatus] = []
    task = CheckTask(config, read_glossary(config), min_translated)
    ran = run_tasks(config, task, jobs, write=False, isolate=True)
    catalogs = 0  # the catalogs checked: an article with nothing to translate wants none
    units: list[tuple[str, str, str, str]] = []  # (language, path, article, unit_keys)
    for job, checked in zip(jobs, ran.results, strict=True):
        if isinstance(checked, Failed):  # the article's source: one finding for all languages
            findings.extend(unreadable(checked.problem(), job.article.slug, ""))
            catalogs += len(job.langs)
            continue
        catalogs += len(checked)
        for result in checked:
            findings.extend(result.findings)
            if result.status is None:
                continue
            statuses.append(result.status)
            units.append((result.status.language, result.status.path, result.status.article,
                          result.units))
            entries = (min_translated if min_translated is not None
                       else config.threshold(result.status.language))
            findings.extend(edition_findings(EditionSubject(result.status, entries)))
    disagree: list[TranslatedUnit]
    shown: set[str] | None = None  # the catalogs whose findings of the project are reported
    if names and config.memory:  # the rest of the archive is in the memory
        shown = {s.path for s in statuses if not s.missing}
        disagree = archive_disagreements(config, langs)
    else:
        disagree = disagreeing(units)
    # the catalogs whose article is gone, when the whole project is checked
    orphans = () if names else orphaned(
        config, langs, {a.slug for a in articles} | {s.article for s in sources.skipped})
    findings.extend(f for f in project_findings(ProjectSubject(disagree, orphans))
                    if shown is None or f.path in shown)
    return CheckReport(tuple(in_gate(findings, gate)), tuple(statuses), catalogs)


def orphaned(config: Config, langs: Sequence[str], ids: set[str]) -> tuple[Orphaned, ...]:
    """The catalogs of `langs` whose English article is gone: no sync or build uses them."""
    sources = config.relative(config.sources)
    return tuple(Orphaned(config.relative(orphan.path), orphan.article, orphan.lang, sources)
                 for orphan in orphan_catalogs(config, langs, ids))
