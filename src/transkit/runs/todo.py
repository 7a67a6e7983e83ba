"""`transkit todo`: what a translator has to do in one language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..config import Config
from ..core.checks.model import CheckId, Finding, Gate, Level
from ..core.checks.run import in_gate
from ..core.report.model import CatalogStatus, TodoReport
from ..core.sync.drift import word_diff
from ..core.sync.memory import suggestions
from ..core.sync.model import Suggestion
from ..core.terms.match import terms_in
from ..core.terms.model import Glossary, Term
from ..store.files import scan_articles
from ..store.glossary import read_glossary
from .check import check_catalogs
from .engine import parallel_iter
from .memory import MemoryRef, language_memory, memory_session
from .status import project_statuses
from .sync import sync_project

DIFF_CONTEXT = 4  # words of context around a change in a suggestion's diff


def todo_report(config: Config, lang: str, names: Sequence[str] | None = None) -> TodoReport:
    """The open entries of one language, with each drift's reasons and word diff, and which
    catalogs are out of step; a file that cannot be read is reported and the rest listed."""
    glossary = read_glossary(config)
    # check first: status then takes the errors its verdict reads from check's records
    errors = check_errors(config, lang, names, glossary)
    report = project_statuses(config, [lang], names, with_todo=True)
    present = {s.path for s in report.statuses if not s.missing}
    synced = sync_project(config, [lang], names, dry_run=True)
    stale = {c.path for c in synced.stale}
    failed = list(dict.fromkeys([*report.failed, *synced.failed]))
    found = memory_suggestions(config, lang, report.statuses) if config.memory else {}
    return TodoReport(tuple(report.statuses), frozenset(stale & present),
                      terms=open_terms(report.statuses, glossary), failed=tuple(failed),
                      suggestions=found,
                      findings=tuple(f for f in errors if f.path in present))


# what todo says in its own lines: a file that cannot be read is among the failures, and a
# catalog out of step is said so once, not finding by finding
_SAID_OTHERWISE = frozenset({CheckId.VALIDITY, CheckId.FRESHNESS, CheckId.COMPLETENESS})


def check_errors(config: Config, lang: str, names: Sequence[str] | None,
                 glossary: Glossary | None) -> list[Finding]:
    """The errors `check --gate commit` finds in each catalog of the language: what a
    translator must fix for it to pass, each at its line with its hint (check's cache serves a
    catalog unchanged since the last check). Consistency across articles is left out: it
    warns, and comparing with the archive is check's work, not a translator's list."""
    articles = scan_articles(config, names).articles
    checked = check_catalogs(config, [lang], articles, glossary=glossary)
    found = [f for record in checked.records if record is not None for f in record.findings]
    return [f for f in in_gate(found, Gate.COMMIT)
            if f.level is Level.ERROR and f.check not in _SAID_OTHERWISE]


@dataclass(frozen=True)
class SuggestJob:
    lang: str
    texts: tuple[str, ...]  # the English of one catalog's open units


Suggested = tuple[tuple[str, tuple[Suggestion, ...]], ...]  # (English, its suggestions)


@dataclass(frozen=True)
class Suggest:
    """The memory's suggestions for the open units of one catalog; a plain parallel map, not
    remembered (they change with every other catalog of the language)."""

    doing: ClassVar[str] = "looking up the memory"  # its progress on a terminal

    memory: MemoryRef

    def __call__(self, job: SuggestJob) -> Suggested:
        memory = language_memory(self.memory, job.lang)
        if memory is None:
            return ()
        out = []
        for text in job.texts:
            found = tuple(
                Suggestion(number, match.percent, match.article, match.target,
                           "" if match.exact else word_diff(match.english, sentence,
                                                            context=DIFF_CONTEXT))
                for number, sentence, matches in suggestions(
                    job.lang, text, memory, threshold=self.memory.threshold)
                for match in matches)
            if found:
                out.append((text, found))
        return tuple(out)


def memory_suggestions(config: Config, lang: str, statuses: Sequence[CatalogStatus]
                       ) -> dict[str, tuple[Suggestion, ...]]:
    """English -> the memory's suggestions, for every open unit of the catalogs that exist."""
    jobs = [SuggestJob(lang, tuple(dict.fromkeys(item.msgid for item in s.todo)))
            for s in statuses if s.todo and not s.missing]
    if not jobs:
        return {}
    with memory_session(config) as session:
        session.refresh([lang])
        found = list(parallel_iter(Suggest(session.ref), jobs))
    return {text: suggested for result in found for text, suggested in result}


def open_terms(statuses: Sequence[CatalogStatus], glossary: Glossary | None
               ) -> dict[str, tuple[Term, ...]]:
    """English -> the glossary terms it uses, for every open entry."""
    if glossary is None:
        return {}
    out: dict[str, tuple[Term, ...]] = {}
    for status in statuses:
        for item in status.todo:
            if item.msgid not in out:
                out[item.msgid] = tuple(terms_in(item.msgid, glossary))
    return {msgid: terms for msgid, terms in out.items() if terms}
