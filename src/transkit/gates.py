"""Project-wide status and the CI gates of `check`: completeness, freshness, validity, quality.

Reading happens here (through `store`); counting is `status`, judging pairs is `checks`.
Where `status` meets a catalog it cannot read, that is bad input (exit 2); where `check` meets one,
it is a finding of the validity gate, and the other catalogs are still checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import polib

from .cache import Cache, Fingerprint, fingerprint
from .checks import REGISTRY, CheckOptions, ignored, run_checks
from .config import Config, language_name, plural_forms
from .errors import CatalogError, TranskitError
from .model import Document, Finding, Level
from .parallel import parallel_iter, parallel_map
from .project import load_articles, sync_project
from .status import CatalogStatus, catalog_status, missing_status, scanned_status
from .store import (
    Article,
    find_articles,
    load_document,
    orphan_catalogs,
    read_catalog,
    scan_catalog,
)

T = TypeVar("T")


class Progress(Protocol):
    """Wraps an iteration to show its progress (the CLI's bar); returns the same items."""

    def __call__(self, items: Iterable[T], total: int) -> Iterable[T]: ...


def project_statuses(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    with_todo: bool = False,
) -> list[CatalogStatus]:
    """The status of every article × language of the project (missing catalogs included).

    Counts of a catalog unchanged since an earlier run come from the cache; `with_todo` (the
    lists of open entries) always reads the catalogs.
    """
    cache = Cache(config, "status")
    articles = find_articles(config, list(names or []))
    plan = [
        (article, lang, config.relative(config.catalog_path(lang, article.slug)),
         {"catalog": fingerprint(config.catalog_path(lang, article.slug))})
        for article in articles
        for lang in langs
    ]
    known: dict[str, CatalogStatus] = {}
    todo: list[tuple[Config, Article, str, str, bool]] = []
    for article, lang, shown, files in plan:
        if files["catalog"] is None:
            continue
        record = None if with_todo else cache.get(shown, files)
        if record is not None:
            known[shown] = CatalogStatus(**record)
        else:
            todo.append((config, article, lang, shown, with_todo))
    counted = parallel_iter(_status_job, todo)
    for status in progress(counted, len(todo)) if progress else counted:
        known[status.path] = status
    statuses = []
    documents: dict[str, Document] = {}
    counted_now = {job[3] for job in todo}
    for article, lang, shown, files in plan:
        if files["catalog"] is None:
            missing = _missing(config, article, lang, shown, documents)
            if missing is not None:
                statuses.append(missing)
            continue
        status = known[shown]
        if shown in counted_now:
            cache.put(shown, files, _record(status))
        statuses.append(status)
    cache.save()
    return statuses


def _status_job(job: tuple[Config, Article, str, str, bool]) -> CatalogStatus:
    """Count one catalog (a unit of work for `parallel_map`)."""
    config, article, lang, shown, with_todo = job
    return read_status(config.catalog_path(lang, article.slug), shown=shown,
                       article=article.slug, language=lang, with_todo=with_todo)


def _missing(config: Config, article: Article, lang: str, shown: str,
             documents: dict[str, Document]) -> CatalogStatus | None:
    """The status of a catalog not written yet, None when the article has nothing to translate
    (it wants no catalog); `documents` keeps each article read once for all its languages."""
    if article.slug not in documents:
        documents[article.slug] = load_document(
            article.path, shown=config.relative(article.path),
            front_matter_keys=config.front_matter_keys,
            shortcode_parameters=config.shortcode_parameters,
        )
    segments = documents[article.slug].segments
    if not segments:
        return None
    return missing_status([s.text for s in segments], path=shown,
                          article=article.slug, language=lang)


def _record(status: CatalogStatus) -> dict[str, object]:
    record = asdict(status)
    del record["todo"]
    return record


def path_statuses(paths: Sequence[Path]) -> list[CatalogStatus]:
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
    statuses = []
    for file in files.values():
        catalog = read_catalog(file, shown=str(file))
        assert catalog is not None
        statuses.append(catalog_status(catalog, path=str(file), article=file.stem,
                                       language=_language_of(catalog, file)))
    return statuses


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


def read_status(
    path: Path, *, shown: str, article: str, language: str, with_todo: bool = False
) -> CatalogStatus:
    """Count one catalog: the fast scan where it applies, the strict parser otherwise."""
    entries = None if with_todo else scan_catalog(path, shown=shown)
    if entries is not None:
        return scanned_status(entries, path=shown, article=article, language=language)
    catalog = read_catalog(path, shown=shown)
    assert catalog is not None
    return catalog_status(catalog, path=shown, article=article, language=language,
                          with_todo=with_todo)


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    statuses: tuple[CatalogStatus, ...]
    catalogs: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def exit_code(self) -> int:
        """0 all gates pass, 1 a gate failed, 2 a catalog could not be read at all."""
        if any(f.check == "validity" for f in self.findings):
            return 2
        return 1 if self.errors else 0


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
    cache = Cache(config, "check")
    articles = find_articles(config, list(names or []))
    findings: list[Finding] = []
    statuses: list[CatalogStatus] = []
    broken: set[tuple[str, str]] = set()
    plan: list[tuple[Article, str, str, dict[str, Fingerprint]]] = []
    for article in articles:
        for lang in langs:
            path = config.catalog_path(lang, article.slug)
            plan.append((article, lang, config.relative(path), {"catalog": fingerprint(path)}))
    fingerprints = {shown: files for _, _, shown, files in plan}
    records: dict[str, dict[str, Any] | None] = {
        shown: cache.get(shown, files) for _, _, shown, files in plan if files["catalog"]
    }
    todo = [(config, article, lang, shown) for article, lang, shown, files in plan
            if files["catalog"] is not None and records[shown] is None]
    for (_, article, lang, shown), outcome in zip(
        todo, parallel_map(_check_catalog, todo), strict=True
    ):
        if isinstance(outcome, Finding):
            broken.add((article.slug, lang))
            findings.append(outcome)
        else:
            records[shown] = outcome
            cache.put(shown, fingerprints[shown], outcome)
    unwanted = 0
    documents: dict[str, Document] = {}
    for article, lang, shown, files in plan:
        if files["catalog"] is None:
            missing = _missing(config, article, lang, shown, documents)
            if missing is None:
                unwanted += 1  # nothing to translate, so no catalog is wanted
                continue
            broken.add((article.slug, lang))
            findings.append(
                Finding(shown, None, article.slug, lang, "freshness", Level.ERROR,
                        "the catalog does not exist", "run 'transkit sync'")
            )
            statuses.append(missing)
            continue
        record = records.get(shown)
        if record is None:
            continue  # unreadable: its validity finding is already there
        status = CatalogStatus(**record["status"])
        statuses.append(status)
        threshold = min_translated if min_translated is not None else config.threshold(lang)
        if status.percent + 1e-9 < threshold:
            findings.append(
                Finding(shown, None, article.slug, lang, "completeness", Level.ERROR,
                        f"{status.percent:.1f}% translated ({status.translated} of "
                        f"{status.total}; {status.fuzzy} fuzzy, {status.untranslated} "
                        f"untranslated), below the {threshold:g}% required",
                        f"translate the open entries ('transkit todo {lang} {article.slug}')")
            )
        findings.extend(
            Finding(**{**f, "level": Level(f["level"])}) for f in record["findings"]
        )
    cache.save()
    # freshness: would a sync change a catalog?
    report = sync_project(config, langs, [a.slug for a in articles], dry_run=True, skip=broken)
    for item in report.changed:
        findings.append(
            Finding(item.path, None, item.slug, item.lang, "freshness", Level.ERROR,
                    f"the catalog is out of step with its source; a sync would change it "
                    f"({item.stats.describe()})",
                    "run 'transkit sync' and commit the catalogs")
        )
    if not names:
        findings.extend(orphan_findings(config, langs, {a.slug for a in articles}))
    order = {id_: i for i, id_ in enumerate(["validity", "freshness", "completeness",
                                              *REGISTRY])}
    findings.sort(key=lambda f: (f.path, f.line or 0, order.get(f.check, 99)))
    return CheckReport(tuple(findings), tuple(statuses), len(articles) * len(langs) - unwanted)


def orphan_findings(config: Config, langs: Sequence[str], slugs: set[str]) -> list[Finding]:
    """A warning for each catalog whose English article is gone: no sync or build uses it."""
    return [
        Finding(
            config.relative(orphan.path), None, orphan.article, orphan.lang, "orphan",
            Level.WARNING,
            f"no source article '{orphan.article}' in {config.relative(config.sources)}",
            "rename the catalog after a renamed article and run 'transkit sync', or "
            "delete it if the article was withdrawn: its translations exist only here",
        )
        for orphan in orphan_catalogs(config, langs, slugs)
    ]


def _check_catalog(job: tuple[Config, Article, str, str]) -> Finding | dict[str, Any]:
    """Read and judge one catalog (a unit of work for `parallel_map`): its cache record, or
    the validity finding when it cannot be read."""
    config, article, lang, shown = job
    try:
        catalog = read_catalog(config.catalog_path(lang, article.slug), shown=shown)
    except CatalogError as err:
        return Finding(shown, err.line, article.slug, lang, "validity", Level.ERROR,
                       err.message, "fix the catalog; it was not checked further")
    assert catalog is not None
    status = catalog_status(catalog, path=shown, article=article.slug, language=lang,
                            with_todo=False)
    quality = quality_findings(catalog, path=shown, article=article.slug, lang=lang,
                               options=CheckOptions(config.shortcode_parameters))
    quality += header_findings(catalog, path=shown, article=article.slug, lang=lang)
    return {"status": _record(status), "findings": [asdict(f) for f in quality]}


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def header_findings(
    catalog: polib.POFile, *, path: str, article: str, lang: str
) -> list[Finding]:
    """The header's Language and Plural-Forms against the catalog's language: editors and
    msgfmt go by the header (spell checking, plural forms), not by the folder."""
    out = []
    declared = catalog.metadata.get("Language", "").strip()
    if declared and declared.replace("-", "_").split("_")[0].lower() != lang.split("_")[0]:
        out.append(Finding(path, 1, article, lang, "header", Level.WARNING,
                           f"the header says Language: {declared}, but this is the {lang} "
                           "catalog", f"set 'Language: {lang}' in the header"))
    plurals = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    expected = _NPLURALS.search(plural_forms(lang))
    if plurals and expected and plurals.group(1) != expected.group(1):
        out.append(Finding(path, 1, article, lang, "header", Level.WARNING,
                           f"the header's Plural-Forms has nplurals={plurals.group(1)}; {lang} "
                           f"has {expected.group(1)}",
                           f"set 'Plural-Forms: {plural_forms(lang)}' in the header"))
    return out


def quality_findings(
    catalog: polib.POFile, *, path: str, article: str, lang: str,
    options: CheckOptions = CheckOptions(),  # noqa: B008 - a frozen value
) -> list[Finding]:
    """Findings of the registered checks on the translated (non-fuzzy) entries of a catalog."""
    out = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or not entry.msgstr or "fuzzy" in entry.flags:
            continue
        skip = ignored(entry.flags, entry.tcomment or "")
        for item, message in run_checks(entry.msgid, entry.msgstr, lang, skip=skip,
                                        options=options):
            out.append(
                Finding(path, entry.linenum, article, lang, item.id, item.severity, message,
                        f"{item.hint}; or silence it on this entry with the translator "
                        f"comment '# transkit-ignore-{item.id}'")
            )
    return out


def drift_diffs(
    config: Config, lang: str, names: Sequence[str] | None = None
) -> dict[str, str]:
    """English -> word diff for every drifted entry of one language's catalogs."""
    from .drift import classify

    out: dict[str, str] = {}
    for article, _ in load_articles(config, names):
        path = config.catalog_path(lang, article.slug)
        catalog = read_catalog(path, shown=config.relative(path))
        for entry in catalog or []:
            if not entry.obsolete and "fuzzy" in entry.flags and entry.previous_msgid is not None:
                out[entry.msgid] = classify(entry.previous_msgid, entry.msgid).diff
    return out
