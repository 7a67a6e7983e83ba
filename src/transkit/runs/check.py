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
from ..core.checks import REGISTRY, footnote_findings, header_findings, quality_findings
from ..core.counts import catalog_status, with_verdict
from ..core.model import CatalogStatus, CheckReport, Edition, Finding, Gate, Level, Problem
from ..errors import CatalogError
from ..store.files import orphan_catalogs, read_catalog
from .engine import Done, Failed, run_tasks
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
    threshold: float | None = None  # --min-translated: the verdict's share of words, this run
    name: str = "check"
    record_type: Any = CatalogCheck

    def key(self, job: CatalogJob) -> str:
        return f"{job.lang}/{job.article.slug}|{self.threshold}"

    def inputs(self, job: CatalogJob) -> list[Path]:
        return job_inputs(self.config, job)

    def run(self, job: CatalogJob) -> Done[CatalogCheck]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        slug = job.article.slug
        policy = self.config.policy(job.lang, threshold=self.threshold)
        if not job.exists:
            absent = Finding(shown, None, slug, job.lang, "freshness", Level.ERROR,
                             "the catalog does not exist", "run 'transkit sync'")
            return Done(CatalogCheck(missing(self.config, job, policy), (absent,)),
                        remember=False)
        try:
            catalog = read_catalog(path, shown=shown)
        except CatalogError as err:
            return Done(CatalogCheck(None, (unreadable(Problem(shown, err.line, err.message),
                                                       slug, job.lang),)), remember=False)
        assert catalog is not None
        # the text again, for the lines findings point at (the reader gives an entry's first)
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        status = with_verdict(catalog_status(catalog, path=shown, article=slug,
                                             language=job.lang), policy)
        findings = quality_findings(catalog, path=shown, article=slug, lang=job.lang,
                                    lines=lines)
        findings += header_findings(catalog, path=shown, article=slug, lang=job.lang,
                                    lines=lines)
        findings += footnote_findings(catalog, article=slug)
        return Done(CatalogCheck(status, tuple(findings)))


def unreadable(problem: Problem, article: str, lang: str) -> Finding:
    """A file that cannot be read, as a finding of the validity gate."""
    return Finding(problem.path or "", problem.line, article, lang, "validity", Level.ERROR,
                   problem.message, "fix the file; what depends on it was not checked")


def completeness(status: CatalogStatus, entries: float) -> list[Finding]:
    """The completeness gate of one catalog: its edition is final (the verdict), and, where
    the project asks for it, enough of its entries are translated."""
    if status.missing:
        return []  # the freshness gate says so
    out = []
    if status.edition is not Edition.FINAL:
        out.append(Finding(
            status.path, None, status.article, status.language, "completeness", Level.ERROR,
            f"the edition would be {status.edition.value}, not final: "
            + ", ".join(status.reasons),
            f"translate the open entries ('transkit todo {status.language} {status.article}')",
        ))
    if status.percent + 1e-9 < entries:
        out.append(Finding(
            status.path, None, status.article, status.language, "completeness", Level.ERROR,
            f"{status.percent:.1f}% of the entries translated ({status.translated} of "
            f"{status.total}; {status.fuzzy} fuzzy, {status.untranslated} untranslated), below "
            f"the {entries:g}% required",
            f"translate the open entries ('transkit todo {status.language} {status.article}')",
        ))
    return out


def check_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    min_translated: float | None = None,
    gate: Gate = Gate.PUBLISH,
) -> CheckReport:
    """Run the gates of `gate` over the chosen articles and languages.

    The counts and quality findings of a catalog unchanged since an earlier run come from the
    cache; freshness comes from `sync_project` in dry-run mode, which has its own. A file that
    cannot be read is a finding of the validity gate; everything else is checked all the same.
    """
    jobs = catalog_jobs(config, langs, names)
    findings: list[Finding] = []
    statuses: list[CatalogStatus] = []
    broken: set[tuple[str, str]] = set()
    ran = run_tasks(config, CheckTask(config, min_translated), jobs, write=False, isolate=True)
    for job, result in zip(jobs, ran.results, strict=True):
        if isinstance(result, Failed):  # the article's source, read for a missing catalog:
            # one finding for all languages
            findings.append(unreadable(result.problem(), job.article.slug, ""))
            broken.add((job.article.slug, job.lang))
            continue
        findings.extend(result.findings)
        if result.status is None or result.status.missing:
            broken.add((job.article.slug, job.lang))
        if result.status is None:
            continue
        statuses.append(result.status)
        if gate is Gate.PUBLISH:
            entries = min_translated if min_translated is not None else config.threshold(job.lang)
            findings.extend(completeness(result.status, entries))
    articles = list(dict.fromkeys(job.article.slug for job in jobs))
    report = sync_project(config, langs, articles, dry_run=True, skip=broken)
    findings.extend(unreadable(p, "", "") for p in report.failed)
    for item in report.stale:
        findings.append(
            Finding(item.path, None, item.slug, item.lang, "freshness", Level.ERROR,
                    f"the catalog is out of step with its source; a sync would change its "
                    f"units ({item.stats.describe()})",
                    "run 'transkit sync' and commit the catalogs")
        )
    if not names:
        findings.extend(orphan_findings(config, langs, set(articles)))
    order = {id_: i for i, id_ in enumerate(["validity", "freshness", "completeness",
                                              *REGISTRY])}
    unique = list(dict.fromkeys(findings))  # a source's finding comes once, not per language
    unique.sort(key=lambda f: (f.path, f.line or 0, order.get(f.check, 99)))
    return CheckReport(tuple(unique), tuple(statuses), len(jobs))


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
