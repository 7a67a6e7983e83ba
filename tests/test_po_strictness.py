"""The reader agrees with gettext on layouts it reads but does not write, and with itself.

`parse_po` either reads such a file entry for entry as gettext does (and counts as msgfmt
counts) or refuses it with the line and a fix. It takes an entry in gettext's own layout in one
match (the fast path) and any other line one by one (the slow path): whatever the layout, the two
paths give the same entries, or the same error at the same line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import polib
import pytest

from transkit.core.po import pofile
from transkit.core.po.pofile import format_po, parse_po
from transkit.core.report.counts import catalog_status
from transkit.errors import CatalogError

from .conftest import SAMPLE_SLUG, Result, Run

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="gettext's msgfmt is not installed (apt-get install gettext)",
)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CATALOG = f"locales/de/{SAMPLE_SLUG}.po"

Counts = tuple[int, int, int, int]  # translated, fuzzy, untranslated, obsolete


def parsed_counts(text: str) -> Counts:
    status = catalog_status(parse_po(text, path="x.po"), path="x.po", article="x",
                            language="de", with_todo=False)
    return status.translated, status.fuzzy, status.untranslated, status.obsolete


FIELDS = ("linenum", "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags",
          "tcomment", "comment", "occurrences", "previous_msgctxt", "previous_msgid",
          "previous_msgid_plural", "obsolete")


def contents(catalog: polib.POFile, fields: tuple[str, ...] = FIELDS) -> tuple[object, ...]:
    """Everything a catalog holds: the header and every field of every entry."""
    return (catalog.header, list(catalog.metadata.items()), catalog.metadata_is_fuzzy,
            [tuple(getattr(entry, name) for name in fields) for entry in catalog])


def outcome(text: str) -> tuple[object, ...]:
    """What the reader makes of `text`: its contents, or its error and the line it names."""
    try:
        return contents(parse_po(text, path="x.po"))
    except CatalogError as err:
        return str(err), err.line


@contextmanager
def line_by_line() -> Iterator[None]:
    """Read with the slow path alone: no text matches the fast path's entry."""
    with mock.patch.object(pofile, "_ENTRY", re.compile(r"(?!)")):
        yield


def assert_both_paths_agree(text: str) -> tuple[object, ...]:
    """The reader gives the same on `text` with and without its fast path; returns that."""
    with line_by_line():
        slow = outcome(text)
    assert outcome(text) == slow
    return slow


def slow_lines(text: str) -> list[str]:
    """The lines the reader reads one by one (blank ones aside): none in gettext's layout."""
    read: list[str] = []
    real = pofile._Reader._line

    def spy(reader: pofile._Reader, line: str, number: int) -> None:
        if line.strip():
            read.append(line)
        real(reader, line, number)

    with mock.patch.object(pofile._Reader, "_line", spy):
        parse_po(text, path="x.po")
    return read


def msgfmt_counts(text: str, tmp_path: Path) -> tuple[int, int, int] | None:
    """msgfmt's counts, or None when it refuses the file."""
    path = tmp_path / "gettext.po"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        return None

    def grab(word: str) -> int:
        found = re.search(rf"(\d+) {word}", done.stderr)
        return int(found.group(1)) if found else 0

    return grab("translated"), grab("fuzzy"), grab("untranslated")


def msgcat(text: str, tmp_path: Path) -> str:
    path = tmp_path / "gettext.po"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True,
                          check=True).stdout


