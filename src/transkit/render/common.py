"""Helpers every report shares: counts with their nouns, the 'done' cells, and the lines that
name the files a run could not read."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.report.model import CatalogStatus, LanguageSummary
from ..core.values import Problem, Selection


def entries_done(x: CatalogStatus | LanguageSummary) -> str:
    """'32 (97.0%)': entries translated, and their share."""
    return f"{x.translated} ({x.percent:.1f}%)"


def words_done(x: CatalogStatus | LanguageSummary) -> str:
    """'2869/2950 (97.3%)': English words whose entry is translated, of all, and the share."""
    return f"{x.translated_words}/{x.source_words} ({x.words_percent:.1f}%)"


def words_reviewed(x: CatalogStatus | LanguageSummary) -> str:
    """'1200/2950 (40.7%)': English words whose entry is reviewed, of all, and the share."""
    return f"{x.reviewed_words}/{x.source_words} ({x.reviewed_percent:.1f}%)"


def reviewed_by(x: CatalogStatus | LanguageSummary) -> str:
    """Who signed off entries ('Anna Schmidt, Ben Ito'), most first; '–' for nobody."""
    return ", ".join(x.reviewers) or "–"


def plural(count: int, noun: str) -> str:
    """'1 catalog', '3 catalogs', '2 entries': the count with its noun, in English."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("ry") else f"{count} {noun}s"


def render_failures(problems: Iterable[Problem], *, severity: str = "error") -> str:
    """Each file a run could not read (or what it warns about), once, one line each:
    'transkit: error: FILE:LINE: what is wrong; how to fix it'."""
    return "".join(f"transkit: {severity}: {problem}\n" for problem in dict.fromkeys(problems))


def selection_data(selection: Selection) -> dict[str, object]:
    """`--changed-since`'s choice as JSON reports carry it (check, status)."""
    return {"changed_since": selection.rev, "merge_base": selection.base,
            "everything": selection.everything, "selected": len(selection.articles),
            "total": selection.total, "articles": list(selection.articles),
            "removed": list(selection.removed)}
