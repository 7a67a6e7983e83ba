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
from ..core.counts import catalog_status
from ..core.model import CatalogStatus, CheckReport, Finding, Glossary, Level
from ..errors import CatalogError
from ..store.files import orphan_catalogs, read_catalog
from ..store.glossary import read_glossary
from .engine import Done, run_tasks
from .status import CatalogJob, catalog_jobs, job_inputs, missing
from .sync import sync_project


@dataclass(frozen=True)
class CatalogCheck:
    """What `check` learns from one catalog alone: its counts (None when it cannot be read)
    and its findings."""

    status: CatalogStatus | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class CheckTask:
    config: Config
    glossary: Glossary | None = None
    name: str = "check"
    record_type: Any = CatalogCheck

    def key(self, job: CatalogJob) -> str:
        return f"{job.lang}/{job.article.slug}"

    def inputs(self, job: CatalogJob) -> list[Path]:
        inputs = job_inputs(self.config, job)
        if self.glossary is not None and self.config.glossary is not None:
            inputs.append(self.config.glossary)  # its terms are checked in every catalog
        return inputs

    def run(self, job: CatalogJob) -> Done[CatalogCheck]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        slug = job.article.slug
        if not job.exists:
            absent = Finding(shown, None, slug, job.lang, "freshness", Level.ERROR,
                             "the catalog does not exist", "run 'transkit sync'")
            return Done(CatalogCheck(missing(self.config, job), (absent,)), remember=False)
        try:
            catalog = read_catalog(path, shown=shown)
        except CatalogError as err:
            invalid = Finding(shown, err.line, slug, job.lang, "validity", Level.ERROR,
                              err.message, "fix the catalog; it was not checked further")
            return Done(CatalogCheck(None, (invalid,)), remember=False)
        assert catalog is not None
        status = catalog_status(catalog, path=shown, article=slug, language=job.lang)
        findings = quality_findings(catalog, path=shown, article=slug, lang=job.lang,
                                    glossary=self.glossary)
        findings += header_findings(catalog, path=shown, article=slug, lang=job.lang)
        return Done(CatalogCheck(status, tuple(findings)))


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

    The counts and quality findings of a catalog unchanged since an earlier run come from the
    cache; freshness comes from `sync_project` in dry-run mode, which has its own.
    """
    jobs = catalog_jobs(config, langs, names)
    task = CheckTask(config, read_glossary(config))
    findings: list[Finding] = []
    statuses: list[CatalogStatus] = []
    broken: set[tuple[str, str]] = set()
    for job, result in zip(jobs, run_tasks(config, task, jobs, write=False).values(),
                           strict=True):
        findings.extend(result.findings)
        if result.status is None or result.status.missing:
            broken.add((job.article.slug, job.lang))
        if result.status is None:
            continue
        statuses.append(result.status)
        threshold = min_translated if min_translated is not None else config.threshold(job.lang)
        findings.extend(completeness(result.status, threshold))
    articles = list(dict.fromkeys(job.article.slug for job in jobs))
    report = sync_project(config, langs, articles, dry_run=True, skip=broken)
    for item in report.changed:
        findings.append(
            Finding(item.path, None, item.slug, item.lang, "freshness", Level.ERROR,
                    f"the catalog is out of step with its source; a sync would change it "
                    f"({item.stats.describe()})",
                    "run 'transkit sync' and commit the catalogs")
        )
    if not names:
        findings.extend(orphan_findings(config, langs, set(articles)))
    order = {id_: i for i, id_ in enumerate(["validity", "freshness", "completeness",
                                              *REGISTRY])}
    findings.sort(key=lambda f: (f.path, f.line or 0, order.get(f.check, 99)))
    return CheckReport(tuple(findings), tuple(statuses), len(jobs))


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
