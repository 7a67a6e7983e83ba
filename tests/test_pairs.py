"""The memory's pair reader (`core.po.pairs.read_pairs`, what a sync's scan reads every catalog
with) gives exactly the places the strict reader gives (`places(parse_po(text))`), or leaves the
text to it (None); and a scan reading pairs this way keeps what a scan of every place read by
`text_places` keeps.

Every test catalog in gettext's layout must be read by it (so these tests hold the pair reader,
not its fallback, to the strict one); every text the strict reader refuses, and every text
`scan_po` cannot vouch for, must be left; and text damaged at random must be read to the strict
reader's places or left, never read otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from transkit.config import load_config
from transkit.core.po.entries import silenced
from transkit.core.po.pairs import Pair, Pairs, read_pairs
from transkit.core.po.pofile import format_po, parse_po, scan_po
from transkit.core.sync.memory import (
    Asked,
    Listed,
    Place,
    Remembered,
    places,
    text_found,
    text_places,
)
from transkit.errors import CatalogError
from transkit.runs.recall import recollections

from .test_memory_index import questions, real_pairs, write_catalogs
from .test_po_strictness import ACCEPTED, HEADER, PLURAL_HEADER, QUIRKS, REFUSED, REWRITE
from .test_scan_po import BROKEN, ENTRIES, every_test_catalog


def as_places(pairs: Sequence[Pair]) -> list[Place]:
    """The pairs as `places` gives them (silencing read from their flags and comments)."""
    return [Place(p.english, p.target, p.line, p.obsolete,
                  bool(p.flags or p.tcomment) and silenced(p, "consistency")) for p in pairs]


def strict(text: str, wanted: Callable[[str], bool] | None = None) -> list[Place] | None:
    """The strict reader's places (those `wanted` accepts), or None where it refuses."""
    try:
        found = places(parse_po(text, path="x.po"))
    except CatalogError:
        return None
    return found if wanted is None else [p for p in found if wanted(p.english)]


def read(text: str, wanted: Callable[[str], bool] | None = None) -> list[Place]:
    """The pair reader's places, which it must read."""
    found = read_pairs(text, wanted)
    assert found is not None, text[:300]
    assert list(found.english) == [p.english for p in found.all()]
    return as_places(found.all())


def assert_read_alike(text: str) -> None:
    assert read(text) == strict(text)


def test_every_test_catalog_is_read_to_the_strict_readers_places() -> None:
    texts = every_test_catalog()
    assert len(texts) >= 37
    seen = 0
    for text in texts:
        assert_read_alike(text)
        seen += len(read(text))
    assert seen > 500  # real work: translated units, not empty catalogs


@pytest.mark.parametrize("width", [0, 20, 40, 200])
def test_other_wrapping_is_read_alike(width: int) -> None:
    for text in every_test_catalog():
        assert_read_alike(format_po(parse_po(text, path="x.po"), width=width))


def test_crlf_catalogs_are_read_alike() -> None:
    for text in every_test_catalog():
        crlf = text.replace("\n", "\r\n")
        assert read(crlf) == strict(crlf) == strict(text)


def test_only_the_wanted_entries_are_read_and_a_pair_is_read_when_asked() -> None:
    """With `wanted`, the English it refuses is left out, every entry still checked (a
    duplicate among the others is refused all the same); pairs asked for in any order are
    those of the whole list."""
    def even(english: str) -> bool:
        return len(english) % 2 == 0

    for text in every_test_catalog():
        assert read(text, even) == strict(text, even)
        found = read_pairs(text)
        assert found is not None
        every = found.all()
        backwards = list(range(len(found)))[::-1]
        assert found.pairs(backwards) == [every[k] for k in backwards]
        assert found.pairs(backwards[::3] + backwards[:2]) == \
            [every[k] for k in backwards[::3] + backwards[:2]]
    duplicate = HEADER + 'msgid "ab"\nmsgstr "b"\n\nmsgid "ab"\nmsgstr "c"\n'
    assert read_pairs(duplicate, lambda english: False) is None


def test_a_catalog_of_every_kind_of_entry_is_read_alike() -> None:
    """Escapes (an escaped quote among them), comments that silence the consistency check,
    a fuzzy entry with its previous msgid, a context, plural forms, wrapped strings, an
    untranslated entry, obsolete entries (one fuzzy with '#~|')."""
    assert_read_alike(ENTRIES)
    assert [p.english[:12] for p in read(ENTRIES)] == [
        "Tab\there, a ", "Silenced by ", "Silenced by ", "Silenced for", "Open",
        "A long parag", "Gone too, wr"]
    first = ENTRIES.replace("# Translator notes at the top of the file\n", "#. x\n")
    assert_read_alike(first)


