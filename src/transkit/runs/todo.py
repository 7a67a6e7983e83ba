"""`transkit todo`: what a translator has to do in one language."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..core.model import CatalogStatus, Glossary, Term, TodoReport
from ..core.terms import terms_in
from ..store.glossary import read_glossary
from .status import project_statuses
from .sync import sync_project


def todo_report(config: Config, lang: str, names: Sequence[str] | None = None) -> TodoReport:
    """The open entries of one language, with each drift's reasons and word diff, and which
    catalogs are out of step; a file that cannot be read is reported and the rest listed."""
    glossary = read_glossary(config)
    report = project_statuses(config, [lang], names, with_todo=True)
    present = {s.path for s in report.statuses if not s.missing}
    synced = sync_project(config, [lang], names, dry_run=True)
    stale = {c.path for c in synced.stale}
    failed = list(dict.fromkeys([*report.failed, *synced.failed]))
    return TodoReport(tuple(report.statuses), frozenset(stale & present),
                      terms=open_terms(report.statuses, glossary), failed=tuple(failed))


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
