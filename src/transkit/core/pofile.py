"""The PO format: strict reading (through polib) and writing exactly as gettext writes.

Reading is strict because a catalog is a translator's work: anything that polib or gettext would
misread (conflict markers, a wrong charset, invalid UTF-8, an entry without msgid or msgstr, a
duplicate, an escape gettext refuses, a numeric escape, an unterminated string even in a "#|"
line, "#~" on some lines of an entry only) is refused with the file and line, before any file is
written. Where polib alone would go wrong on a file gettext reads well (a "\\a" escape; a form
feed, NEL or U+2028 inside a string; a bare "#." as the last line; a layout gettext reads but
does not write, like '#,fuzzy', '#x note', 'msgstr""' or 'msgid "a" "b"'), it is handed what
gettext reads, so a catalog is read entry for entry and character for character as gettext does.

Writing follows gettext's own layout so that ``msgcat FILE`` prints FILE byte for byte and a
translator's editor re-saving it produces no diff: the order of comment lines, the 79-column
wrapping with Unicode line-break opportunities (translate-toolkit's ``unicode_segmentation_rs``
implements UAX #14; libunistring's one departure that prose meets, a break between "." and a
letter, is added here), and gettext's escapes. Known difference: CJK text and a combining mark
right after a space can still wrap differently from msgcat.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import NamedTuple

import polib
import regex
from unicode_segmentation_rs import line_break_units, text_width

from ..errors import CatalogError
from .catalog import has_translation

PAGE_WIDTH = 79

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_CHARSET = re.compile(r"charset=([^\s\\\"]+)", re.IGNORECASE)


def escape(text: str) -> str:
    """Escape a string as gettext does inside PO quotes."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_ESCAPE = re.compile(r"\\(.)")  # a backslash and the character it escapes


def unescape(text: str) -> str:
    """The inverse of `escape`: a quoted string's content as the text it stands for."""
    return _ESCAPE.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(0)), text)


# libunistring, which gettext wraps with, departs from UAX #14 in one place that matters for
# prose: it may break between infix punctuation and a letter (rule LB29 is left out so that
# "sentence.</P>" breaks before the tag), so "example.com" and "e.g.x" break after the dot.
# The `regex` package knows the Line_Break classes, which the standard library does not.
# The infix separators (IS) as libunistring 1.0 (Unicode 14, gettext on Debian 12) has them;
# later Unicode versions added U+00B7 and U+0387, which libunistring still reads as letters.
_IS = ",.:;\u037e\u0589\u060c\u060d\u07f8\u2044\ufe10\ufe13\ufe14"
_INFIX_BEFORE_LETTER = regex.compile(
    rf"[{_IS}]\p{{lb=CM}}*(?=[\p{{lb=AL}}\p{{lb=HL}}\p{{lb=AI}}\u00b7\u0387])"
)
_GLUED_INFIX = re.compile(f"[{_IS}][^ ]")  # a quick test first: prose puts a space after "."


def _split_at(units: list[str], cuts: list[int]) -> list[str]:
    """`units` also cut at the offsets `cuts` (ascending) of the text they make up."""
    pieces: list[str] = []
    cut = iter(cuts)
    nxt = next(cut, None)
    offset = 0
    for unit in units:
        start, end = 0, len(unit)
        while nxt is not None and nxt < offset + end:
            if nxt > offset + start:
                pieces.append(unit[start : nxt - offset])
                start = nxt - offset
            nxt = next(cut, None)
        pieces.append(unit[start:])
        offset += end
    return pieces


def _pieces(escaped: str) -> list[str]:
    """The atomic pieces between line-break opportunities, as gettext finds them."""
    units = list(line_break_units(escaped))
    if _GLUED_INFIX.search(escaped):
        cuts = [found.end() for found in _INFIX_BEFORE_LETTER.finditer(escaped)]
        if cuts:
            units = _split_at(units, cuts)
    if "\\" not in escaped:
        return units
    pieces: list[str] = []
    for unit in units:
        # gettext never breaks inside an escape sequence...
        if pieces and _odd_backslashes(pieces[-1]):
            pieces[-1] += unit
        else:
            pieces.append(unit)
    # ... nor right before the "\n" that ends a string.
    if len(pieces) > 1 and pieces[-1] == "\\n":
        last = pieces.pop()
        pieces[-1] += last
    return pieces


