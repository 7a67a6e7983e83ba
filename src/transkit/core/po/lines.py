"""Where things stand in a catalog's text: the lines findings point at.

An entry's line as the reader gives it is its first line (a comment, perhaps); a translator
fixing a finding wants the translation, and a header finding belongs on its field's line. Both
are looked up in the text itself, so they are right in any layout (wrapped or not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_MSGSTR = re.compile(r"[ \t]*msgstr(?:[ \t]*\[[ \t]*0[ \t]*\])?[ \t]*\"")


def msgstr_line(lines: Sequence[str], first: int) -> int:
    """The line of the msgstr (msgstr[0]) of the entry that begins on line `first` (1-based);
    `first` itself when the text does not have one there."""
    for number in range(max(first, 1), len(lines) + 1):
        line = lines[number - 1]
        if "msgstr" in line and _MSGSTR.match(line):  # the substring first: most lines lack it
            return number
        if number > first and not line.strip():
            break  # the blank line after the entry
    return first


def field_line(lines: Sequence[str], field: str) -> int | None:
    """The line of the header field `field` ("Language"), before the first entry's end."""
    needle = re.compile(rf'(?:msgstr[ \t]*)?"{re.escape(field)}:', re.IGNORECASE)
    for number, line in enumerate(lines, start=1):
        if needle.search(line):
            return number
        if number > 1 and not line.strip() and any(x.startswith("msgstr") for x in lines[:number]):
            return None  # the header is over
    return None
