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

# Shortcode parameters offered for translation unless the configuration says otherwise: what a
# reader sees (a tooltip's text, a figure's caption), never names, paths or settings.
DEFAULT_SHORTCODE_PARAMETERS = ("text", "title", "caption", "alt")

# Kinds of translatable unit, in the words translators see in the catalog's comments.
FRONT_MATTER = "front-matter"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
BLOCKQUOTE = "blockquote"
TABLE_CELL = "table-cell"
FOOTNOTE = "footnote"
IMAGE_ALT = "image-alt"
HTML_TEXT = "html"  # text in a raw HTML block; detail: the element holding it
HTML_ATTRIBUTE = "html-attribute"  # detail: the element and the attribute ("img alt")
SHORTCODE_PARAMETER = "shortcode-parameter"  # detail: the shortcode and the parameter
# in a footnote's label, and so in its entry's comment, when the text never refers to it
UNREFERENCED = "never referenced in the text"
# the translation memory: how similar (rapidfuzz ratio, 0-100) English must be for its
# translation to fill a new unit fuzzy; msgmerge's fuzzy matches are about as close
DEFAULT_MEMORY_THRESHOLD = 80.0


@dataclass(frozen=True)
class Segment:
    """One paragraph-level unit of a source article."""

    index: int  # 1-based position in the article
    kind: str
    line: int  # 1-based line of the unit in the source file
    text: str
    detail: str = ""  # front-matter key, heading level or footnote label
    unreferenced: bool = False  # a footnote definition the text never refers to

    @property
    def label(self) -> str:
        """The kind as a translator reads it: 'heading 2', 'footnote 3', 'front matter: title'."""
        if self.kind == FRONT_MATTER:
            return f"front matter: {self.detail}"
        if self.unreferenced:
            return f"{self.kind} {self.detail} ({UNREFERENCED})"
        if self.kind in (HEADING, FOOTNOTE):
            return f"{self.kind} {self.detail}"
        if self.kind == HTML_TEXT:
            return f"html <{self.detail}>" if self.detail else "html"
        if self.kind in (HTML_ATTRIBUTE, SHORTCODE_PARAMETER):
            owner, name = self.detail.split(" ", 1)
            return f"html <{owner}> {name}" if self.kind == HTML_ATTRIBUTE else (
                f"shortcode {owner}: {name}")
        return self.kind.replace("-", " ")


class SlotMode(StrEnum):
    """How a unit's text is written back into its place in the skeleton."""

    BLOCK = "block"  # a block: continuation lines get the block's prefix
    INLINE = "inline"  # on one line: image alt text, text in an HTML block
    CELL = "cell"  # a table cell: one line, '|' escaped
    YAML = "yaml"  # a front-matter value, always double-quoted
    YAML_PLAIN = "yaml-plain"  # a front-matter value, plain where YAML reads it back the same
    ATTRIBUTE_DQ = "attribute-dq"  # an HTML attribute value in "…": '"' as &quot;
    ATTRIBUTE_SQ = "attribute-sq"  # in '…': "'" as &#39;
    ATTRIBUTE_BARE = "attribute-bare"  # unquoted: quoted when the text needs it
    PARAMETER_DQ = "parameter-dq"  # a shortcode parameter in "…": '"' escaped with '\'
    PARAMETER_SQ = "parameter-sq"  # in '…' (Liquid): "'" as ’, which Liquid cannot escape
    PARAMETER_BQ = "parameter-bq"  # in `…` (Hugo's raw string): '`' as "'"


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


class Edition(StrEnum):
    """The verdict on one edition (see `core.verdict`): published as final, as a draft, or not."""

    FINAL = "final"
    DRAFT = "draft"
    SKIPPED = "skipped"


