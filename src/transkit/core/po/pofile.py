"""The PO format: one strict reader that builds polib's objects, and writing exactly as gettext.

Reading follows gettext's grammar and builds `polib.POFile` and `polib.POEntry` objects directly:
an entry in gettext's own layout is taken in one regular-expression match, anything else line by
line with the same grammar, so both give the same entries and the same errors. Reading is strict
because a catalog is a translator's work: anything gettext would refuse or transkit could misread
(conflict markers, a wrong charset, invalid UTF-8, a CR that is not part of a CRLF line ending,
an entry without msgid or msgstr, a duplicate, an escape gettext refuses, a numeric escape, an
unterminated string even in a "#|" line, "#~" on some lines of an entry only) is refused with the
file and line, before any file is written. Layouts gettext reads but does not write ('#,fuzzy',
'#x note', 'msgstr""', 'msgid "a" "b"', a keyword with its string on the next line, CRLF line
endings, any wrapping) are read as gettext reads them, character for character (a "\\a" escape;
a form feed, NEL or U+2028 inside a string).

`scan_po` reads the entries of a catalog in gettext's own layout without polib's objects, for
readers of translations that read every catalog (the translation memory): it takes the same
whole-entry matches as the strict reader's fast path and vouches for nothing else (None: read it
with `parse_po`), so what it reads is what `parse_po` reads, and what it cannot, `parse_po`
reads or refuses.

Writing follows gettext's own layout so that ``msgcat FILE`` prints FILE byte for byte and a
translator's editor re-saving it produces no diff: the order of comment lines, the 79-column
wrapping with Unicode line-break opportunities (translate-toolkit's ``unicode_segmentation_rs``
implements UAX #14; libunistring's one departure that prose meets, a break between "." and a
letter, is added here), and gettext's escapes. Known difference: CJK text and a combining mark
right after a space can still wrap differently from msgcat.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import polib
import regex
from unicode_segmentation_rs import line_break_units, text_width

from ...errors import CatalogError
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
    The pieces make up `escaped` end to end, so a line is a slice of it between two piece ends.
    """
    if escaped.isascii() and 0 < len(escaped) <= width - startcol:
        # it fits (an ASCII character is at most a column wide): a header field's line, or a
        # short line of a longer text, is what `_wrapped` makes of it, without its pieces
        return [escaped]
    return _wrapped(escaped, startcol, width, restart)


def _wrapped(escaped: str, startcol: int, width: int, restart: int) -> list[str]:
    """`_wrap_portion`, piece by piece."""
    if _is_prose(escaped):
        return _wrapped_prose(escaped, startcol, width, restart)
    pieces = _pieces(escaped)
    if text_width(escaped) == len(escaped):  # one column a character: widths are lengths
        ends = list(accumulate(map(len, pieces)))
    else:
        widths = list(accumulate(int(text_width(p)) for p in pieces))
        return _wrap_wide(pieces, widths, startcol, width, restart)
    lines: list[str] = []
    first, base, column, count = 0, 0, startcol, len(ends)
    while first < count:
        last = bisect_right(ends, base + width - column, lo=first) - 1
        if last < first:
            last = first
        end = ends[last]
        lines.append(escaped[base:end])
        base, first, column = end, last + 1, restart
    return lines


