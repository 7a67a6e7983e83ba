"""Units + old catalog -> new catalog: carry translations over, flag drift, keep the obsolete.

The model is Babel's ``Catalog.update()`` and gettext's ``msgmerge --previous``, made
order-aware. Matching runs in stages, each only over what the stages before left open:

1. exact: the same English (anywhere in the article, so moved units keep their translation
   untouched), then the same English up to whitespace (a re-wrap is not drift);
2. revival: English that had been removed comes back with its obsolete translation;
3. alignment: the exact matches that keep their order are anchors; between two anchors the old
   and new units are paired by rapidfuzz similarity, so the neighbours of an edited paragraph
   are the evidence (no all-pairs search over the catalog);
4. splits and merges: a new unit that is a part of an old one inherits its translation (fuzzy),
   a new unit that contains several old ones inherits their translations joined (fuzzy);
5. a bounded search over what is still open anywhere (units that moved and changed).

Drift is stored in gettext's own fields: the ``fuzzy`` flag and the previous msgid (``#|``).
Severity and word diff are derived from those two strings, so they need no state of their own and
a second sync reproduces them byte for byte.

A unit that is new and untranslated can be filled from the translation memory (``recall``), as
``msgmerge --compendium`` fills one: translated when the same English is translated elsewhere,
fuzzy with the other English as the previous msgid when it is only similar; an extracted comment
(``#. memory: <article>``) says where from.

Identical English paragraphs in one article share one entry with several references, as
xgettext and msgmerge do: one English text, one translation, and ``build`` puts it in every place
the English stands. A translation can never be attached to a paragraph with other English.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import polib
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from ..po.catalog import empty_like, has_translation, is_fuzzy, is_translated
from ..po.entries import clone, fold
from ..source.model import Document, Segment
from .comments import MEMORY_PREFIX, drift_comments, kept_comments, kept_lines, memory_comments
from .drift import harmless, judge
from .model import MinorDrift, Recalled, Severity, SyncStats

CUTOFF = 55.0  # rapidfuzz scores 0-100, not 0-1 like gettext's fstrcmp
CUTOFF_SAME_PLACE = 35.0  # a lone old and a lone new unit between the same neighbours
PART_CUTOFF = 85.0
MOVED_CUTOFF = 70.0


@dataclass(frozen=True)
class SyncResult:
    catalog: polib.POFile
    stats: SyncStats
    # where the catalog's new, untranslated units stand that the memory was not asked about
    # or had nothing for: what `fill_new` asks it
    asks: tuple[int, ...] = ()


class MatchKind(StrEnum):
    """How a new unit found its old entry."""

    EXACT = "exact"  # the same English
    REFLOW = "reflow"  # the same English up to whitespace
    DRIFT = "drift"  # edited English, paired by similarity and place
    SPLIT = "split"  # a part of an old paragraph
    MERGE = "merge"  # several old paragraphs joined
    REVIVED = "revived"  # an obsolete entry whose English is back


@dataclass
class _Match:
    old: list[int]  # indexes into the old active entries (several for a merge)
    kind: MatchKind


def _anchors(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (new, old) pairs increasing in both: units that kept their order."""
    pairs = sorted(pairs)
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for i, (_, old) in enumerate(pairs):
        k = bisect_left(tails, old)
        if k == len(tails):
            tails.append(old)
            tail_index.append(i)
        else:
            tails[k] = old
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    chain: list[tuple[int, int]] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        chain.append(pairs[i])
        i = parent[i]
    return chain[::-1]


