"""A file git merged as text, with conflict markers in it, split back into its sides.

Git writes each conflict as ``<<<<<<< ours`` lines ``=======`` lines ``>>>>>>> theirs``, and with
``merge.conflictStyle = diff3`` (or ``zdiff3``) the base's lines too, after ``||||||| base``.
The lines outside the conflicts (git's clean text merge) belong to every side. Each side keeps,
for every line, the line of the marked file it came from, so an error in a side can name the
line a user sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import polib

from ...errors import CatalogError

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)")


class _Part(StrEnum):
    OUTSIDE = "outside"
    OURS = "ours"
    BASE = "base"
    THEIRS = "theirs"


@dataclass(frozen=True)
class SideText:
    """One side of a conflict-marked file: its text and, per line, the marked file's line."""

    text: str
    lines: tuple[int, ...]
    own: tuple[bool, ...] = ()  # per line: inside a conflict (this side's own), not shared

    def line_of(self, line: int | None) -> int | None:
        """The marked file's line for a line of this side (1-based)."""
        if line is None or not self.lines:
            return line
        return self.lines[min(line, len(self.lines)) - 1]


@dataclass(frozen=True)
class Conflicted:
    """The sides of a conflict-marked file; `base` is None without diff3 sections."""

    ours: SideText
    theirs: SideText
    base: SideText | None
    conflicts: int
    labels: tuple[str, str]  # what the first conflict's markers call ours and theirs


def has_markers(text: str) -> bool:
    return any(_MARKER.match(line) for line in text.split("\n"))


def split_conflicts(text: str, *, path: str) -> Conflicted:
    """Split a conflict-marked text into its sides; a marker out of place is a CatalogError."""
    parts: dict[_Part, list[tuple[int, str]]] = {p: [] for p in _Part}
    sides = {_Part.OURS: (_Part.OURS,), _Part.BASE: (_Part.BASE,),
             _Part.THEIRS: (_Part.THEIRS,), _Part.OUTSIDE: (_Part.OURS, _Part.BASE, _Part.THEIRS)}
    part, start, conflicts, with_base = _Part.OUTSIDE, 0, 0, 0
    labels: dict[str, str] = {}
    inside: set[int] = set()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        found = _MARKER.match(line)
        if found is None:
            for into in sides[part]:
                parts[into].append((number, line))
            if part is not _Part.OUTSIDE:
                inside.add(number)
            continue
        marker = found.group(1)[0]
        labels.setdefault(marker, line[8:].strip())
        expected = {"<": _Part.OUTSIDE, "|": _Part.OURS, "=": (_Part.OURS, _Part.BASE),
                    ">": _Part.THEIRS}[marker]
        if part not in (expected if isinstance(expected, tuple) else (expected,)):
            raise CatalogError(_misplaced(marker, part, start), path=path, line=number)
        if marker == "<":
            part, start, conflicts = _Part.OURS, number, conflicts + 1
        elif marker == "|":
            part, with_base = _Part.BASE, with_base + 1
        elif marker == "=":
            part = _Part.THEIRS
        else:
            part = _Part.OUTSIDE
    if part is not _Part.OUTSIDE:
        raise CatalogError("a conflict that is never closed (no '>>>>>>>' line after it); "
                           "restore the file from git or close the conflict by hand",
                           path=path, line=start)

    def side(name: _Part) -> SideText:
        items = parts[name]
        return SideText("".join(f"{line}\n" for _, line in items), tuple(n for n, _ in items),
                        tuple(n in inside for n, _ in items))

    base = side(_Part.BASE) if conflicts and with_base == conflicts else None
    return Conflicted(side(_Part.OURS), side(_Part.THEIRS), base, conflicts,
                      (labels.get("<") or "ours", labels.get(">") or "theirs"))


def _misplaced(marker: str, part: _Part, start: int) -> str:
    line = f"'{marker * 7}'"
    if part is _Part.OUTSIDE:
        return (f"conflict marker {line} outside a conflict (no '<<<<<<<' before it); remove "
                "it, or restore the file from git")
    return (f"conflict marker {line} inside the conflict opened at line {start}, where git "
            "writes none; restore the file from git or repair the markers by hand")


def without_duplicates(side: SideText) -> SideText:
    """A side that holds an entry twice, once in its own lines and once in the lines git merged
    cleanly, keeps its own. That happens when the other side's change landed outside the
    conflict: this side's live entry in a conflict, the obsolete entry the other side's sync
    made of it at the end of the file. Anything else is left for the strict reader to name."""
    try:
        catalog = polib.pofile(side.text, check_for_duplicates=False)
    except (OSError, ValueError):
        return side
    texts = side.text.split("\n")
    blocks: dict[tuple[str | None, str], list[range]] = {}
    for entry in catalog:
        if entry.linenum is None:
            return side
        start = entry.linenum - 1
        end = next((n for n in range(start, len(texts)) if not texts[n].strip()), len(texts))
        blocks.setdefault((entry.msgctxt, entry.msgid), []).append(range(start, end))
    drop: set[int] = set()
    for found in blocks.values():
        own = [any(side.own[n] for n in block if n < len(side.own)) for block in found]
        if len(found) == 2 and own.count(True) == 1:
            drop.update(found[own.index(False)])
    if not drop:
        return side
    keep = [n for n in range(len(side.lines)) if n not in drop]
    return SideText("".join(f"{texts[n]}\n" for n in keep), tuple(side.lines[n] for n in keep),
                    tuple(side.own[n] for n in keep))
