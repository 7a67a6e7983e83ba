"""The values of archive import: what happened to each piece of a translated article."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
