"""A check's `relevant` test only skips pairs the check would pass anyway.

run_checks asks each check's cheap `relevant` test before running it; these properties run the
check itself on the pairs the test turns away (random text over the characters the checks look
for, and every pair of the sample edition) and expect no finding.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.checks.registry import Check, CheckOptions, Scope, Takes
from transkit.core.checks.run import every_check
from transkit.core.terms.model import Glossary

ROOT = Path(__file__).resolve().parent.parent
GATED = [item for item in every_check() if item.scope is Scope.PAIR and item.relevant is not None]
# what the checks look for, and ordinary letters of the four languages around it
PIECES = [
    "[^1]", "[^note]", "](", "](https://example.org/a)", "http://x.org", "https://a.b/c.", "www.",
    "ftp:", "@", "a@b.org", "<b>", "</b>", "<br/>", "`code`", "``", "*", "**", "_", "{{< x >}}",
    "{{% y %}}", "{% z %}", "{{ v }}", "{", "}", "\\", "\\n", "\n", "\r", " ", "\t", "\u00a0",
    "1", "22", "3.5", "13 000", "1,5", "2020", ".", ":", "։", "?", "!", "«", "»", "the", "and",
    "of", "The", "Karabakh", "Berg-Karabach", "Карабах", "Ղարաբաղ", "ին", "word", "word word",
    "the. The", "Wort wort", "ԵՎ և", "и И",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def findings(item: Check, source: str, target: str, lang: str) -> list[str]:
    if item.takes is Takes.OPTIONS:
        return list(item.function(source, target, lang, CheckOptions()))
    if item.takes is Takes.GLOSSARY:
        return list(item.function(source, target, lang, Glossary(path="glossary.csv", terms=())))
    return list(item.function(source, target, lang))


def test_some_checks_are_gated() -> None:
    # the property below must have something to test
    assert {"numbers", "links", "footnote-refs", "inline-markup", "shortcodes",
            "tt-urls", "tt-endwhitespace"} <= {i.id for i in GATED}


@pytest.mark.slow
@pytest.mark.parametrize("item", GATED, ids=[i.id for i in GATED])
@settings(max_examples=300, deadline=None)
@given(source=TEXT, target=TEXT, lang=st.sampled_from(["hy", "de", "ru", "fr"]))
def test_a_pair_turned_away_has_no_finding(
    item: Check, source: str, target: str, lang: str
) -> None:
    if item.languages and lang not in item.languages:
        return  # the check does not apply to the language: run_checks never runs it
    assert item.relevant is not None
    if not item.relevant(source, target, lang):
        assert findings(item, source, target, lang) == []


def test_doubled_words_are_the_words_translate_toolkit_compares() -> None:
    """The doublewords test splits what translate-toolkit's check splits only while its
    checkers remove no variables or accelerators; a doubled word it finds, the check finds."""
    from transkit.core.checks.pairs import _tt_checker

    for lang in ("hy", "de", "ru", "fr", "es", "uk"):
        checker = _tt_checker(lang)
        assert checker.accfilters == [] and checker.removevarfilter == [], lang
    doublewords = next(i for i in GATED if i.id == "tt-doublewords")
    for target in ("Das ist ist gut.", "Это. это так", "Դա <b>դա</b> է", "x\tX"):
        assert doublewords.relevant is not None and doublewords.relevant("", target, "de")
        assert findings(doublewords, "", target, "de"), target


def test_the_sample_editions_pairs_turned_away_have_no_finding() -> None:
    pairs = [
        (entry.msgid, entry.msgstr, po.parent.name)
        for po in sorted((ROOT / "locales").glob("*/*.po"))
        for entry in polib.pofile(str(po))
        if entry.msgid and entry.msgstr
    ]
    assert len(pairs) > 50
    for item in GATED:
        for source, target, lang in pairs:
            assert item.relevant is not None
            if (not item.languages or lang in item.languages) and not item.relevant(
                    source, target, lang):
                assert findings(item, source, target, lang) == [], (item.id, source)


def _real_pairs() -> list[tuple[str, str, str]]:
    """Pairs of real English and translated units (tests/data/real): each page's units side by
    side, in order (the unit of the same place where the translation keeps the structure, a
    neighbour's elsewhere: real text either way), in the language of the translation."""
    from transkit.core.source.segment import segment_markdown

    pairs = []
    for site in sorted((ROOT / "tests" / "data" / "real").iterdir()):
        if not (site / "en").is_dir():
            continue
        for folder in sorted(p for p in site.iterdir() if p.is_dir() and p.name != "en"):
            for page in sorted(folder.rglob("*.md")):
                english = site / "en" / page.relative_to(folder)
                if not english.is_file():
                    continue
                try:
                    units = [segment_markdown(p.read_text(encoding="utf-8"), path=str(p)).segments
                             for p in (english, page)]
                except Exception:  # noqa: BLE001, S112 - a page transkit refuses: not a pair
                    continue
                pairs += [(a.text, b.text, folder.name) for a, b in zip(*units, strict=False)]
    return pairs


def test_the_real_pages_pairs_turned_away_have_no_finding() -> None:
    """Human translations (kubernetes.io, letsencrypt.org, opensource.guide, opentelemetry.io):
    every pair a check's `relevant` test turns away, the check itself passes too."""
    pairs = _real_pairs()
    assert len(pairs) > 1000
    turned_away = 0
    for item in GATED:
        for source, target, lang in pairs:
            assert item.relevant is not None
            if (not item.languages or lang in item.languages) and not item.relevant(
                    source, target, lang):
                turned_away += 1
                assert findings(item, source, target, lang) == [], (item.id, source, target)
    assert turned_away > len(pairs)  # the property has pairs to hold on