def _odd_backslashes(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _wrap_portion(escaped: str, startcol: int, width: int, restart: int) -> list[str]:
    """Lines of one portion, broken where gettext breaks (libunistring's greedy algorithm).

    A line takes as many whole pieces as fit; a piece wider than a line gets a line of its own.
    """
    pieces = _pieces(escaped)
    narrow = text_width(escaped) == len(escaped)
    ends = list(accumulate(len(p) if narrow else int(text_width(p)) for p in pieces))
    lines: list[str] = []
    first, base, column = 0, 0, startcol
    while first < len(pieces):
        last = bisect_right(ends, base + width - column, lo=first) - 1
        last = max(last, first)
        lines.append("".join(pieces[first : last + 1]))
        base = ends[last]
        first, column = last + 1, restart
    return lines


def quote_lines(keyword: str, text: str, *, prefix: str = "",
                width: int = PAGE_WIDTH) -> list[str]:
    """The lines of one `keyword "text"` statement, wrapped as gettext wraps it at the page
    `width` (msgcat --width); 0 breaks lines only after "\\n" (msgcat --no-wrap)."""
    head = f"{prefix}{keyword} "
    if not text:
        return [f'{head}""']
    if "\n" not in text[:-1]:
        escaped = escape(text)
        if not width or len(head) + 1 + int(text_width(escaped)) <= width - 1:
            return [f'{head}"{escaped}"']
    portions = text.split("\n")
    parts = [p + "\n" for p in portions[:-1]]
    if portions[-1]:
        parts.append(portions[-1])
    out = [f'{head}""']
    startcol = len(prefix) + 1
    for part in parts:
        if not width:
            out.append(f'{prefix}"{escape(part)}"')
            continue
        for line in _wrap_portion(escape(part), startcol, width - 1, startcol):
            out.append(f'{prefix}"{line}"')
    return out


def _reference_lines(occurrences: Iterable[tuple[str, str]], width: int) -> list[str]:
    """`#:` lines, filled to the page width as gettext fills them (to gettext's own width
    when strings are not wrapped: msgcat --no-wrap still fills them so)."""
    out: list[str] = []
    line = "#:"
    for path, lineno in dict.fromkeys(occurrences):
        ref = f"{path}:{lineno}" if lineno else path
        if line != "#:" and len(line) + 1 + len(ref) > (width or PAGE_WIDTH):
            out.append(line)
            line = "#:"
        line += " " + ref
    if line != "#:":
        out.append(line)
    return out


def entry_lines(entry: polib.POEntry, *, width: int = PAGE_WIDTH) -> list[str]:
    """One entry as gettext writes it, without the blank line that separates entries."""
    out: list[str] = []
    for comment in entry.tcomment.split("\n") if entry.tcomment else []:
        out.append(f"# {comment}".rstrip() if comment else "#")
    if not entry.obsolete:
        for comment in entry.comment.split("\n") if entry.comment else []:
            out.append(f"#. {comment}".rstrip() if comment else "#.")
        out.extend(_reference_lines(entry.occurrences, width))
    flags = entry.flags
    if "fuzzy" in flags and not has_translation(entry):
        # gettext drops the fuzzy mark of an entry that has no translation to doubt.
        flags = [flag for flag in flags if flag != "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags))
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.extend(quote_lines("msgctxt", entry.previous_msgctxt, prefix=prev, width=width))
    if entry.previous_msgid is not None:
        out.extend(quote_lines("msgid", entry.previous_msgid, prefix=prev, width=width))
    if entry.previous_msgid_plural is not None:
        out.extend(quote_lines("msgid_plural", entry.previous_msgid_plural, prefix=prev,
                               width=width))
    body = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out.extend(quote_lines("msgctxt", entry.msgctxt, prefix=body, width=width))
    out.extend(quote_lines("msgid", entry.msgid, prefix=body, width=width))
    if entry.msgid_plural:
        out.extend(quote_lines("msgid_plural", entry.msgid_plural, prefix=body, width=width))
        for index in sorted(entry.msgstr_plural):
            out.extend(quote_lines(f"msgstr[{index}]", entry.msgstr_plural[index], prefix=body,
                                   width=width))
    else:
        out.extend(quote_lines("msgstr", entry.msgstr, prefix=body, width=width))
    return out


def header_text(metadata: Iterable[tuple[str, str]]) -> str:
    """The header entry's msgstr from ordered (field, value) pairs."""
    return "".join(f"{key}: {value}\n" for key, value in metadata)


def generate_po(catalog: polib.POFile, *, width: int = PAGE_WIDTH) -> Iterator[str]:
    """Yield the lines of a catalog, each ending in a newline, exactly as gettext writes them
    (as `msgcat --width=WIDTH`; `width` 0 as `msgcat --no-wrap`)."""
    header = polib.POEntry(msgid="", msgstr=header_text(catalog.ordered_metadata()))
    header.tcomment = catalog.header
    header.flags = list(catalog.metadata_is_fuzzy and ["fuzzy"] or [])
    blocks = [entry_lines(header, width=width)]
    blocks.extend(entry_lines(entry, width=width) for entry in catalog if not entry.obsolete)
    # Like gettext, keep only obsolete entries that hold a translation.
    blocks.extend(
        entry_lines(entry, width=width) for entry in catalog
        if entry.obsolete and has_translation(entry)
    )
    for i, block in enumerate(blocks):
        if i:
            yield "\n"
        for line in block:
            yield line + "\n"


def format_po(catalog: polib.POFile, *, width: int = PAGE_WIDTH) -> str:
    """A catalog as the text gettext would write for it at the page `width` (0: no wrap)."""
    return "".join(generate_po(catalog, width=width))


def parse_po(text: str, *, path: str) -> polib.POFile:
    """Parse catalog text strictly; every problem is a CatalogError naming path and line."""
    if text.startswith("\ufeff"):
        raise CatalogError(
            "starts with a byte-order mark; save it as UTF-8 without BOM", path=path, line=1
        )
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise CatalogError(
            "has CR or CRLF line endings; convert it to LF line endings (dos2unix)",
            path=path,
            line=line,
        )
    if not text.strip():
        raise CatalogError(
            "is empty; delete it and run 'transkit sync' to create it again", path=path, line=1
        )
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise CatalogError(
            f"merge-conflict marker '{match.group(1)}'; resolve the conflict in a PO editor "
            "or by hand and remove the markers",
            path=path,
            line=line,
        )
    linted = _lint(text, path=path)
    # Comments after the last entry belong to no entry (gettext drops them), and polib drops the
    # last entry itself when the file ends with a bare "#.", "#:" or "#," line: leave them out.
    lines = text.split("\n")[: linted.last_line]
    for number, rewritten in linted.rewrites.items():
        # Lines polib would misread or refuse, as the same statements in the layout it reads.
        if number <= linted.last_line:
            lines[number - 1] = rewritten
    try:
        catalog = _polib_parse("\n".join(lines) + "\n")
    except (OSError, ValueError) as err:
        message = str(err)
        found = re.search(r"\(line (\d+)\)", message) or re.search(r"line (\d+)", message)
        at_line = int(found.group(1)) if found else None
        detail = re.sub(r"\s*\(line \d+\)", "", message)
        raise CatalogError(
            f"{detail.lower().rstrip('.')}; fix the entry there "
            f"(check it with 'msgfmt -c -o /dev/null {path}')",
            path=path,
            line=at_line,
        ) from err
    if len(catalog) + linted.header != linted.entries:
        # A safety net: never let polib silently read fewer (or more) entries than gettext.
        raise CatalogError(
            f"transkit's reader finds {len(catalog) + linted.header} entries where gettext finds "
            f"{linted.entries}; please report this file, and try 'msgcat -o {path} {path}' to "
            "rewrite it in gettext's own layout",
            path=path,
        )
    charset = _CHARSET.search(catalog.metadata.get("Content-Type", ""))
    if charset and charset.group(1).upper().replace("_", "-") not in ("UTF-8", "CHARSET"):
        raise CatalogError(
            f"declares charset={charset.group(1)}; transkit catalogs are UTF-8: convert with "
            f"'msgconv -t UTF-8 {path}' and set charset=UTF-8 in the header",
            path=path,
            line=_line_of(text, "Content-Type"),
        )
    return catalog


_WS = " \t\f\v"  # the blanks gettext skips between the tokens of a line
_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))
# A line as gettext writes it and polib reads it, most lines of a catalog: one match each.
_PLAIN = re.compile(
    r'(#~ |#\| |#~\| )?(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9])\])? )?'
    r'"((?:[^"\\]++|\\.)*+)"'
)
_QUOTED_AT = re.compile(r'"((?:[^"\\]++|\\.)*+)"')
_WORD = re.compile(r"[A-Za-z0-9_$]+")
_INDEX = re.compile(r"[ \t\f\v]*\[[ \t\f\v]*([0-9]+)[ \t\f\v]*\]")
_FLAG = re.compile(r"[^ \t\f\v,]+")  # a flag of a "#," line, as gettext splits them
_NUMERIC = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")
_POLIB_ESCAPES = frozenset('ntrbfv"\\')  # the escapes polib decodes as gettext does
_OPEN = ("msgctxt", "msgid", "msgid_plural")  # states of an entry that still lacks its msgstr
_BEFORE = ("#|msgctxt", "#|msgid", "#|msgid_plural")  # states in an entry's previous strings
_MAX_FORMS = 10  # polib reads the N of msgstr[N] as one digit


