"""The values of status: where a catalog and a language stand, and the verdict on an edition."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ..sync.model import Severity, Suggestion
from ..terms.model import Term
from ..values import Problem, share

if TYPE_CHECKING:  # checks' values build on these: a runtime import would be circular
    from ..checks.model import Finding


class Edition(StrEnum):
    """The verdict on one edition (see `core.verdict`): published as final, as a draft, or not."""

    FINAL = "final"
    DRAFT = "draft"
    SKIPPED = "skipped"


class _Shares:
    """The two percentages of anything that counts entries and words."""

    translated: int
    total: int
    translated_words: int
    source_words: int
    reviewed_words: int

    @property
    def percent(self) -> float:
        """Percent of entries translated (gettext's measure)."""
        return share(self.translated, self.total)

    @property
    def words_percent(self) -> float:
        """Percent of the English words whose entry is translated."""
        return share(self.translated_words, self.source_words)

    @property
    def reviewed_percent(self) -> float:
        """Percent of the English words whose entry is translated and reviewed."""
        return share(self.reviewed_words, self.source_words)


class EntryState(StrEnum):
    """What a translator still has to do with an open entry."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    DRIFT_MINOR = "drift: minor"
    DRIFT_SUBSTANTIVE = "drift: substantive"
    DRIFT_CRITICAL = "drift: critical"
    CLASH = "merge clash"  # translated, with another translation kept beside it by a merge

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
    others: tuple[str, ...] = ()  # translations a merge kept beside it ("other translation …")


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
    reviewed: int = 0  # translated entries whose sign-off holds (core.review)
    reviewed_words: int = 0  # their English words
    reviewers: tuple[str, ...] = ()  # who signed them off, most entries first

    @property
    def unreviewed(self) -> int:
        """Translated entries that wait for review (never signed off, or changed since)."""
        return self.translated - self.reviewed


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
    reviewed: int = 0
    reviewed_words: int = 0
    reviewers: tuple[str, ...] = ()


@dataclass(frozen=True)
class TodoReport:
    """One language's open entries (each drift with its reasons and word diff, each merge
    clash with the other translation), the catalogs a sync would change, the files that could
    not be read, the glossary terms and the translation memory's suggestions of each open entry
    (by English), and the errors check finds in the translations."""

    statuses: tuple[CatalogStatus, ...]
    stale: frozenset[str]
    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    failed: tuple[Problem, ...] = ()
    suggestions: dict[str, tuple[Suggestion, ...]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()  # check's errors, each at its line with its hint


class BelowThreshold(StrEnum):
    """What a build does with an edition below its threshold."""

    DRAFT = "draft"
    SKIP = "skip"
