"""Catalogs -> counts, exactly as gettext counts them, plus the words behind them.

An entry is counted the way ``msgfmt --statistics`` counts it: the header and obsolete entries
are not counted; an entry whose (first) msgstr is empty is untranslated, whether or not it is
marked fuzzy; a fuzzy entry with a translation is fuzzy; every other entry is translated.
Words are the English words of the msgids (whitespace-separated), so the share of the *text*
that is done shows next to the share of the entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polib

from .drift import classify, is_critical
from .model import Severity


def share(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`; nothing to do counts as all done."""
    return 100.0 * part / whole if whole else 100.0


class _Shares:
    """The two percentages of anything that counts entries and words."""

    translated: int
    total: int
    translated_words: int
    source_words: int

    @property
    def percent(self) -> float:
        """Percent of entries translated (gettext's measure)."""
        return share(self.translated, self.total)

    @property
    def words_percent(self) -> float:
        """Percent of the English words whose entry is translated."""
        return share(self.translated_words, self.source_words)


@dataclass(frozen=True)
class CatalogStatus(_Shares):
    """Where one catalog stands."""

    path: str
    article: str
    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    critical: int = 0
    last_translator: str = ""
    revision_date: str = ""
    missing: bool = False  # the catalog does not exist yet
    todo: tuple[tuple[int, str, str], ...] = ()  # (PO line, state, English) of open entries


@dataclass(frozen=True)
class LanguageSummary(_Shares):
    language: str
    catalogs: int
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    critical: int


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, "") or "")
    return str(entry.msgstr)


def _placeholder(value: str) -> str:
    return "" if value in ("", "FULL NAME <EMAIL@ADDRESS>", "YEAR-MO-DA HO:MI+ZONE") else value


def catalog_status(
    catalog: polib.POFile, *, path: str, article: str, language: str, with_todo: bool = True
) -> CatalogStatus:
    """Count one parsed catalog."""
    total = translated = fuzzy = untranslated = obsolete = 0
    source_words = translated_words = critical = 0
    todo: list[tuple[int, str, str]] = []
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        total += 1
        words = len(entry.msgid.split())
        source_words += words
        if not _first_msgstr(entry):
            untranslated += 1
            if with_todo:
                todo.append((entry.linenum or 0, "untranslated", entry.msgid))
        elif "fuzzy" in entry.flags:
            fuzzy += 1
            state = "fuzzy"
            if entry.previous_msgid is not None and with_todo:
                severity = classify(entry.previous_msgid, entry.msgid).severity
                state = f"drift: {severity.value}"
                critical += severity is Severity.CRITICAL
            elif entry.previous_msgid is not None:  # the count alone: no diff, no wording
                critical += is_critical(entry.previous_msgid, entry.msgid)
            if with_todo:
                todo.append((entry.linenum or 0, state, entry.msgid))
        else:
            translated += 1
            translated_words += words
    meta = catalog.metadata
    return CatalogStatus(
        path=path,
        article=article,
        language=language,
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=untranslated,
        obsolete=obsolete,
        source_words=source_words,
        translated_words=translated_words,
        critical=critical,
        last_translator=_placeholder(meta.get("Last-Translator", "")),
        revision_date=_placeholder(meta.get("PO-Revision-Date", "")),
        todo=tuple(todo),
    )


def missing_status(
    texts: Sequence[str], *, path: str, article: str, language: str
) -> CatalogStatus:
    """The status of a catalog that does not exist yet: every unit untranslated."""
    unique = list(dict.fromkeys(texts))
    return CatalogStatus(
        path=path,
        article=article,
        language=language,
        total=len(unique),
        translated=0,
        fuzzy=0,
        untranslated=len(unique),
        obsolete=0,
        source_words=sum(len(t.split()) for t in unique),
        translated_words=0,
        missing=True,
        todo=tuple((0, "untranslated", t) for t in unique),
    )


def summarize(statuses: Iterable[CatalogStatus]) -> list[LanguageSummary]:
    """Totals per language, in the order languages first appear."""
    by_lang: dict[str, list[CatalogStatus]] = {}
    for status in statuses:
        by_lang.setdefault(status.language, []).append(status)
    return [
        LanguageSummary(
            language=lang,
            catalogs=len(items),
            total=sum(s.total for s in items),
            translated=sum(s.translated for s in items),
            fuzzy=sum(s.fuzzy for s in items),
            untranslated=sum(s.untranslated for s in items),
            obsolete=sum(s.obsolete for s in items),
            source_words=sum(s.source_words for s in items),
            translated_words=sum(s.translated_words for s in items),
            critical=sum(s.critical for s in items),
        )
        for lang, items in by_lang.items()
    ]