class Level(StrEnum):
    """How bad a check's finding is: errors fail `check`, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)  # many of them in a big project's reports
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
class Problem:
    """A file a run could not read (bad input). The run went on without what depends on it,
    and shows this as one line: file, line, what is wrong and how to fix it."""

    path: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = "" if self.path is None else (
            f"{self.path}:{self.line}: " if self.line else f"{self.path}: ")
        return where + self.message


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


@dataclass(frozen=True, slots=True)  # many of them in a big project's reports
class OpenEntry:
    """An entry a translator has to work on: where it is, its state and its English."""

    line: int
    state: EntryState
    msgid: str
    reasons: tuple[str, ...] = ()  # a drift's reasons ("number changed: 19 → 20")
    diff: str = ""  # a drift's word diff


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
    edition: Edition = Edition.DRAFT  # the verdict (core.verdict) on the catalog's edition
    reasons: tuple[str, ...] = ()  # why the edition is not final


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
    """One language's open entries (each drift with its reasons and word diff), the catalogs
    a sync would change, the files that could not be read, and the glossary terms and the
    translation memory's suggestions of each open entry (by English)."""

    statuses: tuple[CatalogStatus, ...]
    stale: frozenset[str]
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    failed: tuple[Problem, ...] = ()
    suggestions: dict[str, tuple[Suggestion, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """A translation the memory offers for one sentence of an open unit."""

    sentence: int  # its number in the unit (1-based); 0 when the unit is one sentence
    score: int  # 100: the same English
    article: str  # where the translation comes from
    target: str
    diff: str = ""  # from the remembered English to this one (wdiff notation), unless the same


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
class SyncReport:
    catalogs: tuple[CatalogSync, ...] = field(default_factory=tuple)
    failed: tuple[Problem, ...] = ()  # articles left as they were: a file could not be read
    empty: tuple[str, ...] = ()  # articles with nothing to translate, so without catalogs

    @property
    def changed(self) -> tuple[CatalogSync, ...]:
        return tuple(c for c in self.catalogs if c.changed)

    @property
    def stale(self) -> tuple[CatalogSync, ...]:
        """The catalogs out of step with their sources (see `CatalogSync.stale`)."""
        return tuple(c for c in self.catalogs if c.stale)


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


class Gate(StrEnum):
    """Which of check's gates a run applies."""

    COMMIT = "commit"  # validity, freshness and quality: what every commit and pull request keeps
    PUBLISH = "publish"  # all of those, and completeness: every edition final


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


@dataclass(frozen=True, slots=True)  # many of them in a big project's reports
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
    reasons: tuple[str, ...] = ()  # why the edition is not final (core.verdict)

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
    removed: tuple[str, ...] = ()  # files of editions skipped now, or of the other format
    failed: tuple[Problem, ...] = ()  # editions not built: a file could not be read

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read, 1 when an article that was asked for by name could
        not be built (was skipped)."""
        if self.failed:
            return 2
        if any(a.skipped and a.slug in self.requested for a in self.articles):
            return 1
        return 0


# --- terminology ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One glossary entry: the English term and, per language, the accepted translations."""

    source: str
    targets: tuple[tuple[str, tuple[str, ...]], ...]  # (lang, accepted translations)
    note: str = ""
    line: int = 0  # where the glossary defines it (0: not known)

    def accepted(self, lang: str) -> tuple[str, ...]:
        """The accepted translations into `lang`, in the glossary's order; () for none."""
        for code, forms in self.targets:
            if code == lang:
                return forms
        return ()


@dataclass(frozen=True, eq=False)
class Glossary:
    """A project's terminology, read from `path` (as shown to users).

    Compared by identity: the matcher keeps an index per glossary, and hashing every term for
    each entry checked would cost more than the check.
    """

    path: str
    terms: tuple[Term, ...]


# --- exchange with CAT tools ------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedUnit:
    """A unit of an XLIFF file that was not imported, and why."""

    path: str  # the XLIFF file
    line: int
    unit: str  # its id
    reason: str


@dataclass(frozen=True)
class ExchangeImport:
    """What importing an XLIFF or TMX file did to one catalog."""

    path: str  # the catalog
    imported: int
    unchanged: int
    skipped: int
    changed: bool


@dataclass(frozen=True)
class ExchangeReport:
    """An import from a CAT tool: each catalog's outcome and the units left out."""

    catalogs: tuple[ExchangeImport, ...]
    skipped: tuple[SkippedUnit, ...] = ()

    @property
    def exit_code(self) -> int:
        """1 when some units were not imported (they are reported), else 0."""
        return 1 if self.skipped else 0


class ExchangeFormat(StrEnum):
    """The files transkit writes for CAT tools."""

    XLIFF = "xliff"  # XLIFF 1.2, one file per article
    TMX = "tmx"  # TMX 1.4, one memory per language


@dataclass(frozen=True)
class Exported:
    """One file written for CAT tools: XLIFF of a catalog, or TMX of a language."""

    path: str
    format: ExchangeFormat
    units: int
    translated: int
    fuzzy: int = 0
    untranslated: int = 0
    catalogs: int = 1


# --- merge ------------------------------------------------------------------------------------


class MergeAction(StrEnum):
    """What a merge of two versions of a catalog decided for an entry, beyond taking a change."""

    CARRIED = "carried"  # a translation made for English the other side changed: now fuzzy on it
    CLASH = "clash"  # two translations of one English: one kept, fuzzy; the other in a comment
    KEPT_OBSOLETE = "kept obsolete"  # translated on one side, its English removed on the other
    KEPT = "kept"  # an obsolete entry back to life on one side, pruned on the other: live


@dataclass(frozen=True)
class MergeNote:
    """One decision of a merge that a translator should know about."""

    action: MergeAction
    msgid: str  # the English of the entry the decision concerns
    detail: str = ""


@dataclass(frozen=True)
class MergeFileReport:
    """The outcome of merging (or resolving) one catalog."""

    path: str
    notes: tuple[MergeNote, ...] = ()
    conflict: str = ""  # why the merge could not be made ("" when it was)
    changed: bool = True

    @property
    def exit_code(self) -> int:
        """What a git merge driver answers: 0 merged, 1 a conflict left to the user."""
        return 1 if self.conflict else 0


@dataclass(frozen=True)
class GitSetupReport:
    """What `setup-git` found and changed."""

    attributes: str  # the .gitattributes file, as shown
    line: str  # the line for the project's catalogs
    added_line: bool
    config: tuple[tuple[str, str], ...]  # (git config key, value) set now
    unchanged: tuple[str, ...]  # git config keys that already held their value