class _Linted(NamedTuple):
    """What the line-by-line check learned about a catalog's text."""

    entries: int  # entries in the file, the header included
    header: int  # 1 if polib takes one of them as the header (a msgid ""), else 0
    last_line: int  # the number of the last line with a keyword or a string
    rewrites: dict[int, str]  # line number -> the same line in the layout polib reads right


class _Line(NamedTuple):
    """One line of a catalog as gettext's lexer reads it."""

    polib: str  # the same line in a layout polib reads as gettext reads this one
    comment: bool  # a comment ("#", "#.", "#:", "#,"): it ends the entry before it
    keyword: str | None  # msgctxt, msgid, msgid_plural or msgstr; None on a line of strings
    form: int | None  # the N of msgstr[N]
    obsolete: bool  # after "#~"
    previous: bool  # after "#|" or "#~|"
    text: str | None  # its strings' contents joined, still escaped; None when it has none


def _rewrite_hint(path: str) -> str:
    return f"'msgcat -o {path} {path}' rewrites the file in gettext's layout"


def _read_line(line: str, *, path: str, number: int) -> _Line | None:
    """A line read as gettext reads it, None for a line without tokens, or a CatalogError.

    gettext's lexer reads "#~" (obsolete) and "#|" (previous) as prefixes of the tokens after
    them, any other "#" as a comment up to the end of the line, and skips blanks between tokens,
    so 'msgstr""', 'msgid "a" "b"', '#~msgid "a"' and '#,fuzzy' are all good PO. polib reads
    only some of that, so the line it is handed is the same statement in gettext's layout.
    """
    plain = _PLAIN.fullmatch(line)
    if plain is not None:
        prefix, keyword, index, body = plain.groups()
        return _statement(
            keyword,
            int(index) if index else None,
            obsolete=prefix is not None and prefix.startswith("#~"),
            previous=prefix is not None and prefix.endswith("| "),
            strings=[body],
            path=path,
            number=number,
        )
    if line.startswith(("#: ", "# ", "#. ")):  # most comments, which polib reads right
        return _Line(line, True, None, None, False, False, None)
    rest = line.strip(_WS)
    obsolete = previous = False
    while rest.startswith("#"):
        if rest.startswith("#~"):
            obsolete, rest = True, rest[2:]
            if rest.startswith("|"):
                previous, rest = True, rest[1:]
        elif rest.startswith("#|"):
            previous, rest = True, rest[2:]
        else:
            return _Line(_comment(rest), True, None, None, False, False, None)
        rest = rest.lstrip(_WS)
    if not rest:
        return None  # a blank line, or a bare "#~" or "#|"
    keyword, index, pos = None, None, 0
    word = _WORD.match(rest)
    if word is not None:
        keyword, pos = word.group(), word.end()
        if keyword not in _KEYWORDS:
            raise CatalogError(
                f"unknown keyword {keyword!r}: {rest[:40]!r}; a line holds a keyword (msgctxt, "
                "msgid, msgid_plural, msgstr) and its string, a string, or a '#' comment",
                path=path,
                line=number,
            )
        if keyword == "msgstr":
            found = _INDEX.match(rest, pos)
            if found is not None:
                index, pos = int(found.group(1)), found.end()
    strings: list[str] = []
    while True:
        while pos < len(rest) and rest[pos] in _WS:
            pos += 1
        if pos == len(rest):
            break
        found = _QUOTED_AT.match(rest, pos)
        if found is not None:
            strings.append(found.group(1))
            pos = found.end()
            continue
        word = _WORD.match(rest, pos)
        if rest[pos] == '"':
            what, fix = "unterminated string", "close the quotes or remove the line"
        elif rest[pos] == "#":
            what = "a comment after a string on the same line"
            fix = f"put the comment on a line of its own ({_rewrite_hint(path)})"
        elif word is not None and word.group() in _KEYWORDS:
            what = f"a second keyword ({word.group()}) on one line"
            fix = f"put it on a line of its own ({_rewrite_hint(path)})"
        else:
            what, fix = "unexpected text", "close the quotes or remove the line"
        raise CatalogError(f"{what}: {rest[:40]!r}; {fix}", path=path, line=number)
    return _statement(
        keyword, index, obsolete=obsolete, previous=previous, strings=strings,
        path=path, number=number,
    )


