"""The translation memory: what a language's catalogs already say, found again by its English.

The memory of a language is every translated (not fuzzy) entry of the project's catalogs in that
language, obsolete entries included. It is kept at two sizes:

- **units**: the English of an entry and its translation, as they are;
- **sentences**: inside a translated paragraph, the English and the translation are split into
  sentences, and paired one to one when both have the same number of sentences and every pair
  has plausible lengths (a one-to-one aligner: where a translator joined or split sentences the
  paragraph gives no sentence pairs, rather than wrong ones). A unit of one sentence is its own
  sentence.

Matching is in two steps, both pure and deterministic (the same memory always gives the same
answer, whatever order it was built in):

1. **exact**: the same English up to whitespace, found by a 64-bit key of the folded text;
2. **similar**: candidates are found through a sketch of each text, the word pairs with the
   smallest CRC-32 values (a bottom-k MinHash sketch: texts that keep most of their word pairs
   keep most of their sketch), then scored with rapidfuzz's ``fuzz.ratio`` (gettext's fuzzy
   matching compares characters too), a threshold on that score deciding. Word pairs found in
   the sketches of very many segments ("of the") say nothing, and are not followed.

Ties are broken by what is remembered, never by where it is stored: live entries before obsolete
ones, then by article, line and text.

The memory is asked through a `Lookup`: the index on disk (`store.memory`), or, for one sync's
questions, what the catalogs hold for them, read and kept in memory (`runs.recall`): for a few
questions, every unit that can score the threshold against one (`Asked`, `Recollection`); for
many, the units sharing a hash with a question's sketch (`Units`), which answer exactly as the
index does without its sentences, its tables or its writes. A unit's sketch differs from one
language to another only by the salt in its high bits (`unit_hashes`), so the English of an
article, the same in each of its catalogs, is hashed once.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property, lru_cache
from itertools import accumulate, chain
from typing import NamedTuple, Protocol

import polib
from rapidfuzz import fuzz, process

from ..po.entries import Noted, fold, silenced
from ..po.pofile import parse_po, scan_po
from .model import Recalled, TranslatedUnit

UNIT_SKETCH = 8  # word pairs kept per unit
SENTENCE_SKETCH = 4  # and per sentence (a sentence has fewer to keep)
HOT = 200  # a word pair in more sketches than this is too common to find anything with

_WORD = re.compile(r"\w+")
# the end of a sentence: terminal punctuation (the Armenian full stop ։ too), closing quotes or
# brackets, footnote references, then a space and what may open a sentence (its first letter
# must be a capital or a digit)
_END = re.compile(
    r"[.!?…։]+[\"'”’»)\]]*(?:\s*\[\^[^\]\s]+\])*(?=\s+[\"'“‘«„(\[]?(\w))"
)
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)$")
# words that end in a full stop without ending a sentence (compared in lower case)
_ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "cf",
    "no", "nos", "nr", "vol", "pp", "ca", "approx", "fig", "gen", "col", "lt", "sgt", "rev",
    "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "bzw", "usw", "vgl", "jh", "гг", "им",
    "см", "др", "ул",
])


class Kind(IntEnum):
    """The size of a remembered segment."""

    UNIT = 0
    SENTENCE = 1


class Segment(NamedTuple):
    """One remembered pair, ready to be stored: its key, length and sketch come with it.

    (A named tuple, not a dataclass: an archive has hundreds of thousands, sent between
    processes.)"""

    kind: int  # Kind
    key: int
    length: int
    english: str
    target: str
    sketch: tuple[int, ...]
    # a sentence: where it is in its unit's English and translation (start, length of each),
    # so that it is stored as a place in its unit's text, not as a copy of it
    spans: tuple[int, int, int, int] = (0, 0, 0, 0)


class Place(NamedTuple):
    """Where a translated unit stands: its line, and whether it is obsolete or excluded from
    the consistency check."""

    english: str
    target: str
    line: int
    obsolete: bool
    silenced: bool


@dataclass(frozen=True)
class Remembered:
    """A translation the memory holds, and where it comes from."""

    english: str
    target: str
    article: str
    line: int
    obsolete: bool


@dataclass(frozen=True)
class Match:
    """A remembered translation that fits some English, and how well (100: the same English)."""

    english: str
    target: str
    article: str
    line: int
    obsolete: bool
    score: float
    exact: bool

    @property
    def percent(self) -> int:
        """The score as a translator reads it; never 100 unless the English is the same."""
        return 100 if self.exact else min(99, math.floor(self.score))


class Lookup(Protocol):
    """The memory of one language, however it is stored."""

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        """The remembered segments with this key (`units`: units only, else any size)."""
        ...

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        """(id, English) of the remembered segments that share a word pair of `sketch` (not a
        common one), of `shortest` to `longest` characters."""
        ...

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        """Each of these segments, once for every place it is remembered at."""
        ...


# --- text ----------------------------------------------------------------------------------


def _hash64(text: str) -> int:
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def english_key(text: str) -> int:
    """A signed 64-bit key of the folded text, the same in every language (an SQLite integer):
    what an index keeps once for all the languages of an English text."""
    return _hash64(fold(text))


def english_hash(text: str) -> int:
    """A signed 64-bit hash of the text as it is (whitespace counts): which English an index
    holds."""
    return _hash64(text)


@lru_cache(maxsize=64)
def _key_salt(lang: str) -> int:
    return _hash64(f"{lang}\0")


def text_key(lang: str, text: str) -> int:
    """A signed 64-bit key of the folded text in one language's memory (an SQLite integer):
    `english_key` with the language's salt XOR-ed in (`unsalted_key` takes it out again)."""
    return english_key(text) ^ _key_salt(lang)