TRICKY_STRINGS = {
    "an escaped backslash ending a string": 'msgid "a\\\\"\nmsgstr "b\\\\"\n',
    "an escaped quote ending a string": 'msgid "a\\""\nmsgstr "\\"b"\n',
    "backslashes before a quote": 'msgid "a\\\\\\""\nmsgstr "b\\\\\\\\"\n',
    "escapes of every kind": 'msgid "\\a\\b\\f\\n\\r\\t\\v"\nmsgstr "x"\n',
    "a raw tab and an escaped one": 'msgid "a\tb"\nmsgstr "x"\n\nmsgid "a\\tc"\nmsgstr "y"\n',
    "a quote in a comment": '# "quoted" \\\\q\n#. "a\nmsgid "a"\nmsgstr "b"\n',
    "empty strings after a translation": 'msgid "a"\nmsgstr ""\n""\n"b"\n""\n',
    "only empty strings": 'msgid "a"\nmsgstr ""\n""\n\nmsgid "c"\nmsgstr "d"\n',
    "an obsolete wrapped translation": '#~ msgid "a"\n#~ msgstr ""\n#~ "b"\n#~ "c"\n',
    "an obsolete untranslated entry": '#~ msgid "a"\n#~ msgstr ""\n#~ ""\n',
    "an obsolete context": '#~ msgctxt "c"\n#~ msgid "a"\n#~ msgstr "b"\n\nmsgid "a"\n'
                           'msgstr "d"\n',
    "an empty context": 'msgctxt ""\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "the same English in two contexts": 'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "y"\n'
                                        'msgid "a"\nmsgstr "c"\n',
    "a fuzzy flag among others": '#, c-format, fuzzy\nmsgid "a"\nmsgstr "b"\n\n#, no-fuzzy\n'
                                 'msgid "c"\nmsgstr "d"\n',
    "fuzzy in a comment only": '# fuzzy\n#. fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "a previous context and plural": '#, fuzzy\n#| msgctxt "x"\n#| msgid "a"\n'
                                     '#| msgid_plural "as"\nmsgid "a"\nmsgstr "b"\n',
    "a plural entry": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n\n'
                      'msgid "c"\nmsgstr "d"\n',
    "an obsolete plural entry": '#~ msgid "a"\n#~ msgid_plural "as"\n#~ msgstr[0] ""\n'
                                '#~ "b"\n#~ msgstr[1] "bs"\n',
    "keywords inside strings": 'msgid ""\n"msgid \\"x\\"\\n"\nmsgstr "msgstr "\n\nmsgid "x"\n'
                               'msgstr ""\n"#~ "\n',
    "many blank lines": 'msgid "a"\nmsgstr "b"\n\n\n\nmsgid "c"\nmsgstr "d"\n\n\n',
    "no blank line at the end": 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "an entry after a translator comment of the file": '# top\n#\n# more\nmsgid "a"\n'
                                                       'msgstr "b"\n',
}


@pytest.mark.parametrize("name", TRICKY_STRINGS)
def test_tricky_strings_are_read_alike(name: str) -> None:
    body = TRICKY_STRINGS[name]
    for text in (HEADER + body, PLURAL_HEADER + body, body):
        want = strict(text)
        found = read_pairs(text)
        if scan_po(text) is not None:  # what `scan_po` reads, this reads too
            assert found is not None, name
        if found is not None:
            assert as_places(found.all()) == want, name
        else:
            assert want is None or scan_po(text) is None, name


def test_a_backslash_it_cannot_judge_is_left() -> None:
    """A lone backslash before a letter gettext does not escape, in a comment (where it is
    text, and `scan_po` reads the file) or a string (where it is an error): the escapes are
    judged over the whole text, so the file is left to the other readers."""
    in_comment = HEADER + '# C:\\Users\nmsgid "a"\nmsgstr "b"\n'
    assert read_pairs(in_comment) is None and scan_po(in_comment) is not None
    assert text_found(in_comment, path="x.po").pairs([0]) == strict(in_comment)
    in_string = HEADER + 'msgid "a"\nmsgstr "C:\\Users"\n'
    assert read_pairs(in_string) is None and strict(in_string) is None


@pytest.mark.parametrize("name", BROKEN)
def test_what_scan_po_cannot_vouch_for_is_left(name: str) -> None:
    text = BROKEN[name]
    assert read_pairs(text) is None
    assert list(Listed(text_places(text, path="x.po")).english) == \
        list(text_found(text, path="x.po").english) if strict(text) is not None else True


