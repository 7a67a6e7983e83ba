"""The pair checks' shortcuts for speed (issue 24) give the answers of the long way.

`wrong_language` as it was before them is kept here, the long way (`reference_wrong_language`,
with the script counts and the copied runs of words as they were): the check must give its
findings, message for message, on real human translations, on pairs made as the benchmark
corpus makes them (German full of English words, the case the shortcuts are for) and on random
text over everything the check looks at. A catalog's pairs are run through the checks that find
something in the catalog at all (`Holds.anywhere`): the findings are those of every check on
every pair.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.checks import pairs as P
from transkit.core.checks.registry import Holds, Scope, holds, scoped
from transkit.core.checks.run import pair_findings, run_checks

from .test_check_relevance import _real_pairs

ROOT = Path(__file__).resolve().parent.parent


# --- the long way, as it was ----------------------------------------------------------------


def reference_script_counts(text: str) -> Counter[str]:
    text = P._strip_markup(text)
    counts: Counter[str] = Counter()
    scripts = P._SCRIPT_LETTERS.items() if P._BEYOND_LATIN.search(text) else P._LATIN_ONLY
    for script, letters in scripts:
        if letters.search(text):
            counts[script] = len(text) - len(letters.sub("", text))
    return counts


def reference_own(source: str, words: list[str], bare: list[str]) -> tuple[list[str], list[str]]:
    if not words:
        return [], []
    grams = P._trigrams(source)
    copied = [i for i, gram in enumerate(zip(bare, bare[1:], bare[2:], strict=False))
              if gram in grams]
    if not copied:
        return words, bare
    shared = [False] * len(words)
    for i in copied:
        shared[i] = shared[i + 1] = shared[i + 2] = True
    return ([w for w, s in zip(words, shared, strict=True) if not s],
            [w for w, s in zip(bare, shared, strict=True) if not s])


def reference_foreign_sentence(sentence: str, lang: str, expected: str, *, words: list[str],
                               one_script: bool = False) -> str:
    if one_script and expected == "LATIN":
        english = P._english_words(words)
        if english < 2 or english < 0.12 * len(words):
            return ""
    counts = reference_script_counts(sentence)
    letters = sum(counts.values())
    if letters < P.MIN_LETTERS or len(words) < P.MIN_SENTENCE_WORDS:
        return ""
    if counts[expected] / letters < 0.5:
        dominant = counts.most_common(1)[0][0]
        return f"{P._SCRIPT_LANG.get(dominant, dominant)} letters"
    if expected != "LATIN":
        return ""
    english = P._english_words(words)
    if english < 2 or english < 0.12 * len(words):
        return ""
    guess, prob = P.detect_language(sentence[:600], ("en", lang) if lang in P._PROFILES else ())
    if guess == "en" != lang and prob >= 0.99:
        return f"English, langdetect p={prob:.2f}"
    return ""


def reference_wrong_language(source: str, target: str, lang: str) -> Iterator[str]:
    if source.split(None, 1)[:1] == target.split(None, 1)[:1] and source.split() == target.split():
        if sum(reference_script_counts(target).values()) >= P.MIN_LETTERS:
            yield "the translation is the English text, unchanged"
        return
    if (target[:1] in P._MARKERS and target.rstrip()[-1:] in P._MARKERS
            and P._unemphasised(source) == P._unemphasised(target)):
        if sum(reference_script_counts(target).values()) >= P.MIN_LETTERS:
            yield "the translation is the English text, only emphasised"
        return
    expected = P.SCRIPTS.get(lang, "LATIN")
    whole = P._strip_markup(target)
    one_script = not P._foreign_letters(expected).search(whole)
    if one_script and expected != "LATIN":
        return
    if expected != "LATIN":
        whole = P._CODE_TOKEN.sub(" ", whole)
        one_script = not P._foreign_letters(expected).search(whole)
        if one_script:
            return
    bare = P._bare_words(whole)
    if one_script and P._english_words(bare) < 2:
        return
    kept, kept_bare = reference_own(source, whole.split(), bare)
    text = " ".join(kept)
    counts = reference_script_counts(text)
    letters = sum(counts.values())
    if letters < P.MIN_LETTERS:
        return
    share = counts[expected] / letters
    if share < 0.5:
        dominant = counts.most_common(1)[0][0]
        yield (
            f"{100 * (1 - share):.0f}% of the letters are "
            f"{P._SCRIPT_LANG.get(dominant, dominant)}, "
            f"not {P._SCRIPT_LANG.get(expected, expected)}"
        )
        return
    if counts[expected] == letters and (expected != "LATIN" or P._english_words(kept_bare) < 2):
        return
    bounds = P.sentence_bounds(kept)
    sentences = len(bounds) - 1
    for number in range(1, sentences + 1):
        start, end = bounds[number - 1], bounds[number]
        sentence = " ".join(kept[start:end])
        why = reference_foreign_sentence(sentence, lang, expected, one_script=one_script,
                                         words=kept_bare[start:end])
        if why:
            short = sentence if len(sentence) <= 60 else sentence[:59] + "…"
            where = f"sentence {number} of {sentences}" if sentences > 1 else "the text"
            yield f"{where} is not in '{lang}' ({why}): “{short}”"
            return


# --- pairs ----------------------------------------------------------------------------------


@cache
def corpus_pairs() -> list[tuple[str, str, str]]:
    """Pairs as the benchmark corpus makes them (benchmarks/corpus.py): English-looking text and
    its stand-in translations, the German full of English words."""
    spec = importlib.util.spec_from_file_location("bench_corpus_speed",
                                                  ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus  # dataclasses look their module up
    spec.loader.exec_module(corpus)
    words = corpus.vocabulary()
    out = []
    for index in range(40):
        article = corpus.make_article(index, 1, words)
        for block in article.blocks:
            for lang in ("de", "ru", "hy"):
                out.append((block.text, corpus.pseudo_translate(block.text, lang), lang))
    return out


def pasted(pairs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Real translations with an English sentence left in them (another unit's: its own
    English would be a copy, which the check leaves out), at the start, in the middle and at
    the end: what the check is for."""
    out = []
    for i, (source, target, lang) in enumerate(pairs):
        if len(source) < 80 or len(target) < 80:
            continue
        english = pairs[i - 1][0].split(". ")[0]
        middle = target.find(". ")
        where = i % 3
        if where == 0:
            out.append((source, f"{english}. {target}", lang))
        elif where == 1 and middle > 0:
            out.append((source, f"{target[:middle + 2]}{english}. {target[middle + 2:]}", lang))
        else:
            out.append((source, f"{target} {english}", lang))
    return out