# Refused by gettext, by the parser (with the line and words of the message) and left to the
# parser by the scan. The numbers count lines of HEADER + text.
REFUSED = {
    "unterminated previous msgid": (
        '#, fuzzy\n#| msgid "old\nmsgid "a"\nmsgstr "b"\n', 6, "unterminated string"),
    "unterminated previous msgctxt": (
        '#, fuzzy\n#| msgctxt "old\n#| msgid "x"\nmsgid "a"\nmsgstr "b"\n', 6,
        "unterminated string"),
    "unterminated obsolete previous msgid": (
        '#, fuzzy\n#~| msgid "old\n#~ msgid "a"\n#~ msgstr "b"\n', 6, "unterminated string"),
    "unterminated previous continuation": (
        '#, fuzzy\n#| msgid ""\n#| "old\nmsgid "a"\nmsgstr "b"\n', 7, "unterminated string"),
    "invalid escape in a previous msgid": (
        '#, fuzzy\n#| msgid "o\\qld"\nmsgid "a"\nmsgstr "b"\n', 6, "invalid escape"),
    "obsolete msgid, live msgstr": ('#~ msgid "gone"\nmsgstr "weg"\n', 6, "inconsistent use of #~"),
    "live msgid, obsolete msgstr": ('msgid "a"\n#~ msgstr "b"\n', 6, "inconsistent use of #~"),
    "obsolete msgstr, live continuation": (
        '#~ msgid "a"\n#~ msgstr ""\n"b"\n', 7, "inconsistent use of #~"),
    "live previous msgid of an obsolete entry": (
        '#, fuzzy\n#| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n', 7, "inconsistent use of #~"),
    "obsolete previous msgid of a live entry": (
        '#, fuzzy\n#~| msgid "x"\nmsgid "a"\nmsgstr "b"\n', 7, "inconsistent use of #~"),
    "a comment between previous msgid and msgid": (
        '#| msgid "x"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', 6, "no msgid follows"),
    "a previous msgid at the end": ('msgid "a"\nmsgstr "b"\n\n#| msgid "x"\n', 8,
                                    "no msgid follows"),
    "previous msgctxt without previous msgid": (
        '#, fuzzy\n#| msgctxt "c"\nmsgid "a"\nmsgstr "b"\n', 7, "without '#| msgid'"),
    "previous msgid_plural without previous msgid": (
        '#, fuzzy\n#| msgid_plural "c"\nmsgid "a"\nmsgstr "b"\n', 6, "without '#| msgid'"),
    "two previous msgids": (
        '#, fuzzy\n#| msgid "x"\n#| msgid "y"\nmsgid "a"\nmsgstr "b"\n', 7, "in the order"),
    "a previous string without keyword": (
        '#, fuzzy\n#| "x"\nmsgid "a"\nmsgstr "b"\n', 6, "belongs to no keyword"),
    "a previous msgstr": (
        '#, fuzzy\n#| msgid "x"\n#| msgstr "y"\nmsgid "a"\nmsgstr "b"\n', 7, "remove the line"),
    "plural forms out of order": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\nmsgstr[0] "c"\n', 7, "in order"),
    "a plural form twice": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[0] "c"\n', 8, "in order"),
    "a keyword without its string": ('msgid\nmsgstr "b"\n', 5, "without a string"),
    "a comment ends an entry": ('msgid "a"\nmsgstr "b"\n# x\n"c"\n', 8, "belongs to no keyword"),
    "an unknown keyword": ('msgid "a"\nmsgstr "b"\n$x\n', 7, "unknown keyword"),
    "a no-break space after a string": ('msgid "a"\u00a0\nmsgstr "b"\n', 5, "unexpected text"),
    "a duplicate written with a tab, not \\t": (
        'msgid "a\\tb"\nmsgstr "x"\n\nmsgid "a\tb"\nmsgstr "y"\n', 8, "duplicate entry"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_what_gettext_refuses_the_reader_refuses_on_both_paths(name: str, tmp_path: Path) -> None:
    body, line, words = REFUSED[name]
    text = HEADER + body
    assert_both_paths_agree(text)
    with pytest.raises(CatalogError) as err:
        parse_po(text, path="locales/de/a.po")
    assert err.value.line == line, str(err.value)
    assert words in str(err.value)
    assert str(err.value).startswith(f"locales/de/a.po:{line}: ")
    if shutil.which("msgfmt"):
        assert msgfmt_counts(text, tmp_path) is None, "gettext reads it after all"


def test_the_mixed_obsolete_entry_error_says_what_to_do() -> None:
    with pytest.raises(CatalogError) as err:
        parse_po(HEADER + '#~ msgid "gone"\nmsgstr "weg"\n', path="de.po")
    assert "line 5" in str(err.value) and "'#~ ' before every" in str(err.value)


# Read by gettext, but not in the layout it writes: (text, what the parser must read in it).
# Each is read as gettext reads it, and counted as msgfmt counts it.
ACCEPTED: dict[str, tuple[str, Callable[[list[tuple[str, str, list[str], str]]], bool]]] = {
    "#,fuzzy": ('#,fuzzy\nmsgid "a"\nmsgstr "b"\n', lambda e: e[0][2] == ["fuzzy"]),
    "#,fuzzy,c-format": ('#,fuzzy,c-format\nmsgid "a %d"\nmsgstr "b %d"\n',
                         lambda e: e[0][2] == ["fuzzy", "c-format"]),
    "flags split by a space": ('#, fuzzy c-format\nmsgid "a %d"\nmsgstr "b %d"\n',
                               lambda e: e[0][2] == ["fuzzy", "c-format"]),
    "#! flags": ('#! fuzzy\nmsgid "a"\nmsgstr "b"\n', lambda e: e[0][2] == ["fuzzy"]),
    "a word that contains fuzzy": ('#, fuzzy-ish\nmsgid "a"\nmsgstr "b"\n',
                                   lambda e: e[0][2] == ["fuzzy-ish"]),
    "#x some comment": ('#x some comment\nmsgid "a"\nmsgstr "b"\n',
                        lambda e: e[0][3] == "x some comment"),
    "##": ('##x\nmsgid "a"\nmsgstr "b"\n', lambda e: e[0][3] == "#x"),
    "#.extracted and #:reference": ('#.note\n#:a.md:3\nmsgid "a"\nmsgstr "b"\n',
                                    lambda e: e[0][1] == "b"),
    'msgstr""': ('msgid "a"\nmsgstr""\n', lambda e: e[0][:2] == ("a", "")),
    'msgid"a"': ('msgid"a"\nmsgstr"b"\n', lambda e: e[0][:2] == ("a", "b")),
    'msgid "a" "b"': ('msgid "a" "b"\nmsgstr "c" ""\n"d"\n', lambda e: e[0][:2] == ("ab", "cd")),
    "a keyword with its string on the next line": ('msgid\n"a"\nmsgstr\n""\n',
                                                   lambda e: e[0][:2] == ("a", "")),
    "blanks around tokens": ('\t#, fuzzy\n\fmsgid\t"a"\v\n  msgstr "b"\n',
                             lambda e: e[0][:3] == ("a", "b", ["fuzzy"])),
    "#~msgid without a space": ('#~msgid "a"\n#~msgstr"b"\n#~\t"c"\n',
                                lambda e: e[0][:2] == ("a", "bc")),
    'bare "#~" and "#|"': ('#~\n#|\nmsgid "a"\nmsgstr "b"\n', lambda e: e[0][:2] == ("a", "b")),
    "#|msgid without a space": ('#, fuzzy\n#|msgid "x" "y"\n#|"z"\nmsgid "a"\nmsgstr "b"\n',
                                lambda e: e[0][:2] == ("a", "b")),
    "a blank line after the previous msgid": ('#, fuzzy\n#| msgid "x"\n\nmsgid "a"\nmsgstr "b"\n',
                                              lambda e: e[0][2] == ["fuzzy"]),
    "#~ before a comment": ('#~ #, fuzzy\n#~ msgid "a"\n#~ msgstr "b"\n',
                            lambda e: e[0][:2] == ("a", "b")),
    "spaced plural index": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr [ 0 ] "b"\nmsgstr[1]"c"\n',
        lambda e: e[0][:2] == ("a", ""),
    ),
}


def _entries(text: str) -> list[tuple[str, str, list[str], str]]:
    catalog = parse_po(text, path="x.po")
    return [(e.msgid, e.msgstr, e.flags, e.tcomment) for e in catalog]


PLURAL_HEADER = HEADER.replace(
    '"\n\n', '"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n', 1
)


@pytest.mark.parametrize("name", ACCEPTED)
def test_layouts_gettext_reads_are_read_as_gettext_reads_them(name: str, tmp_path: Path) -> None:
    body, check = ACCEPTED[name]
    text = PLURAL_HEADER + body
    assert check(_entries(text)), _entries(text)
    assert_both_paths_agree(text)
    full = parsed_counts(text)
    if shutil.which("msgfmt"):
        assert msgfmt_counts(text, tmp_path) == full[:3]


@needs_msgfmt
@pytest.mark.parametrize("name", ACCEPTED)
def test_rewriting_such_a_layout_gives_what_msgcat_gives(name: str, tmp_path: Path) -> None:
    body, _ = ACCEPTED[name]
    text = PLURAL_HEADER + body
    ours = format_po(parse_po(text, path="x.po"))
    if "fuzzy-ish" in body:  # gettext drops a flag it does not know; transkit keeps it
        assert ours == msgcat(text, tmp_path).replace("msgid \"a\"", "#, fuzzy-ish\nmsgid \"a\"")
        return
    assert ours == msgcat(text, tmp_path)


# gettext reads these, transkit refuses them with a hint that msgcat rewrites them.
REWRITE = {
    "two keywords on one line": ('msgid "a" msgstr "b"\n', 5),
    "a comment after a string": ('msgid "a"\nmsgstr "b" # note\n', 6),
}


@pytest.mark.parametrize("name", REWRITE)
def test_layouts_transkit_cannot_keep_are_refused_with_a_msgcat_hint(
    name: str, tmp_path: Path
) -> None:
    body, line = REWRITE[name]
    text = HEADER + body
    assert_both_paths_agree(text)
    with pytest.raises(CatalogError) as err:
        parse_po(text, path="de.po")
    assert err.value.line == line
    assert "msgcat -o de.po de.po" in str(err.value)
    if shutil.which("msgcat"):
        rewritten = msgcat(text, tmp_path)
        parse_po(rewritten, path="de.po")  # what the hint makes of it is read


def test_both_paths_read_every_line_gettext_does_not_write_alike() -> None:
    """gettext's layout takes the fast path; a line in any other layout is read one by one,
    to the same entries (or the same error) as the slow path alone finds."""
    base = (PLURAL_HEADER + '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n\n'
            'msgid "c"\nmsgid_plural "cs"\nmsgstr[0] "d"\nmsgstr[1] "ds"\n\n'
            '#, fuzzy\n#~| msgid "x"\n#~ msgid "e"\n#~ msgstr "f"\n')
    assert parsed_counts(base) == (1, 1, 0, 1)
    assert slow_lines(base) == []
    assert_both_paths_agree(base)
    odd = [
        ("#, fuzzy\n", "#,fuzzy\n"),
        ("#, fuzzy\n", "#, fuzzy c-format\n"),
        ("#, fuzzy\n", "#! fuzzy\n"),
        ("#, fuzzy\n", "#x note\n#, fuzzy\n"),
        ("#, fuzzy\n", "#.note\n#, fuzzy\n"),
        ("#| msgid", "#|msgid"),
        ("#| msgid", "#|  msgid"),
        ('#| msgid "old"\n', '#| msgid "old"\n#, fuzzy\n'),
        ('#| msgid "old"\n', '#| msgid "old"\n#| msgid "older"\n'),
        ('#| msgid "old"\n', '#| msgid_plural "old"\n'),
        ('#| msgid "old"\n', '#| msgctxt "old"\n'),
        ('#| msgid "old"\n', '#| msgid "old"\n#| msgstr "alt"\n'),
        ('#| msgid "old"\n', '#|\n#| msgid "old"\n'),
        ('#| msgid "old"\n', '#| msgid ""\n"old"\n'),
        ('#| msgid "old"\n', '#| msgid "old\n'),
        ('#| msgid "old"\n', '#| msgid "o\\qld"\n'),
        ('#~| msgid "x"\n', '#~| msgid "x\n'),
        ('#~| msgid "x"\n', '#| msgid "x"\n'),
        ('#~| msgid "x"\n', '#~|msgid "x"\n'),
        ('#~ msgstr "f"\n', 'msgstr "f"\n'),
        ('#~ msgstr "f"\n', '#~msgstr "f"\n'),
        ('msgstr[1] "ds"\n', 'msgstr[2] "ds"\n'),
        ('msgstr[0] "d"\nmsgstr[1] "ds"\n', 'msgstr[1] "ds"\nmsgstr[0] "d"\n'),
        ('msgstr "b"\n', 'msgstr""\n'),
        ('msgid "a"\n', 'msgid "a" ""\n'),
        ('msgid "a"\n', "msgid\n\"a\"\n"),
    ]
    for old, new in odd:
        assert old in base, old
        text = base.replace(old, new, 1)
        assert_both_paths_agree(text)
        try:
            read_one_by_one = slow_lines(text)
        except CatalogError:
            continue  # refused, with the same error on both paths
        assert read_one_by_one, (old, new)


@pytest.mark.parametrize(
    ("insert", "line", "words"),
    [
        ('#, fuzzy\n#| msgid "old\n', 21, "unterminated string"),
        ('#, fuzzy\n#| msgctxt "old\n', 21, "unterminated string"),
        ('#, fuzzy\n#| msgid "o\\qld"\n', 21, "invalid escape"),
    ],
)
def test_every_command_refuses_a_broken_previous_line(
    run: Run, project: Path, insert: str, line: int, words: str
) -> None:
    path = project / CATALOG
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[18].startswith("#: ")
    broken = "".join(lines[:19]) + insert + "".join(lines[19:])
    path.write_text(broken, encoding="utf-8")
    for command in ("status", "sync", "build"):
        result: Result = run("--root", project, command)
        assert result.code == 2, (command, result.out, result.err)
        assert f"{CATALOG}:{line}: " in result.err and words in result.err, (command, result.err)
    assert path.read_text(encoding="utf-8") == broken  # sync did not rewrite it


def test_every_command_refuses_an_entry_half_obsolete(
    run: Run, project: Path
) -> None:
    path = project / CATALOG
    text = path.read_text(encoding="utf-8") + '\n#~ msgid "gone"\nmsgstr "weg"\n'
    path.write_text(text, encoding="utf-8")
    line = text.count("\n")
    for command in ("status", "sync", "build"):
        result: Result = run("--root", project, command)
        assert result.code == 2, (command, result.out, result.err)
        assert f"{CATALOG}:{line}: inconsistent use of #~" in result.err, (command, result.err)
    assert path.read_text(encoding="utf-8") == text


@needs_msgfmt
def test_the_sample_catalog_in_each_accepted_layout_counts_as_msgfmt(
    project: Path, tmp_path: Path
) -> None:
    """The audit's cases on a real catalog: '#,fuzzy', '#x', 'msgstr""', 'msgid "a" "b"'."""
    text = (project / CATALOG).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[19] == 'msgid ""' and lines[22] == 'msgstr ""'
    variants = {
        "#,fuzzy": lines[:19] + ["#,fuzzy"] + lines[19:],
        "#x": lines[:19] + ["#x some comment"] + lines[19:],
        'msgstr""': lines[:22] + ['msgstr""'] + lines[23:],
        'msgid "a" "b"': lines[:19] + ['msgid "" ""'] + lines[20:],
    }
    for name, changed in variants.items():
        variant = "\n".join(changed)
        full = parsed_counts(variant)
        assert full[:3] == msgfmt_counts(variant, tmp_path), name
        assert_both_paths_agree(variant)


# What polib's own parser made of these lines, frozen from the reader that handed it gettext's
# reading of a file (transkit <= 0.1.0): the entries must stay the same, down to polib's habits.
QUIRKS = (
    "# Header comment\n"
    "#\n"
    "# after an empty one\n"
    "#, fuzzy, c-format\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"X-Note: one\\n"\n'
    '"continued\\n"\n'
    "\n"
    "#.\n"
    "#: a.md:3 b.md c:d:x\n"
    "#.  two spaces\n"
    "#,fuzzy\n"
    '#| msgctxt "old c"\n'
    '#| msgid "old "\n'
    '#| "text"\n'
    'msgctxt "c"\n'
    'msgid "a\\tb"\n'
    'msgstr "A"\n'
    "\n"
    '"B"\n'
    "\n"
    'msgid "one"\n'
    'msgid_plural "many"\n'
    'msgstr[0] "eins"\n'
    'msgstr[1] ""\n'
    '"zwei\\a"\n'
    "# translator\n"
    "#, fuzzy\n"
    '#~| msgid "older"\n'
    '#~ msgid "gone"\n'
    '#~ msgstr "weg"\n'
    "\n"
    "# dropped: no entry follows\n"
)
QUIRKS_READ = (
    "Header comment\n\nafter an empty one",
    [("Content-Type", "text/plain; charset=UTF-8"), ("X-Note", "one\ncontinued")],
    ["fuzzy", "c-format"],  # the header entry's flags
    [
        (12, "c", "a\tb", "", "AB", {}, ["fuzzy"], "", " two spaces",
         [("a.md", "3"), ("b.md", ""), ("c:d:x", "")], "old c", "old text", None, False),
        (24, None, "one", "many", "", {0: "eins", 1: "zwei\a"}, [], "", "", [], None, None,
         None, False),
        (29, None, "gone", "", "weg", {}, ["fuzzy"], "translator", "", [], None, "older", None,
         True),
    ],
)


def test_the_entries_are_what_polib_read_before() -> None:
    """The first entry's linenum is 0 and every other one's the line of its first comment or
    keyword; leading translator comments are the header; bare comments and comments after the
    last entry are dropped; a string after a blank line continues the msgstr."""
    assert assert_both_paths_agree(QUIRKS) == QUIRKS_READ
    assert assert_both_paths_agree(QUIRKS.replace("\n", "\r\n")) == QUIRKS_READ


def every_test_catalog() -> list[str]:
    from .test_pofile import random_catalog
    from .test_status import TRICKY

    root = Path(__file__).parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("locales/*/*.po"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob("tests/data/sync/*/*.po"))]
    texts += [format_po(random_catalog(seed)) for seed in range(8)]
    texts.append(TRICKY)
    return texts


