"""Catalogs -> counts, exactly as gettext counts them, plus the words behind them.

An entry is counted the way ``msgfmt --statistics`` counts it: the header and obsolete entries
are not counted; an entry whose (first) msgstr is empty is untranslated, whether or not it is
marked fuzzy; a fuzzy entry with a translation is fuzzy; every other entry is translated.
Words are the English words of the msgids (whitespace-separated), so the share of the *text*
that is done shows next to the share of the entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

import polib

from ..po.catalog import is_fuzzy
from ..po.entries import other_translations
from ..review.model import ReviewState
from ..review.signoff import PREFIX, review_of
from ..sync.drift import DIFF_CONTEXT, judge, word_diff
from ..sync.model import Severity
from .model import CatalogStatus, EntryState, LanguageSummary, OpenEntry
from .verdict import STRICT, Policy, judge_edition

_PLACEHOLDERS = ("", "FULL NAME <EMAIL@ADDRESS>", "YEAR-MO-DA HO:MI+ZONE")


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, "") or "")
    return str(entry.msgstr)


def _placeholder(value: str) -> str:
    return "" if value in _PLACEHOLDERS else value


@lru_cache(maxsize=1 << 16)
def word_count(text: str) -> int:
    """The words of an English text; cached: the same paragraph is counted in every language
    (a worker of a sync of 1,000 articles counts some 40,000 texts)."""
    return len(text.split())


def is_header(entry: polib.POEntry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None


def catalog_status(
    catalog: polib.POFile, *, path: str, article: str, language: str, with_todo: bool = False,
) -> CatalogStatus:
    """Count one parsed catalog; `with_todo` also lists its open entries, with each drift's
    reasons and word diff. Its edition is judged by `with_verdict`."""
    total = translated = fuzzy = untranslated = obsolete = 0
    source_words = translated_words = critical = reviewed = reviewed_words = 0
    reviewers: Counter[str] = Counter()
    todo: list[OpenEntry] = []
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
            continue
        if is_header(entry):
            continue
        total += 1
        words = word_count(entry.msgid)
        source_words += words
        if not _first_msgstr(entry):
            untranslated += 1
            if with_todo:
                todo.append(OpenEntry(entry.linenum or 0, EntryState.UNTRANSLATED, entry.msgid,
                                      others=other_translations(entry.tcomment)))
        elif is_fuzzy(entry):
            fuzzy += 1
            state = EntryState.FUZZY
            reasons: tuple[str, ...] = ()
            if entry.previous_msgid is not None:
                severity, reasons = judge(entry.previous_msgid, entry.msgid)
                state = EntryState.drift(severity)
                critical += severity is Severity.CRITICAL
            if with_todo:
                diff = "" if entry.previous_msgid is None else word_diff(
                    entry.previous_msgid, entry.msgid, context=DIFF_CONTEXT)
                todo.append(OpenEntry(entry.linenum or 0, state, entry.msgid, reasons, diff,
                                      other_translations(entry.tcomment)))
        else:
            translated += 1
            translated_words += words
            if with_todo and (others := other_translations(entry.tcomment)):
                # a clash the translator has not settled yet: the other side is still kept
                todo.append(OpenEntry(entry.linenum or 0, EntryState.CLASH, entry.msgid,
                                      others=others))
            if entry.tcomment and PREFIX in entry.tcomment:
                review = review_of(entry)
                if review is not None and review.state is ReviewState.REVIEWED:
                    reviewed += 1
                    reviewed_words += words
                    assert review.signoff is not None
                    reviewers[review.signoff.name] += 1
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
        reviewed=reviewed,
        reviewed_words=reviewed_words,
        reviewers=tuple(name for name, _ in sorted(reviewers.items(),
                                                   key=lambda item: (-item[1], item[0]))),
    )


def with_verdict(status: CatalogStatus, policy: Policy = STRICT, failing: Sequence[str] = ()
                 ) -> CatalogStatus:
    """The status with the verdict on its edition (`core.verdict`), however it was counted;
    `failing` names the errors `check` finds in the catalog."""
    verdict = judge_edition(status, policy, failing)
    return replace(status, edition=verdict.edition, reasons=verdict.reasons)


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
        source_words=sum(word_count(t) for t in unique),
        translated_words=0,
        missing=True,
        todo=tuple(OpenEntry(0, EntryState.UNTRANSLATED, t) for t in unique),
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
            reviewed=sum(s.reviewed for s in items),
            reviewed_words=sum(s.reviewed_words for s in items),
            reviewers=_most_first(s.reviewers for s in items),
        )
        for lang, items in by_lang.items()
    ]


def _most_first(names: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The reviewers of several catalogs: those of the most catalogs first, then by name."""
    seen: Counter[str] = Counter(name for group in names for name in group)
    return tuple(name for name, _ in sorted(seen.items(), key=lambda item: (-item[1], item[0])))
