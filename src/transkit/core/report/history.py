"""How the editions and their translators moved: figures from the versions of the catalogs.

Pure: the run (`runs/history.py`) reads git's log and the catalogs' versions (blobs) and hands
them here as values; nothing here opens a file or asks git.

- **A version's facts** (`CatalogFacts`, `SourceFacts`) never change for a blob id, so they are
  cached by it. A catalog is counted exactly as `status` counts it (`core.report.counts`).
- **A change's work** (`Work`) compares the entries of a catalog before and after a commit. A
  translated entry is *new* when it had no translation before (absent, untranslated, or only
  obsolete with another text) and its text is not one the catalog held before for an English
  that is gone (a sync or msgmerge carrying a translation over, a revived obsolete entry, a
  catalog renamed: moved, not translated); it is *revised* when it had a translation before
  (final with another text, or fuzzy, now confirmed or changed). Words are the English words of
  the entry, as status counts them. A merge is compared with every parent: only what it made
  differ from all of them is its own work.
- **Editions over time** follow the main line (first parents): the state at a period's end is
  the state the last main-line commit committed by then left.
- **Translators**: a commit's work goes to its author, unless the catalogs it changed name more
  than one translator in their `Last-Translator` headers: then each catalog's work goes to the
  translator its header names (a bulk commit of several people's work). Every commit reachable
  is counted once, on its author date (a rebase keeps it); a merge only for its own work.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

import polib

from ..po.catalog import is_fuzzy
from ..values import Problem, share
from .counts import catalog_status, is_header, word_count
from .model import CatalogStatus, Edition
from .verdict import STRICT, Policy, judge_edition

SECONDS_PER_DAY = 86400


class Period(StrEnum):
    """How figures are grouped in time."""

    WEEK = "week"
    MONTH = "month"


class Rule(StrEnum):
    """Whom a commit's work went to."""

    AUTHOR = "author"  # the commit's author
    LAST_TRANSLATOR = "last-translator"  # each catalog's Last-Translator (several in one commit)


# --- periods ------------------------------------------------------------------------------------


