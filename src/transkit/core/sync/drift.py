"""What changed in the English under a translation: a word diff and a severity.

Similarity scores rank "in 2020" -> "in 2021" or "did prevent" -> "did not prevent" as nearly
identical, yet these are the edits that make an old translation wrong. So severity is decided by
what kind of token changed, not by how many characters:

- critical: a number (in digits or spelled out: "three" -> "four", while "three" -> "3" is the
  same number), a date (a month or weekday name, wherever it stands: in a Title Case footnote
  too), a negation or a name (a capitalised word that does not open a sentence, so "Moscow",
  "OSCE") was added, removed or replaced. Names are read from the words a reader sees, never
  from link targets, inline code, shortcodes or HTML tags. Names are compared as a set,
  so a name that only moved within the text is no change, and a name respelled by one letter
  in five ("Armneians" -> "Armenians", "Russian" -> "Russia's") is a spelling fix; names of four
  letters or fewer have no such slack ("Iran" -> "Iraq"). In Title Case text (every word of
  four or more letters inside a sentence capitalised) capitals say nothing about names, so
  there a changed word is never a name;
- minor: spelling, punctuation and case fixes, and no change of words at all (the units of a
  merge joined as they were). Of these, the changes of case, punctuation and spacing alone
  cannot make a translation wrong (`harmless`): a project may keep such a drift without the
  fuzzy flag (`minor_drift = "keep"`);
- substantive: everything else.

When the new text is a run of whole sentences cut out of the old (a part of a split paragraph),
the first reason says so: the old translation also holds the other part(s).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel, Levenshtein

from .model import Drift, Severity

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+(?:[’']\w+)*")
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
# a token that ends a sentence, before any closing quotes, brackets or footnote references
_SENTENCE_END = re.compile(r"[.!?:;…](?:\[\^[^\]]*\])?[\"'”’»)\]]*$")
_NEGATIONS = frozenset(
    [
        "not", "no", "never", "nor", "neither", "none", "nobody", "nothing",
        "nowhere", "without", "cannot", "unless", "n't", "isn't", "wasn't", "aren't",
        "weren't", "don't", "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't",
        "shouldn't", "hasn't", "haven't", "hadn't",
    ]
)


# Spelled-out numbers: "three measures" -> "four measures" changes a fact as "3" -> "4" does,
# and "three" -> "3" changes none. Compounds ("twenty-one") are one number.
_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in
                                                        enumerate(_TENS)}
# a word, or two joined by a hyphen ("twenty-one"): spelled-out numbers are looked up among them
_WORD_OR_PAIR = re.compile(r"[a-z]+(?:-[a-z]+)?")
_LETTER_RUN = re.compile(r"[a-z]+")
_SCALES = re.compile(r"(?<![\w-])(hundred|thousand|million|billion|trillion)s?(?![\w-])",
                     re.IGNORECASE)

# Dates: month and weekday names are facts wherever they stand, at the start of a sentence or
# in a Title Case footnote. "May" is a month where it is not the first word of a sentence or
# where a number stands beside it; an abbreviation ("Feb 05, 2024") only beside a number.
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_ABBREVIATIONS = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
_DATE_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS)
_DATE_KEYS = _DATE_WORDS | frozenset(_MONTH_ABBREVIATIONS)  # what a date's `_key` may be

# Markup a reader never sees as words: names are read without it (a link target's
# "/docs/concepts/Objects" is no name, and "[Objects](/docs/…)" is the word "Objects").
_MARKUP_SIGNS = re.compile(r"[\[\]*]|(?<!\w)_+|_+(?!\w)")


@lru_cache(maxsize=1 << 14)
def plain(text: str) -> str:
    """The words of a unit as a reader sees them (`core.source.markup.prose`), without
    emphasis markers and link brackets either."""
    # imported here: status judges drift without reading any source, and starts faster so
    from ..source.markup import prose

    return _MARKUP_SIGNS.sub("", prose(text))


def words(text: str) -> list[str]:
    """Whitespace-separated tokens: the unit of the diff a translator reads."""
    return text.split()


def _hunks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The changed regions (a_start, a_end, b_start, b_end) of a word-level LCS alignment.

    rapidfuzz's Indel alignment knows only insertions and deletions; neighbouring ones are
    joined into one hunk, so a replaced word reads as one change, not two.
    """
    out: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            continue
        if out and out[-1][1] == op.src_start and out[-1][3] == op.dest_start:
            i1, _, j1, _ = out[-1]
            out[-1] = (i1, op.src_end, j1, op.dest_end)
        else:
            out.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out


DIFF_CONTEXT = 8  # words of unchanged text kept on each side of a change in a drift's diff


