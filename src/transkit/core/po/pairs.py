"""The English of a catalog's translated pairs, read at about the cost of matching the catalog:
what a sync's memory scan reads of every catalog of a language (`runs.recall`).

A sync asks the memory about a few new units: it compares their English with the English of
every translated entry of the language, keeps the handful that answer, and needs the rest of
an entry (its translation, line, whether it is obsolete) only for those. `pofile.scan_po`
reads every field of every entry exactly as `parse_po` does, one match of its fast path's
entry pattern per entry from a Python loop, its strings scanned with a class of three
characters (`[^"\\\n]`). Here the same grammar is matched for a whole file in one `findall`, a
string found by a scan for one character (`"[^"]*+"`, then a newline), and only the English
and what decides whether an entry is a pair (`memory.places`: a msgid, no msgctxt, no plural,
a translation, not fuzzy) copied out.

What it does not check, it need not: whether the catalog is one `parse_po` reads at all (a
duplicate, an escape gettext refuses, a string left open, a foreign charset, ...). A scan
reads every catalog that holds an answer again with `text_places` (`scan_po` or `parse_po`),
which takes the places from that reading or leaves a catalog it refuses out of the memory;
and a catalog that holds no answer gives none, read or refused. So this reader must be exact
only on the catalogs `parse_po` reads: on those it gives the English of `text_places`, or None
(text in another layout: the scan reads it with `text_places`); on the others it may give
anything. A differential test holds it to that, on every test catalog and on text damaged at
random.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .pofile import _COMMENT, _FLAGS, _S, unescape

# The flags of a "#," line, in bytes: ASCII, none of `\s` in text (which in bytes leaves out
# the separators \x1c-\x1f) nor beyond ASCII (U+00A0 and the like: the strict reader strips
# them off a flag). A line of other flags is no comment here: another layout.
_ASCII_FLAGS = r"[^\s,\x1c-\x1f\x80-\xff]++(?:,[ ][^\s,\x1c-\x1f\x80-\xff]++)*+"
assert _FLAGS in _COMMENT
_BYTES_COMMENT = _COMMENT.replace(_FLAGS, _ASCII_FLAGS)


def _pattern(string: str) -> re.Pattern[bytes]:
    """One entry in gettext's layout, as `pofile._ENTRY` reads it, with `string` for a quoted
    string, matched in UTF-8 bytes (no byte of a character beyond ASCII is one of the
    grammar's); or else one line (`bad`). Captured: the comments, the mark of an obsolete
    entry, the msgctxt and msgid lines, the empty strings of an untranslated msgstr (only the
    entry's end may follow them: a string after them is read as a translation), the lines of a
    plural entry from its msgid_plural."""
    obsolete = r"(?(obsolete)\#~[ ])"
    strings = rf"{string}(?:\n{obsolete}{string})*+"
    previous = rf"{string}(?:\n(?P=previous){string})*+"
    return re.compile(
        rf"""
        (?P<comments>(?:{_BYTES_COMMENT})*+)
        (?:
            (?P<previous>\#~?\|[ ])
            (?:msgctxt[ ]{previous}\n(?P=previous))?
            msgid[ ]{previous}\n
            (?:(?P=previous)msgid_plural[ ]{previous}\n)?
        )?
        (?P<obsolete>\#~[ ])?
        (?P<msgctxt>msgctxt[ ]{strings}\n{obsolete})?
        (?P<msgid>msgid[ ]{strings}\n)
        (?:
            {obsolete}msgstr[ ](?P<untranslated>""\n(?:{obsolete}""\n)*+)
          | {obsolete}msgstr[ ]{strings}\n
          | (?P<plural>{obsolete}msgid_plural[ ]{strings}\n
            (?:{obsolete}msgstr\[[0-9]\][ ]{strings}\n)++)
        )
        (?:\n++|\Z)
      | (?P<bad>[^\n]*+\n|[^\n]++)
        """.encode(),
        re.X,
    )


# A string of a catalog `parse_po` reads, in gettext's layout: a quote, no quote up to the one
# that ends it, then a newline. (A quote inside it is escaped: `\"` stops this at the wrong
# quote, and no newline follows it there, so a catalog with one is matched with `_S`.)
_PAIRS = _pattern(r'"[^"]*+"')
_PAIRS_QUOTED = _pattern(_S)
# the groups findall gives, in order
_COMMENTS, _PREVIOUS, _OBSOLETE, _MSGCTXT, _MSGID, _UNTRANSLATED, _PLURAL, _BAD = range(8)


def _english(strings: Sequence[bytes], *, obsolete: bool) -> list[str]:
    """The text of each msgid the entry pattern matched: `msgid `, the strings one a line,
    each line after the first starting with `"` (`#~ "` in an obsolete entry: `obsolete`, if
    any is), a newline. In a few passes over all of them: joined, the breaks between strings
    taken out, split again where a msgid starts (a newline is in no string), decoded (bytes
    that are not UTF-8 replaced: `parse_po` refuses such a catalog), unescaped where they hold
    a backslash."""
    joined = b"".join(strings)
    if obsolete:
        joined = joined.replace(b'"\n#~ "', b"")
    joined = joined.replace(b'"\n"', b"")
    parts = joined.split(b'"\nmsgid "')
    parts[0] = parts[0][len(b'msgid "'):]
    parts[-1] = parts[-1][:-len(b'"\n')]
    out = [part.decode("utf-8", "replace") for part in parts]
    if b"\\" in joined:
        return [unescape(text) if "\\" in text else text for text in out]
    return out


def _fuzzy(comments: bytes) -> bool:
    """Whether an entry's comments flag it fuzzy, as `pofile._scan_comments` reads flags."""
    return b"fuzzy" in comments and any(
        b"fuzzy" in line[3:].split(b", ") for line in comments.split(b"\n")
        if line.startswith(b"#,"))


def pair_english(data: bytes, wanted: Callable[[str], bool] | None = None) -> list[str] | None:
    """The English of the places `memory.text_places` gives for a catalog (those `wanted`
    accepts), in file order, from its bytes, when `parse_po` reads the catalog and it is in
    gettext's own layout; None where this cannot read it (the catalog is in another layout, or
    is one `parse_po` refuses). On a catalog `parse_po` refuses (invalid UTF-8 among them) it
    may give anything but None."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None  # a byte-order mark
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None  # a CR of no line ending: `parse_po` refuses it
    columns = list(zip(*_PAIRS.findall(data), strict=True))
    if not columns or any(columns[_BAD]):
        if not columns or b'\\"' not in data:
            return None  # another layout, or nothing: `text_places` says which
        columns = list(zip(*_PAIRS_QUOTED.findall(data), strict=True))
        if any(columns[_BAD]):
            return None
    # a translated pair: no msgctxt, translated, no plural, not fuzzy (`memory.places`)
    chosen = [msgid for msgid, context, untranslated, plural, comments in zip(
                  columns[_MSGID], columns[_MSGCTXT], columns[_UNTRANSLATED], columns[_PLURAL],
                  columns[_COMMENTS], strict=True)
              if not (context or untranslated or plural or _fuzzy(comments))]
    if not chosen:
        return []
    english = _english(chosen, obsolete=any(columns[_OBSOLETE]))
    return [msgid for msgid in english if msgid and (wanted is None or wanted(msgid))]