def unsalted_key(lang: str, key: int) -> int:
    """The `english_key` of a text whose `text_key` in `lang` is `key`."""
    return key ^ _key_salt(lang)


def _salt(lang: str, kind: Kind) -> int:
    return (zlib.crc32(f"{lang}/{kind.value}".encode()) & 0x3FFFFFFF) << 32


def unsalted(lang: str, hashes: Iterable[int]) -> list[tuple[Kind, int]]:
    """The sketch hashes of `lang` (`sketch`) as an index keeps them for every language: each
    hash's kind, and the word-pair hash itself (the salt only tags the language and the kind;
    the bottom-k choice does not depend on it)."""
    salts = {_salt(lang, kind) >> 32: kind for kind in Kind}
    return [(salts[h >> 32], h & 0xFFFFFFFF) for h in hashes if h >> 32 in salts]


def sketch(lang: str, text: str, kind: Kind) -> tuple[int, ...]:
    """The smallest hashes of the text's word pairs (its words, when it has one word), as many
    as a segment of that kind keeps, each tagged with the language and the kind, so that units
    are looked for among units only, and two languages never share a sketch."""
    words = _WORD.findall(text.lower())
    return _bottom(lang, kind, _pair_hashes(words))


def _pair_hashes(words: Sequence[str]) -> list[int]:
    if len(words) > 1:
        return [zlib.crc32(f"{a} {b}".encode()) for a, b in zip(words, words[1:], strict=False)]
    return [zlib.crc32(w.encode()) for w in words]


def _bottom_raw(kind: Kind, hashes: Sequence[int]) -> tuple[int, ...]:
    size = UNIT_SKETCH if kind is Kind.UNIT else SENTENCE_SKETCH
    return tuple(sorted(set(hashes))[:size])


def _bottom(lang: str, kind: Kind, hashes: Sequence[int]) -> tuple[int, ...]:
    salt = _salt(lang, kind)
    return tuple(salt | h for h in _bottom_raw(kind, hashes))