def word_diff(old: str, new: str, *, context: int | None = None) -> str:
    """A word-level diff in wdiff notation, `[-removed-]{+added+}`, computed with rapidfuzz.

    With `context`, unchanged runs longer than twice that many words are cut to `context` words
    on each side of a change, with "…" where words were left out: a translator sees what changed
    without rereading the paragraph.
    """
    a, b = words(old), words(new)
    hunks = list(_hunks(a, b))
    if not hunks:
        return " ".join(a)  # no word changed: the text itself
    out: list[str] = []
    i = 0

    def equal(run: list[str], *, first: bool, last: bool) -> list[str]:
        if context is None or len(run) <= 2 * context:
            if first and context is not None and len(run) > context:
                return ["…", *run[-context:]]
            if last and context is not None and len(run) > context:
                return [*run[:context], "…"]
            return run
        head = [] if first else run[:context]
        tail = [] if last else run[-context:]
        return [*head, "…", *tail]

    for i1, i2, j1, j2 in hunks:
        out.extend(equal(a[i:i1], first=not out, last=False))
        piece = ""
        if i2 > i1:
            piece += "[-" + " ".join(a[i1:i2]) + "-]"
        if j2 > j1:
            piece += "{+" + " ".join(b[j1:j2]) + "+}"
        out.append(piece)
        i = i2
    out.extend(equal(a[i:], first=not out, last=True))
    return " ".join(out)


def _negations(text: str) -> Counter[str]:
    """The negations of a text: its words (`_WORD`, a whole token, so neither glued to a letter
    nor an apostrophe's continuation: "rock'n'not") that are one in lower case. (A search for
    the negations themselves tries its alternatives at every character: a third slower.)"""
    found = [w for w in map(str.lower, _WORD.findall(text)) if w in _NEGATIONS]
    return Counter(found)


_NOT_ALNUM = re.compile(r"[\W_]+")


def _bare(token: str) -> str:
    return _NOT_ALNUM.sub("", token.lower())


@lru_cache(maxsize=1 << 16)
def _key(token: str) -> str:
    """A word as names are compared: no edge punctuation, no possessive 's, no case."""
    return _bare(_POSSESSIVE.sub("", _EDGE_PUNCT.sub("", token)))


# cached: judge asks it of every word of both texts, and the same words recur in every paragraph
@lru_cache(maxsize=1 << 16)
def _capitalised(token: str) -> bool:
    first = token[:1]
    if first.isalpha():
        return first.isupper()
    letters = [ch for ch in token if ch.isalpha()]
    return bool(letters) and letters[0].isupper()


def _opens_sentence(tokens: Sequence[str], i: int) -> bool:
    return i == 0 or _ends_sentence(tokens[i - 1])


@lru_cache(maxsize=1 << 16)
def _ends_sentence(token: str) -> bool:
    return _SENTENCE_END.search(token) is not None


def _title_case(tokens: Sequence[str]) -> bool:
    """True for Title Case: at least two words of 4+ letters inside sentences, all capitalised."""
    # (the first such word in lower case says no: prose says so at once)
    long = 0
    for i, t in enumerate(tokens):
        if len(t) >= 4 and _letters(t) >= 4 and not _opens_sentence(tokens, i):
            if not _capitalised(t):
                return False
            long += 1
    return long >= 2


@lru_cache(maxsize=1 << 16)
def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


def _names(tokens: Sequence[str], dates: frozenset[int] = frozenset()) -> dict[str, str]:
    """Name key -> name as written, for the capitalised words that do not open a sentence and
    are not dates (the places in `dates`)."""
    if _title_case(tokens):
        return {}
    names: dict[str, str] = {}
    for i, token in enumerate(tokens):
        if not _capitalised(token) or _opens_sentence(tokens, i) or i in dates:
            continue
        key = _key(token)
        if len(key) < 2 or key.isdigit():
            continue
        names.setdefault(key, _EDGE_PUNCT.sub("", token))
    return names


def _respelled(a: str, b: str) -> bool:
    """True when two name keys differ by no more than a typo.

    One edit per five letters, a swap of neighbours counting as one: "Armneians" -> "Armenians"
    is a respelling, "Iran" -> "Iraq" is not.
    """
    return OSA.distance(a, b) <= min(len(a), len(b)) // 5


