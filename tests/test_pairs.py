"""The memory scan's English reader (`core.po.pairs.pair_english`) gives, for every catalog the
strict reader reads, the English of exactly the places the strict reader gives
(`places(parse_po(text))`), or leaves the text (None); and a scan that reads English first and
reads in full only the catalogs that answer keeps what a scan of every place keeps, damaged
catalogs and other layouts included.

Every test catalog in gettext's layout must be read by it (so these tests hold the English
reader, not its fallback, to the strict one). On a catalog the strict reader refuses it may
give anything: the scan reads every catalog that answers again with the strict reader.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

import transkit.runs.recall
from transkit.config import load_config
from transkit.core.po.pairs import pair_english
from transkit.core.po.pofile import decode_po, format_po, parse_po, scan_po
from transkit.core.sync.memory import Asked, Remembered, places, text_places
from transkit.errors import CatalogError
from transkit.runs.recall import recollections

from .test_memory_index import questions, real_pairs, write_catalogs
from .test_po_strictness import ACCEPTED, HEADER, PLURAL_HEADER, QUIRKS, REFUSED, REWRITE
from .test_scan_po import BROKEN, ENTRIES, every_test_catalog


def strict(text: str, wanted: Callable[[str], bool] | None = None) -> list[str] | None:
    """The English of the strict reader's places (those `wanted` accepts), or None where it
    refuses the text."""
    try:
        found = places(parse_po(text, path="x.po"))
    except CatalogError:
        return None
    return [p.english for p in found if wanted is None or wanted(p.english)]


def assert_read_alike(text: str) -> list[str]:
    """The English reader reads `text` (it must), to the strict reader's English."""
    found = pair_english(text.encode())
    assert found is not None, text[:300]
    assert found == strict(text)
    return found


def assert_never_misread(text: str) -> bool:
    """Where the strict reader reads `text`, the English reader gives its English or leaves
    it; whether it read it."""
    found = pair_english(text.encode())
    want = strict(text)
    if want is not None and found is not None:
        assert found == want, text
    return found is not None


def test_every_test_catalog_is_read_to_the_strict_readers_english() -> None:
    texts = every_test_catalog()
    assert len(texts) >= 37
    seen = sum(len(assert_read_alike(text)) for text in texts)
    assert seen > 500  # real work: translated units, not empty catalogs


@pytest.mark.parametrize("width", [0, 20, 40, 200])
def test_other_wrapping_is_read_alike(width: int) -> None:
    for text in every_test_catalog():
        assert_read_alike(format_po(parse_po(text, path="x.po"), width=width))


def test_crlf_catalogs_are_read_alike() -> None:
    for text in every_test_catalog():
        assert assert_read_alike(text.replace("\n", "\r\n")) == strict(text)


def test_only_the_wanted_english_is_given() -> None:
    def even(english: str) -> bool:
        return len(english) % 2 == 0

    for text in every_test_catalog():
        assert pair_english(text.encode(), even) == strict(text, even)
    assert pair_english(every_test_catalog()[0].encode(), lambda english: False) == []


def test_a_catalog_of_every_kind_of_entry_is_read_alike() -> None:
    """Escapes (escaped quotes among them), comments that silence the consistency check, a
    fuzzy entry with its previous msgid, a context, plural forms, wrapped strings, an
    untranslated entry, obsolete entries (one fuzzy with '#~|')."""
    assert [e[:12] for e in assert_read_alike(ENTRIES)] == [
        "Tab\there, a ", "Silenced by ", "Silenced by ", "Silenced for", "Open",
        "A long parag", "Gone too, wr"]
    assert_read_alike(ENTRIES.replace("# Translator notes at the top of the file\n", "#. x\n"))