def _statement(
    keyword: str | None,
    index: int | None,
    *,
    obsolete: bool,
    previous: bool,
    strings: list[str],
    path: str,
    number: int,
) -> _Line:
    """A keyword and its strings (or strings alone), checked, and written as polib reads them."""
    if previous and keyword == "msgstr":
        raise CatalogError(
            "'#| msgstr': PO files keep no previous translation, only '#| msgctxt', "
            "'#| msgid' and '#| msgid_plural'; remove the line",
            path=path,
            line=number,
        )
    if index is not None and index >= _MAX_FORMS:
        raise CatalogError(
            f"msgstr[{index}]: transkit reads at most {_MAX_FORMS} plural forms "
            f"(msgstr[0] to msgstr[{_MAX_FORMS - 1}])",
            path=path,
            line=number,
        )
    text = "".join(strings) if strings else None
    line = "#| " if previous else "#~ " if obsolete else ""
    if keyword is not None:
        line += keyword if index is None else f"{keyword}[{index}]"
        line += " "
    # A keyword whose string is on the next line is handed to polib with an empty one.
    line += f'"{text or ""}"'
    if text and "\\" in text and _check_escapes(text, path=path, line=number):
        # polib keeps a "\a" escape as a backslash and an "a"; hand it the character instead.
        line = _ESCAPE.sub(_bell, line)
    return _Line(line, False, keyword, index, obsolete, previous, text)