def followed(sketch: Sequence[int], counts: Mapping[int, int],
             exact: Callable[[int], int] | None = None) -> list[int]:
    """The hashes of a question's sketch that lead to its candidates, in the sketch's order:
    those in the sketches of at most HOT remembered translations (`counts`: how many, for the
    hashes found at all); when every hash found is more common, the two least common, ties by
    hash (`exact` counts them where `counts` stop counting above HOT). Every `Lookup` that
    keeps sketches follows the same hashes, so each finds the same candidates."""
    present = [h for h in sketch if h in counts]
    useful = [h for h in present if counts[h] <= HOT]
    if useful or not present:
        return useful
    how_many = exact or counts.__getitem__
    common = {h: how_many(h) for h in present}
    return sorted(present, key=lambda h: (common[h], h))[:2]


def length_bounds(length: int, threshold: float) -> tuple[int, int]:
    """The lengths a text may have to score `threshold` against one of `length` characters.

    fuzz.ratio is 200·LCS/(a+b) and LCS ≤ the shorter length, so the shorter text must have at
    least threshold/(200-threshold) of the longer one's length.
    """
    factor = threshold / (200.0 - threshold)
    return math.ceil(length * factor), math.floor(length / factor) if factor else 1 << 30


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order; a paragraph without a sentence end is one."""
    out: list[str] = []
    start = 0
    for end in _END.finditer(text):
        if not (end.group(1).isupper() or end.group(1).isdigit()):
            continue
        before = _LAST_WORD.search(text[max(start, end.start() - 24):end.start()])
        word = before.group(1).lower() if before else ""
        if word in _ABBREVIATIONS or all(len(part) == 1 for part in word.split(".")):
            continue  # "Mr.", "e.g.", "U.S.", an initial ("J. Smith")
        piece = text[start:end.end()].strip()
        if piece:
            out.append(piece)
        start = end.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _plausible(english: str, target: str) -> bool:
    """Lengths that one sentence and its translation can have (the languages of a publication
    differ in length by far less than 3 to 1); short ones are not judged."""
    a, b = len(english), len(target)
    return min(a, b) < 20 or 1 / 3 <= b / a <= 3


def aligned(english: str, target: str) -> list[tuple[str, str]]:
    """The sentence pairs of a translated paragraph: one to one, when the sentence counts agree
    and every pair has plausible lengths; else none."""
    ours, theirs = sentences(english), sentences(target)
    if len(ours) < 2 or len(ours) != len(theirs):
        return []
    pairs = list(zip(ours, theirs, strict=True))
    return pairs if all(_plausible(a, b) for a, b in pairs) else []


# --- what a catalog adds to the memory -----------------------------------------------------


class Entry(Noted, Protocol):
    """What `places` reads of an entry: polib's, or one `pofile.scan_po` read."""

    @property
    def msgctxt(self) -> str | None: ...

    @property
    def msgid(self) -> str: ...

    @property
    def msgid_plural(self) -> str: ...

    @property
    def msgstr(self) -> str: ...

    @property
    def linenum(self) -> int | None: ...

    @property
    def obsolete(self) -> bool: ...


def places(catalog: Iterable[Entry]) -> list[Place]:
    """The translated entries of a catalog, obsolete ones too, in file order: fuzzy entries are
    not remembered (their translation was made for other English)."""
    out: list[Place] = []
    for entry in catalog:
        if not entry.msgid or entry.msgctxt is not None or entry.msgid_plural:
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            continue
        # CheckId.CONSISTENCY: checks sit above sync (an entry without comments silences none)
        quiet = bool(entry.flags or entry.tcomment) and silenced(entry, "consistency")
        out.append(Place(entry.msgid, entry.msgstr, entry.linenum or 0, bool(entry.obsolete),
                         quiet))
    return out


def text_places(text: str, *, path: str,
                wanted: Callable[[str], bool] | None = None) -> list[Place]:
    """`places(parse_po(text, path=path))` (those whose English `wanted` accepts, when it is
    given), read without building polib's objects when the text is in gettext's own layout
    (`scan_po`, a few times faster); parse_po's error otherwise."""
    scanned = scan_po(text, wanted)
    if scanned is not None:
        return places(scanned)
    found = places(parse_po(text, path=path))
    return found if wanted is None else [p for p in found if wanted(p.english)]


