"""The values of the sync stage: drift, what one sync did, what the translation memory recalls."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..values import Problem


class Severity(StrEnum):
    """How much a change of the English invalidates the old translation."""

    MINOR = "minor"
    SUBSTANTIVE = "substantive"
    CRITICAL = "critical"


class MinorDrift(StrEnum):
    """What sync does with a minor drift that cannot make a translation wrong (a change of
    case, punctuation or spacing of the English: `drift.harmless`)."""

    FUZZY = "fuzzy"  # flag it fuzzy like any drift (the default)
    KEEP = "keep"  # keep the translation as it is, not fuzzy, its comment saying what changed


@dataclass(frozen=True)
class Drift:
    """A change of the English under an existing translation."""

    severity: Severity
    reasons: tuple[str, ...]
    diff: str  # word diff in wdiff notation: [-old-]{+new+}


@dataclass(frozen=True)
class SyncStats:
    """What one sync did to one catalog."""

    unchanged: int = 0
    new: int = 0
    drifted: int = 0
    reflowed: int = 0
    restored: int = 0  # an edit undone: the translation holds again, no longer fuzzy
    moved: int = 0  # unchanged units that changed place (their translations stay as they are)
    revived: int = 0
    obsoleted: int = 0
    pruned: int = 0
    # the drifted units by severity, and the kinds of reason of the critical ones
    critical: int = 0
    substantive: int = 0
    minor: int = 0
    critical_reasons: tuple[str, ...] = ()  # "number changed", "name changed", ...
    # of the new units, those the translation memory filled: the same English elsewhere
    # (translated), and similar English (fuzzy)
    memory: int = 0
    memory_fuzzy: int = 0

    @property
    def content_changed(self) -> bool:
        """Whether a unit was added, removed, changed or moved: what makes a catalog stale.

        Comments, references and layout alone are not: the next real sync tidies them.
        """
        return any((self.new, self.drifted, self.reflowed, self.restored, self.moved,
                    self.revived, self.obsoleted, self.pruned))

    def _drifted(self) -> str:
        parts = []
        if self.critical:
            why = ", ".join(self.critical_reasons)
            parts.append(f"{self.critical} critical" + (f": {why}" if why else ""))
        parts += [f"{n} {name}" for name, n in (("substantive", self.substantive),
                                                 ("minor", self.minor)) if n]
        return f"{self.drifted} drifted" + (f" ({'; '.join(parts)})" if parts else "")

    def _new(self) -> str:
        filled = [f"{n} {name}" for name, n in (("from memory", self.memory),
                                                 ("fuzzy from memory", self.memory_fuzzy)) if n]
        return f"{self.new} new" + (f" ({', '.join(filled)})" if filled else "")

    def describe(self) -> str:
        """What changed, for people: '3 new (1 from memory), 2 drifted (1 critical: number
        changed; 1 minor)', or what is left when no unit did."""
        parts = [
            self._drifted() if name == "drifted" else self._new() if name == "new"
            else f"{value} {name}"
            for name, value in (
                ("new", self.new), ("drifted", self.drifted), ("moved", self.moved),
                ("re-wrapped", self.reflowed), ("restored", self.restored),
                ("revived", self.revived), ("obsolete", self.obsoleted), ("pruned", self.pruned),
            )
            if value
        ]
        return ", ".join(parts) or "references, comments or layout only"


@dataclass(frozen=True)
class Recalled:
    """What the translation memory fills a new unit with: a translation, the English it was
    made for (this unit's own when `exact`), and where it comes from, as the unit's extracted
    comment says it ('an-article', 'an-article (97% similar)')."""

    english: str
    target: str
    exact: bool
    note: str


@dataclass(frozen=True)
class CatalogSync:
    """The outcome of syncing one catalog."""

    slug: str
    lang: str
    path: str  # relative to the project root
    stats: SyncStats
    created: bool
    changed: bool

    @property
    def stale(self) -> bool:
        """Out of step with its source: a sync would create it or change its units (not only
        its comments, references or layout)."""
        return self.changed and (self.created or self.stats.content_changed)


@dataclass(frozen=True)
class FileMove:
    """A file an article's move carried to its new name (paths relative to the root)."""

    old: str
    new: str
    git: bool  # moved with `git mv` (the file was tracked), else renamed
    replaced: bool = False  # an empty catalog sync had made for the new name was replaced


@dataclass(frozen=True)
class ArticleMove:
    """An article moved from one id to another: its source (unless it was moved already) and
    its catalogs in every language, their headers and references rewritten."""

    old: str
    new: str
    source: FileMove | None
    catalogs: tuple[FileMove, ...]
    why: str = ""  # how sync knew it was renamed: "git reports the rename", "same units"
    left: tuple[str, ...] = ()  # built editions of the old id, left where they are


@dataclass(frozen=True)
class Orphans:
    """Catalogs left without a source article, seen beside the new, empty catalogs a sync
    created: after a rename the translations are in the old ones (`transkit mv` carries them)."""

    paths: tuple[str, ...]  # the catalogs without a source, as the project names them
    old: str  # the first of their articles
    new: str  # the first article whose catalogs were created


@dataclass(frozen=True)
class SyncReport:
    catalogs: tuple[CatalogSync, ...] = field(default_factory=tuple)
    failed: tuple[Problem, ...] = ()  # articles left as they were: a file could not be read
    empty: tuple[str, ...] = ()  # articles with nothing to translate, so without catalogs
    moved: tuple[ArticleMove, ...] = ()  # articles renamed, whose catalogs sync carried over
    orphans: Orphans | None = None  # beside new, empty catalogs: catalogs left without source
    record: str = ""  # the record of catalogs in step (transkit.sum) when this sync created it

    @property
    def changed(self) -> tuple[CatalogSync, ...]:
        return tuple(c for c in self.catalogs if c.changed)

    @property
    def stale(self) -> tuple[CatalogSync, ...]:
        """The catalogs out of step with their sources (see `CatalogSync.stale`)."""
        return tuple(c for c in self.catalogs if c.stale)


@dataclass(frozen=True)
class Suggestion:
    """A translation the memory offers for one sentence of an open unit."""

    sentence: int  # its number in the unit (1-based); 0 when the unit is one sentence
    score: int  # 100: the same English
    article: str  # where the translation comes from
    target: str
    diff: str = ""  # from the remembered English to this one (wdiff notation), unless the same


@dataclass(frozen=True)
class TranslatedUnit:
    """A live translated unit of one catalog, as the consistency check sees it: its English and
    translation as text (from the memory's index) or as their keys (`core.memory.unit_keys`),
    compared, never shown."""

    lang: str
    path: str
    article: str
    line: int
    english: str
    target: str


# the translation memory: how similar (rapidfuzz ratio, 0-100) English must be for its
# translation to fill a new unit fuzzy; msgmerge's fuzzy matches are about as close
DEFAULT_MEMORY_THRESHOLD = 80.0
