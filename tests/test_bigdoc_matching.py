"""The shortcuts that make a long document's sync cheaper decide exactly as the full work did.

A 13,000-paragraph document a tenth edited spent most of its sync in rapidfuzz's partial_ratio
(splits and merges), in judging each drift word by word, and in following word pairs of moved
paragraphs. Each shortcut skips work only where the skipped work cannot change the answer:
these tests hold each one against the plain computation it replaces (written out here as it
was), over texts built to hit the edge cases (apostrophes, hyphens, capitals, dates, numbers
spelled out, characters whose case maps oddly).
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

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