_KEY = 16  # hex digits of a unit's key


def unit_key(text: str) -> str:
    """A short stand-in for a unit's text up to whitespace (64 bits of BLAKE2b): what the
    consistency check compares, kept in check's cache instead of the text."""
    return hashlib.blake2b(fold(text).encode("utf-8"), digest_size=_KEY // 2).hexdigest()


def unit_keys(catalog: polib.POFile) -> str:
    """The live translated units of a catalog that the consistency check compares (those not
    silenced for it), as one compact string: per unit the key of its English, the key of its
    translation and its line, units apart by a space (30,000 catalogs hold millions)."""
    return " ".join(f"{_english_key(p.english)}{unit_key(p.target)}{p.line}"
                    for p in places(catalog) if not p.obsolete and not p.silenced)


# the same English is keyed in each language's catalog of an article, one after the other
_english_key = lru_cache(maxsize=4096)(unit_key)


def _read_keys(keys: str) -> Iterator[tuple[str, str, int]]:
    for unit in keys.split():
        yield unit[:_KEY], unit[_KEY : 2 * _KEY], int(unit[2 * _KEY :])


def disagreeing(catalogs: Sequence[tuple[str, str, str, str]]) -> list[TranslatedUnit]:
    """The units whose English is translated otherwise in another unit of its language, from
    each catalog's (language, path, article, unit_keys): what the consistency check judges
    (its English and translation are keys). One language at a time, as sorted numbers, so an
    archive of millions of units needs little memory."""
    out: list[TranslatedUnit] = []
    for lang in dict.fromkeys(c[0] for c in catalogs):
        pairs = sorted({int(unit[: 2 * _KEY], 16) for c in catalogs if c[0] == lang
                        for unit in c[3].split()})
        shift = 4 * _KEY  # bits of one key
        mixed = {a >> shift for a, b in zip(pairs, pairs[1:], strict=False)
                 if a >> shift == b >> shift}
        del pairs
        out.extend(TranslatedUnit(lang, path, article, line, english, target)
                   for lang_, path, article, keys in catalogs if lang_ == lang
                   for english, target, line in _read_keys(keys)
                   if int(english, 16) in mixed)
    return out


def segments(lang: str, english: str, target: str, *, full: bool = True) -> list[Segment]:
    """What one translated unit adds to the memory: itself, and, when `full`, its sketch and
    its aligned sentences (what similar English is found with; the consistency check needs
    neither)."""
    if not full:
        return [Segment(Kind.UNIT, text_key(lang, english), len(fold(english)), english, target,
                        ())]
    words = _WORD.findall(english.lower())
    hashes = _pair_hashes(words)
    out = [Segment(Kind.UNIT, text_key(lang, english), len(fold(english)), english, target,
                   _bottom(lang, Kind.UNIT, hashes))]
    pairs = aligned(english, target)
    ours = [a for a, _ in pairs]
    for (a, b), own, span, other in zip(pairs, _sentence_hashes(words, hashes, ours),
                                        _spans(english, ours),
                                        _spans(target, [b for _, b in pairs]), strict=True):
        out.append(Segment(Kind.SENTENCE, text_key(lang, a), len(fold(a)), a, b,
                           _bottom(lang, Kind.SENTENCE, own), (*span, *other)))
    return out


def _sentence_hashes(words: Sequence[str], hashes: Sequence[int], pieces: Sequence[str]
                     ) -> Iterator[Sequence[int]]:
    """The word-pair hashes of each sentence of a unit (`pieces`): the sentences' words are the
    unit's, in order, so their word pairs are hashed already."""
    at = 0
    for piece in pieces:
        n = len(_WORD.findall(piece.lower()))
        yield hashes[at:at + n - 1] if n > 1 else _pair_hashes(words[at:at + n])
        at += n


class EnglishSegments(NamedTuple):
    """What one English text adds to an index that keeps it once for every language (a
    translation adds only whether its sentences align, `is_aligned`): its key (`english_key`)
    and folded length, and, when `full`, its sketch and, for a text of two sentences or more,
    each sentence's key, folded length, sketch, and where it stands in the text (start and
    length). Sketches are word-pair hashes without a salt (`unsalted`)."""

    key: int
    length: int
    sketch: tuple[int, ...] = ()
    sentences: tuple[tuple[int, int, tuple[int, ...], int, int], ...] = ()


def english_segments(english: str, *, full: bool = True) -> EnglishSegments:
    """The `segments` of any translation of `english`, as far as they depend on the English:
    the sentences are those `aligned` pairs when a translation's sentences align."""
    if not full:
        return EnglishSegments(english_key(english), len(fold(english)))
    words = _WORD.findall(english.lower())
    hashes = _pair_hashes(words)
    ours = sentences(english)
    parts = () if len(ours) < 2 else tuple(
        (english_key(a), len(fold(a)), _bottom_raw(Kind.SENTENCE, own), *span)
        for a, own, span in zip(ours, _sentence_hashes(words, hashes, ours),
                                _spans(english, ours), strict=True))
    return EnglishSegments(english_key(english), len(fold(english)),
                           _bottom_raw(Kind.UNIT, hashes), parts)


def is_aligned(english: str, target: str) -> bool:
    """Whether a translation gives sentence pairs (`aligned`): the sentences of
    `english_segments` are then remembered with this translation."""
    return bool(aligned(english, target))


def _spans(text: str, pieces: Sequence[str]) -> list[tuple[int, int]]:
    """(start, length) of each piece, found in order in `text`."""
    out = []
    at = 0
    for piece in pieces:
        at = text.index(piece, at)
        out.append((at, len(piece)))
        at += len(piece)
    return out


def pair_id(lang: str, english: str, target: str) -> int:
    """A signed 64-bit id of one translation of one English text in one language."""
    digest = hashlib.blake2b(f"{lang}\0{english}\0{target}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# --- finding -------------------------------------------------------------------------------


def _order(match: Match) -> tuple[float, bool, str, int, str, str]:
    return (-match.score, match.obsolete, match.article, match.line, match.english, match.target)


def _as_match(item: Remembered, score: float, exact: bool) -> Match:
    return Match(item.english, item.target, item.article, item.line, item.obsolete, score, exact)


def best(
    lang: str, text: str, memory: Lookup, *, threshold: float, limit: int = 1,
    units: bool = True,
) -> list[Match]:
    """The best `limit` remembered translations for `text`, best first, each a different
    translation: the same English first, then similar English scoring at least `threshold`.

    `units` looks among whole units (what sync fills in); otherwise among segments of any
    size (a sentence, or a unit of one sentence).
    """
    folded = fold(text)
    found = [_as_match(r, 100.0, True) for r in memory.exact(text_key(lang, text), units=units)
             if fold(r.english) == folded]
    found.sort(key=_order)
    chosen = _distinct(found, limit)
    if len(chosen) >= limit:
        return chosen
    # a sentence may be remembered as a sentence, or as a unit of one sentence
    hashes = sketch(lang, text, Kind.UNIT) + (() if units else sketch(lang, text, Kind.SENTENCE))
    shortest, longest = length_bounds(len(folded), threshold)
    choices = {i: english for i, english in memory.candidates(hashes, shortest, longest,
                                                                 units=units)
               if english != text}
    scores = {i: score for _, score, i in process.extract(
        text, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)}
    similar = [_as_match(item, scores[i], False)
               for i, item in memory.remembered(sorted(scores)) if fold(item.english) != folded]
    similar.sort(key=_order)
    return _distinct([*chosen, *similar], limit)


def _distinct(matches: list[Match], limit: int) -> list[Match]:
    """The first `limit` matches with different translations."""
    seen: set[str] = set()
    out = []
    for match in matches:
        if fold(match.target) in seen:
            continue
        seen.add(fold(match.target))
        out.append(match)
        if len(out) == limit:
            break
    return out


def suggestions(lang: str, text: str, memory: Lookup, *, threshold: float,
                limit: int = 3) -> list[tuple[int, str, list[Match]]]:
    """For each sentence of `text` that the memory knows: its number (1-based; 0 when the
    text is one sentence), the sentence, and up to `limit` translations, best first."""
    parts = sentences(text)
    out = []
    for number, sentence in enumerate(parts, start=1):
        found = best(lang, sentence, memory, threshold=threshold, limit=limit, units=False)
        if found:
            out.append((number if len(parts) > 1 else 0, sentence, found))
    return out


# --- the memory a sync asks: read for its questions, indexed nowhere ---------------------------


@dataclass(frozen=True)
class Asked:
    """The English texts a sync asks one language's memory about (its new units): what a
    catalog of that language holds that can answer them is taken as the catalog is read, the
    rest is not kept."""

    lang: str
    texts: tuple[str, ...]
    threshold: float

    @cached_property
    def _folded(self) -> frozenset[str]:
        return frozenset(fold(text) for text in self.texts)

    @cached_property
    def _first_words(self) -> tuple[str, ...]:
        return tuple(text.split(" ", 1)[0] for text in self._folded)

    @cached_property
    def _lengths(self) -> list[tuple[str, int, int]]:
        """Each text, and the lengths a text may have to score the threshold against it, with
        a character to spare either side (`length_bounds` computes them in floating point)."""
        out = []
        for text in self.texts:
            shortest, longest = length_bounds(len(text), self.threshold)
            out.append((text, shortest - 1, longest + 1))
        return out

    @cached_property
    def _spans(self) -> list[tuple[int, int]]:
        """The lengths of `_lengths`, overlapping ranges merged."""
        spans: list[tuple[int, int]] = []
        for shortest, longest in sorted((s, t) for _, s, t in self._lengths):
            if spans and shortest <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], longest))
            else:
                spans.append((shortest, longest))
        return spans

    def computed(self) -> Asked:
        """This, with what is computed of its texts to compare them computed now and kept:
        a task holding it goes to the worker processes (pickled) with every chunk of jobs, and
        each copy would compute it again."""
        _ = (self.hashes, self.keys, self._folded, self._first_words, self._spans)
        return self

    @cached_property
    def hashes(self) -> frozenset[int]:
        """The hashes of the texts' unit sketches, unsalted (`unit_hashes`)."""
        return frozenset(h for text in self.texts for h in unit_hashes(text))

    @cached_property
    def keys(self) -> frozenset[int]:
        """The keys of the texts (`text_key`)."""
        return frozenset(text_key(self.lang, text) for text in self.texts)

    def hears(self, folded: str, hashes: tuple[int, ...]) -> tuple[int, ...] | None:
        """What `Units` keeps of a unit, from its English folded (`fold`) and its
        `unit_hashes`: the hashes among the texts' (the unit may be a candidate for a text,
        and it counts in how common those hashes are); () for a unit without a sketch (no
        word) whose English is a text's up to whitespace; None: the unit can answer no text and
        counts for none."""
        if hashes:
            asked = self.hashes
            found = tuple(h for h in hashes if h in asked)
            return found or None
        return () if folded in self._folded else None

    def is_asked(self, folded: str) -> bool:
        """Whether English folded so (`fold`) is one of the texts up to whitespace."""
        return folded in self._folded

    def may_answer(self, english: str) -> bool:
        """Whether `recollect` may keep a place with this English: it may be a text up to
        whitespace (it starts with a text's first word), or its length lets it score the
        threshold against one. What it refuses need not be read (`scan_po`'s `wanted`)."""
        length = len(english)
        for shortest, longest in self._spans:
            if shortest <= length <= longest:
                return True
        return english.lstrip().startswith(self._first_words)

    def recollect(self, found: Sequence[Place], article: str) -> list[Remembered]:
        """The places of one catalog (`places`) that can answer one of the texts: the same
        English up to whitespace, or English that scores at least the threshold against one
        of them (a superset of what `best` takes from them: it still applies its own length
        bounds and rules)."""
        return self.recollect_all([(article, found)])

    def recollect_all(self, catalogs: Sequence[tuple[str, Sequence[Place]]]
                      ) -> list[Remembered]:
        """`recollect` of each (article, places) in turn, joined, the texts compared with the
        places of all of them at once (`answers`)."""
        kept = self.answers([[place.english for place in found] for _, found in catalogs])
        return [Remembered(found[k].english, found[k].target, article, found[k].line,
                           found[k].obsolete)
                for (article, found), chosen in zip(catalogs, kept, strict=True)
                for k in chosen]

    def answers(self, catalogs: Sequence[Sequence[str]]) -> list[list[int]]:
        """Of each catalog's places, given by their English, the ones `recollect` keeps: their
        indexes, those with the same English as a text up to whitespace first, then those
        that score the threshold, each in file order. Only the English is needed to choose (a
        scan reads the rest of a place only for what it keeps: `runs.recall`).

        Only English that can be the same as a text up to whitespace (it starts with a text's
        first word) is folded, and only English of a length that can score the threshold
        against a text (`length_bounds`) is scored with it: the answer is the same, found with
        less work."""
        folded, first_words = self._folded, self._first_words
        every = list(chain.from_iterable(catalogs))  # the English of all, catalog by catalog
        starts = list(accumulate(map(len, catalogs), initial=0))  # each catalog's first
        same = {i for i, english in enumerate(every)
                if english.lstrip().startswith(first_words) and fold(english) in folded}
        lengths = list(map(len, every))
        # the others, shortest first
        order = sorted((i for i in range(len(every)) if i not in same) if same
                       else range(len(every)), key=lengths.__getitem__)
        ordered = [lengths[i] for i in order]
        near: set[int] = set()
        for text, shortest, longest in self._lengths:
            first = bisect_left(ordered, shortest)
            last = bisect_right(ordered, longest)
            if first == last:
                continue
            near.update(order[first + k] for _, _, k in process.extract(
                text, [every[i] for i in order[first:last]], scorer=fuzz.ratio,
                score_cutoff=self.threshold, limit=None))
        out: list[list[int]] = [[] for _ in catalogs]
        for kept in (sorted(same), sorted(near)):
            for i in kept:
                number = bisect_right(starts, i) - 1
                out[number].append(i - starts[number])
        return out