def _comment(rest: str) -> str:
    """A comment line ("#" and what follows it) as polib reads what gettext reads in it."""
    kind, text = rest[1:2], rest[2:]
    if kind == ".":  # an extracted comment; gettext drops one space before it
        text = text[1:] if text.startswith(" ") else text
        return f"#. {text}" if text else "#."
    if kind == ":":  # references
        refs = text.strip(_WS)
        return f"#: {refs}" if refs else "#:"
    if kind in (",", "!"):  # flags, which gettext splits at commas and blanks
        flags = _FLAG.findall(text)
        return "#, " + ", ".join(flags) if flags else "#,"
    text = rest[1:]  # a translator comment
    text = text[1:] if text.startswith(" ") else text
    return f"# {text}" if text else "#"


def _polib_parse(text: str) -> polib.POFile:
    """Parse with polib, splitting lines at "\\n" only.

    polib.pofile() splits text with str.splitlines(), which also breaks a line at a form feed,
    NEL or U+2028 inside a string, and so refuses or garbles catalogs gettext (and transkit)
    write; its parser reading from a stream splits at "\\n" as gettext does.
    """
    # Duplicates are refused by _lint, with their line; polib's own search is quadratic.
    parser: polib._POFileParser[polib.POFile] = polib._POFileParser(
        "", encoding="utf-8", check_for_duplicates=False
    )
    parser.fhandle = io.StringIO(text, newline="\n")
    catalog = parser.parse()
    catalog.wrapwidth = PAGE_WIDTH
    return catalog


def _bell(match: re.Match[str]) -> str:
    return "\a" if match.group(1) == "a" else match.group(0)


def _check_escapes(body: str, *, path: str, line: int) -> bool:
    """Refuse escapes gettext refuses or polib misreads; True when the string holds a '\\a'."""
    bell = False
    for match in _ESCAPE.finditer(body):
        char = match.group(1)
        if char in _POLIB_ESCAPES:
            continue
        if char == "a":
            bell = True
        elif char in "01234567x":
            numeric = _NUMERIC.match(body, match.start())
            code = numeric.group() if numeric else match.group()
            if numeric and int(code[2:] if char == "x" else code[1:], 16 if char == "x" else 8):
                fix = f"write the character itself ('msgcat -o {path} {path}' rewrites them all)"
            else:
                fix = "it stands for no character (or NUL, which ends a string); remove it"
            raise CatalogError(
                f"numeric escape '{code}' in a string; {fix}", path=path, line=line
            )
        else:
            raise CatalogError(
                f"invalid escape '\\{char}' in a string; remove the backslash, or write a "
                "backslash itself as \\\\",
                path=path,
                line=line,
            )
    return bell


