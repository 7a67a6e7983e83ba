"""The values of review: a reviewer's sign-off of one entry, and what a review run did."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..values import Problem


class ReviewState(StrEnum):
    """Where one translated entry stands with review."""

    REVIEWED = "reviewed"  # signed off, and neither its English nor its translation changed since
    CHANGED = "changed since review"  # signed off, but its English or translation changed since
    WAITING = "waiting for review"  # translated, never signed off


@dataclass(frozen=True, slots=True)
class Signoff:
    """One sign-off, kept as the translator comment `# reviewed: NAME DATE DIGEST`.

    `digest` is the start of the SHA-256 of the entry's English and translation when it was
    signed (`core.review.signoff.digest`): the entry is reviewed while they still give it.
    """

    name: str
    date: str  # YYYY-MM-DD
    digest: str

    @property
    def comment(self) -> str:
        return f"reviewed: {self.name} {self.date} {self.digest}"


@dataclass(frozen=True)
class Review:
    """One translated entry's review: its state, and the sign-off that decides it (the one
    that holds, else the latest one that no longer does; None when there is none)."""

    state: ReviewState
    signoff: Signoff | None = None


@dataclass(frozen=True)
class ReviewStats:
    """What a review did to one catalog's translated entries."""

    signed: int = 0  # waited for review, now signed off
    renewed: int = 0  # changed since an earlier sign-off, signed off again
    already: int = 0  # already reviewed: left as they were
    open: int = 0  # untranslated or fuzzy: nothing to sign off yet

    @property
    def changed(self) -> bool:
        return bool(self.signed or self.renewed)


@dataclass(frozen=True)
class CatalogReview:
    """One catalog reviewed: where it is and what its review did (written or, in a dry run,
    what would be)."""

    path: str
    article: str
    language: str
    stats: ReviewStats


@dataclass(frozen=True)
class ReviewReport:
    """A review run: the reviewer, the date, each catalog's review and the files that could
    not be read."""

    name: str
    date: str
    catalogs: tuple[CatalogReview, ...]
    failed: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A translated entry that waits for review: where it is, its text, and for one changed
    since its sign-off, that sign-off and the word diffs from the text it signed (empty when
    that text could not be found, see `found`)."""

    line: int
    state: ReviewState  # WAITING or CHANGED
    msgid: str
    msgstr: str
    signoff: Signoff | None = None
    english_diff: str = ""  # the English since the reviewed text ("" when unchanged)
    translation_diff: str = ""  # the translation since the reviewed text
    found: bool = False  # the reviewed text was found (in git's history of the catalog)


@dataclass(frozen=True)
class CatalogReviewTodo:
    """The entries of one catalog that wait for review."""

    path: str
    article: str
    language: str
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class ReviewTodo:
    """What waits for review in one language, and the files that could not be read."""

    catalogs: tuple[CatalogReviewTodo, ...]
    failed: tuple[Problem, ...] = ()
