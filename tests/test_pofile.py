"""The PO format: gettext's exact layout, and strict reading with file and line in every error."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transkit.core.po.pofile import decode_po, format_po, parse_po, quote_lines
from transkit.errors import CatalogError

from .conftest import SAMPLE

needs_msgcat = pytest.mark.skipif(
    shutil.which("msgcat") is None,
    reason="gettext's msgcat is not installed (apt-get install gettext)",
)

WORDS = SAMPLE.read_text(encoding="utf-8").split() + [
    "Լեռնային", "Ղարաբաղ։", "«Զանգեզուրի", "միջանցք»", "Нагорный", "Карабах", "—",
    "„Berg-Karabach“", "a\\b", '"q"', "tab\there", "x\ny", "end\n", "(pp.", "194–202)",
    "978-88-351-4871-5", "a" * 90, "‘velvet’", "1,5", "19.–20.",
    "19\u00a0July", "the\u00a0US", "in\u00a0Nagorno-Karabakh", "2005.\u00a0[^1]",
]


def random_catalog(seed: int) -> polib.POFile:
    rnd = random.Random(seed)

    def text(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, n)))

    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "x",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "de",
        "Report-Msgid-Bugs-To": "",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen: set[str] = set()
    for _ in range(150):
        msgid = text(rnd.choice([3, 10, 30, 80]))
        if not msgid or msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(msgid=msgid, msgstr=text(rnd.choice([0, 5, 40, 90])))
        if rnd.random() < 0.3:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = text(40)
        if rnd.random() < 0.3:
            entry.comment = "heading 2\ndiff: " + text(30)
        if rnd.random() < 0.2:
            entry.tcomment = "translator note " + text(5)
        entry.occurrences = list(
            dict.fromkeys(("sources/article.md", str(rnd.randint(1, 500))) for _ in range(5))
        )[: rnd.randint(0, 5)]
        if rnd.random() < 0.1:
            entry.msgctxt = text(12) or "ctx"
        if rnd.random() < 0.15:
            entry.obsolete = True
            entry.occurrences = []
            entry.comment = ""
            entry.previous_msgid = None
            entry.msgstr = entry.msgstr or "x"
        po.append(entry)
    return po


@needs_msgcat
@pytest.mark.parametrize("seed", range(12))
def test_msgcat_prints_our_files_byte_for_byte(seed: int, tmp_path: Path) -> None:
    assert_msgcat_reprints(format_po(random_catalog(seed)), tmp_path)


def assert_msgcat_reprints(text: str, tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert done.stdout == text


# Letters, digits and the punctuation of the four editions, with no spaces around it so that
# pieces like "example.com", "e.g.x", "Ղարաբաղ։Երևան" and "„Zitat“," reach the wrap column.
CHARACTERS = list(
    "abcAB019.,:;!?-/()\"'%«»„“”‘’—–…\u00a0ագЖя։՝՞§ß[]{}&*+=@#_<>|~$€°\t"
)


def character_soup(seed: int) -> polib.POFile:
    rnd = random.Random(seed)
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hy"}
    for _ in range(200):
        chars = [
            " " if rnd.random() < 0.18 else rnd.choice(CHARACTERS if rnd.random() < 0.5 else "xyz")
            for _ in range(rnd.randint(60, 260))
        ]
        msgid = "".join(chars)
        if po.find(msgid) is None:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgid[::-1]))
    return po


@needs_msgcat
@pytest.mark.parametrize("seed", range(4))
def test_msgcat_wraps_punctuation_glued_to_letters_as_we_do(seed: int, tmp_path: Path) -> None:
    """gettext (libunistring) may break after "." or "։" before a letter; UAX #14 may not."""
    assert_msgcat_reprints(format_po(character_soup(seed)), tmp_path)


def test_a_line_may_end_after_infix_punctuation_before_a_letter() -> None:
    lines = quote_lines("msgid", "x" * 60 + " see www.example.com or Ղարաբաղ։Երևան")
    assert lines == ['msgid ""', '"' + "x" * 60 + ' see www.example."', '"com or Ղարաբաղ։Երևան"']


@pytest.mark.parametrize("seed", range(5))
def test_reading_and_writing_again_changes_nothing(seed: int) -> None:
    text = format_po(random_catalog(seed))
    assert format_po(parse_po(text, path="a.po")) == text


def test_short_strings_stay_on_the_keyword_line_long_ones_wrap_at_79() -> None:
    assert quote_lines("msgid", "Hello") == ['msgid "Hello"']
    lines = quote_lines("msgid", "word " * 40)
    assert lines[0] == 'msgid ""' and all(len(line) <= 79 for line in lines)
    assert quote_lines("msgstr", "a\nb") == ['msgstr ""', '"a\\n"', '"b"']
    # the break before a final "\n" is forbidden, and pieces keep their order
    header = "Report-Msgid-Bugs-To: \nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    assert quote_lines("msgstr", header) == [
        'msgstr ""',
        '"Report-Msgid-Bugs-To: \\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    ]


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("\ufeff" + HEADER, 1, "byte-order mark"),
        (HEADER + 'msgid "a"\r\nmsgstr "b\rc"\n', 6, "carriage return"),
        (HEADER.replace("\n", "\r"), 1, "old Mac"),
        ("", 1, "empty"),
        (HEADER + '<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\n', 5, "merge-conflict"),
        (HEADER + 'msgid "a\nmsgstr "b"\n', 5, "unterminated string"),
        (HEADER + 'msgstr "b"\n', 5, "msgstr without msgid"),
        (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 8, "duplicate entry"),
        (HEADER + 'msgid "a\\q"\nmsgstr "b"\n', 5, "invalid escape"),
        (HEADER.replace("UTF-8", "ISO-8859-1"), 3, "charset=ISO-8859-1"),
    ],
)
def test_malformed_catalogs_are_refused_with_file_and_line(
    text: str, line: int | None, words: str
) -> None:
    with pytest.raises(CatalogError) as err:
        parse_po(text, path="locales/de/a.po")
    message = str(err.value)
    assert message.startswith("locales/de/a.po:")
    assert words.lower() in message.lower()
    if line is not None:
        assert err.value.line == line


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(CatalogError) as err:
        decode_po(b'msgid ""\nmsgstr "\xff"\n', path="x.po")
    assert err.value.line == 2 and "UTF-8" in str(err.value)


def test_the_previous_msgid_of_an_obsolete_entry_is_read_and_written_back() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#~| msgid "Old text"\n#~ msgid "New text"\n#~ msgstr "Alter Text"\n\n'
        '#~ msgid "x"\n#~ msgstr "y"\n'
    )
    catalog = parse_po(text, path="de.po")
    assert [(e.msgid, e.previous_msgid) for e in catalog.obsolete_entries()] == [
        ("New text", "Old text"), ("x", None)
    ]
    assert format_po(catalog) == text