def _lint(text: str, *, path: str) -> _Linted:
    """Check the PO syntax line by line, so every error can name its line (polib's cannot),
    and return what the reader needs to know about the text.

    The checks follow gettext's grammar: an entry is its previous strings ("#|", optional),
    msgctxt (optional), msgid, and msgstr or msgid_plural and msgstr[0], msgstr[1], ...; every
    keyword has strings; comments come before all that; and either every keyword and string of
    an entry is obsolete ("#~") or none is.
    """
    # (msgctxt, msgid) -> (line, obsolete): like gettext, an obsolete entry counts as a duplicate
    keys: dict[tuple[str | None, str], tuple[int, bool]] = {}
    state = ""  # the last keyword seen in the current entry ("#|msgid" for a previous one)
    obsolete = False  # whether the current entry is
    forms = 0  # the msgstr[N] seen in the current entry
    ctx: str | None = None
    msgid: str | None = None
    entry_line = 0  # the line of the entry's msgctxt or msgid
    start_line = 0  # the line of its first keyword (a '#|' one, perhaps)
    pending = 0  # the line of a keyword whose string is still to come (on the next line)
    pending_keyword = ""
    rewrites: dict[int, str] = {}
    last_line = 0

    def close() -> None:
        if msgid is None:
            return
        key = (ctx, msgid)
        if key in keys:
            first, first_obsolete = keys[key]
            fix = (
                "delete the obsolete (#~) one"
                if obsolete != first_obsolete
                else "merge the two entries into one"
            )
            raise CatalogError(
                f"duplicate entry (first at line {first}); {fix}", path=path, line=entry_line
            )
        keys[key] = (entry_line, obsolete)

    def no_msgstr() -> CatalogError:
        return CatalogError(
            "entry without msgstr; add a msgstr line (msgstr \"\") to it or remove the entry",
            path=path,
            line=entry_line,
        )

    def fail(message: str, number: int) -> CatalogError:
        return CatalogError(message, path=path, line=number)

    def no_string() -> CatalogError:
        return fail(f"{pending_keyword} without a string; write its text in quotes after it "
                    "(\"\" for none)", pending)

    def no_msgid(number: int) -> CatalogError:
        return fail("previous strings ('#|' lines) that no msgid follows; nothing but blank "
                    "lines may come between them and the entry's msgid: move comments above the "
                    "'#|' lines", number)

    def unfinished(number: int) -> None:
        """Refuse an entry that ends (at a comment, or the end of the file) incomplete."""
        if pending:
            raise no_string()
        if state in _OPEN:
            raise no_msgstr()
        if state in _BEFORE:
            raise no_msgid(number)

    for number, line in enumerate(text.split("\n"), start=1):
        read = _read_line(line, path=path, number=number)
        if read is None:
            if line.strip(_WS):
                rewrites[number] = ""  # a bare "#~" or "#|", which polib refuses
            continue
        if read.polib != line:
            rewrites[number] = read.polib
        if read.comment:
            # A comment ends the entry before it, as in gettext's grammar.
            unfinished(number)
            if state:
                close()
                state, ctx, msgid = "", None, None
            continue
        keyword = read.keyword
        if keyword is None:
            # a string continues the keyword before it
            if not state:
                raise fail(
                    "a string that belongs to no keyword; remove it or add msgid/msgstr", number
                )
            if read.obsolete != obsolete:
                raise _inconsistent(obsolete, start_line, path=path, line=number)
            if read.previous != (state in _BEFORE):
                raise fail(
                    "a string that does not continue the line before it: strings after a '#|' "
                    "line start with '#|' (after '#~|', with '#~|'), others never do",
                    number,
                )
            if state == "msgid":
                msgid = (msgid or "") + (read.text or "")
            elif state == "msgctxt":
                ctx = (ctx or "") + (read.text or "")
            pending = 0
            last_line = number
            continue
        if pending:
            raise no_string()
        if read.previous:
            named = "#|" + keyword
            if keyword == "msgid_plural" and state != "#|msgid":
                raise fail("'#| msgid_plural' without '#| msgid' before it; add the previous "
                           "msgid or remove the line", number)
            starts = not (keyword == "msgid_plural" or (keyword == "msgid"
                                                       and state == "#|msgctxt"))
            if starts and state in _BEFORE:
                raise fail(f"'#| {keyword}' after '#| {state[2:]}' in the previous strings of "
                           "an entry; give them in the order msgctxt, msgid, msgid_plural", number)
        else:
            named = "msgstr[]" if read.form is not None else keyword
            starts = False
            if keyword == "msgctxt" or (keyword == "msgid" and state != "msgctxt"):
                if state == "#|msgctxt":
                    raise fail("'#| msgctxt' without '#| msgid' after it; add the previous "
                               "msgid or remove the line", number)
                starts = state not in _BEFORE
                if not starts:
                    entry_line = number
            elif keyword == "msgid_plural" and state != "msgid":
                raise fail("msgid_plural without msgid; add the msgid before it", number)
            elif keyword == "msgstr" and read.form is None and state == "msgid_plural":
                raise fail("msgstr after msgid_plural; a plural entry takes msgstr[0], "
                           "msgstr[1], ... instead", number)
            elif (keyword == "msgstr" and read.form is None and state != "msgid") or (
                read.form is not None and state not in ("msgid_plural", "msgstr[]")
            ):
                raise fail("msgstr without msgid; add the msgid or remove the msgstr", number)
        if starts:
            if state in _OPEN:
                raise no_msgstr()
            if state:
                close()
            ctx, msgid, forms = None, None, 0
            obsolete = read.obsolete
            entry_line = start_line = number
        elif read.obsolete != obsolete:
            raise _inconsistent(obsolete, start_line, path=path, line=number)
        if read.form is not None:
            if read.form != forms:
                raise fail(f"msgstr[{read.form}] where msgstr[{forms}] is due; number the "
                           "plural forms 0, 1, 2, ... in order", number)
            forms += 1
        if keyword == "msgctxt" and not read.previous:
            ctx = read.text
        elif keyword == "msgid" and not read.previous:
            msgid = read.text
        state = named
        if read.text is None:
            pending, pending_keyword = number, ("#| " if read.previous else "") + keyword
        last_line = number
    unfinished(last_line)
    close()
    header = int(any(key[1] == "" and not gone for key, (_, gone) in keys.items()))
    return _Linted(len(keys), header, last_line, rewrites)


