"""Project-wide runs of the pipeline: every article in every language, all reads before any write.

A run reads and checks everything first; only when every source and catalog was understood does it
write, under the project lock, so bad input in one file leaves every file as it was.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import partial

from .cache import Cache, Fingerprint, fingerprint
from .catalog import complete_header, new_catalog
from .config import Config
from .model import Document
from .parallel import parallel_map
from .pofile import format_po, parse_po
from .store import (
    Article,
    find_articles,
    load_document,
    read_bytes,
    read_catalog,
    remove_stale_temps,
    write_atomic,
    write_many,
)
from .sync import SyncStats, sync_catalog


@dataclass(frozen=True)
class CatalogSync:
    """The outcome of syncing one catalog."""

    slug: str
    lang: str
    path: str  # relative to the project root
    stats: SyncStats
    created: bool
    changed: bool


@dataclass(frozen=True)
class SyncReport:
    catalogs: tuple[CatalogSync, ...] = field(default_factory=tuple)
    empty: tuple[str, ...] = ()  # articles with nothing to translate, so without catalogs

    @property
    def changed(self) -> tuple[CatalogSync, ...]:
        return tuple(c for c in self.catalogs if c.changed)


def load_articles(
    config: Config, names: Sequence[str] | None = None
) -> list[tuple[Article, Document]]:
    """Find and segment the articles (all, or those named); any bad source stops the run."""
    return [
        (
            article,
            load_document(
                article.path,
                shown=config.relative(article.path),
                front_matter_keys=config.front_matter_keys,
                shortcode_parameters=config.shortcode_parameters,
            ),
        )
        for article in find_articles(config, list(names or []))
    ]


def _title(document: Document, slug: str) -> str:
    for key, value in document.front_matter:
        if key == "title" and isinstance(value, str):
            return value
    return slug


def plan_sync(
    config: Config,
    langs: Sequence[str],
    articles: Sequence[tuple[Article, Document]],
    *,
    prune_obsolete: bool = False,
) -> list[tuple[CatalogSync, str]]:
    """Compute every catalog's new text in memory; nothing is written."""
    planned: list[tuple[CatalogSync, str]] = []
    for article, document in articles:
        reference = config.relative(article.path)
        for lang in langs:
            path = config.catalog_path(lang, article.slug)
            shown = config.relative(path)
            old = read_catalog(path, shown=shown)
            created = old is None
            if old is None and not document.segments:
                continue  # nothing to translate: no catalog (one that exists keeps its entries)
            if old is None:
                old = new_catalog(
                    lang=lang, project=config.project, slug=article.slug,
                    title=_title(document, article.slug),
                )
            else:
                complete_header(old, lang=lang)
            result = sync_catalog(old, document, reference=reference,
                                  prune_obsolete=prune_obsolete)
            text = format_po(result.catalog)
            changed = read_bytes(path) != text.encode("utf-8")
            planned.append((CatalogSync(article.slug, lang, shown, result.stats, created, changed),
                            text))
    return planned


def sync_project(
    config: Config,
    langs: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    prune_obsolete: bool = False,
    dry_run: bool = False,
    skip: Collection[tuple[str, str]] = (),
) -> SyncReport:
    """Sync the catalogs of the chosen articles and languages; write only what changed.

    A catalog whose source and catalog files are exactly as they were after an earlier sync
    (see `cache`) is known to be in step and is not read again. `skip` names (slug, lang) pairs
    to leave out. Run it under `store.project_lock` unless `dry_run`: it also removes the
    temporary files that a run killed while writing left beside these catalogs.
    """
    cache = Cache(config, "sync")
    before: dict[tuple[str, str], dict[str, Fingerprint]] = {}
    results: dict[tuple[str, str], CatalogSync] = {}
    empty: set[str] = set()
    work: list[tuple[Article, list[str]]] = []
    chosen = find_articles(config, list(names or []))
    for article in chosen:
        source = fingerprint(article.path)
        need = []
        for lang in langs:
            if (article.slug, lang) in skip:
                continue
            path = config.catalog_path(lang, article.slug)
            files = {"source": source, "catalog": fingerprint(path)}
            before[(article.slug, lang)] = files
            known = cache.get(f"{lang}/{article.slug}", files,
                              {"source": article.path, "catalog": path})
            if known == _NOTHING:
                empty.add(article.slug)
            elif not prune_obsolete and known is not None:
                results[(article.slug, lang)] = CatalogSync(
                    article.slug, lang, config.relative(path), SyncStats(), False, False
                )
            else:
                need.append(lang)
        if need:
            work.append((article, need))
    plans = parallel_map(partial(_plan_article, config, prune_obsolete=prune_obsolete), work)
    planned = [item for items, _ in plans for item in items]
    for (article, langs_planned), (items, nothing) in zip(work, plans, strict=True):
        if nothing:
            empty.add(article.slug)
            with_catalog = {item.lang for item, _ in items}
            for lang in langs_planned:
                if lang not in with_catalog:
                    cache.put(f"{lang}/{article.slug}", before[(article.slug, lang)], _NOTHING)
    if not dry_run:
        remove_stale_temps(config.root / item.path for item, _ in planned)
        write_many([(config.root / item.path, text, item.path)
                    for item, text in planned if item.changed])
    for item, text in planned:
        results[(item.slug, item.lang)] = item
        files = before[(item.slug, item.lang)]
        written = None
        if item.changed:
            if dry_run:
                continue
            files = {"source": files["source"],
                     "catalog": fingerprint(config.root / item.path)}
            written = {"catalog": text.encode("utf-8")}
        cache.put(f"{item.lang}/{item.slug}", files, True, written)
    cache.save()
    return SyncReport(tuple(
        results[(article.slug, lang)]
        for article in chosen
        for lang in langs
        if (article.slug, lang) in results
    ), tuple(article.slug for article in chosen if article.slug in empty))