def period_of(day: date, by: Period) -> str:
    """The period a day falls in: '2024-11' (a month), '2024-W05' (an ISO week)."""
    if by is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_bounds(label: str) -> tuple[date, date]:
    """The first and the last day of a period named by `period_of`."""
    if "-W" in label:
        iso_year, week = label.split("-W")
        monday = date.fromisocalendar(int(iso_year), int(week), 1)
        return monday, monday + timedelta(days=6)
    year, month = (int(x) for x in label.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def periods_between(first: date, last: date, by: Period) -> list[str]:
    """Every period from the one holding `first` to the one holding `last`, in order."""
    found: list[str] = []
    day = first
    while day <= last or (found and found[-1] != period_of(last, by)):
        label = period_of(day, by)
        found.append(label)
        day = period_bounds(label)[1] + timedelta(days=1)
    return found


# --- one version of a catalog or a source --------------------------------------------------------


class State(StrEnum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


Key = tuple[str | None, str]  # (msgctxt, msgid)


class Entries(NamedTuple):
    """What the comparison of two versions needs of one: each entry's state, text and words."""

    active: dict[Key, tuple[State, str, int]]
    obsolete: dict[Key, str]


def _text(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\0".join(str(entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural))
    return str(entry.msgstr)


def _first(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, "") or "")
    return str(entry.msgstr)


def entries_of(catalog: polib.POFile) -> Entries:
    """The entries of a catalog, in the states status counts them in."""
    active: dict[Key, tuple[State, str, int]] = {}
    obsolete: dict[Key, str] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            if _first(entry):
                obsolete[key] = _text(entry)
            continue
        if is_header(entry):
            continue
        if not _first(entry):
            state = State.UNTRANSLATED
        elif is_fuzzy(entry):
            state = State.FUZZY
        else:
            state = State.TRANSLATED
        active[key] = (state, _text(entry), word_count(entry.msgid))
    return Entries(active, obsolete)


def units_digest(texts: Iterable[str]) -> str:
    """A digest of units in order: a catalog and a source with the same one are in step."""
    digest = hashlib.blake2b(digest_size=12)
    for text in dict.fromkeys(texts):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class CatalogFacts:
    """What one version of a catalog says: counts as status counts them, its headers, and the
    digest of its units. Cached by blob id: a version never changes."""

    language: str  # its Language header, "" when it has none
    last_translator: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    fuzzy_words: int
    critical: int
    units: str

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def catalog_facts(catalog: polib.POFile, entries: Entries) -> CatalogFacts:
    """The facts of one parsed version of a catalog."""
    status = catalog_status(catalog, path="", article="", language="")
    return CatalogFacts(
        language=catalog.metadata.get("Language", "").strip(),
        last_translator=status.last_translator,
        total=status.total, translated=status.translated, fuzzy=status.fuzzy,
        untranslated=status.untranslated, obsolete=status.obsolete,
        source_words=status.source_words, translated_words=status.translated_words,
        fuzzy_words=sum(w for s, _, w in entries.active.values() if s is State.FUZZY),
        critical=status.critical,
        units=units_digest(e.msgid for e in catalog
                           if not e.obsolete and e.msgid and e.msgctxt is None),
    )


@dataclass(frozen=True)
class SourceFacts:
    """What one version of an English article holds: its units (unique) and their words."""

    units: int
    words: int
    digest: str


def source_facts(texts: Sequence[str]) -> SourceFacts:
    unique = list(dict.fromkeys(texts))
    return SourceFacts(len(unique), sum(word_count(t) for t in unique), units_digest(unique))


# --- one change ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    """What one commit did to one catalog (or to the catalogs of a language it renamed)."""

    new_entries: int = 0
    new_words: int = 0
    revised_entries: int = 0
    revised_words: int = 0
    english_words: int = 0  # the words of English units the catalog did not have before

    @property
    def words(self) -> int:
        return self.new_words + self.revised_words


def union(versions: Sequence[Entries]) -> Entries | None:
    """Several catalogs as one (the catalogs a commit removed, one of which a new one may
    continue); None for none."""
    if not versions:
        return None
    if len(versions) == 1:
        return versions[0]
    active: dict[Key, tuple[State, str, int]] = {}
    obsolete: dict[Key, str] = {}
    for version in versions:
        obsolete.update(version.obsolete)
        for key, value in version.active.items():
            if key not in active or active[key][0] is not State.TRANSLATED:
                active[key] = value
    return Entries(active, obsolete)


def _kind(before: Entries | None, key: Key, text: str, carried: set[str]) -> str | None:
    """'new', 'revised' or None (nothing done) for an entry translated as `text` now."""
    was = before.active.get(key) if before is not None else None
    if was is not None and was[0] is State.TRANSLATED:
        return None if was[1] == text else "revised"
    if was is not None and was[0] is State.FUZZY:
        return "revised"
    if before is not None and before.obsolete.get(key) == text:
        return None  # revived
    return None if text in carried else "new"


def work_between(befores: Sequence[Entries | None], after: Entries) -> Work:
    """The work of a change from `befores` (one version per parent; None where the catalog
    did not exist) to `after`: with several parents (a merge), an entry counts only if it is
    new or revised against every one of them, in the kind the first parent gives."""
    carried_sets = []
    for before in befores:
        carried: set[str] = set()
        if before is not None:
            carried.update(t for k, t in before.obsolete.items() if k not in after.active)
            carried.update(t for k, (s, t, _) in before.active.items()
                           if s is not State.UNTRANSLATED and k not in after.active)
        carried_sets.append(carried)
    new_entries = new_words = revised_entries = revised_words = 0
    for key, (state, text, words) in after.active.items():
        if state is not State.TRANSLATED:
            continue
        kinds = [_kind(before, key, text, carried)
                 for before, carried in zip(befores, carried_sets, strict=True)]
        if not kinds or None in kinds:
            continue
        if kinds[0] == "new":
            new_entries += 1
            new_words += words
        else:
            revised_entries += 1
            revised_words += words
    first = befores[0] if befores else None
    english = sum(words for key, (_, _, words) in after.active.items()
                  if first is None or key not in first.active)
    return Work(new_entries, new_words, revised_entries, revised_words, english)


# --- the report's values -------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguagePeriod:
    """One edition at the end of one period, and what moved in it."""

    language: str
    period: str
    end: str  # the period's last day, YYYY-MM-DD
    catalogs: int  # articles with English to translate (a catalog, or a source without one)
    final: int  # editions final (the verdict of status) at the period's end
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    source_words: int
    translated_words: int
    fuzzy_words: int
    english_added: int  # English words new to the edition's catalogs in the period
    translated_change: int  # translated words at the end minus at the previous period's end

    @property
    def untranslated_words(self) -> int:
        return self.source_words - self.translated_words - self.fuzzy_words

    @property
    def words_percent(self) -> float:
        return share(self.translated_words, self.source_words)

    @property
    def final_percent(self) -> float:
        return share(self.final, self.catalogs)


@dataclass(frozen=True)
class TranslatorPeriod:
    """One translator's work in one period."""

    translator: str
    period: str
    new_words: int
    new_entries: int
    revised_words: int
    revised_entries: int
    commits: int
    rules: tuple[Rule, ...]  # how the work came to them, in Rule order


@dataclass(frozen=True)
class ArticleLag:
    """One article in one language: when it was translated, and how long it lagged behind."""

    article: str
    language: str
    first_translated: str  # the author day of the first commit that translated some of it
    last_translated: str
    lag_days: float  # days behind the English (untranslated or fuzzy units, or no catalog)
    behind_since: str  # the day it last fell behind, "" when it is up to date at the end


@dataclass(frozen=True)
class Attribution:
    """A commit that did translation work, and whom it went to by which rule."""

    sha: str
    day: str
    author: str
    rule: Rule
    words: tuple[tuple[str, int, int], ...]  # (translator, new words, revised words)


@dataclass(frozen=True)
class History:
    """Everything `transkit history` reports."""

    by: Period
    first: str  # the first and the last day reported
    last: str
    languages: tuple[LanguagePeriod, ...]
    translators: tuple[TranslatorPeriod, ...]
    articles: tuple[ArticleLag, ...]
    commits: tuple[Attribution, ...]
    commits_read: int
    skipped: tuple[Problem, ...] = ()
    sources: bool = False  # whether the English came from sources (else from the catalogs)



@dataclass(frozen=True)
class Trend:
    """What status shows of the history: each language's share of words translated at the end
    of the period before the current one, and where the history report is (None: not made)."""

    period: str  # the previous period
    previous: Mapping[str, float]  # language -> words percent then
    link: str | None = None

    @classmethod
    def of(cls, report: History, *, link: str | None = None) -> Trend:
        periods = list(dict.fromkeys(r.period for r in report.languages))
        if len(periods) < 2:
            return cls("", {}, link)
        before = periods[-2]
        return cls(before, {r.language: r.words_percent for r in report.languages
                            if r.period == before}, link)


# --- the editions along the main line ------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """A file as a main-line commit left it: a catalog (`language` set) or an English article
    (`language` None); `blob` None when the commit removed it."""

    language: str | None
    article: str
    blob: str | None


@dataclass(frozen=True)
class Step:
    """One main-line commit: when it was committed, the files it changed, and the work of each
    language's catalogs changed (for the English words added)."""

    day: date
    time: int
    versions: tuple[Version, ...]
    work: tuple[tuple[str, Work], ...] = ()  # (language, work)


@dataclass
class _Behind:
    since: int | None = None  # committer time it fell behind
    since_day: str = ""
    seconds: int = 0


def _status(facts: CatalogFacts, article: str, language: str) -> CatalogStatus:
    return CatalogStatus(path="", article=article, language=language, total=facts.total,
                         translated=facts.translated, fuzzy=facts.fuzzy,
                         untranslated=facts.untranslated, obsolete=facts.obsolete,
                         source_words=facts.source_words,
                         translated_words=facts.translated_words, critical=facts.critical)


@dataclass
class _Totals:
    catalogs: int = 0
    final: int = 0
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    source_words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0


def _overlap(start: int, end: int, window: tuple[int, int]) -> int:
    return max(0, min(end, window[1]) - max(start, window[0]))


def _timestamp(day: date, *, end: bool) -> int:
    ordinal = day.toordinal() - date(1970, 1, 1).toordinal() + (1 if end else 0)
    return ordinal * SECONDS_PER_DAY


def editions(
    steps: Sequence[Step],
    catalogs: Mapping[str, CatalogFacts],
    sources: Mapping[str, SourceFacts],
    *,
    languages: Sequence[str],
    by: Period,
    since: date | None = None,
    until: date | None = None,
    policies: Mapping[str, Policy] | None = None,
) -> tuple[list[LanguagePeriod], dict[tuple[str, str], _Behind], tuple[date, date] | None]:
    """Each language at the end of each period, and how long each article lagged.

    A catalog version missing from `catalogs` (one that could not be read) counts as absent.
    Days are committer days along the main line, never going back (a commit dated before the
    one it follows counts on that one's day). An article whose English is known (a source)
    and that has no catalog counts with all its units untranslated; it is behind while its
    catalog has untranslated or fuzzy units, or does not hold the English's units.
    """
    if not steps:
        return [], {}, None
    policies = policies or {}
    wanted = set(languages)
    state: dict[tuple[str | None, str], str] = {}  # (language or None, article) -> blob
    behind: dict[tuple[str, str], _Behind] = {}
    days: list[date] = []
    latest = steps[0].day
    for step in steps:
        latest = max(latest, step.day)
        days.append(latest)
    first = since or days[0]
    last = until or days[-1]
    window = (_timestamp(first, end=False), _timestamp(last, end=True))
    labels = periods_between(first, last, by) if first <= last else []
    rows: list[LanguagePeriod] = []
    english: dict[tuple[str, str], int] = {}
    previous_translated: dict[str, int] = {}
    has_sources = any(v.language is None for s in steps for v in s.versions)

    def is_behind(lang: str, article: str) -> bool:
        blob = state.get((lang, article))
        facts = catalogs.get(blob) if blob else None
        english_blob = state.get((None, article))
        source = sources.get(english_blob) if english_blob else None
        if facts is None:
            return source is not None and source.units > 0
        if not facts.complete:
            return True
        return source is not None and source.digest != facts.units

    counted: dict[tuple[str, str | None, str | None], tuple[int, ...]] = {}

    def count(lang: str, blob: str | None, english_blob: str | None) -> tuple[int, ...]:
        """One article's figures in one language: (catalogs, final, total, translated, fuzzy,
        untranslated, source words, translated words, fuzzy words); the same versions always
        count the same, so each is judged once."""
        key = (lang, blob, english_blob)
        found = counted.get(key)
        if found is not None:
            return found
        facts = catalogs.get(blob) if blob else None
        if facts is None:
            source = sources.get(english_blob) if english_blob else None
            found = ((1, 0, source.units, 0, 0, source.units, source.words, 0, 0)
                     if source is not None and source.units else (0,) * 9)
        elif not facts.total:
            found = (0,) * 9
        else:
            verdict = judge_edition(_status(facts, "", lang), policies.get(lang, STRICT))
            found = (1, int(verdict.edition is Edition.FINAL), facts.total, facts.translated,
                     facts.fuzzy, facts.untranslated, facts.source_words,
                     facts.translated_words, facts.fuzzy_words)
        counted[key] = found
        return found

    def totals(lang: str) -> _Totals:
        articles = {a for (lg, a) in state if lg == lang}
        if has_sources:
            articles |= {a for (lg, a) in state if lg is None}
        sums = [0] * 9
        for article in articles:
            blob = state.get((lang, article))
            for i, n in enumerate(count(lang, blob, None if blob in catalogs
                                        else state.get((None, article)))):
                sums[i] += n
        return _Totals(*sums)

    def start() -> None:
        """Remember where each language stood when the first period began."""
        if not previous_translated:
            for lang in languages:
                previous_translated[lang] = totals(lang).translated_words

    def close(label: str) -> None:
        start()
        end = period_bounds(label)[1]
        for lang in languages:
            t = totals(lang)
            rows.append(LanguagePeriod(
                language=lang, period=label, end=end.isoformat(), catalogs=t.catalogs,
                final=t.final, total=t.total, translated=t.translated, fuzzy=t.fuzzy,
                untranslated=t.untranslated, source_words=t.source_words,
                translated_words=t.translated_words, fuzzy_words=t.fuzzy_words,
                english_added=english.get((lang, label), 0),
                translated_change=t.translated_words - previous_translated[lang]))
            previous_translated[lang] = t.translated_words

    pending = iter(labels)
    current = next(pending, None)
    for step, day in zip(steps, days, strict=True):
        # the periods that ended before this commit are closed on the state before it
        while current is not None and period_bounds(current)[1] < day:
            close(current)
            current = next(pending, None)
        if day > last:
            break  # the periods left are closed on the state at `until`
        if day >= first:
            start()
        touched: set[tuple[str, str]] = set()
        for version in step.versions:
            if version.language is not None and version.language not in wanted:
                continue
            key = (version.language, version.article)
            if version.blob is None:
                state.pop(key, None)
            else:
                state[key] = version.blob
            if version.language is None:
                touched.update((lang, version.article) for lang in languages)
            else:
                touched.add((version.language, version.article))
        if day >= first:
            label = period_of(day, by)
            for lang, work in step.work:
                if lang in wanted:
                    english[(lang, label)] = english.get((lang, label), 0) + work.english_words
        clamped = max(step.time, _timestamp(day, end=False))
        for lang, article in sorted(touched):
            lag = behind.setdefault((lang, article), _Behind())
            now = is_behind(lang, article)
            if now and lag.since is None:
                lag.since, lag.since_day = clamped, day.isoformat()
            elif not now and lag.since is not None:
                lag.seconds += _overlap(lag.since, clamped, window)
                lag.since, lag.since_day = None, ""
    while current is not None:
        close(current)
        current = next(pending, None)
    for lag in behind.values():
        if lag.since is not None:
            lag.seconds += _overlap(lag.since, window[1], window)
    return rows, behind, (first, last)


# --- the translators -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogWork:
    """One catalog's work in one commit, and the translator its new version's header names."""

    language: str
    article: str
    work: Work
    last_translator: str


@dataclass(frozen=True)
class AuthoredCommit:
    """A commit reachable from the branch, with the work it did itself."""

    sha: str
    day: date
    author: str
    changes: tuple[CatalogWork, ...]


_EMAIL = re.compile(r"<([^<>]*)>\s*$")


def identity(person: str) -> str:
    """Who a 'Name <email>' is, for grouping: the e-mail address, else the name (no case)."""
    found = _EMAIL.search(person)
    if found and found.group(1).strip():
        return found.group(1).strip().lower()
    return " ".join(person.split()).lower()


def attribute(commit: AuthoredCommit) -> tuple[Rule, list[tuple[str, CatalogWork]]]:
    """Whom each catalog's work in a commit goes to, and by which rule."""
    worked = [c for c in commit.changes if c.work.words]
    named = {identity(c.last_translator) for c in worked if c.last_translator}
    if len(named) > 1:
        return Rule.LAST_TRANSLATOR, [(c.last_translator or commit.author, c) for c in worked]
    return Rule.AUTHOR, [(commit.author, c) for c in worked]


@dataclass
class _Sum:
    new_words: int = 0
    new_entries: int = 0
    revised_words: int = 0
    revised_entries: int = 0
    commits: set[str] = field(default_factory=set)
    rules: set[Rule] = field(default_factory=set)


def translators(
    commits: Iterable[AuthoredCommit], *, languages: Sequence[str], by: Period,
    since: date | None = None, until: date | None = None,
) -> tuple[list[TranslatorPeriod], list[Attribution], dict[tuple[str, str], tuple[str, str]]]:
    """Each translator's new and revised words per period (author days), every commit that
    did work with its rule, and each article's first and last day of translation work."""
    wanted = set(languages)
    sums: dict[tuple[str, str], _Sum] = {}
    names: dict[str, str] = {}
    attributions: list[Attribution] = []
    dates: dict[tuple[str, str], tuple[str, str]] = {}
    for commit in sorted(commits, key=lambda c: (c.day, c.sha)):
        if (since and commit.day < since) or (until and commit.day > until):
            continue
        chosen = [c for c in commit.changes if c.language in wanted]
        rule, given = attribute(AuthoredCommit(commit.sha, commit.day, commit.author,
                                               tuple(chosen)))
        if not given:
            continue
        label = period_of(commit.day, by)
        per_person: dict[str, list[int]] = {}
        for person, change in given:
            who = identity(person)
            names[who] = " ".join(person.split())
            total = sums.setdefault((who, label), _Sum())
            total.new_words += change.work.new_words
            total.new_entries += change.work.new_entries
            total.revised_words += change.work.revised_words
            total.revised_entries += change.work.revised_entries
            total.commits.add(commit.sha)
            total.rules.add(rule)
            words = per_person.setdefault(who, [0, 0])
            words[0] += change.work.new_words
            words[1] += change.work.revised_words
            key = (change.language, change.article)
            day = commit.day.isoformat()
            first_day, _ = dates.get(key, (day, day))
            dates[key] = (min(first_day, day), day)
        attributions.append(Attribution(
            commit.sha, commit.day.isoformat(), commit.author, rule,
            tuple((names[w], n, r) for w, (n, r) in sorted(per_person.items()))))
    rows = [
        TranslatorPeriod(names[who], label, s.new_words, s.new_entries, s.revised_words,
                         s.revised_entries, len(s.commits),
                         tuple(r for r in Rule if r in s.rules))
        for (who, label), s in sorted(sums.items(), key=lambda i: (i[0][1], names[i[0][0]]))
    ]
    return rows, attributions, dates


def history(
    steps: Sequence[Step],
    commits: Sequence[AuthoredCommit],
    catalogs: Mapping[str, CatalogFacts],
    sources: Mapping[str, SourceFacts],
    *,
    languages: Sequence[str],
    by: Period,
    since: date | None = None,
    until: date | None = None,
    policies: Mapping[str, Policy] | None = None,
    skipped: Sequence[Problem] = (),
    commits_read: int | None = None,
) -> History:
    """The whole report: editions per period, translators per period, articles' lag."""
    rows, behind, span = editions(steps, catalogs, sources, languages=languages, by=by,
                                  since=since, until=until, policies=policies)
    people, attributions, dates = translators(commits, languages=languages, by=by,
                                              since=since, until=until)
    articles = []
    for (lang, article) in sorted(set(behind) | set(dates), key=lambda k: (k[1], k[0])):
        lag = behind.get((lang, article), _Behind())
        first_day, last_day = dates.get((lang, article), ("", ""))
        if not lag.seconds and not first_day and lag.since is None:
            continue
        articles.append(ArticleLag(article, lang, first_day, last_day,
                                   round(lag.seconds / SECONDS_PER_DAY, 1), lag.since_day))
    first, last = span if span else (since or date.min, until or date.min)
    return History(
        by=by, first=first.isoformat() if span else "", last=last.isoformat() if span else "",
        languages=tuple(rows), translators=tuple(people), articles=tuple(articles),
        commits=tuple(attributions),
        commits_read=len(steps) + len(commits) if commits_read is None else commits_read,
        skipped=tuple(skipped),
        sources=any(v.language is None for s in steps for v in s.versions))
