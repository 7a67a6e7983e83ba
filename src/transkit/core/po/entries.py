"""Helpers over one PO entry that every stage uses: folding whitespace, a safe copy, silencing.

Nothing here knows about sync, checks or merges; they all import it, so no stage has to import
another stage for a one-line helper.
"""

from __future__ import annotations

import re
from typing import Protocol

import polib


def fold(text: str) -> str:
    """Text with every run of whitespace (non-breaking spaces included) as one space."""
    return " ".join(text.split())


def clone(entry: polib.POEntry) -> polib.POEntry:
    """A copy of an entry that shares no list or dict with it, so it can be changed freely."""
    # copy.copy, without its generic protocol (a catalog's every entry is cloned by a sync)
    out = entry.__class__.__new__(entry.__class__)
    out.__dict__.update(entry.__dict__)
    out.flags = list(entry.flags)
    out.occurrences = list(entry.occurrences)
    out.msgstr_plural = dict(entry.msgstr_plural)
    return out


OTHER_TRANSLATION = "other translation"  # starts the comment that keeps a clash's other side


def other_translation(label: str, text: str, *, english: str | None = None,
                      which: str = "") -> str:
    """The translator comment that keeps a translation which lost a clash beside the one that
    stays (merge-po, resolve, an XLIFF import): `other translation (LABEL): TEXT`, with the
    English it was made for when that is another, and the plural form (`which`, ' [1]')."""
    made = f", for the English “{english}”" if english is not None else ""
    return f"{OTHER_TRANSLATION} ({label}{made}){which}: {text}"


_OTHER_START = f"{OTHER_TRANSLATION} ("
# translator comments of other kinds, which end a multi-line other translation
_OTHER_COMMENTS = (_OTHER_START, "reviewed: ", "transkit-ignore-", "not placed (")


def other_translations(tcomment: str) -> tuple[str, ...]:
    """The other translations kept in an entry's translator comments (`other_translation`),
    each as written, a translation of several lines joined again."""
    if not tcomment or _OTHER_START not in tcomment:
        return ()
    found: list[list[str]] = []
    for line in tcomment.split("\n"):
        if line.startswith(_OTHER_START):
            found.append([line])
        elif found and not line.startswith(_OTHER_COMMENTS):
            found[-1].append(line)
        else:
            found.append([])  # another comment: what follows is not part of the last one
    return tuple("\n".join(lines) for lines in found if lines)


_IGNORE = re.compile(r"\btranskit-ignore-([a-z0-9-]+)")


def ignored(flags: list[str], tcomment: str = "") -> set[str]:
    """Check ids silenced on an entry, by a translator comment or a flag.

    The comment (`# transkit-ignore-numbers`) is the form to recommend: gettext's msgcat,
    msgmerge and msgattrib keep translator comments but drop flags they do not know, so a
    `#, transkit-ignore-numbers` flag would vanish in the first gettext pass over the file.
    """
    found = {f.removeprefix("transkit-ignore-") for f in flags if f.startswith("transkit-ignore-")}
    if "transkit-ignore-" in tcomment:
        found.update(_IGNORE.findall(tcomment))
    return found


class Noted(Protocol):
    """What silencing reads of an entry: polib's entry, or one `pofile.scan_po` read."""

    @property
    def flags(self) -> list[str]: ...

    @property
    def tcomment(self) -> str: ...


def silenced(entry: Noted, check_id: str) -> bool:
    """Whether an entry silences a check (a `core.checks.model.CheckId`, a string)."""
    return check_id in ignored(entry.flags, entry.tcomment or "")
