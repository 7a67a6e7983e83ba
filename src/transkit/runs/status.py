"""`transkit status`: where every edition stands, for a project or for any catalogs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..config import Config
from ..core.languages import language_name
from ..core.report.counts import catalog_status, with_verdict
from ..core.report.model import CatalogStatus
from ..core.terms.model import Glossary
from ..core.values import Problem
from ..errors import TranskitError
from ..store.cache import CACHE_DIR, Cache, fingerprint
from ..store.files import Article, read_catalog, scan_articles
from .check import CatalogCheck, CheckTask, EditionJob, readable_glossary
from .engine import UNKEYED, Done, Failed, remembered, run_tasks

if TYPE_CHECKING:  # a repeated status reads records: the checks, git's history and polib are
    # imported where a catalog must be read again, or the page's trend is made (start-up
    # is most of a repeated status's time)
    import polib

    from ..core.report.history import Trend
    from .changed import Chosen


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


@dataclass(frozen=True)
class EditionRecord:
    """What status remembers of one catalog: its counts (None when it cannot be read, or there
    is none and its article cannot be read), what keeps its edition from being final among
    check's findings, and the files that could not be read."""

    status: CatalogStatus | None
    failing: tuple[str, ...] = ()
    failed: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class StatusTask:
    """One catalog's counts and the errors its verdict reads. The errors are check's: taken
    from check's records (`.transkit-cache/check.jsonl`) when they are still true, else found
    as check finds them; status remembers only the small result, so a repeated status reads
    little."""

    doing: ClassVar[str] = "reading catalogs"  # its progress on a terminal

    config: Config
    glossary: Glossary | None = None
    with_todo: bool = False
    name: ClassVar[str] = "status"
    record_type: ClassVar[Any] = EditionRecord | None
    # check's task, made where it is first needed (a memo, not part of the task)
    _opened: dict[str, CheckTask] = field(default_factory=dict, compare=False, repr=False,
                                          metadata=UNKEYED)

    def inputs(self, job: EditionJob) -> list[Path]:
        return self._check.inputs(job)

    @property
    def _check(self) -> CheckTask:
        if "task" not in self._opened:
            self._opened["task"] = CheckTask(self.config, self.glossary)
        return self._opened["task"]

    def run(self, job: EditionJob) -> Done[EditionRecord | None]:
        from ..core.checks.run import failing

        checked = self._checked(job)
        if checked is None:
            return Done(None)  # nothing to translate: no catalog is wanted
        status = checked.status
        if status is None:
            failed = (checked.source,) if checked.source is not None else tuple(
                Problem(f.path, f.line, f.message) for f in checked.findings)
            return Done(EditionRecord(None, failed=failed))
        if self.with_todo and not status.missing:
            path = self.config.catalog_path(job.lang, job.article.slug)
            catalog = read_catalog(path, shown=status.path)
            if catalog is not None:
                status = catalog_status(catalog, path=status.path, article=status.article,
                                        language=status.language, with_todo=True)
        return Done(EditionRecord(status, () if status.missing else failing(checked.findings)))

    def _checked(self, job: EditionJob) -> CatalogCheck | None:
        """check's record of the job: remembered, or made now."""
        task = self._check
        known = remembered(self.config, _records(self.config, task.name), task, job)
        return known if known is not None else task.verdict(job)


# Another command's records, opened once per process and run: a worker is handed the task
# anew with each chunk of jobs, and check's records of a big project are megabytes to index.
# Keyed by the file as it is (a check that rewrote it made a new file) and the configuration.
_OPENED: dict[tuple[Path, tuple[int, ...], tuple[int, ...]], Cache] = {}


def _records(config: Config, name: str) -> Cache:
    path = config.root / CACHE_DIR / f"{name}.jsonl"
    settings = fingerprint(config.config_file) if config.config_file is not None else None
    key = (path, tuple(fingerprint(path) or ()), tuple(settings or ()))
    if key not in _OPENED:
        _forget_records()
        _OPENED[key] = Cache(config, name)
    return _OPENED[key]