def _align(
    new_texts: Sequence[str], old_texts: Sequence[str], matches: dict[int, _Match]
) -> None:
    """Pair the still-open new and old units between anchors by similarity (in place)."""
    used_old = {o for m in matches.values() for o in m.old}
    anchors = _anchors([(n, m.old[0]) for n, m in matches.items()
                        if m.kind in (MatchKind.EXACT, MatchKind.REFLOW)])
    bounds = [(-1, -1), *anchors, (len(new_texts), len(old_texts))]
    for (n0, o0), (n1, o1) in zip(bounds, bounds[1:], strict=False):
        gap_new = [n for n in range(n0 + 1, n1) if n not in matches]
        gap_old_all = list(range(o0 + 1, o1))
        gap_old = [o for o in gap_old_all if o not in used_old]
        if not gap_new:
            continue
        if gap_old:
            cutoff = CUTOFF_SAME_PLACE if len(gap_new) == len(gap_old) == 1 else CUTOFF
            # pairwise, not process.cdist: cdist needs numpy, which transkit does not depend on
            scores = (
                (fuzz.ratio(new_texts[n], old_texts[o], score_cutoff=cutoff), n, o)
                for n in gap_new
                for o in gap_old
            )
            candidates = sorted(
                (-score, abs((n - n0) - (o - o0)), n, o) for score, n, o in scores if score > 0
            )
            for _, _, n, o in candidates:
                if n in matches or o in used_old:
                    continue
                matches[n] = _Match([o], MatchKind.DRIFT)
                used_old.add(o)
        # splits: an open new unit that is a part of an old unit of this gap
        for n in gap_new:
            if n in matches or not gap_old_all:
                continue
            # an old unit that cannot score the cutoff is never extractOne's answer
            best = process.extractOne(
                new_texts[n],
                {o: old_texts[o] for o in gap_old_all if _may_be_part(new_texts[n], old_texts[o])},
                scorer=fuzz.partial_ratio,
                score_cutoff=PART_CUTOFF,
            )
            if best is not None and len(new_texts[n]) < len(old_texts[best[2]]):
                matches[n] = _Match([best[2]], MatchKind.SPLIT)
                used_old.add(best[2])
        # merges: an open old unit that is a part of a new unit of this gap
        for o in gap_old:
            if o in used_old:
                continue
            for n in gap_new:
                match = matches.get(n)
                if match is None or match.kind not in (MatchKind.DRIFT, MatchKind.MERGE):
                    continue
                if len(old_texts[o]) < len(new_texts[n]) and _may_be_part(
                    old_texts[o], new_texts[n]
                ) and fuzz.partial_ratio(old_texts[o], new_texts[n]) >= PART_CUTOFF:
                    match.old = sorted({*match.old, o})
                    match.kind = MatchKind.MERGE
                    used_old.add(o)
                    break


def _may_be_part(a: str, b: str) -> bool:
    """Whether `fuzz.partial_ratio(a, b)` may reach PART_CUTOFF; False only when it cannot.

    partial_ratio scores the shorter text (m characters) against a run of the other, at best
    200·l/(m+w) for a run of w characters sharing l with it in order; l is at most w and at most
    the longest common subsequence L of the two whole texts, so no run scores above 200·L/(m+L).
    L is found bit-parallel, about a hundred times faster than partial_ratio's sliding over
    the longer text (most pairs of a gap are far from the cutoff: a 13,000-paragraph document
    a tenth edited spent a third of its sync in partial_ratio).
    """
    m = min(len(a), len(b))
    if not m:
        return True  # partial_ratio decides (an empty text)
    common = LCSseq.similarity(a, b)
    # a margin far below the gap between two such fractions, far above floating-point error
    return 200.0 * common >= (PART_CUTOFF - 1e-6) * (m + common)


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = text.lower().split()
    return set(zip(words, words[1:], strict=False))


def _moved(new: dict[int, str], old: dict[int, str]) -> list[tuple[int, int]]:
    """Pairs of units that moved and changed: rapidfuzz ratio ≥ MOVED_CUTOFF.

    Comparing every open new unit with every open old one is quadratic (a 13,000-paragraph
    document with 5 % inserted and 5 % deleted paragraphs makes 400,000 comparisons), so
    candidates are first found through word pairs that occur in at most a few old units: a
    paragraph that kept 70 % of its text keeps some of its distinctive word pairs.
    """
    if not new or not old:
        return []
    index: dict[tuple[str, str], list[int]] = {}
    for o, text in old.items():
        for pair in _bigrams(text):
            index.setdefault(pair, []).append(o)
    # only the distinctive pairs are followed: looked up all at once
    rare = {pair: owners for pair, owners in index.items() if len(owners) <= 8}
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for n, text in new.items():
        shared: dict[int, int] = {}
        for pair in rare.keys() & _bigrams(text):
            for o in rare[pair]:
                shared[o] = shared.get(o, 0) + 1
        candidates = sorted(o for o, count in shared.items() if count >= 2 and o not in taken)
        best = process.extractOne(
            text, {o: old[o] for o in candidates}, scorer=fuzz.ratio, score_cutoff=MOVED_CUTOFF
        )
        if best is not None:
            taken.add(best[2])
            pairs.append((n, best[2]))
    return pairs


