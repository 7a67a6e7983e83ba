"""`transkit todo`: what a translator has to do in one language."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..core.drift import classify
from ..core.model import CatalogStatus, Glossary, Term, TodoReport
from ..core.terms import terms_in
from ..store.files import find_articles, read_catalog
from ..store.glossary import read_glossary
from .status import project_statuses
from .sync import sync_project


def drift_diffs(
    config: Config, lang: str, names: Sequence[str] | None = None
) -> dict[str, str]:
    """English -> word diff for every drifted entry of one language's catalogs."""
    out: dict[str, str] = {}
    for article in find_articles(config, list(names or [])):
        path = config.catalog_path(lang, article.slug)
        catalog = read_catalog(path, shown=config.relative(path))
        for entry in catalog or []:
            if not entry.obsolete and "fuzzy" in entry.flags and entry.previous_msgid is not None:
                out[entry.msgid] = classify(entry.previous_msgid, entry.msgid).diff
    return out


def todo_report(config: Config, lang: str, names: Sequence[str] | None = None) -> TodoReport:
    """The open entries of one language, their diffs, and which catalogs are out of step."""
    glossary = read_glossary(config)
    statuses = project_statuses(config, [lang], names, with_todo=True)
    present = {s.path for s in statuses if not s.missing}
    stale = {c.path for c in sync_project(config, [lang], names, dry_run=True).changed}
    return TodoReport(tuple(statuses), drift_diffs(config, lang, names),
                      frozenset(stale & present), open_terms(statuses, glossary))


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