def _forget_records() -> None:
    for cache in _OPENED.values():
        cache.close()
    _OPENED.clear()


def recorded_verdicts(config: Config) -> Callable[[EditionJob], EditionRecord | None]:
    """What `transkit.sum` records of a job's catalog (`store.sums`): its counts and the errors
    that keep its edition from being final, if a line says a sync made the catalog's bytes
    from its article's bytes as they are, with this transkit and configuration; None: read and
    check it. The same bytes, code and configuration make the same verdict, so a fresh clone
    reads what a sync found instead of checking every catalog again (`check` checks, and
    reports a line whose verdict is not what it finds)."""
    from ..store.sums import Sums, read_verdict

    sums = Sums(config)

    def recorded(job: EditionJob) -> EditionRecord | None:
        path = config.catalog_path(job.lang, job.article.slug)
        shown = config.relative(path)
        line = sums.line_of(shown, path, config.relative(job.article.path), job.article.path)
        found = None if line is None else read_verdict(
            line.verdict, path=shown, article=job.article.slug, language=job.lang)
        return None if found is None else EditionRecord(*found)

    return recorded


@dataclass(frozen=True)
class StatusReport:
    """The status of every catalog that could be read, and the files that could not; for the
    HTML page, the trend of the history (None: no history read yet)."""

    statuses: list[CatalogStatus]
    failed: list[Problem]
    trend: Trend | None = None


def edition_records(config: Config, langs: Sequence[str], articles: Sequence[Article], *,
                    with_todo: bool = False
                    ) -> tuple[list[EditionJob], list[EditionRecord | None | Failed]]:
    """`StatusTask` over every article × language: each catalog's counts and the errors its
    verdict reads (from the cache where nothing changed)."""
    jobs = [EditionJob(article, lang) for article in articles for lang in langs]
    task = StatusTask(config, readable_glossary(config), with_todo)
    try:
        ran = run_tasks(config, task, jobs, use_cache=not with_todo, write=False, isolate=True,
                        settled=None if with_todo else recorded_verdicts(config))
    finally:
        _forget_records()  # a record is read once per run (workers end with the run)
    return jobs, ran.results


def project_statuses(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    with_todo: bool = False,
    changed: Chosen | None = None,
) -> StatusReport:
    """The status of every article × language of the project (missing catalogs included).

    The verdict on each edition reads what `check` finds in its catalog (see `StatusTask`).
    `with_todo` (the lists of open entries) reads every catalog; otherwise what status found in
    a catalog unchanged since an earlier run comes from the cache. A catalog (or source) that
    cannot be read is among the failures; the others are reported all the same. `changed`
    (`--changed-since`): only the articles it chose.
    """
    sources = scan_articles(config, names) if changed is None else changed.sources
    jobs, results = edition_records(config, langs, sources.articles, with_todo=with_todo)
    statuses: list[CatalogStatus] = []
    failed: list[Problem] = list(sources.problems)
    for job, record in zip(jobs, results, strict=True):
        if isinstance(record, Failed):
            failed.append(record.problem())
        elif record is not None:
            failed.extend(record.failed)
            if record.status is not None:
                statuses.append(with_verdict(record.status, config.policy(job.lang),
                                             record.failing))
    return StatusReport(statuses, list(dict.fromkeys(failed)))


def status_page(config: Config, langs: Sequence[str], names: Sequence[str] | None = None, *,
                changed: Chosen | None = None, output: Path | None = None) -> StatusReport:
    """What `status --format html` shows: every edition with its open entries, and the trend of
    the history (linked to a `history.html` beside `output`)."""
    from .history import status_trend

    report = project_statuses(config, langs, names, with_todo=True, changed=changed)
    return replace(report, trend=status_trend(config, langs, output))


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
