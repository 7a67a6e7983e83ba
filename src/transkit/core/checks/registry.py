"""The registry of checks: every finding of `check` comes from one registered check.

A check is one function registered under an id of `CheckId` with a `Scope` that says what it
looks at and so what it is handed:

- `PAIR`: an English text and its translation (and the language), yielding messages;
- `ENTRY`: one live entry of a catalog (and the catalog's `CatalogSubject`), yielding `Flag`s;
- `CATALOG`: one catalog (`CatalogSubject`), yielding `Flag`s;
- `ARTICLE`: one catalog against its English article (`CatalogSubject`, which holds the
  article's document), yielding `Flag`s;
- `EDITION`: one edition's counts and verdict (`EditionSubject`), yielding `Flag`s;
- `PROJECT`: a language's catalogs together, or the project's files (`ProjectSubject`);
- `FILE`: a file that cannot be read at all (`Unreadable`).

The runners (`core.checks.run`) hand each registered check its subject, drop what an entry or a
header silences, and make `Finding`s; the order of a report, how each finding may be silenced
and `transkit check --list` are read from here. Adding a check is one member of `CheckId` and
one decorated function (Weblate's shape); the function never raises.

A translator silences one check on one entry with a translator comment
``# transkit-ignore-<id>`` (or the flag ``#, transkit-ignore-<id>``, which gettext's own tools
drop); a catalog-wide check is silenced by the same comment above the catalog's header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

import polib

from ..po.entries import ignored as ignored  # silencing: every stage reads it
from ..po.entries import silenced as silenced
from .model import CheckId as CheckId  # the registry's ids, defined with the findings
from .model import CheckOptions as CheckOptions
from .model import Gate, Level


class Scope(StrEnum):
    """What a check looks at, and so what its function is handed."""

    PAIR = "pair"  # an English text and its translation: (source, target, lang[, taken])
    ENTRY = "entry"  # one live entry of a catalog: (entry, CatalogSubject)
    CATALOG = "catalog"  # one catalog: (CatalogSubject)
    ARTICLE = "article"  # one catalog against its English article: (CatalogSubject)
    EDITION = "edition"  # one edition's counts and verdict: (EditionSubject)
    PROJECT = "project"  # a language's catalogs together, or the project's files
    FILE = "file"  # a file that cannot be read: (Unreadable)


class Silence(StrEnum):
    """How a finding of a check may be silenced."""

    ENTRY = "entry"  # '# transkit-ignore-<id>' on the entry
    # '# transkit-ignore-<id>' above the catalog's header (a finding at an entry: on the entry)
    HEADER = "header"
    NONE = "none"  # a gate: fixed by a command or in the source, never silenced


class Takes(Enum):
    """What a pair check's function takes after (English, translation, language)."""

    PAIR = "pair"  # nothing more
    OPTIONS = "options"  # the project's CheckOptions
    GLOSSARY = "glossary"  # the project's glossary: the check runs only when there is one


@dataclass(frozen=True)
class Flag:
    """What a check that is not a pair check found: a message, and where it is when that is not
    the subject itself (an entry of the catalog, a line, another file)."""

    message: str
    hint: str = ""  # "" for the check's hint
    entry: polib.POEntry | None = None  # points at its msgstr line; silenced by its comment
    path: str | None = None  # None: the subject's
    line: int | None = None
    article: str | None = None
    language: str | None = None


# a pair check: (English, translation, language[, what it takes]) -> messages; any other
# check: (its scope's subject) -> Flags, or for ENTRY (entry, subject) -> Flags
CheckFunction = Callable[..., Iterator[Any]]
# (English, translation, language) -> whether the check can find anything in the pair
Relevant = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class Check:
    id: CheckId
    severity: Level
    description: str  # what it catches
    function: CheckFunction
    hint: str  # how to fix what it finds
    scope: Scope = Scope.PAIR
    silence: Silence = Silence.ENTRY
    takes: Takes = Takes.PAIR
    # a cheap test of what a pair must hold for the check to find anything in it (None: any
    # pair may fail it); most pairs of an article hold no footnote, link or markup, and a
    # substring test costs far less than running the check to learn that
    relevant: Relevant | None = None
    languages: frozenset[str] = frozenset()  # the languages it applies to (empty: all)
    gates: frozenset[Gate] = frozenset(Gate)  # the gates that run it

    @property
    def judges_edition(self) -> bool:
        """Whether its errors keep an edition from being final (`core.report.verdict`): those
        of the checks of one catalog and its article. Completeness is the verdict itself; a
        file that cannot be read has no edition; the checks of many catalogs together
        (consistency, orphan) are warnings that no edition's own check can see."""
        return self.scope in _OF_AN_EDITION

    @property
    def rank(self) -> int:
        """Its place in a report among the findings at one place."""
        return rank(self.id)

    def silencing(self) -> str:
        """How to silence one of its findings, in words."""
        comment = f"'# transkit-ignore-{self.id}'"
        if self.silence is Silence.ENTRY:
            return f"the translator comment {comment} on the entry"
        if self.silence is Silence.HEADER:
            return (f"the translator comment {comment} above the catalog's header (or on the "
                    "entry a finding points at)")
        return "cannot be silenced"

    def hint_for(self, hint: str = "") -> str:
        """A finding's hint: what to do, and how to silence it where it is an entry's."""
        hint = hint or self.hint
        if self.silence is Silence.ENTRY:
            return (f"{hint}; or silence it on this entry with the translator comment "
                    f"'# transkit-ignore-{self.id}'")
        return hint