def _inconsistent(obsolete: bool, first: int, *, path: str, line: int) -> CatalogError:
    has = "lacks '#~', which" if obsolete else "has '#~', which"
    hasnt = "has" if obsolete else "has not"
    return CatalogError(
        f"inconsistent use of #~: this line {has} the entry's first line (line {first}) "
        f"{hasnt}; an obsolete entry has '#~ ' before every keyword and string line, a live "
        "entry before none: add or remove it",
        path=path,
        line=line,
    )


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def decode_po(data: bytes, *, path: str) -> str:
    """Decode catalog bytes as UTF-8, naming the line of the first invalid byte."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise CatalogError(
            "holds a NUL byte, so it is not a PO text file (a damaged copy?); restore it from "
            "version control or a backup",
            path=path,
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CatalogError(
            f"is not valid UTF-8 (byte 0x{data[err.start]:02x}); re-save it as UTF-8 "
            f"(for example 'msgconv -t UTF-8 {path}')",
            path=path,
            line=line,
        ) from err


class Scanned(NamedTuple):
    """One entry as `scan_po` sees it; strings are still escaped, as in the file."""

    msgid: str
    msgstr: str  # the first form for plural entries
    has_context: bool
    fuzzy: bool
    previous: str | None  # the previous msgid (#| msgid)
    obsolete: bool
    plural: bool


# One string of gettext's layout: a line of its own, closed, with only the escapes the scan
# knows (numeric and bell escapes, and anything odd, go to the parser).
_S = r'"[^"\\\n]*+(?:\\[ntrbfv"\\][^"\\\n]*+)*+"'
_STRINGS = rf"{_S}(?:\n{_S})*+"
_OBSOLETE_STRINGS = rf"{_S}(?:\n\#~[ ]{_S})*+"
_FLAGS = r"[^\s,]++(?:,[ ][^\s,]++)*+"
# Comments as gettext writes them: translator ("# "), extracted ("#. "), references ("#: ") and
# flags ("#, a, b"), in any order; then the previous strings ("#|"), right before the msgid.
_COMMENT = rf"\#(?:[ ][^\n]*+|\.(?:[ ][^\n]*+)?|:[ ][^\n]*+|,[ ]{_FLAGS})?\n"


def _previous_strings(prefix: str, name: str) -> str:
    strings = rf"{_S}(?:\n{prefix}[ ]{_S})*+"
    return (
        rf"(?:(?:{prefix}[ ]msgctxt[ ]{strings}\n)?"
        rf"{prefix}[ ]msgid[ ](?P<{name}>{strings})\n"
        rf"(?:{prefix}[ ]msgid_plural[ ]{strings}\n)?)?"
    )


_PREVIOUS_STRINGS = _previous_strings(r"\#\|", "previous")
_OLD_PREVIOUS_STRINGS = _previous_strings(r"\#~\|", "old_previous")
# One entry exactly as gettext writes it, with the blank line after it. Anything else (a context,
# a stray line, entries glued together, CRLF, odd spacing, comments gettext does not write, '#|'
# lines out of place) fails to match and goes to the parser.
_SCAN_ENTRY = re.compile(
    rf"""
    (?P<comments>(?:{_COMMENT})*+)
    (?:
        {_PREVIOUS_STRINGS}
        msgid[ ](?P<msgid>{_STRINGS})\n
        (?:
            msgstr[ ](?P<msgstr>{_STRINGS})\n
          | (?P<plural>msgid_plural)[ ]{_STRINGS}\n
            msgstr\[0\][ ](?P<msgstr0>{_STRINGS})\n
            (?P<forms>(?:msgstr\[[1-9][0-9]*\][ ]{_STRINGS}\n)*+)
        )
      | {_OLD_PREVIOUS_STRINGS}
        (?P<obsolete>\#~[ ])msgid[ ](?P<old_msgid>{_OBSOLETE_STRINGS})\n
        (?:
            \#~[ ]msgstr[ ](?P<old_msgstr>{_OBSOLETE_STRINGS})\n
          | (?P<old_plural>\#~[ ]msgid_plural)[ ]{_OBSOLETE_STRINGS}\n
            \#~[ ]msgstr\[0\][ ](?P<old_msgstr0>{_OBSOLETE_STRINGS})\n
            (?P<old_forms>(?:\#~[ ]msgstr\[[1-9][0-9]*\][ ]{_OBSOLETE_STRINGS}\n)*+)
        )
    )
    (?:\n|\Z)
    """,
    re.X,
)
_SCAN_FUZZY = re.compile(r"^\#,[^\n]*?[ ]fuzzy(?:,|$)", re.M)  # the flag "fuzzy", exactly
_SCAN_FORM = re.compile(r"^(?:\#~[ ])?msgstr\[([0-9]+)\]", re.M)
_QUOTED = re.compile(r'"(.*)"')


def _contents(strings: str) -> str:
    """The joined, still escaped contents of a keyword's string lines."""
    if "\n" not in strings:
        return strings[1:-1]
    return "".join(_QUOTED.findall(strings))


def scan_po(text: str) -> list[Scanned] | None:
    """Read the entries of a catalog laid out as gettext writes it, fast and without checks.

    One regular expression matches one whole entry, so each byte is looked at once, in C,
    instead of by polib's character-level parser: for status and build over thousands of
    catalogs. Returns None when the text is not in that layout (a context, entries not
    separated by a blank line, a line that is not PO, an unterminated string, an escape the
    scan does not know): callers then use `parse_po`, which reads any layout and names every
    error.
    """
    entries: list[Scanned] = []
    seen: set[str] = set()
    match = _SCAN_ENTRY.match
    pos, size = 0, len(text)
    if not size or "\r" in text:
        return None  # an empty catalog, or CR line ends: errors the parser names
    while pos < size:
        found = match(text, pos)
        if found is None:
            return None
        pos = found.end()
        comments, obsolete = found.group("comments", "obsolete")
        if obsolete is None:
            msgid, msgstr, msgstr0, plural, forms, previous = found.group(
                "msgid", "msgstr", "msgstr0", "plural", "forms", "previous"
            )
        else:
            msgid, msgstr, msgstr0, plural, forms = found.group(
                "old_msgid", "old_msgstr", "old_msgstr0", "old_plural", "old_forms"
            )
            previous = None  # obsolete entries are counted apart, without it
        if forms:
            numbers = [int(n) for n in _SCAN_FORM.findall(forms)]
            if numbers != list(range(1, len(numbers) + 1)) or len(numbers) >= _MAX_FORMS:
                return None  # plural forms out of order, or more than polib reads
        fuzzy = "#," in comments and _SCAN_FUZZY.search(comments) is not None
        previous = _contents(previous) if fuzzy and previous is not None else None
        msgid = _contents(msgid)
        if msgid in seen:
            return None  # duplicates: the parser decides
        seen.add(msgid)
        msgstr = _contents(msgstr if msgstr is not None else msgstr0)
        if not msgid and "charset=" in msgstr:
            charset = _CHARSET.search(msgstr)
            if charset and charset.group(1).upper() != "UTF-8":
                return None
        entries.append(Scanned(msgid, msgstr, False, fuzzy, previous, obsolete is not None,
                               plural is not None))
    return entries
