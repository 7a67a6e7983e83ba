"""The PO format: strict reading (through polib) and writing exactly as gettext writes.

Reading is strict because a catalog is a translator's work: anything that polib or gettext would
misread (conflict markers, a wrong charset, invalid UTF-8, an entry without msgid or msgstr, a
duplicate, an escape gettext refuses, a numeric escape) is refused with the file and line, before
any file is written. Where polib alone would go wrong on a file gettext reads well (a "\\a" escape;
a form feed, NEL or U+2028 inside a string; a bare "#." as the last line), it is handed what
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

from .catalog import has_translation
from .errors import CatalogError

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
_ESCAPED = re.compile(r"\\(.)")


def unescape(text: str) -> str:
    """The inverse of `escape`: a quoted string's content as the text it stands for."""
    return _ESCAPED.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(0)), text)


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


def quote_lines(keyword: str, text: str, *, prefix: str = "") -> list[str]:
    """The lines of one `keyword "text"` statement, wrapped as gettext wraps it."""
    head = f"{prefix}{keyword} "
    if not text:
        return [f'{head}""']
    width = PAGE_WIDTH - 1
    if "\n" not in text[:-1]:
        escaped = escape(text)
        if len(head) + 1 + int(text_width(escaped)) <= width:
            return [f'{head}"{escaped}"']
    portions = text.split("\n")
    parts = [p + "\n" for p in portions[:-1]]
    if portions[-1]:
        parts.append(portions[-1])
    out = [f'{head}""']
    startcol = len(prefix) + 1
    for part in parts:
        for line in _wrap_portion(escape(part), startcol, width, startcol):
            out.append(f'{prefix}"{line}"')
    return out


