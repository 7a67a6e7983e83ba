"""Running the registered checks: each scope's subject to every check of that scope, and what
they find to `Finding`s, silenced where an entry or a catalog's header says so.

Importing this module registers every check (`pairs`, `catalog`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Sequence

import polib

from ..po.catalog import is_translated
from ..po.lines import msgstr_line
from ..terms.model import Glossary
from . import catalog as _catalog  # noqa: F401 - registers the checks of the other scopes
from . import pairs as _pairs  # noqa: F401 - registers the pair checks
from .model import (
    CatalogSubject,
    EditionSubject,
    Finding,
    Gate,
    Level,
    ProjectSubject,
    Unreadable,
)
from .registry import (
    REGISTRY,
    Check,
    CheckId,
    CheckOptions,
    Flag,
    Holds,
    Relevant,
    Scope,
    Silence,
    Takes,
    ignored,
    rank,
    registered,
    scoped,
)


def every_check() -> tuple[Check, ...]:
    """Every registered check, in report order."""
    return registered()


def check_of(check_id: CheckId) -> Check:
    """The registered check of an id."""
    return REGISTRY[check_id]


def run_checks(source: str, target: str, lang: str, *, skip: set[str] | None = None,
               glossary: Glossary | None = None,
               options: CheckOptions = CheckOptions(),  # noqa: B008 - a frozen value
               checks: Sequence[Check] | None = None,
               ) -> Iterator[tuple[Check, str]]:
    """Every finding of every registered pair check (or of `checks`, pair checks in report
    order) on one pair, in report order (the glossary's checks only with a glossary)."""
    plan = _plan(scoped(Scope.PAIR) if checks is None else checks, lang, glossary, options)
    return _run(plan, source, target, lang, skip)


def _run(plan: Sequence[_Step], source: str, target: str, lang: str,
         skip: Collection[str] | None) -> Iterator[tuple[Check, str]]:
    """The findings of the planned pair checks (`_plan`) on one pair, those in `skip` left out."""
    for item, relevant, call in plan:
        if skip and item.id in skip:
            continue
        if relevant is not None and not relevant(source, target, lang):
            continue
        for message in call(source, target, lang):
            yield item, message


# a pair check as a catalog's pairs are run through it: the check, its `relevant` test, and its
# function with what it takes besides the pair bound
_Step = tuple[Check, Relevant | None, Callable[[str, str, str], Iterable[str]]]


def _plan(checks: Iterable[Check], lang: str, glossary: Glossary | None,
          options: CheckOptions) -> list[_Step]:
    """The pair checks of `checks` that apply to `lang` (those that take the glossary only with
    one), in order, each with its function ready to take a pair."""
    out: list[_Step] = []
    for item in checks:
        if item.languages and lang not in item.languages:
            continue
        function = item.function
        call: Callable[[str, str, str], Iterable[str]]
        if item.takes is Takes.PAIR:
            call = function
        elif item.takes is Takes.OPTIONS:
            call = functools.partial(_with, function, options)
        elif item.takes is Takes.GLOSSARY and glossary is not None:
            call = functools.partial(_with, function, glossary)
        else:
            continue  # no glossary
        relevant = item.relevant
        out.append((item, relevant.test if isinstance(relevant, Holds) else relevant, call))
    return out


def _with(function: Callable[..., Iterable[str]], taken: object, source: str, target: str,
          lang: str) -> Iterable[str]:
    return function(source, target, lang, taken)


# what the pair checks read of an entry: its English, its translation, and the checks its
# comment silences
PairInputs = tuple[str, str, frozenset[str]]


def pair_inputs(entry: polib.POEntry) -> PairInputs | None:
    """What the pair checks read of an entry (their findings on it follow from it, with the
    catalog's language and the project's options); None: they do not read it (no translation,
    or a fuzzy one)."""
    if not entry.msgid or not entry.msgstr or not is_translated(entry):
        return None
    skip = ignored(entry.flags, entry.tcomment or "") if entry.flags or entry.tcomment else ()
    return entry.msgid, entry.msgstr, frozenset(skip)


def pair_findings(
    catalog: polib.POFile, *, path: str, article: str, lang: str, lines: Sequence[str] = (),
    glossary: Glossary | None = None,
    options: CheckOptions = CheckOptions(),  # noqa: B008 - a frozen value
    checks: Sequence[Check] | None = None,
    known: Container[PairInputs] = (),
) -> list[Finding]:
    """Findings of the pair checks (every one, or `checks`) on the translated (non-fuzzy)
    entries of a catalog, but those whose inputs are `known` (their findings are known
    already); with the catalog's `lines`, each points at its entry's msgstr line."""
    out: list[Finding] = []
    pairs = [(entry, inputs) for entry in catalog
             if (inputs := pair_inputs(entry)) is not None and not (known and inputs in known)]
    if not pairs:
        return out
    plan = _plan(scoped(Scope.PAIR) if checks is None else checks, lang, glossary, options)
    # a check that looks for marks (a footnote, a link, a tag) is asked once for the catalog:
    # most catalogs hold none of most marks, and their pairs then need not be asked one by one
    texts = "\0".join([text for _, inputs in pairs for text in inputs[:2]])
    plan = [step for step in plan
            if not isinstance(step[0].relevant, Holds) or step[0].relevant.anywhere(texts)]
    hints: dict[CheckId, str] = {}
    text: Sequence[str] | None = None  # `lines` as a list, taken when a finding first asks
    for entry, (source, target, skip) in pairs:
        line = entry.linenum
        for item, message in _run(plan, source, target, lang, skip):
            if line and lines:
                if text is None:
                    text = lines[:]  # one call for the lines it reads, not one a line
                line = msgstr_line(text, line)
            hint = hints.get(item.id)
            if hint is None:
                hint = hints[item.id] = item.hint_for()
            out.append(Finding(path, line, article, lang, item.id, item.severity, message,
                               hint))
    return out


def _findings(item: Check, flags: Iterable[Flag], *, path: str = "", article: str = "",
              lang: str = "", lines: Sequence[str] = (), header: set[str] | None = None
              ) -> Iterator[Finding]:
    """A check's flags as findings at their places, less those silenced where they point: a
    flag at an entry by the entry's comment, any other by the catalog's header (`header`: the
    ids it silences)."""
    quiet = item.silence is not Silence.NONE
    for flag in flags:
        line = flag.line
        if flag.entry is None:
            if quiet and header and item.id in header:
                continue
        else:
            if quiet and item.id in ignored(flag.entry.flags, flag.entry.tcomment or ""):
                continue
            line = flag.entry.linenum
            if line and lines:
                line = msgstr_line(lines, line)
        yield Finding(
            path if flag.path is None else flag.path, line,
            article if flag.article is None else flag.article,
            lang if flag.language is None else flag.language,
            item.id, item.severity, flag.message, item.hint_for(flag.hint))


def _applies(item: Check, lang: str) -> bool:
    return not item.languages or lang in item.languages


def judges(item: Check) -> bool:
    """Whether the verdict on an edition reads the check's findings (`failing`): its severity
    is error and it judges editions."""
    return item.severity is Level.ERROR and item.judges_edition


def catalog_findings(subject: CatalogSubject, *, verdict_only: bool = False,
                     known: Container[PairInputs] = ()) -> list[Finding]:
    """Every finding of the checks of a pair, an entry, a catalog and an article on one catalog
    (or on a catalog that does not exist: the article's checks only). `verdict_only`: only
    those of the checks the verdict reads (`judges`), what `failing` makes of every finding,
    found without running the warnings' checks. `known`: the inputs of pairs whose findings
    the caller knows (`pair_findings`)."""
    out: list[Finding] = []

    def chosen(scope: Scope) -> tuple[Check, ...]:
        every = scoped(scope)
        return tuple(item for item in every if judges(item)) if verdict_only else every

    catalog = subject.catalog
    header = ignored([], catalog.header or "") if catalog is not None else set()

    def found(item: Check, flags: Iterable[Flag]) -> Iterator[Finding]:
        return _findings(item, flags, path=subject.path, article=subject.article,
                         lang=subject.lang, lines=subject.lines, header=header)

    if catalog is not None:
        out += pair_findings(catalog, path=subject.path, article=subject.article,
                             lang=subject.lang, lines=subject.lines, glossary=subject.glossary,
                             options=subject.options or CheckOptions(),
                             checks=chosen(Scope.PAIR), known=known)
        for item in chosen(Scope.ENTRY):
            if _applies(item, subject.lang):
                for entry in catalog:
                    if not entry.obsolete:
                        flags = list(item.function(entry, subject))
                        if flags:  # most entries have none: no findings made of nothing
                            out += found(item, flags)
        for item in chosen(Scope.CATALOG):
            if _applies(item, subject.lang):
                out += found(item, item.function(subject))
    for item in chosen(Scope.ARTICLE):
        if _applies(item, subject.lang):
            out += found(item, item.function(subject))
    return out


def edition_findings(subject: EditionSubject) -> list[Finding]:
    """Every finding of the checks of one edition."""
    status = subject.status
    out: list[Finding] = []
    for item in scoped(Scope.EDITION):
        if _applies(item, status.language):
            out += _findings(item, item.function(subject), path=status.path,
                             article=status.article, lang=status.language)
    return out


def project_findings(subject: ProjectSubject) -> list[Finding]:
    """Every finding of the checks of many catalogs together."""
    out: list[Finding] = []
    for item in scoped(Scope.PROJECT):
        out += _findings(item, item.function(subject))
    return out


def file_findings(subject: Unreadable) -> list[Finding]:
    """A file that cannot be read, as findings (of the validity gate)."""
    out: list[Finding] = []
    for item in scoped(Scope.FILE):
        out += _findings(item, item.function(subject), article=subject.article,
                         lang=subject.lang)
    return out


def failing(findings: Iterable[Finding]) -> tuple[str, ...]:
    """What keeps an edition from being final among the findings of its catalog: each error
    of a check that judges editions, as 'numbers: locales/de/x.po:47', in report order."""
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.line or 0, rank(f.check))):
        item = REGISTRY.get(f.check)
        if f.level is Level.ERROR and item is not None and judges(item):
            out.append(f"{f.check}: {f.path}:{f.line}" if f.line else f"{f.check}: {f.path}")
    return tuple(dict.fromkeys(out))


def in_gate(findings: Iterable[Finding], gate: Gate) -> list[Finding]:
    """The findings of the checks `gate` runs, in report order: by place, then by check."""
    kept = [f for f in dict.fromkeys(findings) if _gated(f.check, gate)]
    kept.sort(key=lambda f: (f.path, f.line or 0, rank(f.check)))
    return kept


def _gated(check_id: CheckId, gate: Gate) -> bool:
    item = REGISTRY.get(check_id)
    return item is None or gate in item.gates
