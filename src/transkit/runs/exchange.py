"""`transkit export` and the XLIFF and TMX forms of `transkit import`: work with CAT tools.

Export writes XLIFF 1.2 per article (one job per catalog, on the engine) or one TMX per
language (the engine reads the catalogs; the memory is one file). Import reads everything it
needs and checks that the file is for this project, language and articles before it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import polib

from ..config import Config
from ..core.exchange.model import (
    ExchangeFormat,
    ExchangeImport,
    ExchangeReport,
    Exported,
    SkippedUnit,
)
from ..core.exchange.tmx import Pair, TmxUnit, memory_pairs, memory_to_tmx, read_tmx
from ..core.exchange.xliff import (
    XliffFile,
    catalog_to_xliff,
    count_states,
    exported_entries,
    merge_xliff,
    read_xliff,
)
from ..core.languages import primary_language
from ..errors import CatalogError, ExchangeError
from ..store.catalogs import catalog_text
from ..store.files import Article, find_articles, read_catalog, scan_articles
from ..store.write import read_bytes, write_atomic, write_many
from .engine import Done, Output, run_jobs, writes_project
from .project import not_among_inputs
from .status import CatalogJob, catalog_jobs


def _catalog(config: Config, lang: str, article: Article) -> polib.POFile:
    """An article's catalog; an error when there is none yet."""
    path = config.catalog_path(lang, article.slug)
    shown = config.relative(path)
    catalog = read_catalog(path, shown=shown)
    if catalog is None:
        raise CatalogError("no such catalog yet; run 'transkit sync' first", path=shown)
    return catalog


# --- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffTask:
    """One catalog as an XLIFF file in the output folder."""

    doing: ClassVar[str] = "exporting XLIFF"  # its progress on a terminal

    config: Config
    out: Path

    def inputs(self, job: CatalogJob) -> list[Path]:
        return [self.config.catalog_path(job.lang, job.article.slug)]

    def run(self, job: CatalogJob) -> Done[Exported]:
        catalog = _catalog(self.config, job.lang, job.article)
        text = catalog_to_xliff(catalog, original=self.config.relative(job.article.path),
                                source_language=self.config.source_language,
                                target_language=job.lang,
                                text_parameters=self.config.shortcode_parameters)
        path = self.out / f"{job.article.slug}.{job.lang}.xlf"
        entries = exported_entries(catalog)
        translated, fuzzy, untranslated = count_states(entries)
        value = Exported(self.config.relative(path), ExchangeFormat.XLIFF, len(entries),
                         translated, fuzzy, untranslated)
        return Done(value, (Output(path, text),))


def export_files(config: Config, lang: str, names: Sequence[str] | None, out: Path,
                 fmt: ExchangeFormat) -> list[Exported]:
    """`transkit export`: XLIFF per article or the language's TMX, into `out` (never among the
    sources or the catalogs)."""
    not_among_inputs(config, out, "--out")
    if fmt is ExchangeFormat.TMX:
        return [export_tmx(config, lang, names, out.resolve())]
    return export_xliff(config, lang, names, out.resolve())


@writes_project
def export_xliff(config: Config, lang: str, names: Sequence[str] | None,
                 out: Path) -> list[Exported]:
    """XLIFF 1.2 of each chosen article's catalog in `lang`, as `out/<slug>.<lang>.xlf`.

    It holds the project's lock; nothing is written unless every catalog is read.
    """
    jobs = catalog_jobs(config, [lang], find_articles(config, list(names or [])))
    return run_jobs(config, XliffTask(config, out), jobs).values()


@dataclass(frozen=True)
class MemoryTask:
    """The translated entries of one catalog, for the language's TMX."""

    doing: ClassVar[str] = "reading catalogs"  # its progress on a terminal

    config: Config

    def inputs(self, job: CatalogJob) -> list[Path]:
        return [self.config.catalog_path(job.lang, job.article.slug)]

    def run(self, job: CatalogJob) -> Done[tuple[Pair, ...]]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        catalog = read_catalog(path, shown=self.config.relative(path))
        return Done(tuple(memory_pairs(catalog)) if catalog is not None else ())