def _reference_lines(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    """`#:` lines, filled to the page width as gettext fills them."""
    out: list[str] = []
    line = "#:"
    for path, lineno in dict.fromkeys(occurrences):
        ref = f"{path}:{lineno}" if lineno else path
        if line != "#:" and len(line) + 1 + len(ref) > PAGE_WIDTH:
            out.append(line)
            line = "#:"
        line += " " + ref
    if line != "#:":
        out.append(line)
    return out


def entry_lines(entry: polib.POEntry) -> list[str]:
    """One entry as gettext writes it, without the blank line that separates entries."""
    out: list[str] = []
    for comment in entry.tcomment.split("\n") if entry.tcomment else []:
        out.append(f"# {comment}".rstrip() if comment else "#")
    if not entry.obsolete:
        for comment in entry.comment.split("\n") if entry.comment else []:
            out.append(f"#. {comment}".rstrip() if comment else "#.")
        out.extend(_reference_lines(entry.occurrences))
    flags = entry.flags
    if "fuzzy" in flags and not has_translation(entry):
        # gettext drops the fuzzy mark of an entry that has no translation to doubt.
        flags = [flag for flag in flags if flag != "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags))
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.extend(quote_lines("msgctxt", entry.previous_msgctxt, prefix=prev))
    if entry.previous_msgid is not None:
        out.extend(quote_lines("msgid", entry.previous_msgid, prefix=prev))
    if entry.previous_msgid_plural is not None:
        out.extend(quote_lines("msgid_plural", entry.previous_msgid_plural, prefix=prev))
    body = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out.extend(quote_lines("msgctxt", entry.msgctxt, prefix=body))
    out.extend(quote_lines("msgid", entry.msgid, prefix=body))
    if entry.msgid_plural:
        out.extend(quote_lines("msgid_plural", entry.msgid_plural, prefix=body))
        for index in sorted(entry.msgstr_plural):
            out.extend(quote_lines(f"msgstr[{index}]", entry.msgstr_plural[index], prefix=body))
    else:
        out.extend(quote_lines("msgstr", entry.msgstr, prefix=body))
    return out


def header_text(metadata: Iterable[tuple[str, str]]) -> str:
    """The header entry's msgstr from ordered (field, value) pairs."""
    return "".join(f"{key}: {value}\n" for key, value in metadata)


def generate_po(catalog: polib.POFile) -> Iterator[str]:
    """Yield the lines of a catalog, each ending in a newline, exactly as gettext writes them."""
    header = polib.POEntry(msgid="", msgstr=header_text(catalog.ordered_metadata()))
    header.tcomment = catalog.header
    header.flags = list(catalog.metadata_is_fuzzy and ["fuzzy"] or [])
    blocks = [entry_lines(header)]
    blocks.extend(entry_lines(entry) for entry in catalog if not entry.obsolete)
    # Like gettext, keep only obsolete entries that hold a translation.
    blocks.extend(
        entry_lines(entry) for entry in catalog if entry.obsolete and has_translation(entry)
    )
    for i, block in enumerate(blocks):
        if i:
            yield "\n"
        for line in block:
            yield line + "\n"


def format_po(catalog: polib.POFile) -> str:
    """A catalog as the text gettext would write for it."""
    return "".join(generate_po(catalog))


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
    for number in linted.bell_lines:
        # polib keeps a "\a" escape as a backslash and an "a"; hand it the character instead.
        lines[number - 1] = _ESCAPE.sub(_bell, lines[number - 1])
    if "\n#~|" in text:
        _obsolete_previous(lines)
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


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STATEMENT = re.compile(
    r"^(#~ ?)?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+(" + _STRING + r")[ \t]*$"
)
_CONTINUATION = re.compile(r"^(#~ ?)?(" + _STRING + r")[ \t]*$")
_PREVIOUS = re.compile(
    r"^#~?\|[ \t]*(?:(?:msgctxt|msgid_plural|msgid)[ \t]+)?(" + _STRING + r")[ \t]*$"
)
_OBSOLETE_STRING = re.compile(r"^#~ ?(msg|\")")
_ESCAPE = re.compile(r"\\(.)")
_NUMERIC = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")
_POLIB_ESCAPES = frozenset('ntrbfv"\\')  # the escapes polib decodes as gettext does
_OPEN = ("msgctxt", "msgid", "msgid_plural")  # states of an entry that still lacks its msgstr


class _Linted(NamedTuple):
    """What the line-by-line check learned about a catalog's text."""

    entries: int  # entries in the file, the header included
    header: int  # 1 if polib takes one of them as the header (a msgid ""), else 0
    last_line: int  # the number of the last line with a keyword or a string
    bell_lines: list[int]  # lines whose strings hold a '\\a' escape


def _obsolete_previous(lines: list[str]) -> None:
    """Hand polib the previous msgid of an obsolete entry ("#~| msgid"), which it skips.

    msgmerge keeps what a fuzzy entry's translation was made for when the entry goes
    obsolete; polib reads the same lines written as "#|" and still marks the entry obsolete.
    """
    for number, line in enumerate(lines):
        if not line.startswith("#~|"):
            continue
        after = next((later for later in lines[number + 1 :] if not later.startswith("#~|")), "")
        if after.startswith("#~"):
            lines[number] = "#|" + line[3:]


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


def lint_po(text: str, *, path: str) -> None:
    """Check the PO syntax line by line, so every error can name its line (polib's cannot)."""
    _lint(text, path=path)


def _lint(text: str, *, path: str) -> _Linted:
    """`lint_po`, returning what the reader needs to know about the text."""
    # (msgctxt, msgid) -> (line, obsolete): like gettext, an obsolete entry counts as a duplicate
    keys: dict[tuple[str | None, str], tuple[int, bool]] = {}
    state = ""  # the last keyword seen in the current entry
    obsolete = False
    ctx: str | None = None
    msgid: str | None = None
    entry_line = 0
    bell_lines: list[int] = []
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

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = _STATEMENT.match(stripped)
        if match is None and stripped.startswith("#") and not _OBSOLETE_STRING.match(stripped):
            # A comment ends the entry before it, as in gettext's grammar.
            if state in _OPEN:
                raise no_msgstr()
            if state:
                close()
                state, ctx, msgid = "", None, None
            if "\\" in stripped and stripped.startswith(("#|", "#~|")):
                previous = _PREVIOUS.match(stripped)
                if previous and _check_escapes(previous.group(1)[1:-1], path=path, line=number):
                    bell_lines.append(number)
            continue
        if match is None:
            cont = _CONTINUATION.match(stripped)
            if cont is None:
                what = "unterminated string" if stripped.count('"') % 2 else "unexpected text"
                raise CatalogError(
                    f"{what}: {stripped[:40]!r}; close the quotes or remove the line",
                    path=path,
                    line=number,
                )
            if not state:
                raise CatalogError(
                    "a string that belongs to no keyword; remove it or add msgid/msgstr",
                    path=path,
                    line=number,
                )
            literal = cont.group(2)
            piece = literal[1:-1]
            if state in ("msgid", "msgctxt"):
                if state == "msgid":
                    msgid = (msgid or "") + piece
                else:
                    ctx = (ctx or "") + piece
        else:
            keyword, literal = match.group(2), match.group(3)
            piece = literal[1:-1]
            if keyword == "msgctxt" or (keyword == "msgid" and state != "msgctxt"):
                # a new entry begins
                if state in _OPEN:
                    raise no_msgstr()
                if state:
                    close()
                ctx, msgid, entry_line = None, None, number
            if keyword == "msgctxt":
                ctx = piece
            elif keyword == "msgid":
                msgid = piece
            elif keyword == "msgid_plural" and state != "msgid":
                raise CatalogError(
                    "msgid_plural without msgid; add the msgid before it", path=path, line=number
                )
            elif (keyword == "msgstr" and state != "msgid") or (
                keyword.startswith("msgstr[") and state not in ("msgid_plural", "msgstr[]")
            ):
                raise CatalogError(
                    "msgstr without msgid; add the msgid or remove the msgstr",
                    path=path,
                    line=number,
                )
            obsolete = match.group(1) is not None
            state = "msgstr[]" if keyword.startswith("msgstr[") else keyword
        if "\\" in literal and _check_escapes(literal[1:-1], path=path, line=number):
            bell_lines.append(number)
        last_line = number
    if state in _OPEN:
        raise no_msgstr()
    close()
    header = int(any(key[1] == "" and not gone for key, (_, gone) in keys.items()))
    return _Linted(len(keys), header, last_line, bell_lines)


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
# One entry exactly as gettext writes it, with the blank line after it. Anything else (a context,
# a stray line, entries glued together, CRLF, odd spacing) fails to match and goes to the parser.
_SCAN_ENTRY = re.compile(
    rf"""
    (?P<comments>(?:\#(?:[^~\n][^\n]*+)?\n)*+)
    (?:
        msgid[ ](?P<msgid>{_STRINGS})\n
        (?:
            msgstr[ ](?P<msgstr>{_STRINGS})\n
          | (?P<plural>msgid_plural)[ ]{_STRINGS}\n
            msgstr\[0\][ ](?P<msgstr0>{_STRINGS})\n
            (?:msgstr\[[1-9][0-9]*\][ ]{_STRINGS}\n)*+
        )
      | (?:\#~\|[^\n]*+\n)*+
        (?P<obsolete>\#~[ ])msgid[ ](?P<old_msgid>{_OBSOLETE_STRINGS})\n
        (?:
            \#~[ ]msgstr[ ](?P<old_msgstr>{_OBSOLETE_STRINGS})\n
          | (?P<old_plural>\#~[ ]msgid_plural)[ ]{_OBSOLETE_STRINGS}\n
            \#~[ ]msgstr\[0\][ ](?P<old_msgstr0>{_OBSOLETE_STRINGS})\n
            (?:\#~[ ]msgstr\[[1-9][0-9]*\][ ]{_OBSOLETE_STRINGS}\n)*+
        )
    )
    (?:\n|\Z)
    """,
    re.X,
)
_SCAN_PREVIOUS = re.compile(r'^#\|[ \t]*msgid[ \t]+("[^\n]*"(?:\n#\|[ \t]*"[^\n]*")*)', re.M)
_SCAN_FUZZY = re.compile(r"^#,.*\bfuzzy\b", re.M)
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
    if not size:
        return None  # an empty catalog is an error the parser names
    while pos < size:
        found = match(text, pos)
        if found is None:
            return None
        pos = found.end()
        comments, obsolete = found.group("comments", "obsolete")
        if obsolete is None:
            msgid, msgstr, msgstr0, plural = found.group("msgid", "msgstr", "msgstr0", "plural")
        else:
            msgid, msgstr, msgstr0, plural = found.group(
                "old_msgid", "old_msgstr", "old_msgstr0", "old_plural"
            )
        previous = None
        fuzzy = "#," in comments and _SCAN_FUZZY.search(comments) is not None
        if fuzzy and "#|" in comments:
            prev = _SCAN_PREVIOUS.search(comments)
            previous = _contents(prev.group(1)) if prev else None
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
