"""The values of check: findings and the report they make."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import polib

from ..report.model import CatalogStatus
from ..source.model import DEFAULT_SHORTCODE_PARAMETERS, Document
from ..sync.model import SyncStats, TranslatedUnit
from ..terms.model import Glossary
from ..values import Problem, Selection


class Level(StrEnum):
    """How bad a check's finding is: errors fail `check`, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


class CheckId(StrEnum):
    """Every check's id (each registered in `core.checks.registry`), in the order a report
    lists the findings at one place."""

    VALIDITY = "validity"
    FRESHNESS = "freshness"
    COMPLETENESS = "completeness"
    FOOTNOTE_REFS = "footnote-refs"
    LINKS = "links"
    ANCHORS = "anchors"
    NUMBERS = "numbers"
    INLINE_MARKUP = "inline-markup"
    SHORTCODES = "shortcodes"
    ARMENIAN_PUNCTUATION = "armenian-punctuation"
    TT_URLS = "tt-urls"
    TT_EMAILS = "tt-emails"
    TT_XMLTAGS = "tt-xmltags"
    TT_ESCAPES = "tt-escapes"
    TT_NEWLINES = "tt-newlines"
    TT_DOUBLEWORDS = "tt-doublewords"
    TT_STARTWHITESPACE = "tt-startwhitespace"
    TT_ENDWHITESPACE = "tt-endwhitespace"
    WRONG_LANGUAGE = "wrong-language"
    TERMINOLOGY = "terminology"
    CONSISTENCY = "consistency"
    HEADER = "header"
    FOOTNOTE_UNREFERENCED = "footnote-unreferenced"
    ORPHAN = "orphan"


@dataclass(frozen=True)
class CheckOptions:
    """What a project's configuration says about its checks."""

    shortcode_parameters: tuple[str, ...] = DEFAULT_SHORTCODE_PARAMETERS


@dataclass(frozen=True, slots=True)  # many of them in a big project's reports
class Finding:
    """One problem found by `check`, located precisely enough to fix it."""

    path: str
    line: int | None
    article: str
    language: str
    check: CheckId
    level: Level
    message: str
    hint: str


class Gate(StrEnum):
    """Which of check's gates a run applies."""

    COMMIT = "commit"  # validity, freshness and quality: what every commit and pull request keeps
    PUBLISH = "publish"  # all of those, and completeness: every edition final


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    statuses: tuple[CatalogStatus, ...]
    catalogs: int
    selection: Selection | None = None  # --changed-since: the articles checked

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def exit_code(self) -> int:
        """0 all gates pass, 1 a gate failed, 2 a catalog could not be read at all."""
        if any(f.check == "validity" for f in self.findings):  # CheckId.VALIDITY
            return 2
        return 1 if self.errors else 0


# --- what each scope of check is handed (core.checks.registry.Scope) ----------------------------


@dataclass(frozen=True)
class CatalogSubject:
    """One catalog and its article, as the checks of an entry, a catalog and an article see
    them."""

    path: str  # as shown in findings
    article: str
    lang: str
    catalog: polib.POFile | None  # None: the catalog does not exist
    lines: Sequence[str] = ()  # the catalog's text, for the lines findings point at
    document: Document | None = None  # the English article
    # what a sync of the catalog would do (it needs the project's configuration, which the
    # run has): asked only when the catalog does not hold its article's units in order
    resync: Callable[[], SyncStats] | None = None
    glossary: Glossary | None = None
    options: CheckOptions | None = None
    # the English article read when a check first asks (`article_document`), for a catalog
    # known to be in step with it (a sync made these bytes from the article's bytes, so a
    # sync would change nothing): then `document` and `resync` are None
    known_in_step: Callable[[], Document] | None = None

    def article_document(self) -> Document | None:
        """The English article: `document`, or else read now for a catalog known in step."""
        if self.document is None and self.known_in_step is not None:
            return self.known_in_step()
        return self.document


@dataclass(frozen=True)
class EditionSubject:
    """One edition's counts and verdict, and the share of entries the project requires."""

    status: CatalogStatus
    entries: float = 0.0  # percent of the entries that must be translated


@dataclass(frozen=True)
class Orphaned:
    """A catalog whose English article is gone."""

    path: str
    article: str
    lang: str
    sources: str  # the folder of the English articles, as shown


@dataclass(frozen=True)
class ProjectSubject:
    """What the checks of many catalogs together see: the live translated units that disagree
    with another of their language (`core.sync.memory.disagreeing`) and the orphaned
    catalogs."""

    units: Iterable[TranslatedUnit] = ()
    orphans: Sequence[Orphaned] = field(default_factory=tuple)


@dataclass(frozen=True)
class Unreadable:
    """A file that cannot be read, and the article and language (or "") it stops."""

    problem: Problem
    article: str
    lang: str