TRICKY_STRINGS = {
    "an escaped backslash ending a string": 'msgid "a\\\\"\nmsgstr "b\\\\"\n',
    "an escaped quote ending a string": 'msgid "a\\""\nmsgstr "\\"b"\n',
    "backslashes before a quote": 'msgid "a\\\\\\""\nmsgstr "b\\\\\\\\"\n',
    "escapes of every kind": 'msgid "\\a\\b\\f\\n\\r\\t\\v"\nmsgstr "x"\n',
    "a raw tab and an escaped one": 'msgid "a\tb"\nmsgstr "x"\n\nmsgid "a\\tc"\nmsgstr "y"\n',
    "quotes and backslashes in comments": '# "quoted" C:\\Users \\"\n#. "a\nmsgid "a"\n'
                                          'msgstr "b"\n',
    "empty strings after a translation": 'msgid "a"\nmsgstr ""\n""\n"b"\n""\n',
    "only empty strings": 'msgid "a"\nmsgstr ""\n""\n\nmsgid "c"\nmsgstr "d"\n',
    "an obsolete wrapped translation": '#~ msgid ""\n#~ "a"\n#~ msgstr ""\n#~ "b"\n#~ "c"\n',
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
                               'msgstr ""\n"#~ "\n\nmsgid "y\\"\\n"\n"msgid \\""\nmsgstr "z"\n',
    "many blank lines": 'msgid "a"\nmsgstr "b"\n\n\n\nmsgid "c"\nmsgstr "d"\n\n\n',
    "a translator comment of the file": '# top\n#\n# more\nmsgid "a"\nmsgstr "b"\n',
}


@pytest.mark.parametrize("name", TRICKY_STRINGS)
def test_tricky_strings_are_read_alike(name: str) -> None:
    body = TRICKY_STRINGS[name]
    for text in (HEADER + body, PLURAL_HEADER + body, body):
        assert strict(text) is not None and scan_po(text) is not None, name  # valid, in layout
        assert_read_alike(text)


def test_other_layouts_are_left_or_read_alike() -> None:
    """Layouts gettext reads but does not write, and files `scan_po` cannot vouch for that the
    strict reader still reads (two header entries, no final newline, a comment after the last
    entry): left to the strict reader, or read to its English."""
    flags = ("fuzzy\u00a0", "fuzzy\x1c", "\u3000fuzzy", "x, fuzzy\x85", "fuzzy\u2028", "f\u00e9")
    texts = [QUIRKS, HEADER + 'msgid "a"\nmsgstr "b" "c"\n', HEADER + 'msgid\n"a"\nmsgstr "b"\n',
             *(HEADER + f'#, {flag}\nmsgid "a"\nmsgstr "b"\n' for flag in flags),
             *(PLURAL_HEADER + body for body, _ in ACCEPTED.values()),
             *(text for text in BROKEN.values() if strict(text) is not None)]
    assert len(texts) > 10
    for text in texts:
        assert strict(text) is not None
        assert_never_misread(text)
    assert pair_english(QUIRKS.encode()) is None


def test_what_the_strict_reader_refuses_never_breaks_the_reader() -> None:
    """On text the strict reader refuses the reader gives None or some English (the scan
    reads a catalog that answers again, strictly): it does not fail."""
    refused = [HEADER + body for body, _, _ in REFUSED.values()]
    refused += [HEADER + body for body, _ in REWRITE.values()]
    refused += [text for text in BROKEN.values() if strict(text) is None]
    read_anyway = 0
    for text in refused:
        assert strict(text) is None, text
        read_anyway += pair_english(text.encode()) is not None
    assert read_anyway > 3  # (a duplicate, a numeric escape, ...): which is why the scan checks


MUTATIONS = ('"', "\\", "\n", "\r", "\r\n", "#", "#~ ", "#, fuzzy\n", "msgid ", "msgstr ", '""',
             " ", "\t", "\\n", '\\"', "\ufeff", "x", "msgctxt ", "\n\n", "\u00a0", "\x1c",
             "\u2028", "\x85", "\u00e9", "\x00")


def damaged(text: str, rng: random.Random) -> str:
    """`text` with a few characters inserted or deleted, lines doubled, dropped or swapped."""
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


def test_damaged_catalogs_the_strict_reader_reads_are_never_misread() -> None:
    """Text damaged at random that the strict reader still reads is read to its English or
    left; never read otherwise."""
    rng = random.Random(5)
    sources = [*every_test_catalog(), ENTRIES,
               *(HEADER + body for body in TRICKY_STRINGS.values())]
    valid = read_count = 0
    for _ in range(4000):
        text = damaged(rng.choice(sources), rng)
        if strict(text) is not None:
            valid += 1
            read_count += assert_never_misread(text)
    assert valid > 1000 and read_count > 500, (valid, read_count)


# --- a scan reading English first keeps what a scan of every place keeps ----------------------