@writes_project
def export_tmx(config: Config, lang: str, names: Sequence[str] | None, out: Path) -> Exported:
    """The memory of `lang` (its translated entries in the chosen articles' catalogs, obsolete
    ones included) as `out/<lang>.tmx`, one unit per distinct English and translation."""
    jobs = catalog_jobs(config, [lang], find_articles(config, list(names or [])))
    found = run_jobs(config, MemoryTask(config), jobs, write=False).values()
    pairs = list(dict.fromkeys(pair for pairs in found for pair in pairs))
    path = out / f"{lang}.tmx"
    text = memory_to_tmx(pairs, source_language=config.source_language, target_language=lang)
    write_atomic(path, text, shown=config.relative(path))
    catalogs = sum(1 for job in jobs if job.exists)
    return Exported(config.relative(path), ExchangeFormat.TMX, len(pairs), len(pairs),
                    catalogs=catalogs)


# --- import -----------------------------------------------------------------------------------


def _read(path: Path, shown: str) -> bytes:
    data = read_bytes(path) if path.is_file() else None
    if data is None:
        raise ExchangeError("no such file; check the path", path=shown)
    return data


def _check_languages(config: Config, lang: str, file: XliffFile, shown: str) -> None:
    """Refuse a file for another language pair: its translations would land in the wrong
    catalog, although every English text matches."""
    target = primary_language(file.target_language)
    if target and target != primary_language(lang):
        raise ExchangeError(
            f"is for language '{file.target_language}', not '{lang}'; import it with "
            f"'transkit import {target} FILE' (or fix target-language if it is wrong)",
            path=shown, line=file.line)
    targets = sorted({primary_language(code) for code in file.target_languages})
    if not target and targets and primary_language(lang) not in targets:
        raise ExchangeError(
            f"has no text in '{lang}': its targets are in {', '.join(targets)}; import it with "
            f"'transkit import {targets[0]} FILE'", path=shown, line=file.line)
    source = primary_language(file.source_language)
    if source and source != config.source_language:
        raise ExchangeError(f"translates from '{file.source_language}', but the project's "
                            f"English is '{config.source_language}'", path=shown, line=file.line)


def _article_of(config: Config, file: XliffFile, article: str | None, shown: str) -> Article:
    """The article an XLIFF <file> is for: --article, else the one its `original` names."""
    if article is not None:
        (found,) = find_articles(config, [article])
        return found
    slug = Path(file.original).stem
    known = {a.slug: a for a in scan_articles(config).articles}
    if slug not in known:
        raise ExchangeError(
            f"is for '{file.original}', which is not an article of this project "
            f"({config.relative(config.sources)}); name the article with --article SLUG",
            path=shown, line=file.line)
    return known[slug]


