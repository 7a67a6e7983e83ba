"""The checks' shortcuts give the answers of the long way: each is tried on random text over the
characters it looks at, where it must either decline (None) or agree with the long way."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.checks.pairs import (
    _detector_class,
    _detectors,
    _plain_emphasis,
    parsed_emphasis,
    sentence_bounds,
)

# what CommonMark reads around `*`: other delimiters, escapes, code, brackets, tags, entities,
# line breaks, spaces of several kinds, punctuation and letters of several scripts
EMPHASIS_PIECES = list("*  ab.,;:?!_`[]()<>&\\\n\r\t\u00a0\u2003-^\"'«»„“’") + [
    "Я", "ա", "é", "1", "**", "](", "[^1]", "[a]", "[a][b]", "[a]: x", "\x00"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(EMPHASIS_PIECES), max_size=16).map("".join))
def test_plain_emphasis_counts_the_spans_commonmark_finds(text: str) -> None:
    plain = _plain_emphasis(text)
    if plain is not None:
        assert parsed_emphasis(text) == Counter({"*emphasis*": plain} if plain else {})


# links around and between the markers: brackets, parentheses and whole inline links
LINK_PIECES = ["*", "*", " ", " ", "a", "b", ".", "[", "]", "(", ")", "](", "[a](b)",
               "[a](b c)", "[a b](x/y)", "[*a*](b)", "[a](*b*)", "[a [b](c)", "[^1]", "(a*)",
               "*a", "a*", " [a", "a](b)", " *a [b* c](d)"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=14).map("".join))
def test_plain_emphasis_around_links_counts_the_spans_commonmark_finds(text: str) -> None:
    plain = _plain_emphasis(text)
    if plain is not None:
        assert parsed_emphasis(text) == Counter({"*emphasis*": plain} if plain else {})


def test_plain_emphasis_answers_for_plain_text_and_declines_the_rest() -> None:
    assert _plain_emphasis("a *b* and *c d*. *e") == 2
    assert _plain_emphasis("*Moscow* [^1]") == 1
    assert _plain_emphasis("a **b**") is None  # strong: parsed
    assert _plain_emphasis("a *b*c") is None  # within a word: parsed
    assert _plain_emphasis("[*a*](x)") is None  # a marker in a link: parsed
    assert _plain_emphasis("[a](*x*)") is None
    assert _plain_emphasis("[a](b) *c* [d](e)") is None  # markers between links: parsed
    assert _plain_emphasis("*a [b* c](d)") is None  # a span would cross the link: none
    assert _plain_emphasis("*a b* [c](https://d.org/e) f") == 1  # every marker before a link
    assert _plain_emphasis("[c](d) and *e*") == 1  # or after it
    assert _plain_emphasis("*a* [b](c) *d [e] f*.") == 2
    assert _plain_emphasis("a \\*b*") is None  # an escape: parsed


def detections(make: Any, text: str) -> Any:
    """langdetect's probabilities for a text, by a detector `make()` gives (or its error)."""
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = make()
        detector.append(text)
        return [(guess.lang, guess.prob) for guess in detector.get_probabilities()]
    except LangDetectException as err:
        return str(err)


REAL = Path(__file__).resolve().parent / "data" / "real"


def test_the_written_out_detector_gives_langdetects_probabilities_to_the_last_bit() -> None:
    # sentences of real pages in four languages, and mixtures, among two and all languages
    texts = []
    for page in sorted(REAL.glob("*/*/**/*.md"))[::2]:
        for sentence in re.split(r"(?<=[.!?])\s+", page.read_text(encoding="utf-8"))[:60:3]:
            texts.append(sentence[:600])
    texts += ["", "1234 ...", "ABC DEF", "Das ist gut, the rest is English.", "Ελληνικά 漢字 かな"]
    assert len(texts) > 300
    for candidates in (("de", "en"), ("en", "ru"), ()):
        factory = _detectors(candidates)
        for text in texts[:: 1 if candidates else 10]:
            assert detections(lambda f=factory: _detector_class()(f), text) == detections(
                factory.create, text), (candidates, text)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("ab.!?…։;:,»)1")), min_size=1, max_size=4)
                .map("".join), max_size=12))
def test_sentence_bounds_cut_where_the_sentence_break_splits(words: list[str]) -> None:
    text = " ".join(words)
    cut = sentence_bounds(words)
    assert [" ".join(words[a:b]) for a, b in itertools.pairwise(cut)] == re.split(
        r"(?<=[.!?…։;])\s+(?=\S)", text)


# numbers as the checks read them: separators of several languages, versions and dates, numbers
# in code, link targets and footnote labels, and numbers written out
NUMBER_PIECES = ["1", "1", "2", "22", "0", "01", "3.5", "3,5", "13 000", "13.000", "13,000",
                 "1.1.0", "22.02.2022", " ", " ", ".", ",", "\u00a0", "`7`", "](https://x.org/8)",
                 "[^9]", "five", "fünf", "пять", "հինգ", "a", "{{< x n=\"4\" >}}"]
NUMBER_TEXT = st.lists(st.sampled_from(NUMBER_PIECES), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(source=NUMBER_TEXT, target=NUMBER_TEXT, lang=st.sampled_from(["de", "ru", "hy"]))
def test_numbers_written_alike_is_the_long_ways_answer(source: str, target: str,
                                                       lang: str) -> None:
    from transkit.core.checks.pairs import numbers, numbers_differ

    assert list(numbers(source, target, lang)) == list(numbers_differ(source, target, lang))


def test_numbers_written_alike_on_real_pairs_is_the_long_ways_answer() -> None:
    from transkit.core.checks.pairs import numbers, numbers_differ

    from .test_check_relevance import _real_pairs

    pairs = _real_pairs()
    assert len(pairs) > 1000
    differ = 0
    for source, target, lang in pairs:
        found = list(numbers(source, target, lang))
        assert found == list(numbers_differ(source, target, lang)), (source, target)
        differ += bool(found)
    assert differ  # the long way has findings to agree with
