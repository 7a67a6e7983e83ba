"""Plain, frozen values passed between the pipeline's stages, and the reports made of them.

Renderers depend on this module only: every value a report shows is defined here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Front-matter keys whose values are offered for translation unless the configuration says
# otherwise: text a reader sees, never dates, slugs or names.
DEFAULT_FRONT_MATTER_KEYS = (
    "title",
    "subtitle",
    "description",
    "summary",
    "lede",
    "teaser",
    "caption",
    "excerpt",
)

# Kinds of translatable unit, in the words translators see in the catalog's comments.
FRONT_MATTER = "front-matter"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
BLOCKQUOTE = "blockquote"
TABLE_CELL = "table-cell"
FOOTNOTE = "footnote"
IMAGE_ALT = "image-alt"


@dataclass(frozen=True)
class Segment:
    """One paragraph-level unit of a source article."""

    index: int  # 1-based position in the article
    kind: str
    line: int  # 1-based line of the unit in the source file
    text: str
    detail: str = ""  # front-matter key, heading level or footnote label

    @property
    def label(self) -> str:
        """The kind as a translator reads it: 'heading 2', 'footnote 3', 'front matter: title'."""
        if self.kind == FRONT_MATTER:
            return f"front matter: {self.detail}"
        if self.kind in (HEADING, FOOTNOTE):
            return f"{self.kind} {self.detail}"
        return self.kind.replace("-", " ")


class SlotMode(StrEnum):
    """How a unit's text is written back into its place in the skeleton."""

    BLOCK = "block"  # a block: continuation lines get the block's prefix
    CELL = "cell"  # a table cell: one line, '|' escaped
    YAML = "yaml"  # a front-matter value, always double-quoted
    YAML_PLAIN = "yaml-plain"  # a front-matter value, plain where YAML reads it back the same
    INLINE = "inline"  # inside a line (an image's alt text): one line


@dataclass(frozen=True)
class Slot:
    """A hole in an article's skeleton where the text of segment `index` (0-based) goes."""

    index: int
    mode: SlotMode
    cont: str = ""  # prefix of continuation lines (block quotes, list indentation)


@dataclass(frozen=True)
class Document:
    """A segmented article: its units and the skeleton they fit back into."""

    segments: tuple[Segment, ...]
    skeleton: tuple[str | Slot, ...]
    front_matter: tuple[tuple[str, object], ...] = ()


class Severity(StrEnum):
    """How much a change of the English invalidates the old translation."""

    MINOR = "minor"
    SUBSTANTIVE = "substantive"
    CRITICAL = "critical"


class Level(StrEnum):
    """How bad a check's finding is: errors fail `check`, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found by `check`, located precisely enough to fix it."""

    path: str
    line: int | None
    article: str
    language: str
    check: str
    level: Level
    message: str
    hint: str


@dataclass(frozen=True)
class Drift:
    """A change of the English under an existing translation."""

    severity: Severity
    reasons: tuple[str, ...]
    diff: str  # word diff in wdiff notation: [-old-]{+new+}


# --- status -----------------------------------------------------------------------------------


