"""The translated pairs of a catalog, their English read at about the cost of matching the
catalog, the rest when asked for: what a sync's memory reads of every catalog of a language
(`runs.recall`).

A sync asks the memory about a few new units; it compares their English with the English of
every translated entry of the language and keeps the handful that score. So of each entry it
needs the English first, and the translation, line and comments of the few it keeps.
`pofile.scan_po` reads every field of every entry exactly as `parse_po` does, with one match
of its fast path's entry pattern per entry from a Python loop. Here the same grammar is
matched for a whole file in one `findall`, copying out only the English and what decides
whether an entry is a translated pair, and the rest is read again for the entries asked for:

- strings are found by scans for one character, a few times faster than the scan for a class
  of three (`[^"\\\n]`) that `pofile._S` makes: a string is `"`, a line's rest ending in `"`,
  and no other `"` before the end of the line (`_STRING`). That is `_S` exactly when no
  backslash stands before a quote and every run of backslashes in the text is escaped
  backslashes, perhaps then an escape of one of `abfnrtv` (`_pattern_for` checks the text
  first); text with an escaped quote is matched with `_S` itself;
- an alternative takes any line the entry pattern does not (`bad`): the matches tile the text,
  and the text is in the layout the pattern reads exactly when no line was taken by it, as in
  `scan_po`'s loop of matches, each from where the last one ended;
- then, for the whole file, what `scan_po` checks (no duplicate, one header entry, in UTF-8,
  plural forms in order, previous strings as obsolete as their entry), and whether each entry
  is a pair the memory keeps (`memory.places`: a msgid, no msgctxt, no plural, a translation,
  not fuzzy).

What it cannot vouch for it leaves (None), as `scan_po` does: the memory reads that text with
`scan_po`, else with `parse_po`. A differential test holds the readers to the same pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .pofile import (
    _COMMENT,
    _ENTRY,
    _S,
    _foreign_charset,
    _header_fields,
    _joined,
    _plural_forms,
    _scan_comments,
    unescape,
)

# a string on its line, found by scans for one character: `"`, no `"` before the one that ends
# the line, that one at least a character on; `_S` where escapes are plain (`_pattern_for`)
_STRING = r'"(?=[^"]*+"\n)[^\n]++(?<=")'


def _pattern(string: str) -> re.Pattern[str]:
    """One entry in gettext's layout, as `pofile._ENTRY` reads it, with `string` for a quoted
    string; or else one line (`bad`). Captured: the comments, the mark of previous strings and
    of an obsolete entry, the msgctxt and msgid lines, the empty strings of an untranslated
    msgstr (only the entry's end may follow them: a string after them is read as a
    translation), the lines of a plural entry from its msgid_plural."""
    obsolete = r"(?(obsolete)\#~[ ])"
    strings = rf"{string}(?:\n{obsolete}{string})*+"
    previous = rf"{string}(?:\n(?P=previous){string})*+"
    return re.compile(
        rf"""
        (?P<comments>(?:{_COMMENT})*+)
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
        """,
        re.X,
    )


_PAIRS = _pattern(_STRING)
_PAIRS_QUOTED = _pattern(_S)  # text with an escaped quote: pofile's string pattern
# the groups findall gives, in order
_COMMENTS, _PREVIOUS, _OBSOLETE, _MSGCTXT, _MSGID, _UNTRANSLATED, _PLURAL, _BAD = range(8)
_ESCAPED = frozenset("abfnrtv")  # (not "": a backslash at the end of the text)
_FIRST_FORM = re.compile(r"^(?:#~ )?msgstr\[", re.M)


class Pair(NamedTuple):
    """A translated entry as the memory reads it: not fuzzy, with a msgid and a translation, no
    msgctxt and no plural."""

    english: str
    target: str
    line: int  # polib's linenum: 0 for the first entry of the file
    obsolete: bool
    flags: list[str]
    tcomment: str


class Pairs:
    """The translated pairs of one catalog (`read_pairs`): their English, in file order; the
    rest of a pair read when it is asked for (`pairs`)."""

    def __init__(self, text: str, pattern: re.Pattern[str], entries: list[int],
                 english: list[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._entries = entries  # the number of each pair's entry in the file
        self.english = english

    def __len__(self) -> int:
        return len(self.english)

    def pairs(self, chosen: Sequence[int]) -> list[Pair]:
        """The pairs at these places of `english` (in any order), read in full."""
        if not chosen:
            return []
        text = self._text
        wanted = {self._entries[k] for k in chosen}
        last = max(wanted)
        starts: dict[int, int] = {}
        for number, found in enumerate(self._pattern.finditer(text)):
            if number in wanted:
                starts[number] = found.start()
                if number == last:
                    break
        lines: dict[int, int] = {}  # start -> its line
        counted, line = 0, 1  # the line at `counted`
        for start in sorted(starts.values()):
            line += text.count("\n", counted, start)
            counted = start
            lines[start] = line
        out = []
        for k in chosen:
            start = starts[self._entries[k]]
            out.append(_read_pair(text, start, lines[start]))
        return out

    def all(self) -> list[Pair]:
        """Every pair, read in full."""
        return self.pairs(range(len(self.english)))


def _read_pair(text: str, start: int, number: int) -> Pair:
    """The pair of the entry `_ENTRY` matches at `start` (line `number`), as `scan_po` reads
    it."""
    found = _ENTRY.match(text, start)
    assert found is not None  # the entry matched the same grammar before
    comments, obsolete_mark, msgid, msgstr = found.group("comments", "obsolete", "msgid",
                                                         "msgstr")
    prefix = obsolete_mark or ""
    line, _, flags, tcomment = _scan_comments(comments, number, not start)
    return Pair(_joined(msgid, prefix), _joined(msgstr, prefix), line if start else 0,
                obsolete_mark is not None, flags, tcomment)


def _pattern_for(text: str) -> re.Pattern[str] | None:
    """The pattern that reads the text's strings as `pofile._S` does: `_PAIRS` where no
    backslash stands before a quote and every run of backslashes is escaped backslashes,
    perhaps then an escape of one of `abfnrtv` (whatever line it is on, a string's escapes are
    then gettext's, and none takes a quote from a string's end), `_PAIRS_QUOTED` where a
    backslash stands before a quote; None: an escape `_S` refuses, perhaps (outside a string,
    it would not matter, but this does not tell)."""
    pattern = _PAIRS
    find, size = text.find, len(text)
    at = find("\\")
    while at >= 0:  # (str.find: a scan for one character, where a pattern's is slower)
        end = at + 1
        while end < size and text[end] == "\\":
            end += 1
        after = text[end] if end < size else ""
        if after == '"':
            pattern = _PAIRS_QUOTED
        elif (end - at) % 2 and after not in _ESCAPED:
            return None
        at = find("\\", end + 1)
    return pattern


def _texts(strings: Sequence[str], keyword: str, *, obsolete: bool) -> list[str]:
    """The text of each of a keyword's strings as the entry pattern matched them: the keyword,
    the strings one a line, each line after the first starting with `"` or `#~ "`, a newline.
    In a few passes over all of them: joined, the breaks between strings taken out, split again
    where a keyword starts (a newline is in no string), unescaped where they hold a
    backslash. `obsolete`: whether any of them is (its lines after the first start with
    `#~ `)."""
    joined = "".join(strings)
    if obsolete:
        joined = joined.replace('"\n#~ "', "")
    joined = joined.replace('"\n"', "")
    out = joined.split(f'"\n{keyword} "')
    out[0] = out[0][len(keyword) + 2:]
    out[-1] = out[-1][:-2]
    if "\\" in joined:
        return [unescape(text) if "\\" in text else text for text in out]
    return out


def _context(msgctxt: str) -> str:
    """The text of a msgctxt the entry pattern matched (with the "#~ " of an obsolete entry's
    msgid line after it)."""
    return _texts([msgctxt.removesuffix("#~ ")], "msgctxt", obsolete=True)[0]


def _flags(comments: str) -> list[str]:
    """The flags of an entry's comments, as `_scan_comments` reads them."""
    return [flag for line in comments.split("\n") if line.startswith("#,")
            for flag in line[3:].split(", ")]


