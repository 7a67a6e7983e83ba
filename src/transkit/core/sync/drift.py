"""What changed in the English under a translation: a word diff and a severity.

Similarity scores rank "in 2020" -> "in 2021" or "did prevent" -> "did not prevent" as nearly
identical, yet these are the edits that make an old translation wrong. So severity is decided by
what kind of token changed, not by how many characters:

- critical: a number, a negation or a name (a capitalised word that does not open a sentence,
  so "July", "Moscow", "OSCE") was added, removed or replaced. Names are compared as a set,
  so a name that only moved within the text is no change, and a name respelled by one letter
  in five ("Armneians" -> "Armenians", "Russian" -> "Russia's") is a spelling fix; names of four
  letters or fewer have no such slack ("Iran" -> "Iraq"). In Title Case text (every word of
  four or more letters inside a sentence capitalised) capitals say nothing about names, so
  there a changed word is never a name;
- minor: spelling, punctuation and case fixes, and no change of words at all (the units of a
  merge joined as they were);
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
    found = (w.lower() for w in _NEGATION_WORD.findall(text))
    return Counter(w for w in found if w in _NEGATIONS)


# The words of `_WORD` that are negations, found by one search instead of a look at every word:
# a whole token, so neither glued to a letter nor an apostrophe's continuation ("rock'n'not").
_NEGATION_WORD = re.compile(
    r"(?<!\w)(?<!\w[’'])(?:"
    + "|".join(re.escape(w) for w in sorted(_NEGATIONS, key=len, reverse=True))
    + r")(?!\w)(?![’']\w)",
    re.IGNORECASE,
)


_NOT_ALNUM = re.compile(r"[\W_]+")


def _bare(token: str) -> str:
    return _NOT_ALNUM.sub("", token.lower())


@lru_cache(maxsize=1 << 16)
def _key(token: str) -> str:
    """A word as names are compared: no edge punctuation, no possessive 's, no case."""
    return _bare(_POSSESSIVE.sub("", _EDGE_PUNCT.sub("", token)))


def _capitalised(token: str) -> bool:
    first = token[:1]
    if first.isalpha():
        return first.isupper()
    letters = [ch for ch in token if ch.isalpha()]
    return bool(letters) and letters[0].isupper()


def _opens_sentence(tokens: Sequence[str], i: int) -> bool:
    return i == 0 or _SENTENCE_END.search(tokens[i - 1]) is not None


def _title_case(tokens: Sequence[str]) -> bool:
    """True for Title Case: at least two words of 4+ letters inside sentences, all capitalised."""
    long = [
        t
        for i, t in enumerate(tokens)
        if len(t) >= 4 and _letters(t) >= 4 and not _opens_sentence(tokens, i)
    ]
    return len(long) >= 2 and all(_capitalised(t) for t in long)


@lru_cache(maxsize=1 << 16)
def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


def _names(tokens: Sequence[str]) -> dict[str, str]:
    """Name key -> name as written, for the capitalised words that do not open a sentence."""
    if _title_case(tokens):
        return {}
    names: dict[str, str] = {}
    for i, token in enumerate(tokens):
        if not _capitalised(token) or _opens_sentence(tokens, i):
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
    return name not in keys and not any(_respelled(name, k) for k in keys)


def _name_change(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    """Names of `a` that `b` lacks, and names of `b` that `a` lacks (respellings excepted).

    A name is looked for among all the words of the other text, so "Moscow refused" ->
    "Then Moscow refused" and "Russian" -> "Russia's" change no name.
    """
    in_a, in_b = {_key(t) for t in a}, {_key(t) for t in b}
    gone = [v for k, v in _names(a).items() if _lacks(in_b, k)]
    came = [v for k, v in _names(b).items() if _lacks(in_a, k)]
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
    old_numbers, new_numbers = Counter(_NUMBER.findall(old)), Counter(_NUMBER.findall(new))
    if old_numbers != new_numbers:
        gone = sorted((old_numbers - new_numbers).elements())
        came = sorted((new_numbers - old_numbers).elements())
        reasons.append(f"number changed: {' '.join(gone) or '∅'} → {' '.join(came) or '∅'}")
    if _negations(old) != _negations(new):
        reasons.append("negation changed")
    if any(_capitalised(a[i]) for i1, i2, _, _ in hunks for i in range(i1, i2)) or any(
        _capitalised(b[j]) for _, _, j1, j2 in hunks for j in range(j1, j2)
    ):
        gone_names, came_names = _name_change(a, b)
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
        kept = len(a) - sum(i2 - i1 for i1, i2, _, _ in hunks)
        return Severity.SUBSTANTIVE, (f"{max(len(a), len(b)) - kept} of {max(len(a), len(b))} "
                                      "words changed",)
    return Severity.MINOR, ("spelling or punctuation",)


def classify(old: str, new: str) -> Drift:
    """Severity, reasons and word diff for the change from `old` English to `new` English."""
    severity, reasons = judge(old, new)
    return Drift(severity, reasons, word_diff(old, new, context=DIFF_CONTEXT))


def is_critical(old: str, new: str) -> bool:
    """Whether the change makes the old translation wrong (see `judge`)."""
    return judge(old, new)[0] is Severity.CRITICAL