_OF_AN_EDITION = frozenset((Scope.PAIR, Scope.ENTRY, Scope.CATALOG, Scope.ARTICLE))
REGISTRY: dict[CheckId, Check] = {}
_ORDER: dict[str, int] = {check_id: i for i, check_id in enumerate(CheckId)}


def rank(check_id: str) -> int:
    """The place of a check's findings among those at one place: `CheckId`'s order."""
    return _ORDER.get(check_id, len(_ORDER))


def check(
    check_id: CheckId, *, severity: Level, description: str, hint: str,
    scope: Scope = Scope.PAIR, silence: Silence | None = None,
    takes: Takes = Takes.PAIR, relevant: Relevant | None = None,
    languages: Sequence[str] = (), gates: Sequence[Gate] = tuple(Gate),
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under an id; a pair or entry check is silenced on an entry
    unless `silence` says otherwise, any other on the catalog's header."""
    if silence is None:
        silence = Silence.ENTRY if scope in (Scope.PAIR, Scope.ENTRY) else Silence.HEADER

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in REGISTRY and REGISTRY[check_id].function is not function:
            raise ValueError(f"a check '{check_id}' is registered already")
        REGISTRY[check_id] = Check(check_id, severity, description, function, hint, scope,
                                   silence, takes, relevant, frozenset(languages),
                                   frozenset(gates))
        _SCOPED.clear()
        return function

    return register


_SCOPED: dict[Scope, tuple[Check, ...]] = {}


def scoped(scope: Scope) -> tuple[Check, ...]:
    """The registered checks of one scope, in report order."""
    found = _SCOPED.get(scope)
    if found is None:
        found = _SCOPED[scope] = tuple(sorted(
            (c for c in REGISTRY.values() if c.scope is scope), key=lambda c: c.rank))
    return found


def registered() -> tuple[Check, ...]:
    """Every registered check, in report order."""
    return tuple(sorted(REGISTRY.values(), key=lambda c: c.rank))


class Holds:
    """A `relevant` test that looks for marks: relevant to a pair where the English or the
    translation holds one of `marks` (substrings) or a character `pattern` matches (a class of
    single characters, such as a digit). A catalog none of whose pairs holds one is asked at
    once (`anywhere`), so a catalog without a footnote, link or tag runs no pair through the
    checks of those."""

    __slots__ = ("marks", "pattern", "test")

    def __init__(self, marks: Sequence[str] = (), *, pattern: re.Pattern[str] | None = None,
                 test: Relevant | None = None) -> None:
        if "\0" in "".join(marks) or (pattern is not None and pattern.search("\0")):
            raise ValueError("a mark must not hold NUL: it joins the texts `anywhere` reads")
        self.marks = tuple(marks)
        self.pattern = pattern
        # the pair test: `test` when one is given (it must answer as the marks do: a cached
        # look at the English, say), else the marks themselves
        self.test: Relevant = test if test is not None else _marks_test(self.marks, pattern)

    def __call__(self, source: str, target: str, lang: str) -> bool:
        return self.test(source, target, lang)

    def anywhere(self, texts: str) -> bool:
        """Whether any of the texts joined by NUL in `texts` holds a mark: no mark holds NUL, so
        none is made where two texts meet, and the pairs of texts that do not are irrelevant."""
        return any(mark in texts for mark in self.marks) or (
            self.pattern is not None and self.pattern.search(texts) is not None)


def _marks_test(marks: tuple[str, ...], pattern: re.Pattern[str] | None) -> Relevant:
    """The pair test of `Holds`: a closure per shape, as it is asked for every pair."""
    if pattern is not None:
        search = pattern.search
        if not marks:
            return lambda source, target, lang: bool(search(source) or search(target))
        plain = _marks_test(marks, None)
        return lambda source, target, lang: (plain(source, target, lang)
                                             or bool(search(source) or search(target)))
    if len(marks) == 1:
        mark = marks[0]
        return lambda source, target, lang: mark in source or mark in target

    def relevant(source: str, target: str, lang: str) -> bool:
        for mark in marks:  # noqa: SIM110 - a loop: no generator for each of 100,000 pairs
            if mark in source or mark in target:
                return True
        return False

    return relevant


def holds(*marks: str) -> Holds:
    """Relevant to a pair where the English or the translation holds one of `marks`."""
    return Holds(marks)