def test_gettext_layout_takes_the_fast_path_to_what_the_slow_path_reads() -> None:
    """Every catalog of the tests, contexts, plural forms, obsolete entries and escapes included,
    is read in whole-entry matches, to exactly what reading it line by line gives."""
    texts = every_test_catalog()
    assert len(texts) >= 37
    for text in texts:
        assert slow_lines(text) == []
        assert assert_both_paths_agree(text) == outcome(text)


def test_odd_layouts_read_alike_on_both_paths() -> None:
    from .test_status import TRICKY

    def without_lines(text: str) -> tuple[object, ...]:
        return contents(parse_po(text, path="x.po"), FIELDS[1:])

    glued = TRICKY.replace('msgstr "A"\n\nmsgctxt', 'msgstr "A"\nmsgctxt')
    assert assert_both_paths_agree(glued) != outcome(TRICKY)  # the line numbers moved up
    assert without_lines(glued) == without_lines(TRICKY)
    at_b = TRICKY.split("\n").index('msgid "b"') + 1
    broken = TRICKY.replace('msgid "b"', 'msgid "b')
    message, line = assert_both_paths_agree(broken)
    assert "unterminated string" in str(message) and line == at_b
    conflict = TRICKY.replace('#, fuzzy\nmsgid "b"', '<<<<<<< HEAD\n#, fuzzy\nmsgid "b"')
    message, line = assert_both_paths_agree(conflict)
    assert "merge-conflict marker" in str(message) and line == at_b - 1


