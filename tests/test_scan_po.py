"""The memory's fast reader (`pofile.scan_po`, `memory.text_places`) gives exactly what the strict
reader gives (`places(parse_po(text))`), or leaves the text to it; and `Asked.recollect_all`
keeps exactly what comparing every place with every question keeps.

`scan_po` reads only text that whole-entry matches of the strict reader's fast path tile; every
test catalog in gettext's layout must be read by it (so these tests hold the fast reader, not
its fallback, to the strict one), and every text the strict reader refuses must be left to it.
"""

from __future__ import annotations

import random
from pathlib import Path

import polib
import pytest
from rapidfuzz import fuzz, process

from transkit.core.po.entries import fold
from transkit.core.po.pofile import format_po, parse_po, scan_po
from transkit.core.sync.memory import Asked, Place, Remembered, places, text_places
from transkit.errors import CatalogError

from .conftest import Run
from .test_po_strictness import ACCEPTED, HEADER, PLURAL_HEADER, QUIRKS, REFUSED, REWRITE
from .test_po_strictness import every_test_catalog as strict_test_catalogs
from .test_real_checks import imported


def every_test_catalog() -> list[str]:
    """The catalogs of the repository and of tests/data, random ones, TRICKY; in gettext's
    layout."""
    return strict_test_catalogs()


def scanned_fields(text: str) -> list[tuple[object, ...]]:
    found = scan_po(text)
    assert found is not None
    return [tuple(e) for e in found]


def polib_fields(text: str) -> list[tuple[object, ...]]:
    """The fields `Scanned` holds, as polib's entries from `parse_po` hold them."""
    return [(e.msgctxt, e.msgid, e.msgid_plural, "" if e.msgid_plural else e.msgstr, e.flags,
             e.tcomment, e.linenum, e.obsolete) for e in parse_po(text, path="x.po")]


def assert_same_places(text: str) -> list[Place] | tuple[str, int | None]:
    """`text_places` gives what `places(parse_po(...))` gives, or the same error."""
    try:
        want: list[Place] | tuple[str, int | None] = places(parse_po(text, path="x.po"))
    except CatalogError as err:
        want = (str(err), err.line)
    try:
        got: list[Place] | tuple[str, int | None] = text_places(text, path="x.po")
    except CatalogError as err:
        got = (str(err), err.line)
    assert got == want
    return want


def test_every_test_catalog_is_read_by_the_scan_to_the_strict_readers_places() -> None:
    texts = every_test_catalog()
    assert len(texts) >= 37
    seen = 0
    for text in texts:
        assert scanned_fields(text) == polib_fields(text)
        assert places(scan_po(text) or []) == places(parse_po(text, path="x.po"))
        seen += len(places(parse_po(text, path="x.po")))
    assert seen > 500  # real work: translated units, not empty catalogs


def test_only_the_wanted_entries_are_read_alike() -> None:
    """With `wanted`, the scan reads the entries whose msgid it accepts, still checking all
    (a duplicate among the others is refused all the same), to the strict reader's places of
    those entries; the strict reader's places are filtered alike where the scan cannot read."""
    def even(english: str) -> bool:
        return len(english) % 2 == 0

    fallbacks = [QUIRKS, *(PLURAL_HEADER + body for body, _ in ACCEPTED.values())]
    for text in [*every_test_catalog(), *fallbacks]:
        want = [p for p in places(parse_po(text, path="x.po")) if even(p.english)]
        assert text_places(text, path="x.po", wanted=even) == want
    text = every_test_catalog()[0]
    assert scan_po(text, even) == [e for e in scan_po(text) or [] if even(e.msgid)]
    assert scan_po(text, lambda english: False) == []
    duplicate = HEADER + 'msgid "ab"\nmsgstr "b"\n\nmsgid "ab"\nmsgstr "c"\n'
    assert scan_po(duplicate, lambda english: False) is None
    with pytest.raises(CatalogError, match="duplicate"):
        text_places(duplicate, path="x.po", wanted=lambda english: False)


@pytest.mark.parametrize("width", [0, 20, 40, 200])
def test_other_wrapping_is_read_alike(width: int) -> None:
    """Strings wrapped at another width (0: only after "\\n", as msgcat --no-wrap) are still
    one string a line: the scan reads them, to the strict reader's entries."""
    for text in every_test_catalog():
        rewrapped = format_po(parse_po(text, path="x.po"), width=width)
        assert rewrapped != text or width == 0
        assert scanned_fields(rewrapped) == polib_fields(rewrapped)


