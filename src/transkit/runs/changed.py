"""`--changed-since REV` (check, status, build): the articles whose English or a catalog in one
of the project's languages changed since the merge base of REV and HEAD in git's view
(`store.git.changed_since`), and what the checks of the whole project need beyond them.

- A file every article depends on (the configuration, the glossary) changed: every article is
  chosen, and the run is the run over the whole project.
- A source changed (added, edited, renamed either way, removed, or a file of its page bundle):
  its article; a catalog `locales/<lang>/<id>.po` changed: the article `<id>`.
- An id whose source is gone (removed, or renamed away) has nothing to check; its catalogs
  still in place are orphans, and `check` reports them. Orphans are looked for among every
  catalog and reported where a changed file names their id (a catalog added without its
  article, the catalogs a removed article left); a full check reports them all.
- Consistency compares the chosen catalogs' units with the whole archive of their languages:
  the catalogs that may hold the same English are found by grep for the line each unit's
  English starts a msgid with as the catalogs lay it out (`core.po.pofile.quote_lines` at the
  project's `wrap_width`), and only those are read; the findings reported are those at the
  chosen catalogs (each names the other places). A catalog laid out at another page width, or
  with other whitespace in the English, is not found that way: a check of everything finds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..config import GLOSSARY_NAME, Config
from ..core.languages import gettext_code
from ..core.po.pofile import quote_lines
from ..core.sync.memory import places, unit_keys
from ..core.sync.model import TranslatedUnit
from ..core.values import Selection
from ..errors import TranskitError
from ..store.files import (
    SOURCE_SUFFIXES,
    Orphan,
    Sources,
    files_holding,
    read_catalog,
    scan_articles,
)
from ..store.git import changed_since
from .engine import parallel_iter

# a catalog's units as the consistency check compares them: (language, path, article, keys)
Units = tuple[str, str, str, str]


@dataclass(frozen=True)
class Chosen:
    """The articles a run over what changed covers, and what its project-wide checks need."""

    selection: Selection
    sources: Sources  # the chosen articles, and the chosen source files that were left out
    ids: frozenset[str]  # every id a changed file names: chosen, removed, left out, orphaned
    known: frozenset[str]  # every id the project's sources have (orphans are judged by them)

    @property
    def whole(self) -> bool:
        """Whether every article is chosen because a file they all depend on changed."""
        return self.selection.everything is not None

    def orphans(self, config: Config, langs: Sequence[str]) -> list[Orphan]:
        """The catalogs of `langs` that a changed file names and no source has (a catalog
        added alone, those a removed or renamed article left): looked up by name, not by
        listing every catalog of the project."""
        return [Orphan(lang, slug, path) for lang in langs for slug in sorted(self.ids - self.known)
                if (path := config.catalog_path(lang, slug)).is_file()]


def choose(config: Config, rev: str) -> Chosen:
    """The articles changed since the merge base of `rev` and HEAD (see the module's text)."""
    changes = changed_since(config.root, rev)
    every = scan_articles(config)
    known = frozenset({a.slug for a in every.articles} | {s.article for s in every.skipped})
    # the glossary.csv a project without one may gain (or a removed one), read by default
    glossary = config.glossary or config.root / GLOSSARY_NAME
    wide = {path.resolve(): config.relative(path)
            for path in (config.config_file, glossary) if path is not None}
    everything = next((wide[p] for p in sorted(changes.paths) if p in wide), None)
    if everything is not None:
        selection = Selection(rev, changes.base, tuple(a.slug for a in every.articles),
                              len(every.articles), everything=everything)
        return Chosen(selection, every, known, known)
    ids: set[str] = set()
    removed: set[str] = set()
    bundles = {a.path.parent: a.slug for a in every.articles
               if a.path.stem in ("index", "_index")}
    root = config.root.resolve()
    folders = {lang: config.catalog_folder(lang) for lang in config.languages}
    for changed in changes.paths:
        try:
            path = config.root / changed.relative_to(root)
        except ValueError:
            continue  # outside the project
        if config.locales in path.parents and path.suffix == ".po":
            for folder in folders.values():
                if folder in path.parents:
                    ids.add(path.relative_to(folder).with_suffix("").as_posix())
        elif config.sources in path.parents:
            if path.suffix in SOURCE_SUFFIXES:
                slug = config.article_id(path)
                ids.add(slug)
                if slug not in known and not path.exists():
                    removed.add(slug)
            else:  # a file of a page bundle: its article is built with it
                owner = next((bundles[f] for f in path.parents if f in bundles), None)
                if owner is not None:
                    ids.add(owner)
    chosen = Sources([a for a in every.articles if a.slug in ids],
                     tuple(s for s in every.skipped if s.article in ids))
    selection = Selection(rev, changes.base, tuple(a.slug for a in chosen.articles),
                          len(every.articles), removed=tuple(sorted(removed)))
    return Chosen(selection, chosen, frozenset(ids), known)


@dataclass(frozen=True)
class _Keys:
    """A catalog's units as consistency compares them (None: it cannot be read)."""

    config: Config
    doing: ClassVar[str] = "reading catalogs with the same English"  # progress on a terminal

    def __call__(self, found: tuple[str, str, Path]) -> Units | None:
        lang, article, path = found
        shown = self.config.relative(path)
        try:
            catalog = read_catalog(path, shown=shown)
        except TranskitError:
            return None  # not a chosen catalog: a check of everything names its fault
        return None if catalog is None else (lang, shown, article, unit_keys(catalog))


def archive_units(config: Config, langs: Sequence[str], chosen: Sequence[Units]
                  ) -> list[Units]:
    """The units of the catalogs of `langs` that may hold the English of a unit of the chosen
    catalogs (`chosen`: their paths as shown), the chosen ones left out: those the consistency
    check compares them with."""
    lines: list[str] = []
    for _lang, shown, _article, _keys in chosen:
        try:
            catalog = read_catalog(config.root / shown, shown=shown)
        except TranskitError:
            continue
        if catalog is None:
            continue
        for place in places(catalog):
            if not place.obsolete and not place.silenced:
                wrapped = quote_lines("msgid", place.english, width=config.wrap_width)
                lines.append(max(wrapped, key=len))
    folders = {gettext_code(lang): lang for lang in langs}
    mine = {shown for _l, shown, _a, _k in chosen}
    found: list[tuple[str, str, Path]] = []
    for path in files_holding(config.locales, lines, sorted(folders)):
        if path.suffix != ".po" or config.relative(path) in mine:
            continue
        folder = path.relative_to(config.locales).parts[0]
        code = folders.get(folder)
        if code is not None:
            article = path.relative_to(config.catalog_folder(code)).with_suffix("").as_posix()
            found.append((code, article, path))
    return [units for units in parallel_iter(_Keys(config), found) if units is not None]


def disagreements(config: Config, langs: Sequence[str], chosen: Sequence[Units]
                  ) -> list[TranslatedUnit]:
    """The units of the chosen catalogs whose English another unit of their language, in any
    catalog of the archive, translates otherwise (and those other units)."""
    from ..core.sync.memory import disagreeing

    return disagreeing([*chosen, *archive_units(config, langs, chosen)])