@pytest.mark.slow
def test_random_catalogs_in_any_layout_read_alike_on_both_paths() -> None:
    """Plural, obsolete and fuzzy entries with previous msgids, contexts, escapes; then the same
    text in layouts gettext does not write. The reader gives what the slow path alone gives, and
    where the layout changes nothing but lines, the same entries as gettext's own layout."""
    from .test_pofile import random_catalog

    variants: dict[str, Callable[[str], str]] = {
        "CRLF": lambda t: t.replace("\n", "\r\n"),
        "two blank lines": lambda t: t.replace("\n\n", "\n\n\n", 3),
        "space after a string": lambda t: t.replace('"\n', '" \n', 5),
        "glued entries": lambda t: t.replace('"\n\nmsgid', '"\nmsgid', 1),
        "a tab after the keyword": lambda t: t.replace("\nmsgid ", "\nmsgid\t", 2),
        "a comment inside an entry": lambda t: t.replace("\nmsgstr ", "\n# late\nmsgstr ", 2),
        "an unknown escape": lambda t: t.replace('msgstr "', 'msgstr "\\x41', 1),
    }
    same_entries = ("CRLF", "two blank lines", "space after a string", "glued entries",
                    "a tab after the keyword")
    for seed in range(30):
        text = format_po(random_catalog(seed))
        assert slow_lines(text) == [], "gettext's own layout must take the fast path"
        written = assert_both_paths_agree(text)
        assert len(written) == 4, written  # read, not refused
        entries = contents(parse_po(text, path="x.po"), FIELDS[1:])
        for name, change in variants.items():
            changed = change(text)
            read = assert_both_paths_agree(changed)
            if name == "CRLF":
                assert read == written, seed
            elif name in same_entries:
                assert contents(parse_po(changed, path="x.po"), FIELDS[1:]) == entries, (seed, name)
            else:
                assert len(read) == 2, (seed, name)  # refused