@dataclass
class _Old:
    """The entries of the old catalog (copies), sorted by what sync does with them."""

    active: list[polib.POEntry]  # live entries without context: the units' old English
    kept_aside: list[polib.POEntry]  # live entries with a context: not transkit's, kept
    obsolete: list[polib.POEntry]
    # obsolete entries by English, and drifted ones also by the English their translation was
    # made for; an entry taken back to life leaves these
    obsolete_index: dict[str, polib.POEntry]
    made_for_index: dict[str, polib.POEntry]

    @classmethod
    def of(cls, catalog: polib.POFile) -> _Old:
        entries = [clone(e) for e in catalog]
        obsolete = [e for e in entries if e.obsolete]
        return cls(
            active=[e for e in entries if not e.obsolete and e.msgid and e.msgctxt is None],
            kept_aside=[e for e in entries if not e.obsolete and e.msgctxt is not None],
            obsolete=obsolete,
            obsolete_index={e.msgid: e for e in obsolete if e.msgctxt is None},
            made_for_index={
                (e.previous_msgid or ""): e for e in obsolete
                if e.msgctxt is None and "fuzzy" in e.flags and e.previous_msgid
                and has_translation(e)
            },
        )

    def revive(self, text: str) -> polib.POEntry | None:
        """The obsolete entry for this English, taken back, or None.

        The same English that was removed once beats the same English up to whitespace: the
        obsolete entry comes back, and the other entry goes obsolete in its place, so both
        translations stay and no two entries share one English text.
        """
        if text in self.obsolete_index:
            return self.obsolete_index.pop(text)
        back = self.made_for_index.get(text)
        if back is None or self.obsolete_index.get(back.msgid) is not back:
            return None
        del self.obsolete_index[back.msgid]
        back.msgid, back.previous_msgid = text, None
        back.flags = [f for f in back.flags if f != "fuzzy"]
        return back


def _match(new_texts: list[str], old: _Old) -> tuple[dict[int, _Match], dict[int, polib.POEntry]]:
    """Pair each new unit with its old entry (or entries), or an obsolete one to revive."""
    old_texts = [e.msgid for e in old.active]
    old_index = {text: i for i, text in enumerate(old_texts)}
    matches = {n: _Match([old_index[text]], MatchKind.EXACT)
               for n, text in enumerate(new_texts) if text in old_index}
    revived: dict[int, polib.POEntry] = {}
    used = {m.old[0] for m in matches.values()}
    folded_index: dict[str, int] | None = None  # built when a unit is not found as it is
    for n, text in enumerate(new_texts):
        if n in matches:
            continue
        back = old.revive(text)
        if back is not None:
            revived[n] = back
            continue
        if folded_index is None:
            folded_index = {}
            for i, old_text in enumerate(old_texts):
                folded_index.setdefault(fold(old_text), i)
        o = folded_index.get(fold(text))
        if o is not None and o not in used:
            matches[n] = _Match([o], MatchKind.REFLOW)
            used.add(o)
    taken = set(matches) | set(revived)
    open_new = {n: t for n, t in enumerate(new_texts) if n not in taken}
    if open_new and len(old.active) > len(used):
        provisional = dict(matches)
        provisional.update({n: _Match([], MatchKind.REVIVED) for n in revived})
        _align(new_texts, old_texts, provisional)
        matches = {n: m for n, m in provisional.items() if n not in revived}
        used = {o for m in matches.values() for o in m.old}
        # moved and edited: a bounded search over what is still open anywhere
        remaining_old = {o: old_texts[o] for o in range(len(old.active)) if o not in used}
        still_open = {n: t for n, t in open_new.items() if n not in matches}
        for n, o in _moved(still_open, remaining_old):
            matches[n] = _Match([o], MatchKind.DRIFT)
    return matches, revived