def test_what_the_strict_reader_refuses_is_left() -> None:
    refused = [HEADER + body for body, _, _ in REFUSED.values()]
    refused += [HEADER + body for body, _ in REWRITE.values()]
    refused += [HEADER + 'msgid "a"\nmsgstr "b\\q"\n', HEADER + 'msgid "a\\"\nmsgstr "b"\n',
                HEADER + 'msgid "a\nmsgstr "b"\n',
                HEADER + 'msgid "a"\nmsgstr "b\n"\n', HEADER + 'msgid "a"\nmsgstr "b\\\n"\n',
                HEADER + 'msgid "a"\n"b\nmsgstr "c"\n', HEADER + 'msgid "a"\nmsgstr "b"c"\n']
    for text in refused:
        assert strict(text) is None, text
        assert read_pairs(text) is None, text
        with pytest.raises(CatalogError):
            text_found(text, path="x.po")


def test_other_layouts_are_left_to_the_strict_reader() -> None:
    for text in (QUIRKS, HEADER + 'msgid "a"\nmsgstr "b" "c"\n'):
        assert read_pairs(text) is None
        listed = text_found(text, path="x.po")
        assert listed.pairs(range(len(listed.english))) == strict(text)
    for body, _ in ACCEPTED.values():
        text = PLURAL_HEADER + body
        found = read_pairs(text)
        if found is not None:
            assert as_places(found.all()) == strict(text)


MUTATIONS = ('"', "\\", "\n", "\r", "\r\n", "#", "#~ ", "msgid ", "msgstr ", '""', " ", "\t",
             "\\n", '\\"', "\ufeff", "x")


def damaged(text: str, rng: random.Random) -> str:
    """`text` with a few characters inserted, deleted, or lines doubled, dropped or swapped."""
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(text) + 1)
        how = rng.randrange(5)
        if how == 0:
            text = text[:at] + rng.choice(MUTATIONS) + text[at:]
        elif how == 1:
            text = text[:at] + text[at + rng.randrange(1, 4):]
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if how == 2:
                lines.insert(i, lines[j])
            elif how == 3:
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def test_damaged_catalogs_are_read_to_the_strict_readers_places_or_left() -> None:
    """Never a misreading: text damaged at random is read to the strict reader's places, or
    left (None); what the strict reader refuses is always left."""
    rng = random.Random(5)
    sources = [*every_test_catalog(), ENTRIES, *(HEADER + body for body in TRICKY_STRINGS.values())]
    read_count = left = 0
    for _ in range(3000):
        text = damaged(rng.choice(sources), rng)
        want = strict(text)
        found = read_pairs(text)
        if found is None:
            left += 1
        else:
            assert want is not None, text
            assert as_places(found.all()) == want, text
            read_count += 1
    assert read_count > 300 and left > 300, (read_count, left)


# --- a scan reading pairs keeps what a scan of every place keeps --------------------------------


def scanned_the_old_way(root: Path, asked: Asked) -> list[Remembered]:
    """What a scan kept before it read pairs: every place of every catalog read by
    `text_places`, those `may_answer` refuses left out, compared with every question."""
    catalogs = []
    for path in sorted((root / "locales" / asked.lang).glob("*.po")):
        text = path.read_text(encoding="utf-8")
        catalogs.append((path.stem, Listed(text_places(text, path=path.name,
                                                       wanted=asked.may_answer))))
    return asked.recollect_all(catalogs)


def test_a_scan_of_real_translations_keeps_what_the_old_scan_keeps(tmp_path: Path) -> None:
    """The human translations of tests/data/real as catalogs (some entries obsolete, some
    fuzzy, some English translated twice): questions that are their English, edited, their
    sentences, new ones, at several thresholds."""
    rng = random.Random(13)
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["de", "ru"]\n', encoding="utf-8")
    kept = 0
    for lang in ("de", "ru"):
        pairs = real_pairs(lang)
        write_catalogs(root, lang, pairs, rng)
        for path in sorted((root / "locales" / lang).glob("*.po")):
            assert isinstance(text_found(path.read_text(encoding="utf-8"), path="x.po"), Pairs)
        asked_texts = questions(pairs, rng)
        for threshold in (60.0, 80.0, 100.0):
            for count in (1, 5, 40):
                texts = tuple(rng.sample(asked_texts, count))
                asked = Asked(lang, texts, threshold)
                found = recollections(load_config(root), [asked])[lang].items
                assert list(found) == scanned_the_old_way(root, Asked(lang, texts, threshold))
                kept += len(found)
    assert kept > 100