_NOTHING = "nothing to translate"  # the cache's record of an article without units or catalog


def _plan_article(
    config: Config, job: tuple[Article, list[str]], *, prune_obsolete: bool
) -> tuple[list[tuple[CatalogSync, str]], bool]:
    """Segment one article and plan its catalogs (a unit of work for `parallel_map`); also
    whether the article has nothing to translate."""
    article, langs = job
    document = load_document(
        article.path, shown=config.relative(article.path),
        front_matter_keys=config.front_matter_keys,
        shortcode_parameters=config.shortcode_parameters,
    )
    planned = plan_sync(config, langs, [(article, document)], prune_obsolete=prune_obsolete)
    return planned, not document.segments


@dataclass(frozen=True)
class ImportReport:
    path: str
    filled: int
    kept: int  # entries that already held a translation (the same one, or kept)
    changed: bool
    created: bool = False


def import_translation(
    config: Config, lang: str, slug: str, translated: Document, *, overwrite: bool = False,
    shown: str | None = None,
) -> ImportReport:
    """Fill a catalog from an already translated copy of an article, aligned unit by unit.

    Like po4a-gettextize, the translated article must have the English one's structure: the same
    number of units of the same kinds in the same order. Translations already in the catalog are
    kept unless `overwrite`.
    """
    from .errors import SourceError

    ((article, document),) = load_articles(config, [slug])
    if not document.segments:
        raise SourceError("has nothing to translate, so there is nothing to import",
                          path=config.relative(article.path))
    planned = plan_sync(config, [lang], [(article, document)])
    (item, text), = planned
    catalog = parse_po(text, path=item.path)
    ours, theirs = document.segments, translated.segments
    if len(ours) != len(theirs) or any(
        a.kind != b.kind or a.detail != b.detail for a, b in zip(ours, theirs, strict=False)
    ):
        for a, b in zip(ours, theirs, strict=False):
            if a.kind != b.kind or a.detail != b.detail:
                raise SourceError(
                    f"unit {b.index} is a {b.label}, where the English has a {a.label} (at "
                    f"{config.relative(article.path)}:{a.line}); give both the same structure",
                    path=shown, line=b.line,
                )
        raise SourceError(
            f"has {len(theirs)} units, the English {config.relative(article.path)} has "
            f"{len(ours)}; give both the same structure",
            path=shown,
        )
    by_id = {e.msgid: e for e in catalog if not e.obsolete}
    filled = kept = 0
    for a, b in zip(ours, theirs, strict=True):
        entry = by_id[a.text]
        if entry.msgstr == b.text and "fuzzy" not in entry.flags:
            kept += 1  # already this translation
            continue
        if entry.msgstr and not overwrite:
            kept += 1
            continue
        if entry.msgstr != b.text or "fuzzy" in entry.flags:
            entry.msgstr = b.text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.comment = "\n".join(
                line
                for line in entry.comment.split("\n")
                if not line.startswith(("drift:", "diff:"))
            )
        filled += 1
    new_text = format_po(catalog)
    created = not (config.root / item.path).exists()
    changed = write_atomic(config.root / item.path, new_text, shown=item.path)
    return ImportReport(item.path, filled, kept, changed, created)
