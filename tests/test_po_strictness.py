"""Both readers of a catalog agree with gettext on layouts it reads but does not write.

`parse_po` either reads such a file entry for entry as gettext does (and counts as msgfmt
counts) or refuses it with the line and a fix; `scan_po` (status, build) either counts exactly as
`parse_po` or steps aside (None) so that the parser decides. They never disagree.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transkit.core.counts import catalog_status, scanned_status
from transkit.core.pofile import format_po, parse_po, scan_po
from transkit.errors import CatalogError

from .conftest import SAMPLE_SLUG, Result

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


def scanned_counts(text: str) -> Counts | None:
    entries = scan_po(text)
    if entries is None:
        return None
    status = scanned_status(entries, path="x.po", article="x", language="de")
    return status.translated, status.fuzzy, status.untranslated, status.obsolete


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
}


@pytest.mark.parametrize("name", REFUSED)
def test_what_gettext_refuses_both_readers_refuse(name: str, tmp_path: Path) -> None:
    body, line, words = REFUSED[name]
    text = HEADER + body
    assert scan_po(text) is None
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
    full = parsed_counts(text)
    fast = scanned_counts(text)
    assert fast is None or fast == full
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
    assert scan_po(text) is None
    with pytest.raises(CatalogError) as err:
        parse_po(text, path="de.po")
    assert err.value.line == line
    assert "msgcat -o de.po de.po" in str(err.value)
    if shutil.which("msgcat"):
        rewritten = msgcat(text, tmp_path)
        parse_po(rewritten, path="de.po")  # what the hint makes of it is read


def test_the_scan_steps_aside_for_every_line_gettext_does_not_write() -> None:
    """Whatever the scan counts, the parser counts the same; odd lines go to the parser."""
    base = (PLURAL_HEADER + '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n\n'
            'msgid "c"\nmsgid_plural "cs"\nmsgstr[0] "d"\nmsgstr[1] "ds"\n\n'
            '#, fuzzy\n#~| msgid "x"\n#~ msgid "e"\n#~ msgstr "f"\n')
    assert scanned_counts(base) == parsed_counts(base) == (1, 1, 0, 1)
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
        try:
            full: Counts | None = parsed_counts(text)
        except CatalogError:
            full = None
        assert scanned_counts(text) is None, (old, new, full)


@pytest.mark.parametrize(
    ("insert", "line", "words"),
    [
        ('#, fuzzy\n#| msgid "old\n', 21, "unterminated string"),
        ('#, fuzzy\n#| msgctxt "old\n', 21, "unterminated string"),
        ('#, fuzzy\n#| msgid "o\\qld"\n', 21, "invalid escape"),
    ],
)
def test_every_command_refuses_a_broken_previous_line(  # type: ignore[no-untyped-def]
    run, project: Path, insert: str, line: int, words: str
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


def test_every_command_refuses_an_entry_half_obsolete(  # type: ignore[no-untyped-def]
    run, project: Path
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
        fast = scanned_counts(variant)
        assert fast is None or fast == full, name
