"""The shortcuts that make a long document's sync cheaper decide exactly as the full work did.

A 13,000-paragraph document a tenth edited spent most of its sync in rapidfuzz's partial_ratio
(splits and merges), in judging each drift word by word, and in following word pairs of moved
paragraphs. Each shortcut skips work only where the skipped work cannot change the answer:
these tests hold each one against the plain computation it replaces (written out here as it
was), over texts built to hit the edge cases (apostrophes, hyphens, capitals, dates, numbers
spelled out, characters whose case maps oddly).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from transkit.core.sync import drift
from transkit.core.sync.update import PART_CUTOFF, _bigrams, _may_be_part, _moved

# --- partial_ratio's bound (splits and merges) ---------------------------------------------

PIECES = ["the", "talks", "in", "Moscow", "were", "not", "held", "after", "2021", ".", ",",
          "ceasefire", "a", "of", "and", "Armenia", "July", "three", "mission"]
SENTENCE = st.lists(st.sampled_from(PIECES), min_size=0, max_size=30).map(" ".join)


@st.composite
def related(draw: st.DrawFn) -> tuple[str, str]:
    """Two texts, often one a part of the other or an edited copy of it."""
    a = draw(SENTENCE)
    how = draw(st.sampled_from(["any", "part", "edited part", "container"]))
    if how == "any":
        return a, draw(SENTENCE)
    if how == "container":
        return a, draw(SENTENCE) + " " + a + " " + draw(SENTENCE)
    start = draw(st.integers(0, len(a)))
    end = draw(st.integers(start, len(a)))
    part = a[start:end]
    if how == "edited part" and part:
        i = draw(st.integers(0, len(part) - 1))
        part = part[:i] + draw(st.sampled_from(["x", "", "yz"])) + part[i + 1:]
    return part, a


@settings(max_examples=600, deadline=None)
@given(related())
@example(("talks in Moscow were held", "After the ceasefire the talks in Moscow were held, "
          "and a mission of three went to Armenia in July 2021."))
@example(("", "a"))
@example(("a", "a"))
def test_a_pair_the_bound_refuses_cannot_reach_the_cutoff(pair: tuple[str, str]) -> None:
    a, b = pair
    for x, y in ((a, b), (b, a)):
        if not _may_be_part(x, y):
            assert fuzz.partial_ratio(x, y) < PART_CUTOFF


def test_the_bound_lets_a_part_of_a_long_paragraph_through() -> None:
    # a sentence of a long paragraph: partial_ratio 100, ratio far below the cutoff
    part = "the talks in Moscow were held after the ceasefire"
    whole = ("In July 2021 a mission of three went to Armenia. " * 4 + part + ". "
             + "Nothing else was agreed, and the blockade went on. " * 4)
    assert fuzz.ratio(part, whole) < PART_CUTOFF <= fuzz.partial_ratio(part, whole)
    assert _may_be_part(part, whole) and _may_be_part(whole, part)


def test_the_bound_refuses_unrelated_paragraphs() -> None:
    # what makes it worth having: most pairs of a gap are refused without partial_ratio
    assert not _may_be_part("The ceasefire held for three days in July.",
                            "Moscow and Armenia signed nothing after 2021, whatever was said.")


# --- moved paragraphs: word pairs followed all at once -------------------------------------


def _moved_plain(new: dict[int, str], old: dict[int, str]) -> list[tuple[int, int]]:
    """`_moved` as it was written before: each word pair looked up one at a time."""
    if not new or not old:
        return []
    index: dict[tuple[str, str], list[int]] = {}
    for o, text in old.items():
        for pair in _bigrams(text):
            index.setdefault(pair, []).append(o)
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for n, text in new.items():
        shared: dict[int, int] = {}
        for pair in _bigrams(text):
            owners = index.get(pair, ())
            if len(owners) <= 8:
                for o in owners:
                    shared[o] = shared.get(o, 0) + 1
        candidates = sorted(o for o, count in shared.items() if count >= 2 and o not in taken)
        best = process.extractOne(text, {o: old[o] for o in candidates}, scorer=fuzz.ratio,
                                  score_cutoff=70.0)
        if best is not None:
            taken.add(best[2])
            pairs.append((n, best[2]))
    return pairs


@settings(max_examples=150, deadline=None)
@given(st.lists(SENTENCE, min_size=0, max_size=25), st.lists(SENTENCE, min_size=0, max_size=25),
       st.randoms(use_true_random=False))
def test_moved_pairs_are_those_of_the_plain_search(old_texts: list[str], extra: list[str],
                                                  rnd: object) -> None:
    old = dict(enumerate(old_texts))
    # the new units: some old ones edited a little (moved and changed), some unrelated
    new = {100 + i: text + " and more" for i, text in enumerate(old_texts) if i % 2}
    new.update({200 + i: text for i, text in enumerate(extra)})
    assert _moved(new, old) == _moved_plain(new, old)


def test_a_word_pair_of_eight_old_paragraphs_is_followed_and_of_nine_is_not() -> None:
    # "alpha beta" opens every old paragraph; the edited one shares one other pair with its
    # old self: a candidate only if "alpha beta" counts too
    for owners in (8, 9):
        old = {o: f"alpha beta w{o}a zzzz" for o in range(owners)}
        new = {100: "alpha beta w3a zzzy"}
        assert _moved(new, old) == _moved_plain(new, old) == ([(100, 3)] if owners == 8 else [])


# --- judging a drift: prefilters and early exits -------------------------------------------

TOKENS = [
    "not", "Not", "NOT", "no", "never", "n't", "don't", "Isn't", "isn’t", "won't", "rock'n'not",
    "no_way", "'none'", "(nobody)", "without,", "ſo", "iſn't", "ıſn't", "no-one", "cannot!",
    "three", "Three", "twenty-one", "forty-two", "one-third", "x-three", "well-known", "million",
    "Hundreds", "-thousand", "billion-dollar", "2021", "03", "1,000", "3.5",
    "May", "may", "March", "Mar", "Sept", "Feb", "05,", "Monday", "Ma-y", "JULY", "july.",
    "Moscow", "Armenians", "Armneians", "Armenian's", "Iran", "Iraq", "OSCE", "US", "us",
    "İstanbul", "ΑΣ", "\u212aelvin", "The", "the", "talks", "ceasefire", "were", "held", "in",
    "and", "Lachin", "Lachin.", "end.", "Mr.", "[Objects](/docs/Objects)", "*Emph*", "_under_",
    "“Quoted”", "İnot", "Title", "Case", "Words", "Here", "a", "of", "corridor", "Corridor",
]
TEXT = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=25).map(" ".join)

_NEGATION_SEARCH = re.compile(
    r"(?<!\w)(?<!\w[’'])(?:"
    + "|".join(re.escape(w) for w in sorted(drift._NEGATIONS, key=len, reverse=True))
    + r")(?!\w)(?![’']\w)",
    re.IGNORECASE,
)


def _negations_searched(text: str) -> Counter[str]:
    """The negations as they were found before: one case-blind search for them all."""
    found = (w.lower() for w in _NEGATION_SEARCH.findall(text))
    return Counter(w for w in found if w in drift._NEGATIONS)


def _numbers_word_by_word(text: str) -> dict[str, list[str]]:
    """`drift._numbers` without its look for a number word first."""
    found: dict[str, list[str]] = {}
    for written in drift._NUMBER.findall(text):
        value = (written.lstrip("0") or "0") if written.isdigit() else written
        found.setdefault(value, []).append(written)
    words_seen = drift.plain(text)
    for match in drift._WORD_OR_PAIR.finditer(words_seen.lower()):
        value = drift._spelled_value(match.group())
        if value is not None:
            found.setdefault(str(value), []).append(words_seen[match.start():match.end()])
    for match in drift._SCALES.finditer(words_seen):
        found.setdefault(match.group(1).lower(), []).append(match.group())
    return found


def _dates_word_by_word(tokens: Sequence[str]) -> tuple[dict[str, list[str]], frozenset[int]]:
    """`drift._dates` without its look for a date's word first."""
    found: dict[str, list[str]] = {}
    places: set[int] = set()

    def beside_number(i: int) -> bool:
        return any(0 <= j < len(tokens) and drift._DIGIT.search(tokens[j]) for j in (i - 1, i + 1))

    for i, token in enumerate(tokens):
        if not drift._capitalised(token):
            continue
        key = drift._key(token)
        if key in drift._DATE_WORDS:
            if key == "may" and drift._opens_sentence(tokens, i) and not beside_number(i):
                continue
            day = key
        elif key in drift._MONTH_ABBREVIATIONS and beside_number(i):
            day = drift._MONTH_ABBREVIATIONS[key]
        else:
            continue
        found.setdefault(day, []).append(drift._EDGE_PUNCT.sub("", token))
        places.add(i)
    return found, frozenset(places)