def test_wrong_language_gives_the_long_ways_findings_on_real_translations() -> None:
    pairs = _real_pairs()
    assert len(pairs) > 1000
    for source, target, lang in pairs:
        assert list(P.wrong_language(source, target, lang)) == list(
            reference_wrong_language(source, target, lang)), (source, target, lang)


@pytest.mark.slow
def test_wrong_language_gives_the_long_ways_findings_on_pasted_english() -> None:
    pairs = pasted(_real_pairs())
    assert len(pairs) > 500
    found = 0
    for source, target, lang in pairs:
        new = list(P.wrong_language(source, target, lang))
        assert new == list(reference_wrong_language(source, target, lang)), (source, target)
        found += bool(new)
    assert found > 100  # English left in a translation is found, and found alike


def test_wrong_language_gives_the_long_ways_findings_on_the_corpus_pairs() -> None:
    found: Counter[str] = Counter()
    pairs = corpus_pairs()
    for source, target, lang in pairs:
        new = list(P.wrong_language(source, target, lang))
        assert new == list(reference_wrong_language(source, target, lang)), (source, target)
        found[lang] += bool(new)
    assert len(pairs) > 3000 and found["de"]  # German that langdetect finds English


# words of English, German, Russian and Armenian, code and names, sentence ends, markup, copies
WORDS = ["the", "and", "of", "is", "it", "The", "its", "it's", "İt", "t-h-e", "AND", "by",
         "Die", "und", "der", "ist", "nicht", "Gebiet", "Aböut", "Karabakh", "Moscow", "are",
         "statement", "September", "2022", "five", "Карабах", "слово", "Ղարաբաղ", "բառ",
         "Ελλάδα", "ქართ", "עברית", "عربي", "end.", "end!", "ok?", "so…", "Այո։", "x;",
         "[a link](https://x.org/a)", "`code`", "*em*", "_u_", "<b>x</b>", "{{< s >}}",
         "k8s.io", "TLS", "acme_v2", "—", "’s", "„Zitat“", "[^1]", "e-mail@x.org"]
SPACES = [" ", " ", " ", "  ", "\n", "\u00a0", "\t"]


@st.composite
def english_and_translation(draw: st.DrawFn) -> tuple[str, str, str]:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=40))
    source = " ".join(words)
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        copy = draw(st.booleans())
        if words and copy:  # a run copied from the English
            start = draw(st.integers(0, len(words) - 1))
            pieces.extend(words[start:start + draw(st.integers(1, 6))])
        else:
            pieces.extend(draw(st.lists(st.sampled_from(WORDS), max_size=8)))
    target = "".join(piece + draw(st.sampled_from(SPACES)) for piece in pieces)
    if draw(st.integers(0, 9)) == 0:
        target = "*" + source + "*"
    elif draw(st.integers(0, 9)) == 0:
        target = " ".join(source.split())
    return source, target, draw(st.sampled_from(["de", "ru", "hy", "fr", "el", "ka"]))


@settings(max_examples=3000, deadline=None)
@given(english_and_translation())
def test_wrong_language_gives_the_long_ways_findings_on_random_text(
        pair: tuple[str, str, str]) -> None:
    source, target, lang = pair
    assert list(P.wrong_language(source, target, lang)) == list(
        reference_wrong_language(source, target, lang))


