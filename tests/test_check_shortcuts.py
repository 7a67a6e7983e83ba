"""The shortcuts of check and status change no finding and no verdict.

`status` (and `build`) find only what the verdict reads: the errors of the checks that judge an
edition (`core.checks.run.judges`), without running the warnings' checks; what they find must be
exactly those of check's findings.
"""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.config import load_config
from transkit.core.checks.model import Level
from transkit.core.checks.run import check_of, failing, judges
from transkit.runs.check import CheckTask, EditionJob
from transkit.store.files import scan_articles

from .conftest import SAMPLE_SLUG


def _plant(project: Path) -> None:
    """An error (a dropped footnote reference) and warnings (a doubled word, whitespace at the
    end) in the German catalog, and an English text in the Russian one."""
    path = project / "locales" / "de" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(path))
    translated = [e for e in catalog if e.msgid and e.msgstr and "fuzzy" not in e.flags]
    with_note = next(e for e in translated if "[^1]" in e.msgstr)
    with_note.msgstr = with_note.msgstr.replace("[^1]", "")
    others = [e for e in translated if e is not with_note]
    others[0].msgstr = "die die " + others[0].msgstr
    others[1].msgstr = others[1].msgstr + " "
    catalog.save(str(path))
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid and e.msgstr and len(e.msgid) > 80)
    entry.msgstr = entry.msgid
    catalog.save(str(path))


def test_the_verdicts_findings_are_checks_errors_of_an_edition(project: Path) -> None:
    _plant(project)
    config = load_config(project)
    task = CheckTask(config)
    levels: set[Level] = set()
    compared = 0
    for article in scan_articles(config, None).articles:
        for lang in config.languages:
            job = EditionJob(article, lang)
            full = task.run(job).value
            quick = task.verdict(job)
            assert (full is None) == (quick is None)
            if full is None or quick is None:
                continue
            levels.update(f.level for f in full.findings)
            assert quick.status == full.status
            assert quick.source == full.source
            assert list(quick.findings) == [f for f in full.findings
                                            if judges(check_of(f.check))]
            assert failing(quick.findings) == failing(full.findings)
            assert quick.units == ""
            compared += 1
    assert compared == len(config.languages)
    assert levels == {Level.ERROR, Level.WARNING}  # both kinds were there to tell apart


def test_a_catalogs_lines_read_when_asked_are_its_lines() -> None:
    from transkit.runs.check import CatalogLines

    data = 'msgid ""\nmsgstr "Ü"\n\n#: a.md:3\nmsgid "x"\nmsgstr "y"\n'.encode()
    lines = CatalogLines(data)
    text = data.decode("utf-8").split("\n")
    assert len(lines) == len(text)
    assert list(lines) == text
    assert lines[1] == 'msgstr "Ü"' and lines[-1] == ""
    assert lines[:3] == text[:3]
    assert bool(CatalogLines(b"")) is True  # one empty line, as str.split gives it


_PIECES = ["The", "the", "and", "of", "Karabakh", "Σ", "ΟΔΟΣ.", "straße", "İ", ".", "!", "?", "…",
           "։", ";", ":", " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\x1c", "word.", "it's", "a-b",
           "[x](https://e.org/a_b)", "`code`", "**", "_", "<b>", "12.5", "Ünd", "слово", "բառ"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_a_sentences_bare_words_are_its_share_of_the_texts(text: str) -> None:
    """wrong-language reads each sentence's bare words off the bare words of the whole text
    (each sentence is a run of its words), instead of baring each sentence again."""
    from transkit.core.checks.pairs import _bare_words, _strip_markup, sentence_bounds

    whole = _strip_markup(text)
    words = whole.split()
    if not words:
        return
    bare = _bare_words(whole)
    assert len(bare) == len(words)
    bounds = sentence_bounds(words)
    for start, end in zip(bounds, bounds[1:], strict=False):
        assert bare[start:end] == _bare_words(" ".join(words[start:end]))
    assert bounds[-1] == len(words)
