"""`transkit mv OLD NEW`: move an article and its catalogs; and sync following a rename made
outside transkit (`git mv`).

An article's id is its path under the sources folder, and its catalogs are named after it
(`locales/LANG/ID.po`), so renaming the source alone leaves every translation behind. `mv`
moves the source (unless it was moved already), then its catalog in every language, with
`git mv` wherever git tracks the file so that history follows it, and rewrites each catalog's
header (`Project-Id-Version` names the article) and references. Everything is read and checked
before anything moves: an old catalog that cannot be read, a new name that cannot name an
article or is taken, a catalog of the new name that holds translations, stop it with nothing
moved. An empty catalog of the new name (what a sync run after `git mv` makes) is replaced.

Sync does the catalogs' part itself for an article without catalogs in any language that is a
vanished article renamed: git's index records the rename (`git mv`), or the article's units
are mostly the msgids of the vanished article's catalogs (`core.sync.rename.pair_renames`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from ..config import Config
from ..core.po.catalog import has_translation
from ..core.sync.model import ArticleMove, FileMove
from ..core.sync.rename import pair_renames, rename_catalog, units_of
from ..errors import SourceError, TranskitError, UsageError
from ..store.catalogs import write_catalog
from ..store.files import (
    SOURCE_SUFFIXES,
    Article,
    Sources,
    load_document,
    name_problem,
    orphan_catalogs,
    read_catalog,
    scan_articles,
)
from ..store.git import is_tracked, staged_renames
from ..store.move import move_file, remove_empty_folders, remove_file
from .engine import writes_project


@dataclass(frozen=True)
class _CatalogPlan:
    lang: str
    old: Path
    new: Path
    catalog: polib.POFile  # the old catalog, read
    replaces: bool  # an empty catalog of the new name is removed first


def _as_id(config: Config, name: str) -> str:
    """The article id a name stands for: an id, or the path of a source (from the current
    folder or the root), with or without its extension."""
    path = Path(name)
    if path.suffix in SOURCE_SUFFIXES:
        for base in (Path.cwd(), config.root):
            candidate = Path(os.path.abspath(base / path))
            try:
                return config.article_id(candidate)
            except ValueError:  # not below the sources folder
                continue
        return path.with_suffix("").as_posix()
    return name.strip("/")


def _named(config: Config, sources: Sources, name: str) -> Article | None:
    wanted = _as_id(config, name)
    return next((a for a in sources.articles if a.slug == wanted), None)


@writes_project
def move_article(config: Config, old: str, new: str, *, dry_run: bool = False) -> ArticleMove:
    """Move the article `old` to `new` (ids, or paths of sources): its source unless it is
    there already, and its catalogs in every language. It holds the project's lock unless
    `dry_run`."""
    sources = scan_articles(config)
    old_id, new_id = _as_id(config, old), _as_id(config, new)
    if old_id == new_id:
        raise UsageError(f"'{old}' and '{new}' are the same article ('{old_id}')")
    article = _named(config, sources, old)
    target = _named(config, sources, new)
    source_move: tuple[Path, Path] | None = None
    if article is not None:
        if target is not None:
            raise UsageError(f"'{new_id}' is an article already "
                             f"({config.relative(target.path)}); choose another name")
        suffix = Path(new).suffix if Path(new).suffix in SOURCE_SUFFIXES else (
            article.path.suffix)
        destination = config.sources / f"{new_id}{suffix}"
        problem = name_problem(config, destination, new_id)
        if problem is not None:
            raise SourceError(problem.message.replace(" (it is left out until then)", ""),
                              path=problem.path)
        source_move = (article.path, destination)
    elif target is None:
        raise UsageError(f"no article '{old_id}' in {config.relative(config.sources)}, nor an "
                         f"article '{new_id}' that it was moved to; name the article to move "
                         "and its new name (transkit mv OLD NEW)")
    plans = _catalog_plans(config, old_id, new_id)
    if source_move is None and not plans:
        raise UsageError(f"'{old_id}' has no catalogs to move to '{new_id}' "
                         f"(in {config.relative(config.locales)})")
    new_source = source_move[1] if source_move else target.path if target else None
    assert new_source is not None
    return _carry(config, old_id, new_id, source_move, plans, new_source, dry_run=dry_run)


def _catalog_plans(config: Config, old_id: str, new_id: str) -> list[_CatalogPlan]:
    """The catalogs of `old_id` to move, each read; an error (nothing moved) for one that
    cannot be read or whose new name holds a catalog with translations."""
    plans = []
    for lang in config.languages:
        old = config.catalog_path(lang, old_id)
        catalog = read_catalog(old, shown=config.relative(old))
        if catalog is None:
            continue
        new = config.catalog_path(lang, new_id)
        there = read_catalog(new, shown=config.relative(new))
        if there is not None and any(has_translation(e) for e in there):
            raise UsageError(f"{config.relative(new)} holds translations already; move or "
                             f"merge them by hand (msgcat), or remove it, then run 'transkit mv' "
                             "again")
        plans.append(_CatalogPlan(lang, old, new, catalog, there is not None))
    return plans


def _carry(config: Config, old_id: str, new_id: str, source_move: tuple[Path, Path] | None,
           plans: Sequence[_CatalogPlan], new_source: Path, *, dry_run: bool,
           why: str = "") -> ArticleMove:
    """Move the source (when given) and the catalogs, rewriting each catalog's header and
    references; with `dry_run`, only say what would move."""
    old_ref = (config.relative(source_move[0]) if source_move
               else _old_reference(config, old_id, plans))
    new_ref = config.relative(new_source)
    moved_source = None
    if source_move is not None:
        old, new = source_move
        git = is_tracked(old) if dry_run else move_file(old, new, shown=config.relative(new))
        moved_source = FileMove(config.relative(old), config.relative(new), git)
        if not dry_run:
            remove_empty_folders(old.parent, stop=config.sources)
    moved = []
    for plan in plans:
        shown = config.relative(plan.new)
        if dry_run:
            git = is_tracked(plan.old)
        else:
            if plan.replaces:
                remove_file(plan.new, shown=shown)
            git = move_file(plan.old, plan.new, shown=shown)
            renamed = rename_catalog(plan.catalog, old=old_id, new=new_id, old_source=old_ref,
                                     new_source=new_ref)
            write_catalog(plan.new, renamed, config, shown=shown)
            remove_empty_folders(plan.old.parent, stop=config.catalog_folder(plan.lang))
        moved.append(FileMove(config.relative(plan.old), shown, git, plan.replaces))
    left = tuple(config.relative(path) for lang in (config.source_language, *config.languages)
                 for path in (config.build_path(lang, old_id),) if path.is_file())
    return ArticleMove(old_id, new_id, moved_source, tuple(moved), why, left)


def _old_reference(config: Config, old_id: str, plans: Sequence[_CatalogPlan]) -> str:
    """The path the catalogs' references give the old source (moved already): the one whose
    id is the old id, whatever its extension."""
    stem = config.relative(config.sources / old_id)
    for plan in plans:
        for entry in plan.catalog:
            for path, _ in entry.occurrences:
                if Path(path).suffix in SOURCE_SUFFIXES and path[: -len(Path(path).suffix)] == (
                        stem):
                    return path
    return f"{stem}.md"


def follow_renames(config: Config, chosen: Sequence[Article], *,
                   dry_run: bool = False) -> list[ArticleMove]:
    """For sync: move the catalogs of vanished articles to the chosen articles they were
    renamed to (see the module's docstring); the moves made (or, with `dry_run`, to make).
    Costs a look at each chosen article's catalog paths unless one has none at all."""
    fresh = [a for a in chosen if not any(config.catalog_path(lang, a.slug).exists()
                                          for lang in config.languages)]
    if not fresh:
        return []
    sources = scan_articles(config)
    known = {a.slug for a in sources.articles} | {s.article for s in sources.skipped}
    vanished: dict[str, list[Path]] = {}
    for orphan in orphan_catalogs(config, config.languages, known):
        vanished.setdefault(orphan.article, []).append(orphan.path)
    if not vanished:
        return []
    by_id = {a.slug: a for a in fresh}
    pairs: dict[str, tuple[str, str]] = {}  # new id -> (old id, why)
    for old, new in staged_renames(config.sources):
        try:
            old_id, new_id = config.article_id(old), config.article_id(new)
        except ValueError:
            continue
        if old_id in vanished and new_id in by_id:
            pairs[new_id] = (old_id, "git records the rename")
    taken = {old for old, _ in pairs.values()}
    rest_old = {k: v for k, v in vanished.items() if k not in taken}
    rest_new = [a for a in fresh if a.slug not in pairs]
    if rest_old and rest_new:
        for old_id, new_id in pair_renames(_catalog_units(config, rest_old),
                                           _article_units(config, rest_new)):
            pairs[new_id] = (old_id, "its units are those of the vanished article")
    moves = []
    for new_id, (old_id, why) in sorted(pairs.items()):
        try:
            plans = _catalog_plans(config, old_id, new_id)
        except TranskitError:
            continue  # a catalog that cannot be read: sync and check report it as they do
        if plans:
            moves.append(_carry(config, old_id, new_id, None, plans, by_id[new_id].path,
                                dry_run=dry_run, why=why))
    return moves


def _catalog_units(config: Config, vanished: dict[str, list[Path]]) -> dict[str, frozenset[str]]:
    out = {}
    for article_id, paths in vanished.items():
        catalogs = []
        for path in paths:
            try:
                catalog = read_catalog(path, shown=config.relative(path))
            except TranskitError:
                continue
            if catalog is not None:
                catalogs.append(catalog)
        out[article_id] = units_of(catalogs)
    return out


def _article_units(config: Config, articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    out = {}
    for article in articles:
        try:
            document = load_document(article.path, shown=config.relative(article.path),
                                     front_matter_keys=config.front_matter_keys,
                                     shortcode_parameters=config.shortcode_parameters)
        except TranskitError:
            continue
        out[article.slug] = frozenset(s.text for s in document.segments)
    return out