def _entry_for(text: str, match: _Match | None, revived: polib.POEntry | None, old: _Old,
               stats: dict[str, int], drifts: list[tuple[Severity, tuple[str, ...]]],
               ) -> polib.POEntry:
    """The entry of one new unit, counted in `stats` (and `drifts`) by what happened to it."""
    if revived is not None:
        revived.obsolete = False
        stats["revived"] += 1
        return revived
    if match is None:
        stats["new"] += 1
        return polib.POEntry(msgid=text, msgstr="")
    if match.kind is MatchKind.EXACT:
        stats["unchanged"] += 1
        return old.active[match.old[0]]
    sources = [old.active[o] for o in match.old]
    entry = _carry(sources, text)
    if match.kind is MatchKind.REFLOW and "fuzzy" not in sources[0].flags:
        stats["reflowed"] += 1
    elif is_translated(entry):  # (a carried entry is never obsolete)
        stats["restored"] += 1
    elif has_translation(entry):
        stats["drifted"] += 1
        drifts.append(judge(entry.previous_msgid or "", text))
    else:
        stats["new"] += 1
    return entry


def sync_catalog(
    old: polib.POFile,
    document: Document,
    *,
    reference: str,
    prune_obsolete: bool = False,
    recall: Callable[[str], Recalled | None] | None = None,
    minor_drift: MinorDrift = MinorDrift.FUZZY,
) -> SyncResult:
    """Bring `old` in step with the units of `document`; `reference` names the source file.

    `recall` is the translation memory: a unit that is new and untranslated is filled with
    what it remembers for the English; nothing a catalog already has is ever replaced.

    With `minor_drift` KEEP, a drift of case, punctuation or spacing alone (`harmless`) keeps
    its translation without the fuzzy flag; two comment lines say what changed.

    `old` is left as it was: the entries the result reuses are copies (as Babel's
    `Catalog.update` clones the messages it keeps).
    """
    if recall is None and not len(old):
        return fresh_catalog(old, document, reference=reference)
    return _sync_catalog(old, document, reference=reference, prune_obsolete=prune_obsolete,
                         recall=recall, minor_drift=minor_drift)


# the fields of a new, untranslated entry (its lists and dict are made anew for each)
_NEW_ENTRY = dict(polib.POEntry(msgid="", msgstr="").__dict__)


def fresh_catalog(header: polib.POFile, document: Document, *, reference: str) -> SyncResult:
    """What `sync_catalog` makes of a catalog without entries (a new one: `header`'s header
    alone) without the memory: each unit a new, untranslated entry, nothing to match. The fast
    path of a sync with no catalogs yet (a new project, a fresh clone without them), which
    makes a thousand articles' catalogs in each language; `_sync_catalog` makes the same."""
    groups: dict[str, list[Segment]] = {}
    for segment in document.segments:
        groups.setdefault(segment.text, []).append(segment)
    catalog = empty_like(header)
    new = polib.POEntry.__new__
    for text, segments in groups.items():
        # polib.POEntry(msgid=text, msgstr=""), without its fifteen keyword look-ups
        entry = new(polib.POEntry)
        entry.__dict__.update(_NEW_ENTRY)
        entry.msgid, entry.msgstr_plural, entry.flags = text, {}, []
        entry.occurrences = [(reference, str(s.line)) for s in segments]
        entry.comment = (segments[0].label if len(segments) == 1 else
                         "\n".join(dict.fromkeys(s.label for s in segments)))
        catalog.append(entry)
    return SyncResult(catalog, SyncStats(new=len(groups)),
                      tuple(range(len(groups))))


def with_header(result: SyncResult, header: polib.POFile) -> SyncResult:
    """`result` with `header`'s header: the same units in a catalog of another language.
    The entries are shared, not copied (whoever changes one copies it first, as `fill_new`
    does): a sync with no catalogs yet makes an article's entries once for all its languages,
    and lays them out once (`core.po.pofile.format_pos`)."""
    catalog = empty_like(header)
    catalog.extend(result.catalog)
    return replace(result, catalog=catalog)