@dataclass(frozen=True)
class Recollection:
    """What a language's memory holds for the texts one sync asks (`Asked.recollect` over every
    catalog of the language): a `Lookup` of units that answers those texts as the whole memory
    would, every similar unit of the language being among its candidates (not only those a
    sketch finds)."""

    lang: str
    items: tuple[Remembered, ...]

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        return [r for r in self.items if text_key(self.lang, r.english) == key]

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        return [(i, r.english) for i, r in enumerate(self.items)
                if shortest <= len(fold(r.english)) <= longest]

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        return [(i, self.items[i]) for i in ids]


# --- the memory a sync asks many questions: its units, kept in memory ------------------------


def unit_hashes(english: str) -> tuple[int, ...]:
    """A unit's sketch without its language's salt (`sketch(lang, english, Kind.UNIT)` is
    these, each OR-ed with the language's salt): the same in every language, so the English
    of an article, the same in each of its catalogs, is hashed once."""
    return _bottom_raw(Kind.UNIT, _pair_hashes(_WORD.findall(english.lower())))


_LOW = 0xFFFFFFFF  # a sketch hash's own bits, below its language's salt


class Heard(NamedTuple):
    """A place that may answer a question (`Asked.hears`): the hashes of its sketch (unsalted)
    that are among the questions', the length of its English folded, and whether that is a
    question's English up to whitespace."""

    place: Place
    hashes: tuple[int, ...]
    length: int
    asked: bool