def _lacks(keys: set[str], name: str) -> bool:
    if name in keys:
        return False
    # OSA distance is at least the difference of the lengths: a key whose length differs by
    # more than a fifth of the shorter is no respelling, and is not compared
    n = len(name)
    return not any(_respelled(name, k) for k in keys
                   if abs(len(k) - n) <= min(len(k), n) // 5)


def _name_change(a: Sequence[str], b: Sequence[str], dates_a: frozenset[int] = frozenset(),
                 dates_b: frozenset[int] = frozenset()) -> tuple[list[str], list[str]]:
    """Names of `a` that `b` lacks, and names of `b` that `a` lacks (respellings excepted);
    the tokens at `dates_a` and `dates_b` are dates, not names.

    A name is looked for among all the words of the other text, so "Moscow refused" ->
    "Then Moscow refused" and "Russian" -> "Russia's" change no name.
    """
    in_a, in_b = {_key(t) for t in a}, {_key(t) for t in b}
    gone = [v for k, v in _names(a, dates_a).items() if _lacks(in_b, k)]
    came = [v for k, v in _names(b, dates_b).items() if _lacks(in_a, k)]
    return gone, came


def _part_of(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when `b` is a run of whole sentences of `a`, shorter than `a` (a split's part)."""
    n = len(b)
    if not 0 < n < len(a):
        return False
    first, b = b[0], list(b)
    for start in range(len(a) - n + 1):
        if a[start] != first or list(a[start : start + n]) != b:
            continue
        starts = start == 0 or _SENTENCE_END.search(a[start - 1]) is not None
        ends = start + n == len(a) or _SENTENCE_END.search(a[start + n - 1]) is not None
        if starts and ends:
            return True
    return False


def _numbers(text: str) -> dict[str, list[str]]:
    """The numbers of a text, each by its value ("3" for "3", "03" and "three") with the forms
    it is written in: digits wherever they stand (a changed year in a link target is a changed
    link), spelled-out numbers and scale words ("million") in the words a reader sees."""
    found: dict[str, list[str]] = {}
    for written in _NUMBER.findall(text):
        value = (written.lstrip("0") or "0") if written.isdigit() else written
        found.setdefault(value, []).append(written)
    words_seen = plain(text)
    lower = words_seen.lower()
    # a spelled-out number starts with a number word, a whole run of letters: a text without
    # one (most) is not read word by word
    if not _NUMBER_WORDS.keys().isdisjoint(_LETTER_RUN.findall(lower)):
        for match in _WORD_OR_PAIR.finditer(lower):
            value = _spelled_value(match.group())
            if value is not None:
                found.setdefault(str(value), []).append(words_seen[match.start():match.end()])
    for match in _SCALES.finditer(words_seen):
        found.setdefault(match.group(1).lower(), []).append(match.group())
    return found


def _spelled_value(word: str) -> int | None:
    """The number a word (in lower case) spells out, or None: "three", "twenty-one"."""
    value = _NUMBER_WORDS.get(word)
    if value is not None or "-" not in word:
        return value
    tens, unit = word.split("-", 1)
    if tens in _TENS and _NUMBER_WORDS.get(unit, 10) < 10:
        return _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
    return None


def _count(found: dict[str, list[str]]) -> Counter[str]:
    return Counter({value: len(forms) for value, forms in found.items()})


def _shown(found: dict[str, list[str]], values: Counter[str]) -> str:
    """The numbers or dates of `values` as first written in the text they were found in."""
    return " ".join(sorted(found[v][0] for v in values.elements())) or "∅"


def _dates(tokens: Sequence[str]) -> tuple[dict[str, list[str]], frozenset[int]]:
    """Month and weekday names by the month or day they name (with the forms written), and
    the places of the tokens that are dates (so they are not names too)."""
    found: dict[str, list[str]] = {}
    places: set[int] = set()

    def beside_number(i: int) -> bool:
        return any(0 <= j < len(tokens) and _DIGIT.search(tokens[j]) for j in (i - 1, i + 1))

    keys = [_key(token) for token in tokens]
    if _DATE_KEYS.isdisjoint(keys):
        return found, frozenset(places)  # (most texts: no date, nothing to read word by word)
    for i, token in enumerate(tokens):
        if not _capitalised(token):
            continue
        key = keys[i]
        if key in _DATE_WORDS:
            if key == "may" and _opens_sentence(tokens, i) and not beside_number(i):
                continue  # "May we …"
            day = key
        elif key in _MONTH_ABBREVIATIONS and beside_number(i):
            day = _MONTH_ABBREVIATIONS[key]
        else:
            continue
        found.setdefault(day, []).append(_EDGE_PUNCT.sub("", token))
        places.add(i)
    return found, frozenset(places)


@lru_cache(maxsize=1 << 14)
def judge(old: str, new: str) -> tuple[Severity, tuple[str, ...]]:
    """Severity and reasons for the change from `old` English to `new` English.

    Cached: one English edit drifts the same entry in every language's catalog, and status,
    check and build all ask. Names are looked for only among the words that changed: a name
    that is gone from (or new in) one text stands in a changed run of words.
    """
    a, b = words(old), words(new)
    hunks = _hunks(a, b)
    reasons: list[str] = []
    part = _part_of(a, b)
    if part:
        reasons.append(
            f"part of the old text, {len(b)} of {len(a)} words: "
            "the translation also holds the other part"
        )
    old_numbers, new_numbers = _numbers(old), _numbers(new)
    old_count, new_count = _count(old_numbers), _count(new_numbers)
    if old_count != new_count:
        reasons.append(f"number changed: {_shown(old_numbers, old_count - new_count)} → "
                       f"{_shown(new_numbers, new_count - old_count)}")
    # dates and names are read from the words a reader sees, never from markup
    pa, pb = words(plain(old)), words(plain(new))
    (old_dates, old_places), (new_dates, new_places) = _dates(pa), _dates(pb)
    old_count, new_count = _count(old_dates), _count(new_dates)
    if old_count != new_count:
        reasons.append(f"date changed: {_shown(old_dates, old_count - new_count)} → "
                       f"{_shown(new_dates, new_count - old_count)}")
    if _negations(old) != _negations(new):
        reasons.append("negation changed")
    plain_hunks = _hunks(pa, pb)
    if any(_capitalised(pa[i]) for i1, i2, _, _ in plain_hunks for i in range(i1, i2)) or any(
        _capitalised(pb[j]) for _, _, j1, j2 in plain_hunks for j in range(j1, j2)
    ):
        gone_names, came_names = _name_change(pa, pb, old_places, new_places)
        if gone_names or came_names:
            reasons.append(
                f"name changed: {' '.join(gone_names) or '∅'} → {' '.join(came_names) or '∅'}"
            )
    # A split's part is critical by itself: its carried translation also says the other part,
    # so shipping it (build --allow-fuzzy) would print that part twice.
    if reasons:
        return Severity.CRITICAL, tuple(dict.fromkeys(reasons))
    if not hunks:
        return Severity.MINOR, ("no word changed",)
    for i1, i2, j1, j2 in hunks:
        removed, added = a[i1:i2], b[j1:j2]
        removed_bare = " ".join(filter(None, map(_bare, removed)))
        added_bare = " ".join(filter(None, map(_bare, added)))
        if removed_bare == added_bare:
            continue  # punctuation or case only
        distance = Levenshtein.distance(removed_bare, added_bare)
        if len(removed) == len(added) == 1 and distance <= 2 and len(removed_bare) >= 4:
            continue  # a spelling fix
        if _valued(removed) == _valued(added):
            continue  # the same number written otherwise ("three" -> "3")
        kept = len(a) - sum(i2 - i1 for i1, i2, _, _ in hunks)
        return Severity.SUBSTANTIVE, (f"{max(len(a), len(b)) - kept} of {max(len(a), len(b))} "
                                      "words changed",)
    return Severity.MINOR, ("spelling or punctuation",)


def _valued(tokens: Sequence[str]) -> str:
    """Bare words with each number as its value: "three" and "03" are "3"."""
    def value(match: re.Match[str]) -> str:
        number = _spelled_value(match.group())
        return match.group() if number is None else str(number)

    text = _LEADING_ZEROS.sub("", _WORD_OR_PAIR.sub(value, " ".join(tokens).lower()))
    return " ".join(filter(None, map(_bare, text.split())))


_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
_WORD_RUN = re.compile(r"\w+")
# characters that make markup, not punctuation: a change of them changes what a translation
# must hold (a link, code, emphasis), so it is never harmless
_MARKUP_CHARACTERS = frozenset("`*_[](){}<>#|\\~=^")


@lru_cache(maxsize=1 << 12)
def harmless(old: str, new: str) -> bool:
    """Whether the change from `old` to `new` English is of case, punctuation or spacing
    alone, so that it cannot make a translation wrong: the same words in the same order (case
    aside, but a word turned into capitals or out of them is another word: "us" -> "US"), the
    same markup, and by `judge` a minor drift (so no number, date, name or negation changed).
    """
    if old == new:
        return True
    wa, wb = _WORD_RUN.findall(old), _WORD_RUN.findall(new)
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        if x != y and (x.lower() != y.lower() or (len(x) > 1 and x.isupper() != y.isupper())):
            return False
    if [c for c in old if c in _MARKUP_CHARACTERS] != [c for c in new if c in _MARKUP_CHARACTERS]:
        return False
    return judge(old, new)[0] is Severity.MINOR


def classify(old: str, new: str) -> Drift:
    """Severity, reasons and word diff for the change from `old` English to `new` English."""
    severity, reasons = judge(old, new)
    return Drift(severity, reasons, word_diff(old, new, context=DIFF_CONTEXT))


def is_critical(old: str, new: str) -> bool:
    """Whether the change makes the old translation wrong (see `judge`)."""
    return judge(old, new)[0] is Severity.CRITICAL