def _sync_catalog(
    old: polib.POFile,
    document: Document,
    *,
    reference: str,
    prune_obsolete: bool,
    recall: Callable[[str], Recalled | None] | None,
    minor_drift: MinorDrift,
) -> SyncResult:
    """`sync_catalog` by matching each unit with the old entries (the general path)."""
    groups: dict[str, list[Segment]] = {}
    for segment in document.segments:
        groups.setdefault(segment.text, []).append(segment)
    new_texts = list(groups)
    before = _Old.of(old)
    matches, revived = _match(new_texts, before)

    stats: dict[str, Any] = dict.fromkeys(
        ("unchanged", "new", "drifted", "reflowed", "restored", "revived", "memory",
         "memory_fuzzy"), 0)
    kept = [(n, m.old[0]) for n, m in matches.items() if m.kind is MatchKind.EXACT]
    stats["moved"] = len(kept) - len(_anchors(kept))
    drifts: list[tuple[Severity, tuple[str, ...]]] = []
    entries: list[polib.POEntry] = []
    asks: list[int] = []
    for n, text in enumerate(new_texts):
        segments = groups[text]
        counted_new = stats["new"]
        entry = _entry_for(text, matches.get(n), revived.get(n), before, stats, drifts)
        # where a translation came from, and what a kept drift changed, hold as long as the
        # entry keeps its English
        exact = n in matches and matches[n].kind is MatchKind.EXACT
        remembered = [*memory_comments(entry), *kept_lines(entry)] if exact else []
        is_new = stats["new"] > counted_new  # (what `_entry_for` counted it as)
        drifted = n in matches and not exact and not is_new  # (and in this sync)
        if (minor_drift is MinorDrift.KEEP and drifted and is_fuzzy(entry)
                and entry.previous_msgid is not None and harmless(entry.previous_msgid, text)):
            remembered = kept_comments(entry.previous_msgid, text)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if is_new and not has_translation(entry):
            found = recall(text) if recall is not None else None
            if found is not None:
                _fill(entry, found)
                remembered = [f"{MEMORY_PREFIX}{found.note}"]
                stats["memory" if found.exact else "memory_fuzzy"] += 1
            else:
                asks.append(n)
        entry.occurrences = [(reference, str(s.line)) for s in segments]
        if not is_fuzzy(entry):  # (no entry of the new units is obsolete)
            entry.previous_msgid = None
            entry.previous_msgctxt = None
        labels = list(dict.fromkeys(s.label for s in segments))
        entry.comment = "\n".join([*labels, *remembered, *drift_comments(entry)])
        entries.append(entry)

    used = {o for m in matches.values() for o in m.old}
    newly_obsolete = [e for o, e in enumerate(before.active)
                      if o not in used and has_translation(e)]
    for entry in newly_obsolete:
        entry.obsolete = True
        entry.occurrences = []
        entry.comment = ""
        if "fuzzy" not in entry.flags:
            entry.previous_msgid = None
            entry.previous_msgctxt = None
    remaining_obsolete = [e for e in before.obsolete
                          if e.msgctxt is not None or e.msgid in before.obsolete_index]
    all_obsolete = remaining_obsolete + newly_obsolete
    pruned = 0
    if prune_obsolete:
        pruned = len(all_obsolete)
        all_obsolete = []

    catalog = empty_like(old)
    for entry in [*entries, *before.kept_aside, *all_obsolete]:
        catalog.append(entry)
    return SyncResult(
        catalog,
        SyncStats(obsoleted=len(newly_obsolete), pruned=pruned, **stats, **_severities(drifts)),
        tuple(asks),
    )


def fill_new(result: SyncResult, recall: Callable[[str], Recalled | None]) -> SyncResult:
    """`result` with its new, untranslated units (`asks`) filled from the memory, as
    `sync_catalog` with that `recall` would have made it: so a sync can learn what its new units
    ask before it reads the memory, and fill them without syncing again. `result` is left as
    it was (the entries filled are copies)."""
    if not result.asks:
        return result
    entries = list(result.catalog)
    left: list[int] = []
    exact = fuzzy = 0
    for n in result.asks:
        found = recall(entries[n].msgid)
        if found is None:
            left.append(n)
            continue
        entry = entries[n] = clone(entries[n])
        _fill(entry, found)
        # its comment held its labels alone (nothing is remembered or drifted in a new unit)
        labels = [entry.comment] if entry.comment else []
        entry.comment = "\n".join([*labels, f"{MEMORY_PREFIX}{found.note}",
                                   *drift_comments(entry)])
        exact, fuzzy = (exact + 1, fuzzy) if found.exact else (exact, fuzzy + 1)
    if len(left) == len(result.asks):
        return result
    catalog = empty_like(result.catalog)
    for entry in entries:
        catalog.append(entry)
    stats = replace(result.stats, memory=result.stats.memory + exact,
                    memory_fuzzy=result.stats.memory_fuzzy + fuzzy)
    return SyncResult(catalog, stats, tuple(left))