class Units:
    """The units of a language's memory that can answer a sync's questions (`Asked`), as a
    `Lookup`: for those questions, the answers of the index (`store.memory.LanguageMemory`),
    found in memory.

    The index keeps every unit of the language with its sketch; `best` asks it for the units
    with the same key, and for the units that share a hash of the question's sketch, not
    following a hash found in the sketches of more than HOT translations (unless the question
    has no other: then its two least common), of the lengths that can score the threshold.
    Every unit sharing a hash with a question's sketch is kept here (`Asked.hears`), so how
    common each of those hashes is, counted over the translations (English and target) that
    have it, is what the index counts; a unit sharing none can be no candidate. Only the
    questions heard can be asked: another text's hashes were not counted, and asking with them
    is an error, not a wrong answer. Units only: a sync fills units, never sentences.
    """

    def __init__(self, asked: Asked, catalogs: Iterable[tuple[str, Sequence[Heard]]]) -> None:
        """`catalogs`: (article, what `asked.hears` kept of its catalog), every catalog of the
        language."""
        self.lang = asked.lang
        self._asked = asked
        self._salt = _salt(asked.lang, Kind.UNIT)
        ids: dict[tuple[str, str], int] = {}
        self._english: list[str] = []
        self._targets: list[str] = []
        self._lengths: list[int] = []
        self._places: list[list[tuple[str, int, bool]]] = []
        self._by_hash: dict[int, list[int]] = {}
        self._by_key: dict[int, list[int]] = {}
        keys = asked.keys
        by_hash = self._by_hash
        for article, heard in catalogs:
            for place, hashes, length, same in heard:
                pair = (place.english, place.target)
                i = ids.get(pair)
                if i is None:  # a translation counts once, however many places have it
                    i = ids[pair] = len(self._english)
                    self._english.append(place.english)
                    self._targets.append(place.target)
                    self._lengths.append(length)
                    self._places.append([])
                    for h in hashes:
                        found = by_hash.get(h)
                        if found is None:
                            by_hash[h] = [i]
                        else:
                            found.append(i)
                    if same:  # the key of the same English, as the index keys it
                        key = text_key(self.lang, place.english)
                        if key in keys:
                            self._by_key.setdefault(key, []).append(i)
                self._places[i].append((article, place.line, place.obsolete))

    def __len__(self) -> int:
        """The translations kept."""
        return len(self._english)

    def _remembered(self, i: int) -> list[Remembered]:
        english, target = self._english[i], self._targets[i]
        return [Remembered(english, target, article, line, obsolete)
                for article, line, obsolete in self._places[i]]

    def exact(self, key: int, *, units: bool) -> Sequence[Remembered]:
        if key not in self._asked.keys:
            raise ValueError("Units answers only the questions it was read for")
        return [r for i in self._by_key.get(key, ()) for r in self._remembered(i)]

    def candidates(self, sketch: Sequence[int], shortest: int, longest: int, *,
                   units: bool) -> Sequence[tuple[int, str]]:
        if not units:
            raise ValueError("Units holds units, not sentences")
        asked = self._asked.hashes
        counts: dict[int, int] = {}
        for h in sketch:
            if h & ~_LOW != self._salt or h & _LOW not in asked:
                raise ValueError("Units answers only the questions it was read for")
            found = len(self._by_hash.get(h & _LOW, ()))
            if found:
                counts[h] = found
        ids = sorted({i for h in followed(sketch, counts) for i in self._by_hash[h & _LOW]})
        lengths = self._lengths
        return [(i, self._english[i]) for i in ids if shortest <= lengths[i] <= longest]

    def remembered(self, ids: Sequence[int]) -> Sequence[tuple[int, Remembered]]:
        return [(i, r) for i in ids for r in self._remembered(i)]


# --- filling a new unit --------------------------------------------------------------------


def recalled(match: Match) -> Recalled:
    """What sync fills a new unit with: the translation, the English it was made for, and the
    note of its extracted comment (the article, and the score of similar English)."""
    note = match.article if match.exact else f"{match.article} ({match.percent}% similar)"
    return Recalled(match.english, match.target, match.exact, note)