def share(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`; nothing to do counts as all done."""
    return 100.0 * part / whole if whole else 100.0


class _Shares:
    """The two percentages of anything that counts entries and words."""

    translated: int
    total: int
    translated_words: int
    source_words: int

    @property
    def percent(self) -> float:
        """Percent of entries translated (gettext's measure)."""
        return share(self.translated, self.total)

    @property
    def words_percent(self) -> float:
        """Percent of the English words whose entry is translated."""
        return share(self.translated_words, self.source_words)


class EntryState(StrEnum):
    """What a translator still has to do with an open entry."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    DRIFT_MINOR = "drift: minor"
    DRIFT_SUBSTANTIVE = "drift: substantive"
    DRIFT_CRITICAL = "drift: critical"

    @classmethod
    def drift(cls, severity: Severity) -> EntryState:
        return cls(f"drift: {severity.value}")


@dataclass(frozen=True)
class OpenEntry:
    """An entry a translator has to work on: where it is, its state and its English."""

    line: int
    state: EntryState
    msgid: str


@dataclass(frozen=True)
class CatalogStatus(_Shares):
    """Where one catalog stands."""

    path: str
    article: str
    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    critical: int = 0
    last_translator: str = ""
    revision_date: str = ""
    missing: bool = False  # the catalog does not exist yet
    todo: tuple[OpenEntry, ...] = ()  # the open entries, when asked for


@dataclass(frozen=True)
class LanguageSummary(_Shares):
    """The totals of one language over the catalogs reported."""

    language: str
    catalogs: int
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    critical: int


@dataclass(frozen=True)
class TodoReport:
    """One language's open entries, the word diff of each drifted one (by English), and the
    catalogs a sync would change."""

    statuses: tuple[CatalogStatus, ...]
    diffs: dict[str, str]
    stale: frozenset[str]


# --- sync -------------------------------------------------------------------------------------


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

    def describe(self) -> str:
        """What changed, for people: '1 new, 2 drifted', or what is left when no unit did."""
        parts = [
            f"{value} {name}"
            for name, value in (
                ("new", self.new), ("drifted", self.drifted), ("moved", self.moved),
                ("re-wrapped", self.reflowed), ("restored", self.restored),
                ("revived", self.revived), ("obsolete", self.obsoleted), ("pruned", self.pruned),
            )
            if value
        ]
        return ", ".join(parts) or "references, comments or layout only"


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

    @property
    def changed(self) -> tuple[CatalogSync, ...]:
        return tuple(c for c in self.catalogs if c.changed)


@dataclass(frozen=True)
class ImportReport:
    path: str
    filled: int
    kept: int  # entries that already held a translation (the same one, or kept)
    changed: bool
    created: bool = False


class Unplaced(StrEnum):
    """Why a piece of a translated article did not reach the catalog as a translation."""

    EXTRA = "no English counterpart"
    OUTSIDE = "outside the translatable text"  # HTML, code, untranslated front-matter keys
    REPEATED = "the English repeats this unit; its first translation is kept"
    REMOVED = "its English has been removed since"  # an obsolete entry after the carry


@dataclass(frozen=True)
class NotPlaced:
    """A piece of a translation that is not in the catalog as a translation: where it is, why,
    its text, and how many translated letters it holds."""

    path: str
    line: int
    reason: Unplaced
    what: str  # 'paragraph', 'front matter: category', 'HTML', ...
    text: str
    letters: int


@dataclass(frozen=True)
class ArticleImport:
    """What `transkit import` did with one translated article."""

    slug: str
    lang: str
    source: str  # the translated file, as given
    catalog: str  # the catalog, relative to the project root
    imported: int  # entries filled with a sure translation
    fuzzy: int  # entries filled with an uncertain (or drifted) one
    untranslated: int  # entries still without a translation
    kept: int  # entries whose translation was already in the catalog
    not_placed: tuple[NotPlaced, ...]
    english_at: str  # '' for today's English, else the revision aligned against
    notes: tuple[str, ...]  # what a user should know: no history for this file, ...
    letters: int  # translated letters in the file (of its script; see docs/import-vs-po4a.md)
    letters_placed: int  # of those, the letters now in translated or fuzzy entries
    changed: bool
    created: bool


@dataclass(frozen=True)
class ImportFailure:
    """A translated file that was refused, and why, as one line for the user."""

    path: str | None
    line: int | None
    message: str


@dataclass(frozen=True)
class ImportRun:
    articles: tuple[ArticleImport, ...]
    failures: tuple[ImportFailure, ...] = ()
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """2 when a file was refused (bad input), else 0."""
        return 2 if self.failures else 0


# --- check ------------------------------------------------------------------------------------


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


# --- build ------------------------------------------------------------------------------------


class Used(StrEnum):
    """What a built article shows in the place of one unit."""

    TRANSLATION = "translation"
    FUZZY = "fuzzy"
    ENGLISH = "english"
    OMITTED = "omitted"


class Fallback(StrEnum):
    """What a build puts where a unit has no usable translation."""

    ENGLISH = "english"
    OMIT = "omit"


class BelowThreshold(StrEnum):
    """What a build does with an edition below its threshold."""

    DRAFT = "draft"
    SKIP = "skip"


class Edition(StrEnum):
    """The state of one built edition."""

    FINAL = "final"
    DRAFT = "draft"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class UnitOutcome:
    index: int
    line: int
    used: Used
    reason: str = ""  # why the English was used: untranslated, fuzzy, critical drift


@dataclass(frozen=True)
class BuiltArticle:
    slug: str
    lang: str
    text: str
    units: tuple[UnitOutcome, ...]
    source_words: int
    translated_words: int
    draft: bool = False
    skipped: bool = False
    threshold: float = 0.0

    @property
    def words_percent(self) -> float:
        return share(self.translated_words, self.source_words)

    @property
    def fallbacks(self) -> tuple[UnitOutcome, ...]:
        return tuple(u for u in self.units if u.used in (Used.ENGLISH, Used.OMITTED))

    @property
    def state(self) -> Edition:
        return Edition.SKIPPED if self.skipped else (Edition.DRAFT if self.draft else Edition.FINAL)


@dataclass(frozen=True)
class BuildOptions:
    allow_fuzzy: bool = False
    fallback: Fallback = Fallback.ENGLISH
    below_threshold: BelowThreshold = BelowThreshold.DRAFT
    editions: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class BuildReport:
    articles: tuple[BuiltArticle, ...]
    written: tuple[str, ...]
    requested: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # files of editions skipped now, left by an earlier build

    @property
    def exit_code(self) -> int:
        """1 when an article that was asked for by name could not be built (was skipped)."""
        if any(a.skipped and a.slug in self.requested for a in self.articles):
            return 1
        return 0
