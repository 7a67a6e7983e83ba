"""An article renamed: its catalogs carried to the new id, and which new article is which old.

A catalog's header names its article (`Project-Id-Version: PROJECT ID`, as `new_catalog`
writes it) and its entries' references name the source file (`#: sources/ID.md:12`); both are
rewritten for the new name, and nothing else changes, so the translations, comments and flags
go with the article as they were.

When the sources were renamed outside transkit (`git mv`, a file manager), the catalogs left
without an article are paired with the articles that have none by what they hold: an article
whose units are mostly the msgids of a vanished article's catalogs is that article renamed.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping

import polib

# how much of their units two articles must share, as a share of the larger (0-1), to be one
# article renamed: an edit made with the move leaves most units as they were
SAME_ARTICLE = 0.5


def rename_catalog(catalog: polib.POFile, *, old: str, new: str, old_source: str,
                   new_source: str) -> polib.POFile:
    """A copy of the catalog for the article `new` (formerly `old`): the header's
    `Project-Id-Version` and every reference to `old_source` renamed. `catalog` is left as it
    was."""
    out = copy.deepcopy(catalog)
    version = out.metadata.get("Project-Id-Version", "")
    if version == old or version.endswith(" " + old):
        out.metadata["Project-Id-Version"] = version[: len(version) - len(old)] + new
    for entry in out:
        entry.occurrences = [(new_source if path == old_source else path, line)
                             for path, line in entry.occurrences]
    return out


def units_of(catalogs: Collection[polib.POFile]) -> frozenset[str]:
    """The English of the live entries of an article's catalogs."""
    return frozenset(entry.msgid for catalog in catalogs for entry in catalog
                     if entry.msgid and not entry.obsolete)


def _share(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(len(a), len(b)) if a and b else 0.0


def pair_renames(vanished: Mapping[str, frozenset[str]],
                 fresh: Mapping[str, frozenset[str]]) -> list[tuple[str, str]]:
    """(old id, new id) for each vanished article (its catalogs' units) that is one of the
    fresh articles (their units) renamed: they share at least `SAME_ARTICLE` of their units,
    and each is the other's best match, by a clear margin (a tie pairs nothing)."""
    scores = {(old, new): _share(units, fresh[new]) for old, units in vanished.items()
              for new in fresh}
    pairs = []
    for (old, new), score in sorted(scores.items()):
        if score < SAME_ARTICLE:
            continue
        rivals = [s for (o, n), s in scores.items()
                  if (o == old) != (n == new) and s >= score]  # the same old or the same new
        if not rivals:
            pairs.append((old, new))
    return pairs