def may_ask(old: polib.POFile | None, document: Document) -> list[str]:
    """The English a sync of `old` (None: no catalog yet) with `document` may ask the memory
    about, known without syncing: each unit's English that is not the English of a live entry
    of `old`, in the document's order. What `sync_catalog` asks (`SyncResult.asks`, or its
    `recall`) is among them: a unit with the English of a live entry keeps that entry, and
    only a new unit without a translation asks. (A sync that reads the memory while it syncs
    asks it about these.)"""
    known = set() if old is None else {
        e.msgid for e in old if not e.obsolete and e.msgid and e.msgctxt is None}
    return list(dict.fromkeys(s.text for s in document.segments if s.text not in known))


def in_step(catalog: polib.POFile, document: Document) -> bool:
    """Whether `catalog` already holds exactly the units of `document`, in their order: then a
    sync would add, remove, change or move none of them (its stats' `content_changed` is false),
    and finding that out needs no sync.

    Each unit then matches its old entry exactly and in place, so nothing is new, drifted,
    reflowed, restored, revived, moved or made obsolete. False says nothing: a sync decides.
    """
    texts = (e.msgid for e in catalog if not e.obsolete and e.msgid and e.msgctxt is None)
    units = dict.fromkeys(s.text for s in document.segments)
    return list(texts) == list(units)


def _fill(entry: polib.POEntry, found: Recalled) -> None:
    """Give a new, untranslated entry a remembered translation (in place): translated when the
    English is the same; fuzzy, with the remembered English as its previous msgid, when it is
    similar (as ``msgmerge --compendium`` fills one)."""
    entry.msgstr = found.target
    if not found.exact:
        entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
        entry.previous_msgid = found.english


def _severities(drifts: list[tuple[Severity, tuple[str, ...]]]) -> dict[str, Any]:
    """The drifted units by severity, and the kinds of reason of the critical ones."""
    count = Counter(severity for severity, _ in drifts)
    why = dict.fromkeys(reason.split(":")[0].split(",")[0]
                        for severity, reasons in drifts if severity is Severity.CRITICAL
                        for reason in reasons)
    return {"critical": count[Severity.CRITICAL], "substantive": count[Severity.SUBSTANTIVE],
            "minor": count[Severity.MINOR], "critical_reasons": tuple(why)}


def _carry(sources: list[polib.POEntry], text: str) -> polib.POEntry:
    """A new entry for `text` that inherits the translation of its old counterpart(s)."""
    first = sources[0]
    entry = polib.POEntry(msgid=text)
    # The English each translation was made for. Parts of one split paragraph that are merged
    # again carry the same translation for the same English: carry it once, not twice.
    made_for = dict.fromkeys(
        (s.previous_msgid if ("fuzzy" in s.flags and s.previous_msgid) else s.msgid, s.msgstr)
        for s in sources
    )
    entry.msgstr = " ".join(msgstr for _, msgstr in made_for if msgstr)
    entry.tcomment = "\n".join(dict.fromkeys(s.tcomment for s in sources if s.tcomment))
    entry.flags = [f for f in first.flags if f != "fuzzy"]
    if not entry.msgstr:
        return entry
    if len(made_for) == 1 and fold(next(iter(made_for))[0]) == fold(text) and (
        "fuzzy" not in first.flags or first.previous_msgid
    ):
        # whitespace only, or an edit undone: the translation was made for this very English
        return entry
    entry.previous_msgid = " ".join(english for english, _ in made_for)
    entry.flags.insert(0, "fuzzy")
    return entry