# Plain prose, in which Unicode's rules (UAX #14, as `line_break_units` applies them) offer a
# break after each run of spaces and after each hyphen before a letter, and nowhere else: ASCII
# letters and digits, spaces, and punctuation that never stands where it would decide a break
# (`_is_prose`). Most prose is plain, and its breaks are found without the line-break tables
# and without cutting it into pieces (tests/test_prose_wrap.py holds this to `_pieces` for every
# string of up to five of these characters, and to `_wrapped` for long random ones).
_PROSE = re.compile(r"[A-Za-z0-9 ,.;:!?’'*^\[\]()-]*")
_GLUED_MARK = re.compile(r"[,.;:!?][^ ]")  # where libunistring may break (before a letter)
_SPACED_CLOSER = re.compile(r" [,.;:!?’)\]]")  # held to the word before it, space and all
# an opening bracket with a space after it, right after a closing one, or after a quote and
# spaces: kept together (or broken) in ways the rule does not follow
_BRACKETED = re.compile(r"[(\[] |[)\]][(\[]|[’'] +[(\[]")
_AFTER_HYPHEN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*^[(")


def _is_prose(escaped: str) -> bool:
    """Whether `escaped` is plain prose, whose breaks `_wrapped_prose` finds. (Four quick
    tests: one pattern of them all is several times slower.)"""
    return (_PROSE.fullmatch(escaped) is not None and escaped[:1] != " "
            and not _GLUED_MARK.search(escaped) and not _SPACED_CLOSER.search(escaped)
            and not (("(" in escaped or "[" in escaped) and _BRACKETED.search(escaped)))


def _wrapped_prose(escaped: str, startcol: int, width: int, restart: int) -> list[str]:
    """`_wrapped` of plain prose (`_is_prose`): each line ends at the last break that fits,
    found by searching back from where the line would overflow (or, when none fits, at the
    first break after it: a piece wider than a line has a line of its own)."""
    lines: list[str] = []
    size, base, column = len(escaped), 0, startcol
    hyphens = "-" in escaped
    while base + width - column < size:
        limit = base + width - column
        end = _break_before(escaped, base, limit, hyphens=hyphens) or _break_after(escaped, limit)
        lines.append(escaped[base:end])
        if end == size:
            return lines
        base, column = end, restart
    lines.append(escaped[base:])
    return lines


def _is_break(text: str, at: int) -> bool:
    """Whether plain prose may break before `text[at]`, the character after a space or hyphen."""
    if text[at - 1] == " ":
        return text[at] != " "
    return text[at] in _AFTER_HYPHEN


def _break_before(text: str, base: int, limit: int, *, hyphens: bool = True) -> int:
    """The last break in plain prose after `base` and at or before `limit` (< its length); 0 if
    there is none. `hyphens`: whether the text has any."""
    space = text.rfind(" ", base, limit)
    if hyphens:  # a hyphen in the word the limit falls in breaks later than the space before it
        start = max(space + 1, base)
        hyphen = text.rfind("-", start, limit)
        while hyphen >= 0:
            if text[hyphen + 1] in _AFTER_HYPHEN:
                return hyphen + 1
            hyphen = text.rfind("-", start, hyphen)
    if space < base:
        return 0
    if text[space + 1] != " ":
        return space + 1
    # spaces that run on past the limit: the break is before them
    while space > base and text[space - 1] == " ":
        space -= 1
    return _break_before(text, base, space, hyphens=hyphens)


def _break_after(text: str, limit: int) -> int:
    """The first break in plain prose after `limit`, or its end."""
    low, size = limit, len(text)
    while True:
        space, hyphen = text.find(" ", low), text.find("-", low)
        at = (min(space, hyphen) if space >= 0 and hyphen >= 0 else max(space, hyphen)) + 1
        if at <= 0 or at >= size:
            return size
        if _is_break(text, at):
            return at
        low = at


def _wrap_wide(pieces: list[str], widths: list[int], startcol: int, width: int,
               restart: int) -> list[str]:
    """`_wrap_portion` for text with characters wider (or narrower) than one column: the
    pieces' cumulative `widths` decide the breaks."""
    lines: list[str] = []
    first, base, column = 0, 0, startcol
    while first < len(pieces):
        last = bisect_right(widths, base + width - column, lo=first) - 1
        last = max(last, first)
        lines.append("".join(pieces[first : last + 1]))
        base = widths[last]
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
        if "\n" not in text:  # one portion, escaped already
            return [f'{head}""', *(f'{prefix}"{line}"' for line in
                                   _wrap_portion(escaped, len(prefix) + 1, width - 1,
                                                 len(prefix) + 1))]
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


@lru_cache(maxsize=1 << 15)
def _msgid_lines(text: str, prefix: str, width: int) -> tuple[str, ...]:
    """`quote_lines` of a msgid, remembered: an article's English is the same in the catalog
    of each of its languages, and wrapping it is most of the cost of laying a catalog out."""
    return tuple(quote_lines("msgid", text, prefix=prefix, width=width))


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
    out.extend(_msgid_lines(entry.msgid, body, width))
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


def _header_entry(catalog: polib.POFile) -> polib.POEntry:
    """The catalog's header as the entry gettext writes first."""
    header = polib.POEntry(msgid="", msgstr=header_text(catalog.ordered_metadata()))
    header.tcomment = catalog.header
    header.flags = list(catalog.metadata_is_fuzzy and ["fuzzy"] or [])
    return header


def generate_po(catalog: polib.POFile, *, width: int = PAGE_WIDTH) -> Iterator[str]:
    """Yield the lines of a catalog, each ending in a newline, exactly as gettext writes them
    (as `msgcat --width=WIDTH`; `width` 0 as `msgcat --no-wrap`)."""
    blocks = [entry_lines(_header_entry(catalog), width=width)]
    blocks.extend(entry_lines(entry, width=width) for entry in written_entries(catalog))
    for i, block in enumerate(blocks):
        if i:
            yield "\n"
        for line in block:
            yield line + "\n"


def format_po(catalog: polib.POFile, *, width: int = PAGE_WIDTH) -> str:
    """A catalog as the text gettext would write for it at the page `width` (0: no wrap):
    the lines of `generate_po`, joined."""
    return format_pos([catalog], width=width)[0]


def format_pos(catalogs: Sequence[polib.POFile], *, width: int = PAGE_WIDTH) -> list[str]:
    """`format_po` of each catalog. Catalogs that hold the same entries (the same objects, in
    the same order: a sync's new catalogs of one article, one a language) are laid out once
    but for their headers."""
    bodies: dict[tuple[int, ...], str] = {}
    texts = []
    for catalog in catalogs:
        # (the ids stand for the entries while `catalogs` holds them, that is, in this call)
        key = tuple(map(id, catalog))
        body = bodies.get(key)
        if body is None:
            body = bodies[key] = _body(catalog, width)
        texts.append(_lines_text(entry_lines(_header_entry(catalog), width=width)) + body)
    return texts


def _body(catalog: polib.POFile, width: int) -> str:
    """The catalog's entries as `generate_po` writes them after the header: each after a
    blank line, the active ones first, then the obsolete ones that hold a translation (gettext
    drops the others)."""
    return "".join("\n" + _lines_text(entry_lines(entry, width=width))
                   for entry in written_entries(catalog))


def written_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries a catalog's text holds after its header, in the order they are written:
    the active ones first, then, like gettext, only the obsolete ones that hold a
    translation."""
    active = [entry for entry in catalog if not entry.obsolete]
    return active + [entry for entry in catalog if entry.obsolete and has_translation(entry)]


def _lines_text(lines: list[str]) -> str:
    """Lines, each ending in a newline."""
    return "\n".join(lines) + "\n" if lines else ""


def parse_po(text: str, *, path: str) -> polib.POFile:
    """Read catalog text strictly; every problem is a CatalogError naming path and line.

    CRLF line endings are read as LF, as gettext reads them.
    """
    if text.startswith("\ufeff"):
        raise CatalogError(
            "starts with a byte-order mark; save it as UTF-8 without BOM", path=path, line=1
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            raise CatalogError(
                "has a carriage return (CR) that is not part of a CRLF line ending; gettext "
                "reads it as a blank or as part of a string, and a file with old Mac (CR) line "
                "endings as one line: convert the line endings to LF (mac2unix) or remove the CR",
                path=path,
                line=line,
            )
    if not text.strip():
        raise CatalogError(
            "is empty; delete it and run 'transkit sync' to create it again", path=path, line=1
        )
    try:
        catalog = _Reader(text, path=path).read()
    except CatalogError as err:
        # A conflict marker is never a PO line, so a file with one fails to read (at the marker
        # or before it): only then look for markers, which would cost a second pass over every
        # file, and name the conflict rather than the line that failed.
        match = _CONFLICT.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            raise CatalogError(
                f"merge-conflict marker '{match.group(1)}'; resolve the conflict in a PO editor "
                "or by hand and remove the markers",
                path=path,
                line=line,
            ) from err
        raise
    charset = _foreign_charset(catalog.metadata.get("Content-Type", ""))
    if charset is not None:
        raise CatalogError(
            f"declares charset={charset}; transkit catalogs are UTF-8: convert with "
            f"'msgconv -t UTF-8 {path}' and set charset=UTF-8 in the header",
            path=path,
            line=_line_of(text, "Content-Type"),
        )
    return catalog


def _foreign_charset(content_type: str) -> str | None:
    """The charset a header's Content-Type declares when it is not UTF-8 (nor gettext's
    template placeholder CHARSET)."""
    charset = _CHARSET.search(content_type)
    if charset and charset.group(1).upper().replace("_", "-") not in ("UTF-8", "CHARSET"):
        return charset.group(1)
    return None


def _header_fields(msgstr: str) -> dict[str, str]:
    """The fields of the header entry's msgstr, as polib reads them (a line without a colon
    continues the field before it)."""
    fields: dict[str, str] = {}
    field = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            field = name
            fields[name] = value.strip()
        elif field is not None:
            fields[field] += "\n" + line.strip()
    return fields


_WS = " \t\f\v"  # the blanks gettext skips between the tokens of a line
_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))
# A statement line as gettext writes it, most lines a slow read meets: one match each.
_PLAIN = re.compile(
    r'(#~ |#\| |#~\| )?(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9])\])? )?'
    r'"((?:[^"\\]++|\\.)*+)"'
)
_QUOTED_AT = re.compile(r'"((?:[^"\\]++|\\.)*+)"')
_WORD = re.compile(r"[A-Za-z0-9_$]+")
_INDEX = re.compile(r"[ \t\f\v]*\[[ \t\f\v]*([0-9]+)[ \t\f\v]*\]")
_FLAG = re.compile(r"[^ \t\f\v,]+")  # a flag of a "#," line, as gettext splits them
_NUMERIC = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")
_OPEN = ("msgctxt", "msgid", "msgid_plural")  # states of an entry that still lacks its msgstr
_BEFORE = ("#|msgctxt", "#|msgid", "#|msgid_plural")  # states in an entry's previous strings
_BETWEEN = ("", "msgstr", "msgstr[]")  # states in which the next line may start an entry
_MAX_FORMS = 10  # msgstr[0] to msgstr[9]: no language has more plural forms
_RAW_COMMENTS = ("#: ", "# ", "#. ")  # comment lines already in the layout `_note` reads

# One entry as gettext writes it, which the reader takes in one match (the fast path): comments
# ("# ", "#. ", "#: ", "#, a, b"), the previous strings ("#|", "#~|"), msgctxt, msgid, and
# msgstr or msgid_plural and msgstr[N], each string on a line of its own with only the escapes
# gettext writes, and "#~ " before every line of an obsolete entry; then a blank line or the end.
# Anything else fails to match and is read line by line (the slow path), with the same grammar.
_S = r'"[^"\\\n]*+(?:\\[abfnrtv"\\][^"\\\n]*+)*+"'
_FLAGS = r"[^\s,]++(?:,[ ][^\s,]++)*+"
_COMMENT = rf"\#(?:[ ][^\n]*+|\.(?:[ ][^\n]*+)?|:[ ][^\n]*+|,[ ]{_FLAGS})?\n"
_OBSOLETE = r"(?(obsolete)\#~[ ])"  # "#~ " on every line of an obsolete entry
_STRINGS = rf"{_S}(?:\n{_OBSOLETE}{_S})*+"
_PREVIOUS_STRINGS = rf"{_S}(?:\n(?P=previous){_S})*+"
_ENTRY = re.compile(
    rf"""
    (?P<comments>(?:{_COMMENT})*+)
    (?:
        (?P<previous>\#~?\|[ ])
        (?:msgctxt[ ](?P<previous_msgctxt>{_PREVIOUS_STRINGS})\n(?P=previous))?
        msgid[ ](?P<previous_msgid>{_PREVIOUS_STRINGS})\n
        (?:(?P=previous)msgid_plural[ ](?P<previous_msgid_plural>{_PREVIOUS_STRINGS})\n)?
    )?
    (?P<body>)
    (?P<obsolete>\#~[ ])?
    (?:msgctxt[ ](?P<msgctxt>{_STRINGS})\n{_OBSOLETE})?
    msgid[ ](?P<msgid>{_STRINGS})\n
    {_OBSOLETE}
    (?:
        msgstr[ ](?P<msgstr>{_STRINGS})\n
      | msgid_plural[ ](?P<msgid_plural>{_STRINGS})\n
        (?P<forms>(?:{_OBSOLETE}msgstr\[[0-9]\][ ]{_STRINGS}\n)++)
    )
    (?:\n++|\Z)
    """,
    re.X,
)
_GROUPS = ("comments", "previous", "previous_msgctxt", "previous_msgid", "previous_msgid_plural",
           "obsolete", "msgctxt", "msgid", "msgstr", "msgid_plural", "forms")


def _joined(strings: str, prefix: str = "") -> str:
    """The text of a keyword's strings as the fast path matched them: quoted, one a line, each
    line after the first starting with `prefix`."""
    strings = strings[1:-1]
    if "\n" in strings:  # only ever between two strings, in '"\n"' (or '"\n#~ "', ...)
        strings = strings.replace(f'"\n{prefix}"', "")
    return unescape(strings) if "\\" in strings else strings


def _plural_forms(block: str) -> list[tuple[int, str]]:
    """The N and text of each msgstr[N] of the fast path's block of plural forms."""
    forms: list[tuple[int, list[str]]] = []
    for line in block.split("\n")[:-1]:
        line = line.removeprefix("#~ ")
        if line.startswith("msgstr["):
            forms.append((int(line[7]), [line[11:-1]]))  # msgstr[N] "text"
        else:
            forms[-1][1].append(line[1:-1])
    out = []
    for index, parts in forms:
        text = "".join(parts)
        out.append((index, unescape(text) if "\\" in text else text))
    return out


class Scanned(NamedTuple):
    """An entry as `scan_po` reads it: the fields of polib's entry that a reader of
    translations looks at, each with the value `parse_po` gives it, and no polib object."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str  # "" when the entry has none, as polib has it
    msgstr: str  # "" in a plural entry (its translations are not read)
    flags: list[str]
    tcomment: str
    linenum: int
    obsolete: bool


def scan_po(text: str, wanted: Callable[[str], bool] | None = None) -> list[Scanned] | None:
    """The entries of catalog text in gettext's own layout, the header entry aside, exactly as
    `parse_po` reads them (`Scanned` fields), at about the cost of matching them (only those
    whose msgid `wanted` accepts, when it is given: the others are checked, not read); None when it
    cannot vouch for that: text `parse_po` may refuse or reads otherwise (a byte-order mark, a
    stray CR, a foreign charset, a duplicate, plural forms out of order, more than one header
    entry) or any text that whole-entry matches of `_Reader`'s fast path do not tile (another
    layout, a conflict marker, an error). Then read it with `parse_po`, which gives the entries
    or the error.

    Each step follows `_Reader._fast`, `_Reader._note` and `_Reader._finish`; a differential
    test holds the two readers to the same entries over every catalog of the tests.
    """
    if text.startswith("\ufeff"):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if not text.strip():
        return None
    match = _ENTRY.match
    pos, number, size = 0, 1, len(text)
    out: list[Scanned] = []
    seen: set[str] = set()  # the msgids of entries without msgctxt: no two may be the same
    seen_in_context: set[tuple[str, str]] = set()
    header: list[Scanned] = []  # the live entries with an empty msgid: polib's header entry
    opening = True  # as `_Reader.opening`: translator comments so far are the file's
    while pos < size:
        found = match(text, pos)
        if found is None:
            return None
        # the groups this needs (a group is a copy of its text: msgstr only when it is read)
        comments, previous, obsolete_mark, msgctxt, msgid, forms = found.group(*_SCANNED)
        end = found.end()
        obsolete = obsolete_mark is not None
        if previous is not None and (previous == "#~| ") != obsolete:
            return None  # `_fast` leaves it to the slow path
        if forms is not None:
            indexes = [index for index, _ in _plural_forms(forms)]
            if indexes != list(range(len(indexes))):
                return None  # plural forms out of order
        prefix = obsolete_mark or ""
        english = _joined(msgid, prefix)
        if msgctxt is None:
            context = None
            if english in seen:
                return None  # a duplicate, which `parse_po` refuses
            seen.add(english)
        else:
            context = _joined(msgctxt, prefix)
            if (context, english) in seen_in_context:
                return None
            seen_in_context.add((context, english))
        is_header = not (english or obsolete)
        if is_header or wanted is None or wanted(english):
            line = number  # the entry's linenum: its first comment that holds something,
            flags: list[str] = []  # else its first keyword (`_Reader._begin`)
            tcomment = ""
            if comments and (opening or "#," in comments or "\n# " in comments
                             or not comments.startswith(("#. ", "#: "))
                             or len(comments[:comments.index("\n")].strip()) <= 2):
                line, opening, flags, tcomment = _scan_comments(comments, number, opening)
            # else no comments, or a first line "#. text" or "#: refs" (which begins the
            # entry) and no flags nor translator comments after it (a bare "#" adds nothing)
            entry = Scanned(
                context, english,
                _joined(found.group("msgid_plural"), prefix) if forms is not None else "",
                _joined(found.group("msgstr"), prefix) if forms is None else "", flags,
                tcomment, line if pos else 0, obsolete)
            (header if is_header else out).append(entry)
        opening = False
        number += text.count("\n", pos, end)
        pos = end
    if len(header) > 1:
        return None  # which one polib takes for the header depends on their msgctxt
    if header and _foreign_charset(_header_fields(header[0].msgstr).get("Content-Type", "")):
        return None
    return out


_SCANNED = ("comments", "previous", "obsolete", "msgctxt", "msgid", "forms")


def _scan_comments(comments: str, number: int,
                   opening: bool) -> tuple[int, bool, list[str], str]:
    """The comment lines of an entry `_ENTRY` matched at line `number`, as `_Reader._note`
    reads them: the entry's linenum, whether the file's header comment still goes on
    (`opening`), its flags and its translator comment."""
    line = None
    flags: list[str] = []
    tcomment = ""
    lines = comments.split("\n")
    for offset, raw in enumerate(lines[:-1]):
        kind = raw[1:2]
        if kind in (" ", ""):  # a translator comment
            if opening:
                continue  # the file's header comment
            note = raw.strip()[2:]
            tcomment = f"{tcomment}\n{note}" if tcomment else note
        elif kind == ",":  # "#, a, b": `_ENTRY` takes flags without blanks or commas
            flags.extend(raw[3:].split(", "))
        elif raw.strip() in ("#.", "#:"):
            continue  # a bare "#." or "#:" holds nothing and begins nothing
        if line is None:
            line = number + offset
            opening = False
    if line is None:  # the entry begins at its first keyword
        line = number + len(lines) - 1
    return line, opening, flags, tcomment


class _Line(NamedTuple):
    """One line of a catalog as gettext's lexer reads it."""

    comment: str | None  # a comment line in the layout `_Reader._note` reads; None for the rest
    keyword: str | None  # msgctxt, msgid, msgid_plural or msgstr; None on a line of strings
    form: int | None  # the N of msgstr[N]
    obsolete: bool  # after "#~"
    previous: bool  # after "#|" or "#~|"
    text: str | None  # its strings' contents joined, still escaped; None when it has none


class _Reader:
    """One pass over a catalog's text: gettext's grammar, checked, building polib's objects.

    The grammar: an entry is its comments, its previous strings ("#|", optional), msgctxt
    (optional), msgid, and msgstr or msgid_plural and msgstr[0], msgstr[1], ...; every keyword
    has strings; a comment ends the entry before it; either every keyword and string of an entry
    is obsolete ("#~") or none is; no two entries share msgctxt and msgid. An entry in gettext's
    own layout is read in one match of `_ENTRY`; any other line by `_line`. Both leave the same
    state behind, so the two paths can take turns within one file.

    The entries hold what polib's own parser made of gettext's reading of a file, down to its
    habits: the first entry's ``linenum`` is 0 and every other one's is the line of its first
    comment or keyword (a bare "#.", "#:" or "#," aside); translator comments at the top of the
    file are the catalog's ``header``; the header entry's flags are ``metadata_is_fuzzy``;
    comments after the last entry are dropped.
    """

    def __init__(self, text: str, *, path: str) -> None:
        self.text = text
        self.path = path
        # what is built
        self.entries: list[polib.POEntry] = []
        self.header = ""  # the file's header comment
        self.entry = polib.POEntry(linenum=0)  # the entry being read
        self.opening = True  # nothing but translator comments read so far: they are the header
        self.complete = False  # the entry has its msgstr: a comment or keyword starts the next
        self.has_keyword = False  # the entry has a keyword (else it holds comments only)
        self.field: tuple[str, int | None] = ("msgid", None)  # where a further string goes
        # the grammar's state
        self.keys: dict[tuple[str | None, str], tuple[int, bool]] = {}  # -> (line, obsolete)
        self.state = ""  # the last keyword of the entry ("#|msgid" for a previous one)
        self.obsolete = False  # whether the entry is
        self.forms = 0  # the msgstr[N] read in the entry
        self.entry_line = 0  # the line of the entry's msgctxt or msgid
        self.start_line = 0  # the line of its first keyword (a '#|' one, perhaps)
        self.pending = 0  # the line of a keyword whose string is still to come (on a next line)
        self.pending_keyword = ""
        self.last_line = 0  # the last line with a keyword or a string

    def read(self) -> polib.POFile:
        text, size = self.text, len(self.text)
        match = _ENTRY.match
        pos, number = 0, 1
        while pos < size:
            if not self.pending and self.state in _BETWEEN:
                found = match(text, pos)
                if found is not None and self._fast(found, number):
                    number += text.count("\n", pos, found.end())
                    pos = found.end()
                    continue
            end = text.find("\n", pos)
            if end < 0:
                end = size
            self._line(text[pos:end], number)
            pos, number = end + 1, number + 1
        return self._finish()

    def _fast(self, found: re.Match[str], number: int) -> bool:
        """Read the entry `_ENTRY` matched at line `number`; or False, having read nothing,
        where the lines must be read one by one to find the error and its line."""
        (comments, previous, previous_msgctxt, previous_msgid, previous_msgid_plural,
         obsolete_mark, msgctxt, msgid, msgstr, msgid_plural, forms) = found.group(*_GROUPS)
        obsolete = obsolete_mark is not None
        if previous is not None and (previous == "#~| ") != obsolete:
            return False  # previous strings of a live entry with "#~|", or the other way round
        plural: list[tuple[int, str]] = []
        if forms is not None:
            plural = _plural_forms(forms)
            if [index for index, _ in plural] != list(range(len(plural))):
                return False  # plural forms out of order
        if self.state:  # this entry's first line ends the entry before it
            self._close()
            self.state = ""
        line = number
        if comments:
            for raw in comments.split("\n")[:-1]:
                self._note(raw if raw.startswith(_RAW_COMMENTS) else _comment(raw), line)
                line += 1
        entry = self._begin(line)
        self.has_keyword = True
        self.start_line = self.entry_line = line
        if previous is not None:
            self.entry_line += self.text.count("\n", found.end("comments"), found.start("body"))
            if previous_msgctxt is not None:
                entry.previous_msgctxt = _joined(previous_msgctxt, previous)
            entry.previous_msgid = _joined(previous_msgid, previous)
            if previous_msgid_plural is not None:
                entry.previous_msgid_plural = _joined(previous_msgid_plural, previous)
        prefix = obsolete_mark or ""
        if msgctxt is not None:
            entry.msgctxt = _joined(msgctxt, prefix)
        entry.obsolete = obsolete
        entry.msgid = _joined(msgid, prefix)
        if forms is None:
            entry.msgstr = _joined(msgstr, prefix)
            self.state, self.field = "msgstr", ("msgstr", None)
        else:
            entry.msgid_plural = _joined(msgid_plural, prefix)
            entry.msgstr_plural.update(plural)
            self.state, self.field = "msgstr[]", ("msgstr_plural", len(plural) - 1)
        self.forms = len(plural)
        self.obsolete = obsolete
        self.complete = True
        # last_line is left behind: the end of the file only names it after a slow read.
        return True

    def _line(self, line: str, number: int) -> None:
        """Read one line (the slow path), checking the grammar line by line."""
        read = _read_line(line, path=self.path, number=number)
        if read is None:
            return
        if read.comment is not None:
            # A comment ends the entry before it, as in gettext's grammar.
            self._unfinished(number)
            if self.state:
                self._close()
                self.state = ""
            self._note(read.comment, number)
            return
        keyword, state = read.keyword, self.state
        if keyword is None:
            # a string continues the keyword before it
            if not state:
                raise self._fail(
                    "a string that belongs to no keyword; remove it or add msgid/msgstr", number
                )
            if read.obsolete != self.obsolete:
                raise _inconsistent(self.obsolete, self.start_line, path=self.path, line=number)
            if read.previous != (state in _BEFORE):
                raise self._fail(
                    "a string that does not continue the line before it: strings after a '#|' "
                    "line start with '#|' (after '#~|', with '#~|'), others never do",
                    number,
                )
            self.pending = 0
            self.last_line = number
            self._continue(unescape(read.text or ""))
            return
        if self.pending:
            raise self._no_string()
        if read.previous:
            named = "#|" + keyword
            if keyword == "msgid_plural" and state != "#|msgid":
                raise self._fail("'#| msgid_plural' without '#| msgid' before it; add the "
                                 "previous msgid or remove the line", number)
            starts = not (keyword == "msgid_plural" or (keyword == "msgid"
                                                       and state == "#|msgctxt"))
            if starts and state in _BEFORE:
                raise self._fail(f"'#| {keyword}' after '#| {state[2:]}' in the previous strings "
                                 "of an entry; give them in the order msgctxt, msgid, "
                                 "msgid_plural", number)
        else:
            named = "msgstr[]" if read.form is not None else keyword
            starts = False
            if keyword == "msgctxt" or (keyword == "msgid" and state != "msgctxt"):
                if state == "#|msgctxt":
                    raise self._fail("'#| msgctxt' without '#| msgid' after it; add the "
                                     "previous msgid or remove the line", number)
                starts = state not in _BEFORE
                if not starts:
                    self.entry_line = number
            elif keyword == "msgid_plural" and state != "msgid":
                raise self._fail("msgid_plural without msgid; add the msgid before it", number)
            elif keyword == "msgstr" and read.form is None and state == "msgid_plural":
                raise self._fail("msgstr after msgid_plural; a plural entry takes msgstr[0], "
                                 "msgstr[1], ... instead", number)
            elif (keyword == "msgstr" and read.form is None and state != "msgid") or (
                read.form is not None and state not in ("msgid_plural", "msgstr[]")
            ):
                raise self._fail("msgstr without msgid; add the msgid or remove the msgstr",
                                 number)
        if starts:
            if state in _OPEN:
                raise self._no_msgstr()
            if state:
                self._close()
            self.forms = 0
            self.obsolete = read.obsolete
            self.entry_line = self.start_line = number
        elif read.obsolete != self.obsolete:
            raise _inconsistent(self.obsolete, self.start_line, path=self.path, line=number)
        if read.form is not None:
            if read.form != self.forms:
                raise self._fail(f"msgstr[{read.form}] where msgstr[{self.forms}] is due; "
                                 "number the plural forms 0, 1, 2, ... in order", number)
            self.forms += 1
        self.state = named
        if read.text is None:
            self.pending = number
            self.pending_keyword = ("#| " if read.previous else "") + keyword
        self.last_line = number
        self._keyword(read, unescape(read.text or ""), number)

    def _keyword(self, read: _Line, value: str, number: int) -> None:
        """Put a keyword's text in its place in the entry (a new one if the keyword starts it)."""
        keyword = read.keyword
        if read.previous or keyword in ("msgctxt", "msgid"):
            entry = self._begin(number)
            self.has_keyword = True
        else:
            entry = self.entry
        if read.previous:
            name = f"previous_{keyword}"
        elif keyword == "msgstr":
            self.complete = True
            if read.form is not None:
                entry.msgstr_plural[read.form] = value
                self.field = ("msgstr_plural", read.form)
                return
            name = "msgstr"
        else:
            name = str(keyword)
            if keyword == "msgid":
                entry.obsolete = read.obsolete
        setattr(entry, name, value)
        self.field = (name, None)

    def _continue(self, value: str) -> None:
        """Add a string to the keyword before it."""
        name, form = self.field
        if form is not None:
            self.entry.msgstr_plural[form] += value
        else:
            setattr(self.entry, name, getattr(self.entry, name) + value)

    def _begin(self, number: int) -> polib.POEntry:
        """The entry that a comment or keyword at line `number` belongs to."""
        self.opening = False
        if self.complete:
            self.entries.append(self.entry)
            self.entry = polib.POEntry(linenum=number)
            self.complete = self.has_keyword = False
        return self.entry

    def _note(self, line: str, number: int) -> None:
        """A comment line ('# text', '#. text', '#: refs', '#, flags', or bare) into its entry,
        or into the file's header comment, read as polib reads them."""
        line = line.strip()
        kind = line[:2]
        if kind in ("#.", "#:", "#,"):
            if len(line) <= 2:
                return  # a bare "#.", "#:" or "#,", which holds nothing
            entry, text = self._begin(number), line[3:]
            if kind == "#.":
                if entry.comment:
                    entry.comment += "\n"
                entry.comment += text
            elif kind == "#,":
                entry.flags += [flag.strip() for flag in text.split(",")]
            else:
                for ref in text.split():
                    where, colon, lineno = ref.rpartition(":")
                    ok = colon and lineno.isdigit()
                    entry.occurrences.append((where, lineno) if ok else (ref, ""))
            return
        text = line[2:]  # a translator comment
        if self.opening:
            if self.header:
                self.header += "\n"
            self.header += text
            return
        entry = self._begin(number)
        if entry.tcomment:
            entry.tcomment += "\n"
        entry.tcomment += text

    def _close(self) -> None:
        """Check the entry just read against those before it: gettext refuses duplicates."""
        key = (self.entry.msgctxt, self.entry.msgid)
        if key in self.keys:
            first, first_obsolete = self.keys[key]
            fix = (
                "delete the obsolete (#~) one"
                if self.obsolete != first_obsolete
                else "merge the two entries into one"
            )
            raise CatalogError(
                f"duplicate entry (first at line {first}); {fix}",
                path=self.path,
                line=self.entry_line,
            )
        self.keys[key] = (self.entry_line, self.obsolete)

    def _finish(self) -> polib.POFile:
        self._unfinished(self.last_line)
        if self.state:
            self._close()
        if self.has_keyword:
            self.entries.append(self.entry)
        catalog = polib.POFile(encoding="utf-8", wrapwidth=PAGE_WIDTH)
        if self.entries:  # else even the header comment goes, with the comments of no entry
            catalog.header = self.header
        catalog.extend(self.entries)
        header = catalog.find("")
        if header is not None:
            catalog.remove(header)
            # polib keeps the header entry's flags here, a list (its stub says bool)
            catalog.metadata_is_fuzzy = header.flags  # type: ignore[assignment]
            catalog.metadata.update(_header_fields(header.msgstr))
        return catalog

    def _unfinished(self, number: int) -> None:
        """Refuse an entry that ends (at a comment, or the end of the file) incomplete."""
        if self.pending:
            raise self._no_string()
        if self.state in _OPEN:
            raise self._no_msgstr()
        if self.state in _BEFORE:
            raise self._fail("previous strings ('#|' lines) that no msgid follows; nothing but "
                             "blank lines may come between them and the entry's msgid: move "
                             "comments above the '#|' lines", number)

    def _fail(self, message: str, number: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=number)

    def _no_msgstr(self) -> CatalogError:
        return self._fail("entry without msgstr; add a msgstr line (msgstr \"\") to it or "
                          "remove the entry", self.entry_line)

    def _no_string(self) -> CatalogError:
        return self._fail(f"{self.pending_keyword} without a string; write its text in quotes "
                          "after it (\"\" for none)", self.pending)


def _rewrite_hint(path: str) -> str:
    return f"'msgcat -o {path} {path}' rewrites the file in gettext's layout"


def _read_line(line: str, *, path: str, number: int) -> _Line | None:
    """A line read as gettext reads it, None for a line without tokens, or a CatalogError.

    gettext's lexer reads "#~" (obsolete) and "#|" (previous) as prefixes of the tokens after
    them, any other "#" as a comment up to the end of the line, and skips blanks between tokens,
    so 'msgstr""', 'msgid "a" "b"', '#~msgid "a"' and '#,fuzzy' are all good PO.
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
    if line.startswith(_RAW_COMMENTS):
        return _Line(line, None, None, False, False, None)
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
            return _Line(_comment(rest), None, None, False, False, None)
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
    """A keyword and its strings (or strings alone), checked."""
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
    if text and "\\" in text:
        _check_escapes(text, path=path, line=number)
    return _Line(None, keyword, index, obsolete, previous, text)


def _comment(rest: str) -> str:
    """A comment line ("#" and what follows it) in the layout `_Reader._note` reads, with
    what gettext reads in it: '# text', '#. text', '#: refs', '#, a, b', or a bare one."""
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


def _check_escapes(body: str, *, path: str, line: int) -> None:
    """Refuse the escapes gettext refuses, and numeric ones."""
    for match in _ESCAPE.finditer(body):
        char = match.group(1)
        if char in _UNESCAPES:
            continue
        if char in "01234567x":
            numeric = _NUMERIC.match(body, match.start())
            code = numeric.group() if numeric else match.group()
            if numeric and int(code[2:] if char == "x" else code[1:], 16 if char == "x" else 8):
                fix = f"write the character itself ('msgcat -o {path} {path}' rewrites them all)"
            else:
                fix = "it stands for no character (or NUL, which ends a string); remove it"
            raise CatalogError(
                f"numeric escape '{code}' in a string; {fix}", path=path, line=line
            )
        raise CatalogError(
            f"invalid escape '\\{char}' in a string; remove the backslash, or write a "
            "backslash itself as \\\\",
            path=path,
            line=line,
        )


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