def read_pairs(text: str, wanted: Callable[[str], bool] | None = None) -> Pairs | None:
    """The translated pairs of catalog text in gettext's own layout: the places `places` takes
    from the entries `scan_po(text, wanted)` reads (those whose English `wanted` accepts, when
    it is given); None wherever `scan_po` gives None (it cannot vouch for the text), and
    perhaps elsewhere."""
    if text.startswith("\ufeff") or not text or text.isspace():
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    pattern = _pattern_for(text)
    if pattern is None:
        return None
    columns = list(zip(*pattern.findall(text), strict=True))
    if any(columns[_BAD]):
        return None  # a line in another layout (or an error): only `parse_po` can say
    marks = columns[_OBSOLETE]
    if any(columns[_PREVIOUS]):
        for previous, mark in zip(columns[_PREVIOUS], marks, strict=True):
            if previous and (previous == "#~| ") != bool(mark):
                return None  # previous strings not as obsolete as their entry
    plural = columns[_PLURAL]
    if any(plural) and not all(_in_order(p) for p in plural if p):
        return None
    english = _texts(columns[_MSGID], "msgid", obsolete=any(marks))
    contexts = columns[_MSGCTXT]
    if any(contexts):
        keyed = [(_context(context) if context else None, msgid)
                 for context, msgid in zip(contexts, english, strict=True)]
        if len(set(keyed)) != len(keyed):
            return None  # a duplicate, which `parse_po` refuses
    elif len(set(english)) != len(english):
        return None
    untranslated = columns[_UNTRANSLATED]
    if "" in english:
        # polib's header entry: the live entry with an empty msgid (whatever its msgctxt)
        headers = [i for i, msgid in enumerate(english) if not msgid and not marks[i]]
        if len(headers) > 1:
            return None  # which one polib takes for the header depends on their msgctxt
        if headers and not (untranslated[headers[0]] or plural[headers[0]]) \
                and _foreign_charset(_header_fields(_header(text, pattern, headers[0]))
                                     .get("Content-Type", "")):
            return None
    comments = columns[_COMMENTS]
    chosen = [i for i, (msgid, context, empty, forms, notes) in enumerate(zip(
                  english, contexts, untranslated, plural, comments, strict=True))
              if msgid and not (context or empty or forms)
              and not ("fuzzy" in notes and "fuzzy" in _flags(notes))]
    if wanted is not None:
        chosen = [i for i in chosen if wanted(english[i])]
    return Pairs(text, pattern, chosen, [english[i] for i in chosen])


def _header(text: str, pattern: re.Pattern[str], entry: int) -> str:
    """The msgstr of the file's `entry`-th entry."""
    for number, found in enumerate(pattern.finditer(text)):
        if number == entry:
            match = _ENTRY.match(text, found.start())
            assert match is not None  # the entry matched the same grammar before
            return _joined(match.group("msgstr"), match.group("obsolete") or "")
    raise AssertionError("fewer entries than counted")


def _in_order(plural: str) -> bool:
    """Whether the msgstr[N] of a plural entry's part from its msgid_plural are numbered 0,
    1, ... in turn (`parse_po` refuses others)."""
    first = _FIRST_FORM.search(plural)
    forms = _plural_forms(plural[first.start():]) if first else []
    return [index for index, _ in forms] == list(range(len(forms)))