def test_crlf_catalogs_are_read_alike() -> None:
    for text in every_test_catalog():
        crlf = text.replace("\n", "\r\n")
        assert scanned_fields(crlf) == polib_fields(crlf) == polib_fields(text)


ENTRIES = (
    "# Translator notes at the top of the file\n"
    "# transkit-ignore-consistency\n"
    "#, fuzzy\n" + HEADER.replace('"\n\n', '"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    + "#. paragraph\n"
    "#: sources/a.md:3\n"
    'msgid "Tab\\there, a \\"quote\\" and a backslash \\\\"\n'
    'msgstr "Tab\\thier, ein \\"Zitat\\" und ein Backslash \\\\"\n'
    "\n"
    "#.\n"
    "#: sources/a.md:5\n"
    "# transkit-ignore-consistency\n"
    'msgid "Silenced by a comment"\n'
    'msgstr "Still"\n'
    "\n"
    "#: \n"
    "#, transkit-ignore-consistency, c-format\n"
    'msgid "Silenced by a flag"\n'
    'msgstr "Still %d"\n'
    "\n"
    "# transkit-ignore-numbers\n"
    "#\n"
    "# second line\n"
    'msgid "Silenced for another check"\n'
    'msgstr "Laut"\n'
    "\n"
    "#, fuzzy\n"
    '#| msgid "Old English"\n'
    'msgid "New English"\n'
    'msgstr "Alte Übersetzung"\n'
    "\n"
    'msgctxt "menu"\n'
    'msgid "Open"\n'
    'msgstr "Öffnen"\n'
    "\n"
    'msgid "Open"\n'
    'msgstr "Offen"\n'
    "\n"
    'msgid "file"\n'
    'msgid_plural "files"\n'
    'msgstr[0] "Datei"\n'
    'msgstr[1] "Dateien"\n'
    "\n"
    'msgid ""\n'
    '"A long paragraph that gettext wraps, "\n'
    '"over two lines\\n"\n'
    '"and a line break"\n'
    'msgstr ""\n'
    '"Ein langer Absatz, "\n'
    '"über zwei Zeilen\\n"\n'
    '"und ein Zeilenumbruch"\n'
    "\n"
    'msgid "Untranslated"\n'
    'msgstr ""\n'
    "\n"
    "# kept\n"
    "#, fuzzy\n"
    '#~| msgid "Older"\n'
    '#~ msgid "Gone"\n'
    '#~ msgstr "Weg"\n'
    "\n"
    '#~ msgid ""\n'
    '#~ "Gone too, "\n'
    '#~ "wrapped"\n'
    '#~ msgstr "Auch weg"\n'
)


def test_a_catalog_of_every_kind_of_entry_is_read_alike() -> None:
    """Escapes, comments that silence the consistency check (and one that silences another),
    a fuzzy entry with its previous msgid, a context, plural forms, wrapped strings, obsolete
    entries (one fuzzy with '#~|'): the scan reads them all, to the same places."""
    assert scanned_fields(ENTRIES) == polib_fields(ENTRIES)
    found = assert_same_places(ENTRIES)
    assert isinstance(found, list)
    assert [(p.english[:12], p.silenced, p.obsolete) for p in found] == [
        ("Tab\there, a ", False, False),
        ("Silenced by ", True, False),
        ("Silenced by ", True, False),
        ("Silenced for", False, False),
        ("Open", False, False),
        ("A long parag", False, False),
        ("Gone too, wr", False, True),
    ]
    assert found[0].line == 9 and found[-1].line == ENTRIES.count("\n") - 3
    # the file's header comment silences nothing: an entry's own comment does
    first = ENTRIES.replace("# Translator notes at the top of the file\n", "#. x\n")
    assert scanned_fields(first) == polib_fields(first)


def test_the_first_entry_is_at_line_0_and_its_top_comments_are_the_files() -> None:
    text = "# top\n# transkit-ignore-consistency\n#. x\nmsgid \"a\"\nmsgstr \"b\"\n"
    assert scanned_fields(text) == polib_fields(text)
    assert text_places(text, path="x.po") == [Place("a", "b", 0, False, False)]
    later = "#. x\n# transkit-ignore-consistency\nmsgid \"a\"\nmsgstr \"b\"\n"
    assert text_places(later, path="x.po") == [Place("a", "b", 0, False, True)]


def test_the_strict_readers_quirks_and_other_layouts_are_left_to_it() -> None:
    """Layouts the fast path does not take (a string after a blank line, '#,fuzzy', 'msgstr""',
    ...) are not read by the scan: the strict reader reads them, to the same places."""
    assert scan_po(QUIRKS) is None
    assert_same_places(QUIRKS)
    left = 0
    for body, _ in ACCEPTED.values():
        text = PLURAL_HEADER + body
        if scan_po(text) is None:
            left += 1
        else:  # "#, fuzzy-ish" is gettext's layout
            assert scanned_fields(text) == polib_fields(text)
        assert isinstance(assert_same_places(text), list)
    assert left == len(ACCEPTED) - 1


BROKEN = {
    "a byte-order mark": "\ufeff" + HEADER + 'msgid "a"\nmsgstr "b"\n',
    "a stray CR": HEADER + 'msgid "a"\nmsgstr "b\r"\n',
    "a CR line ending": HEADER.replace("\n", "\r") + 'msgid "a"\r\nmsgstr "b"\r\n',
    "empty": "",
    "blank": "\n\n",
    "a foreign charset": HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "a"\nmsgstr "b"\n',
    "a duplicate": HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "a duplicate wrapped otherwise": HEADER + 'msgid "ab"\nmsgstr "b"\n\nmsgid ""\n"a"\n"b"\n'
                                     'msgstr "c"\n',
    "a duplicate in one context": HEADER + 'msgctxt "c"\nmsgid "a"\nmsgstr "b"\n\n'
                                  'msgctxt "c"\nmsgid "a"\nmsgstr "c"\n',
    "a duplicate, one obsolete": HEADER + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n'
                                 '#~ msgstr "c"\n',
    "a conflict": HEADER + '<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\nmsgid "a"\n'
                  'msgstr "c"\n>>>>>>> other\n',
    "a numeric escape": HEADER + 'msgid "a"\nmsgstr "\\101"\n',
    "no final newline": HEADER + 'msgid "a"\nmsgstr "b"',
    "a comment after the last entry": HEADER + 'msgid "a"\nmsgstr "b"\n\n# end\n',
    "two header entries": HEADER + 'msgctxt "c"\nmsgid ""\nmsgstr "x"\n',
    "obsolete previous msgid of a live entry": HEADER + '#, fuzzy\n#~| msgid "x"\nmsgid "a"\n'
                                               'msgstr "b"\n',
    "plural forms out of order": PLURAL_HEADER + 'msgid "a"\nmsgid_plural "as"\n'
                                 'msgstr[1] "b"\nmsgstr[0] "c"\n',
}


@pytest.mark.parametrize("name", BROKEN)
def test_what_the_scan_cannot_vouch_for_is_left_to_the_strict_reader(name: str) -> None:
    text = BROKEN[name]
    assert scan_po(text) is None
    assert_same_places(text)


def test_what_the_strict_reader_refuses_the_scan_refuses_alike() -> None:
    refused = [HEADER + body for body, _, _ in REFUSED.values()]
    refused += [HEADER + body for body, _ in REWRITE.values()]
    refused += [text for name, text in BROKEN.items()
                if name not in ("no final newline", "a comment after the last entry",
                                "two header entries")]
    for text in refused:
        assert scan_po(text) is None, text
        assert isinstance(assert_same_places(text), tuple), text  # the same error


def _real_catalogs(run: Run, tmp_path: Path) -> list[str]:
    """The catalogs of tests/data/real's human translations, imported into projects of their
    English pages."""
    texts = []
    for site, lang in (("letsencrypt", "de"), ("letsencrypt", "ru"), ("cncf-glossary", "ru"),
                       ("opensource-guide", "de"), ("opentelemetry", "es")):
        root = imported(run, tmp_path / f"{site}-{lang}", site, lang)
        texts += [p.read_text(encoding="utf-8") for p in sorted((root / "locales").rglob("*.po"))]
    return texts


@pytest.mark.slow
def test_the_real_translations_are_read_alike(run: Run, tmp_path: Path) -> None:
    texts = _real_catalogs(run, tmp_path)
    assert len(texts) >= 40
    units = 0
    for text in texts:
        assert scanned_fields(text) == polib_fields(text)
        units += len(assert_same_places(text))
    assert units > 1000


# --- what a catalog holds for a sync's questions --------------------------------------------


def every_place(catalog: polib.POFile | str) -> list[Place]:
    return places(parse_po(catalog, path="x.po") if isinstance(catalog, str) else catalog)


def recollected_one_by_one(asked: Asked, found: list[Place], article: str) -> list[Remembered]:
    """What `Asked.recollect` kept before it had its shortcuts: every place folded and compared
    with every question."""
    folded = {fold(text) for text in asked.texts}
    out: list[Remembered] = []
    rest: list[Place] = []
    for place in found:
        if fold(place.english) in folded:
            out.append(Remembered(place.english, place.target, article, place.line,
                                  place.obsolete))
        else:
            rest.append(place)
    near: set[int] = set()
    for text in asked.texts:
        near.update(i for _, _, i in process.extract(
            text, [p.english for p in rest], scorer=fuzz.ratio, score_cutoff=asked.threshold,
            limit=None))
    out.extend(Remembered(p.english, p.target, article, p.line, p.obsolete)
               for i, p in enumerate(rest) if i in near)
    return out


def test_recollecting_keeps_what_comparing_everything_keeps() -> None:
    catalogs = [(f"article-{i}", every_place(text))
                for i, text in enumerate(every_test_catalog())]
    english = sorted({p.english for _, found in catalogs for p in found})
    rnd = random.Random(7)

    def changed(text: str) -> str:
        words = text.split(" ")
        for _ in range(rnd.choice([0, 0, 1, 2, 4, 12])):
            at = rnd.randrange(len(words))
            words[at] = rnd.choice(["", "x", "the", words[at] + "s"])
        out = " ".join(words)
        return f"  {out}\n" if rnd.random() < 0.3 else out

    kept = 0
    for _ in range(20):
        texts = tuple(changed(rnd.choice(english)) for _ in range(rnd.choice([1, 3, 12])))
        for threshold in (50.0, 80.0, 95.0, 100.0):
            asked = Asked("de", texts, threshold)
            want = [r for article, found in catalogs
                    for r in recollected_one_by_one(asked, found, article)]
            assert Asked("de", texts, threshold).recollect_all(catalogs) == want
            # what may_answer refuses (scan_po's `wanted`) is never kept
            fresh = Asked("de", texts, threshold)
            assert fresh.recollect_all([(article, [p for p in found
                                                   if fresh.may_answer(p.english)])
                                        for article, found in catalogs]) == want
            assert [r for article, found in catalogs
                    for r in Asked("de", texts, threshold).recollect(found, article)] == want
            kept += len(want)
    assert kept > 100


@pytest.mark.parametrize("threshold", [50.0, 60.0, 80.0, 100.0])
def test_english_at_the_length_bound_is_still_compared(threshold: float) -> None:
    """fuzz.ratio is 200·LCS/(a+b): English that is a part of the question and exactly as
    short (or, as the question, as long) as the threshold allows scores the threshold; the
    length filter keeps it."""
    factor = threshold / (200 - threshold)
    for length in range(1, 90):
        shorter = length * factor
        if shorter != int(shorter) or not shorter:
            continue
        question, english = "a" * length, "a" * int(shorter)
        assert fuzz.ratio(question, english) >= threshold
        for asked_text, remembered in ((question, english), (english, question)):
            found = [Place(remembered, "t", 3, False, False)]
            kept = Asked("de", (asked_text,), threshold).recollect(found, "a")
            assert kept == recollected_one_by_one(Asked("de", (asked_text,), threshold),
                                                  found, "a")
            assert [r.english for r in kept] == [remembered]


def test_english_the_same_up_to_whitespace_is_kept_whatever_its_blanks() -> None:
    found = [Place(" \u00a0Hello,\n  world ", "t", 3, False, False),
             Place("Hello, world!", "u", 5, False, False)]
    kept = Asked("de", ("Hello, world",), 100.0).recollect(found, "a")
    assert kept == [Remembered(found[0].english, "t", "a", 3, False)]


def test_english_that_cannot_answer_is_not_read() -> None:
    """may_answer (what the scan reads in full) refuses English no question can match: too
    long or too short for every question, and not starting with a question's first word."""
    asked = Asked("de", ("a" * 10, "Hello " + "b" * 994), 80.0)
    assert asked.may_answer("a" * 16) and asked.may_answer("b" * 700)
    assert asked.may_answer("  Hello  " + "c" * 100)
    assert not asked.may_answer("c" * 100) and not asked.may_answer("c" * 5)
    assert not asked.may_answer("c" * 1600)