def _title_case_listed(tokens: Sequence[str]) -> bool:
    long = [t for i, t in enumerate(tokens)
            if len(t) >= 4 and drift._letters(t) >= 4 and not drift._opens_sentence(tokens, i)]
    return len(long) >= 2 and all(drift._capitalised(t) for t in long)


def _lacks_everywhere(keys: set[str], name: str) -> bool:
    return name not in keys and not any(drift._respelled(name, k) for k in keys)


@settings(max_examples=500, deadline=None)
@given(TEXT)
@example("rock'n'not don't n't no_way 'none' iſn't ıſn't NOT İnot")
@example("one-third x-three twenty-one well-known three")
def test_negations_and_numbers_are_found_as_by_the_full_search(text: str) -> None:
    assert drift._negations(text) == _negations_searched(text)
    assert drift._numbers(text) == _numbers_word_by_word(text)


@settings(max_examples=500, deadline=None)
@given(TEXT)
@example("Talks Were Held In Moscow")
@example("The talks were Held In Moscow")
@example("Talks began Feb 05, 2021 and on Sept 3")
def test_dates_title_case_and_names_as_before(text: str) -> None:
    tokens = drift.words(text)
    assert drift._title_case(tokens) == _title_case_listed(tokens)
    assert drift._dates(tokens) == _dates_word_by_word(tokens)
    keys = {drift._key(t) for t in tokens}
    for name in ("armenians", "iran", "moscow", "lachin", "corridors", "us"):
        assert drift._lacks(keys, name) == _lacks_everywhere(keys, name)


def test_the_shortcuts_still_see_what_they_look_for() -> None:
    assert drift._negations("It isn't so. It is not.") == Counter({"isn't": 1, "not": 1})
    assert drift._numbers("twenty-one talks")["21"] == ["twenty-one"]
    assert drift._dates(drift.words("Talks began on 5 March in Moscow."))[0] == {
        "march": ["March"]}
    assert not drift._lacks({"armenians"}, "armneians")  # a respelling, one length apart
    assert drift.judge("Talks in Moscow.", "Talks in Minsk.")[1] == (
        "name changed: Moscow → Minsk",)