def scanned_the_old_way(root: Path, asked: Asked) -> list[Remembered]:
    """What a scan kept before it read English first: every place of every catalog read by
    `text_places` (a catalog it refuses left out), those `may_answer` refuses left out,
    compared with every question."""
    catalogs = []
    for path in sorted((root / "locales" / asked.lang).glob("*.po")):
        try:
            found = text_places(decode_po(path.read_bytes(), path=path.name), path=path.name,
                                wanted=asked.may_answer)
        except CatalogError:
            continue
        catalogs.append((path.stem, found))
    return asked.recollect_all(catalogs)


def real_project(tmp_path: Path, rng: random.Random) -> tuple[Path, dict[str, list[str]]]:
    """The human translations of tests/data/real as catalogs (some entries obsolete, some
    fuzzy, some English translated twice, some whitespace changed); the questions of each
    language: their English, edited, their sentences, new ones."""
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "transkit.toml").write_text('languages = ["de", "ru"]\n', encoding="utf-8")
    asked = {}
    for lang in ("de", "ru"):
        pairs = real_pairs(lang)
        write_catalogs(root, lang, pairs, rng)
        asked[lang] = questions(pairs, rng)
    return root, asked


def assert_scans_alike(root: Path, lang: str, texts: list[str], rng: random.Random) -> int:
    kept = 0
    for threshold in (60.0, 80.0, 100.0):
        for count in (1, 5, 40):
            chosen = tuple(rng.sample(texts, count))
            found = recollections(load_config(root), [Asked(lang, chosen, threshold)])[lang]
            assert list(found.items) == scanned_the_old_way(root, Asked(lang, chosen,
                                                                        threshold))
            kept += len(found.items)
    return kept


def test_a_scan_of_real_translations_keeps_what_the_old_scan_keeps(tmp_path: Path) -> None:
    rng = random.Random(13)
    root, asked = real_project(tmp_path, rng)
    for lang in ("de", "ru"):
        for path in sorted((root / "locales" / lang).glob("*.po")):
            assert pair_english(path.read_bytes()) is not None
    assert sum(assert_scans_alike(root, lang, asked[lang], rng) for lang in ("de", "ru")) > 100


def test_a_scan_of_damaged_catalogs_keeps_what_the_old_scan_keeps(tmp_path: Path) -> None:
    """Catalogs the strict reader refuses (a duplicate, an escape it refuses, a string left
    open, bytes that are not UTF-8, a NUL byte) hold the answers, and catalogs in other
    layouts: the old scan leaves the first out and reads the others; so does the new one."""
    rng = random.Random(17)
    root, asked = real_project(tmp_path, rng)
    before = assert_scans_alike(root, "de", asked["de"], random.Random(1))
    folder = root / "locales" / "de"
    paths = sorted(folder.glob("*.po"))
    refused = 0
    for n, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        if n % 4 == 0:  # a duplicate of its last entry
            text = text + "\n" + text[text.rindex("\n\n") + 2:]
        elif n % 4 == 1:
            text = text.replace('msgstr "', 'msgstr "\\q', 1)
        elif n % 4 == 2:
            text = text.replace('"\nmsgstr', "\nmsgstr", 3)
        elif n % 8 == 3:
            text = format_po(parse_po(text, path="x.po")).replace("msgid ", "msgid\n", 2)
        path.write_text(text, encoding="utf-8")
        if n % 8 == 7:  # not UTF-8, or a NUL byte: what is read as text refuses it
            path.write_bytes(path.read_bytes().replace(b"msgstr", b"msg\xffstr" if n % 16 == 7
                                                       else b"msg\0str", 1))
            refused += 1
        else:
            refused += strict(text) is None
    assert refused > len(paths) // 2
    after = assert_scans_alike(root, "de", asked["de"], random.Random(1))
    assert 0 < after < before - 20, (before, after)  # the refused catalogs held answers


def test_a_catalog_whose_english_was_misread_answers_from_its_strict_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the English reader misread a catalog that answers (its places in another
    order), what answers is still what the strict reading of the catalog holds."""
    rng = random.Random(19)
    root, asked = real_project(tmp_path, rng)

    def backwards(data: bytes, wanted: Callable[[str], bool] | None = None
                  ) -> list[str] | None:
        found = pair_english(data, wanted)
        return None if found is None else found[::-1]

    monkeypatch.setattr(transkit.runs.recall, "pair_english", backwards)
    assert assert_scans_alike(root, "ru", asked["ru"], rng) > 10