def test_a_crlf_catalog_reads_to_the_entries_of_its_lf_twin() -> None:
    for text in every_test_catalog():
        assert outcome(text.replace("\n", "\r\n")) == outcome(text)


@pytest.mark.slow
@pytest.mark.parametrize("width", ["--no-wrap", "--width=20", "--width=40", "--width=200"])
@pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext's msgcat is not installed")
def test_a_catalog_saved_at_another_width_reads_to_the_same_entries(
    width: str, tmp_path: Path
) -> None:
    """What msgcat writes with --no-wrap or any --width is read to the same entries (on other
    lines) as gettext's default layout."""
    from .test_pofile import random_catalog

    texts = [p.read_text(encoding="utf-8")
             for p in sorted((Path(__file__).parent.parent / "locales").glob("*/*.po"))]
    texts += [format_po(random_catalog(seed)) for seed in range(3)]
    for text in texts:
        path = tmp_path / "a.po"
        path.write_text(text, encoding="utf-8")
        saved = subprocess.run(["msgcat", width, str(path)], capture_output=True, text=True,
                               check=True).stdout
        assert saved != text
        assert_both_paths_agree(saved)
        entries = contents(parse_po(saved, path="a.po"), FIELDS[1:])
        assert entries == contents(parse_po(text, path="a.po"), FIELDS[1:])
