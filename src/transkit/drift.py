"""What changed in the English under a translation: a word diff and a severity.

Similarity scores rank "in 2020" -> "in 2021" or "did prevent" -> "did not prevent" as nearly
identical, yet these are the edits that make an old translation wrong. So severity is decided by
what kind of token changed, not by how many characters: numbers, negations and names are critical;
spelling and punctuation fixes are minor; everything else is substantive.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Indel, Levenshtein

from .model import Drift, Severity

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_WORD = re.compile(r"\w+(?:[’']\w+)*")
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


def word_diff(old: str, new: str) -> str:
    """A word-level diff in wdiff notation, `[-removed-]{+added+}`, computed with rapidfuzz."""
    a, b = words(old), words(new)
    out: list[str] = []
    for op in Indel.opcodes(a, b):
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if op.tag == "equal":
            out.extend(a[i1:i2])
            continue
        piece = ""
        if i2 > i1:
            piece += "[-" + " ".join(a[i1:i2]) + "-]"
        if j2 > j1:
            piece += "{+" + " ".join(b[j1:j2]) + "+}"
        out.append(piece)
    return " ".join(out)


def _changed_pairs(old: str, new: str) -> list[tuple[list[str], list[str]]]:
    a, b = words(old), words(new)
    pairs = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag != "equal":
            pairs.append((a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]))
    return pairs


def _negations(text: str) -> Counter[str]:
    return Counter(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w in _NEGATIONS)


def _bare(token: str) -> str:
    return "".join(ch for ch in token.lower() if ch.isalnum())


def classify(old: str, new: str) -> Drift:
    """Severity and reasons for the change from `old` English to `new` English."""
    reasons: list[str] = []
    old_numbers, new_numbers = Counter(_NUMBER.findall(old)), Counter(_NUMBER.findall(new))
    if old_numbers != new_numbers:
        gone = sorted((old_numbers - new_numbers).elements())
        came = sorted((new_numbers - old_numbers).elements())
        reasons.append(f"number changed: {' '.join(gone) or '∅'} → {' '.join(came) or '∅'}")
    if _negations(old) != _negations(new):
        reasons.append("negation changed")
    pairs = _changed_pairs(old, new)
    typo_level = True
    for removed, added in pairs:
        removed_bare = " ".join(filter(None, map(_bare, removed)))
        added_bare = " ".join(filter(None, map(_bare, added)))
        if removed_bare == added_bare:
            continue  # punctuation or case only
        distance = Levenshtein.distance(removed_bare, added_bare)
        if len(removed) == len(added) == 1 and distance <= 2 and len(removed_bare) >= 4:
            continue  # a spelling fix
        typo_level = False
        for token in removed + added:
            if token[:1].isupper() and not _NUMBER.fullmatch(token):
                other = added if token in removed else removed
                if not any(Levenshtein.normalized_similarity(token, o) >= 0.8 for o in other):
                    reasons.append(f"name changed: {' '.join(removed) or '∅'} → "
                                   f"{' '.join(added) or '∅'}")
                    break
    if reasons:
        severity = Severity.CRITICAL
    elif typo_level:
        severity = Severity.MINOR
        reasons.append("spelling or punctuation")
    else:
        severity = Severity.SUBSTANTIVE
        changed = sum(max(len(r), len(a)) for r, a in pairs)
        reasons.append(f"{changed} of {max(len(words(old)), 1)} words changed")
    return Drift(severity, tuple(dict.fromkeys(reasons)), word_diff(old, new))