SCRIPT_TEXT = st.lists(st.sampled_from(WORDS + SPACES + ["Ǆ", "ḁ", "ѐ", "ﬓ", "ΐ", "“"]),
                       max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(SCRIPT_TEXT)
def test_script_counts_count_each_script_as_the_long_way_did(text: str) -> None:
    new, old = P.script_counts(text), reference_script_counts(text)
    assert new == old and list(new) == list(old)  # the same order: most_common's ties


@settings(max_examples=3000, deadline=None)
@given(english_and_translation())
def test_the_words_a_translation_does_not_copy_are_the_long_ways(
        pair: tuple[str, str, str]) -> None:
    source, target, _ = pair
    whole = P._strip_markup(target)
    bare = P._bare_words(whole)
    assert P._own(source, whole.split(), bare) == reference_own(source, whole.split(), bare)


def test_letters_are_counted_from_the_head_as_from_the_whole() -> None:
    for text in ["", "a" * 29, "a" * 30, " " * 200 + "a" * 30, "ä1" * 40, "a " * 15,
                 "." * 119 + "a" * 30, "b" * 119 + "." * 10 + "a" * 29]:
        assert P._has_letters(text) == (sum(reference_script_counts(text).values()) >= 30), text


def test_a_detection_that_gives_up_is_one_that_would_not_reach_the_probability() -> None:
    sentences = [s for source, target, lang in corpus_pairs()[:600] if lang == "de"
                 for s in (target, source)]
    gave_up = reached = 0
    for text in sentences:
        full = P.detect_language(text, ("de", "en"))
        quick = P.detect_language(text, ("de", "en"), at_least=("en", 0.99))
        if full[0] == "en" and full[1] >= 0.99:
            assert quick == full
            reached += 1
        else:
            gave_up += quick == ("", 0.0)
            assert quick in (full, ("", 0.0))
    assert reached and gave_up  # both kinds were met


# --- a catalog's pairs through the checks that find something in it ------------------------


MARK_PIECES = ["[^1]", "](https://x.org/a)", "[a](b)", "http://x.org", "www.", "ftp:", "@",
               "a@b.org", "<b>", "</b>", "{{< x >}}", "{", "\\", "\n", "\r", "`c`", "*", "_",
               "1", "22", " ", "word", "Wort", "the and of", "\x00", "[", "^", "]", "("]
MARK_TEXT = st.lists(st.sampled_from(MARK_PIECES), max_size=8).map("".join)


def catalog_of(pairs: list[tuple[str, str]]) -> polib.POFile:
    catalog = polib.POFile()
    for number, (source, target) in enumerate(pairs):
        catalog.append(polib.POEntry(msgid=f"{source}#{number}" if source else "",
                                     msgstr=target))
    return catalog


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(MARK_TEXT, MARK_TEXT), max_size=5),
       st.sampled_from(["de", "ru", "hy"]))
def test_a_catalogs_findings_are_every_checks_on_every_pair(pairs: list[tuple[str, str]],
                                                            lang: str) -> None:
    catalog = catalog_of(pairs)
    expected = [(item.id, message) for entry in catalog if entry.msgid and entry.msgstr
                for item, message in run_checks(entry.msgid, entry.msgstr, lang)]
    found = [(f.check, f.message) for f in pair_findings(catalog, path="x.po", article="x",
                                                         lang=lang)]
    assert found == expected


def test_the_marks_of_a_catalog_are_its_pairs_marks() -> None:
    gated = [item for item in scoped(Scope.PAIR) if isinstance(item.relevant, Holds)]
    assert {"footnote-refs", "links", "numbers", "inline-markup", "tt-urls"} <= {
        item.id for item in gated}
    for item in gated:
        relevant = item.relevant
        assert isinstance(relevant, Holds)
        for source, target in [("[^1]", ""), ("", "](x)"), ("a 1", "b"), ("`", ""),
                               ("x", "http://x"), ("", "{{< x >}}"), ("plain", "text"),
                               ("[", "^1]"), ("]", "(x)")]:
            joined = "\0".join([source, target])
            assert relevant.anywhere(joined) == relevant(source, target, "de"), (item.id, source)
    # marks never meet across two texts: "[" ending one and "^" starting the next are no "[^"
    assert not holds("[^").anywhere("a [\0^1] b")
    with pytest.raises(ValueError, match="NUL"):
        holds("a\0b")


def test_a_catalog_without_a_mark_asks_no_pair_for_it() -> None:
    footnotes = next(item for item in scoped(Scope.PAIR) if item.id == "footnote-refs")
    relevant = footnotes.relevant
    assert isinstance(relevant, Holds)
    asked: list[str] = []
    test = relevant.test
    try:
        def counted(source: str, target: str, lang: str) -> bool:
            asked.append(source)
            return test(source, target, lang)

        relevant.test = counted
        pair_findings(catalog_of([("Plain words here.", "Schlichte Worte hier.")] * 3),
                      path="x.po", article="x", lang="de", checks=[footnotes])
        assert asked == []
        found = pair_findings(catalog_of([("See [^1].", "Siehe."), ("No note.", "Keine.")]),
                              path="x.po", article="x", lang="de", checks=[footnotes])
        assert len(asked) == 2 and [f.check for f in found] == ["footnote-refs"]
    finally:
        relevant.test = test
