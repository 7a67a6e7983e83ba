"""The values of build: what one localized article used in each unit's place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..report.model import BelowThreshold, Edition
from ..values import Problem, share


class Used(StrEnum):
    """What a built article shows in the place of one unit."""

    TRANSLATION = "translation"
    FUZZY = "fuzzy"
    ENGLISH = "english"
    OMITTED = "omitted"


class Site(StrEnum):
    """The site generator that reads the built editions: how a draft and the language are
    said in their front matter."""

    PLAIN = "plain"  # draft: true, lang: (Hugo's words, which most generators share)
    HUGO = "hugo"  # draft: true hides a page; the language comes from the file's place
    JEKYLL = "jekyll"  # published: false hides a page; lang: for jekyll-polyglot


class Fallback(StrEnum):
    """What a build puts where a unit has no usable translation."""

    ENGLISH = "english"
    OMIT = "omit"


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
    site: Site = Site.PLAIN


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
