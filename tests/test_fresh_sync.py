"""The fast path of a sync with no catalogs yet, held to the general one it stands for.

A new catalog's entries are made without matching (`fresh_catalog`), once for all the languages
of an article (`with_header`), and laid out once but for each header (`format_pos`): each must
make exactly what the general path makes, byte for byte."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from transkit.core.po.catalog import new_catalog
from transkit.core.po.pofile import (
    _wrap_portion,
    _wrapped,
    escape,
    format_po,
    format_pos,
    generate_po,
    parse_po,
)
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.model import MinorDrift
from transkit.core.sync.update import _sync_catalog, fresh_catalog, sync_catalog, with_header

from .conftest import ROOT, SAMPLE

# every English Markdown article the tests hold: real sites' pages, the segmenter's and the
# sync's cases, the sample
SOURCES = sorted({SAMPLE, *(p for p in (ROOT / "tests" / "data").rglob("*.md")
                            if "/de/" not in p.as_posix() and "/fr/" not in p.as_posix())})


def _slow(header: polib.POFile, text: str) -> polib.POFile:
    return _sync_catalog(header, segment_markdown(text), reference="sources/a.md",
                         prune_obsolete=False, recall=None, minor_drift=MinorDrift.FUZZY).catalog


def _header(lang: str) -> polib.POFile:
    return new_catalog(lang=lang, project="P", slug="a", title="A “title”")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_new_catalog_is_what_the_general_sync_makes(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    document = segment_markdown(text)
    slow = _sync_catalog(_header("de"), document, reference="sources/a.md",
                         prune_obsolete=False, recall=None, minor_drift=MinorDrift.FUZZY)
    fast = fresh_catalog(_header("de"), document, reference="sources/a.md")
    assert format_po(fast.catalog) == format_po(slow.catalog)
    assert [e.__dict__ for e in fast.catalog] == [e.__dict__ for e in slow.catalog]
    assert (fast.stats, fast.asks) == (slow.stats, slow.asks)
    # sync_catalog takes the fast path for a catalog without entries, and no other
    assert format_po(sync_catalog(_header("de"), document, reference="sources/a.md").catalog) \
        == format_po(slow.catalog)


def test_the_fast_path_groups_repeated_english_as_the_general_one() -> None:
    text = ("# Notes\n\nSame words.[^1]\n\n- Same words.\n\n> Same words.\n\n"
            "[^1]: Same words.\n\nOther words, with “quotes” and a long tail " * 3 + "\n")
    header = _header("ru")
    fast = fresh_catalog(header, segment_markdown(text), reference="sources/a.md")
    assert format_po(fast.catalog) == format_po(_slow(header, text))
    (same,) = [e for e in fast.catalog if e.msgid == "Same words."]
    assert len(same.occurrences) > 1 and "\n" in same.comment  # the case being tested


def test_catalogs_sharing_entries_are_laid_out_as_each_alone() -> None:
    """Shared entries are laid out once; each catalog's text is still `generate_po`'s, its
    own header included, whatever else is in the same call (other entries, obsolete ones)."""
    text = SAMPLE.read_text(encoding="utf-8")
    document = segment_markdown(text)
    first = fresh_catalog(_header("de"), document, reference="sources/a.md")
    shared = [first.catalog, *(with_header(first, _header(lang)).catalog
                               for lang in ("ru", "hy", "ja"))]
    other = parse_po(format_po(first.catalog), path="de.po")  # the same text, other objects
    translated = parse_po(format_po(first.catalog), path="de.po")
    for entry in translated:
        entry.msgstr = "Übersetzt: " + entry.msgid
    translated[0].obsolete = True
    untranslated_obsolete = polib.POEntry(msgid="gone", msgstr="", obsolete=True)
    translated.append(untranslated_obsolete)
    longer = with_header(first, _header("fr")).catalog  # the same entries, and one more
    longer.append(polib.POEntry(msgid="One more.", msgstr=""))
    catalogs = [*shared, other, translated, longer]
    for width in (79, 0, 40):
        texts = format_pos(catalogs, width=width)
        assert texts == ["".join(generate_po(c, width=width)) for c in catalogs]
    texts = format_pos(catalogs)
    assert len(set(texts[:4])) == 4  # each its header
    assert texts[4] == texts[0]
    assert 'msgid "gone"' not in texts[5]  # gettext drops an obsolete entry with nothing in it
    assert texts[6].endswith('\nmsgid "One more."\nmsgstr ""\n')


def test_sharing_entries_leaves_the_first_catalog_as_it_was() -> None:
    document = segment_markdown(SAMPLE.read_text(encoding="utf-8"))
    first = fresh_catalog(_header("de"), document, reference="sources/a.md")
    before = format_po(first.catalog)
    again = with_header(first, _header("ru"))
    assert again.catalog is not first.catalog and list(again.catalog) == list(first.catalog)
    assert again.catalog.metadata["Language"] == "ru"
    assert format_po(first.catalog) == before


@pytest.mark.parametrize("startcol", [1, 4, 5])
def test_a_portion_that_fits_is_one_line_as_the_pieces_say(startcol: int) -> None:
    """`_wrap_portion` takes an ASCII portion that fits without finding its pieces: the same
    lines as piece by piece (`_wrapped`), at every length around the edge, with escapes,
    control characters, hyphens and glued punctuation."""
    width = 78
    words = ["word", "a-b", "e.g.x", '"q"', "\\n", "\x01", "\t", "x/y", "(c)", "1,000"]
    texts = []
    for n in range(1, 40):
        text = " ".join(words[i % len(words)] for i in range(n))
        texts.extend([text, text.replace(" ", ""), text + "\n"])
    texts.append("Language-Team: German\n")
    checked = 0
    for text in texts:
        escaped = escape(text)
        for cut in range(1, len(escaped) + 1):
            part = escaped[:cut]
            assert _wrap_portion(part, startcol, width, startcol) == \
                _wrapped(part, startcol, width, startcol), part
            checked += len(part) <= width - startcol
    assert checked > 1000  # many fit: the fast exit was taken