@writes_project
def import_xliff(config: Config, lang: str, path: Path, *, article: str | None = None,
                 shown: str | None = None, dry_run: bool = False) -> ExchangeReport:
    """Put the targets of an XLIFF file into the catalogs of `lang`, where the English still
    matches; report the units that were not imported. It holds the project's lock (with
    `dry_run`, nothing is written and no lock taken: the report says what would be)."""
    shown = shown or str(path)
    files = read_xliff(_read(path, shown), path=shown)
    if not files:
        raise ExchangeError("has no translation units; export it again", path=shown)
    plans: dict[Path, tuple[polib.POFile, list[Any]]] = {}
    for file in files:
        _check_languages(config, lang, file, shown)
        found = _article_of(config, file, article, shown)
        catalog_path = config.catalog_path(lang, found.slug)
        if catalog_path not in plans:
            plans[catalog_path] = (_catalog(config, lang, found), [])
        plans[catalog_path][1].extend(file.units)
    reports: list[ExchangeImport] = []
    skipped: list[SkippedUnit] = []
    clashed: list[SkippedUnit] = []
    newer: list[SkippedUnit] = []
    writes: list[tuple[Path, str, str]] = []
    for catalog_path, (catalog, units) in plans.items():
        # the comment that keeps a CAT tool's translation beside the catalog's names the file
        # by its name: never this machine's path in a project's file
        merged = merge_xliff(catalog, units, path=shown, label=Path(shown).name,
                             text_parameters=config.shortcode_parameters)
        catalog_shown = config.relative(catalog_path)
        text = catalog_text(merged.catalog, config)
        changed = bool(merged.imported or merged.clashed) and (
            read_bytes(catalog_path) != text.encode("utf-8"))
        if changed:
            writes.append((catalog_path, text, catalog_shown))
        reports.append(ExchangeImport(catalog_shown, merged.imported, merged.unchanged,
                                      len(merged.skipped), changed, len(merged.clashed),
                                      len(merged.newer)))
        skipped.extend(merged.skipped)
        clashed.extend(merged.clashed)
        newer.extend(merged.newer)
    if not dry_run:
        write_many(writes)
    return ExchangeReport(ExchangeFormat.XLIFF, tuple(reports), tuple(skipped), dry_run,
                          tuple(clashed), tuple(newer))


@dataclass(frozen=True)
class FillTask:
    """Fill one catalog's untranslated entries from a memory of exact matches."""

    doing: ClassVar[str] = "filling from the TMX"  # its progress on a terminal

    config: Config
    memory: dict[str, str]

    def inputs(self, job: CatalogJob) -> list[Path]:
        return [self.config.catalog_path(job.lang, job.article.slug)]

    def run(self, job: CatalogJob) -> Done[ExchangeImport]:
        path = self.config.catalog_path(job.lang, job.article.slug)
        shown = self.config.relative(path)
        catalog = _catalog(self.config, job.lang, job.article)
        filled = 0
        for entry in exported_entries(catalog):
            if not entry.msgstr and entry.msgid in self.memory:
                entry.msgstr = self.memory[entry.msgid]  # a catalog read for this job only
                filled += 1
        if not filled:
            return Done(ExchangeImport(shown, 0, 0, 0, False))
        return Done(ExchangeImport(shown, filled, 0, 0, True),
                    (Output(path, catalog_text(catalog, self.config)),))


@writes_project
def import_tmx(config: Config, lang: str, path: Path, names: Sequence[str] | None = None, *,
               shown: str | None = None, dry_run: bool = False) -> ExchangeReport:
    """Fill the untranslated entries of `lang` whose English a TMX file translates exactly
    (as msgmerge does with a compendium); English the file translates in two ways is left
    open and reported. Translations already in a catalog are never changed."""
    shown = shown or str(path)
    units = read_tmx(_read(path, shown), path=shown, source_language=config.source_language,
                     target_language=lang)
    memory, ambiguous = _exact_memory(units, shown)
    jobs = catalog_jobs(config, [lang], find_articles(config, list(names or [])))
    ran = run_jobs(config, FillTask(config, memory), jobs, write=not dry_run)
    return ExchangeReport(ExchangeFormat.TMX, tuple(ran.values()), tuple(ambiguous), dry_run)


def _exact_memory(units: Sequence[TmxUnit], shown: str) -> tuple[dict[str, str],
                                                                   list[SkippedUnit]]:
    targets: dict[str, dict[str, int]] = {}
    for unit in units:
        targets.setdefault(unit.source, {}).setdefault(unit.target, unit.line)
    memory = {source: next(iter(found)) for source, found in targets.items() if len(found) == 1}
    ambiguous = [
        SkippedUnit(shown, min(found.values()), "",
                    f"{len(found)} different translations of the same English; not used")
        for source, found in targets.items() if len(found) > 1
    ]
    return memory, ambiguous
