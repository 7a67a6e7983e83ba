"""The extracted-comment lines sync writes on an entry (`#. drift: …`, `#. diff: …`,
`#. memory: …`): what changed in the English under a translation, and where the memory filled it
from. Derived from gettext's own fields, so a second sync writes them again byte for byte."""

from __future__ import annotations

import polib

from ..po.catalog import has_translation
from .drift import classify

DRIFT_PREFIX = "drift: "
DIFF_PREFIX = "diff: "
KEPT_PREFIX = "drift: minor, kept without the fuzzy flag"
MEMORY_PREFIX = "memory: "


def drift_comments(entry: polib.POEntry) -> list[str]:
    """The extracted-comment lines that explain an entry's drift to the translator."""
    if "fuzzy" not in entry.flags or entry.previous_msgid is None:
        return []
    if not has_translation(entry):
        return []
    drift = classify(entry.previous_msgid, entry.msgid)
    return [
        f"{DRIFT_PREFIX}{drift.severity.value} ({'; '.join(drift.reasons)})",
        f"{DIFF_PREFIX}{drift.diff}",
    ]


def kept_comments(old: str, new: str) -> list[str]:
    """The extracted-comment lines of a minor drift kept without the fuzzy flag
    (`minor_drift = "keep"`): what changed in the English, for the translator who wants to
    follow it."""
    drift = classify(old, new)
    return [f"{KEPT_PREFIX} ({'; '.join(drift.reasons)})", f"{DIFF_PREFIX}{drift.diff}"]


def kept_lines(entry: polib.POEntry) -> list[str]:
    """The lines of an entry's extracted comment that say what a kept minor drift changed;
    they hold as long as the entry keeps its English."""
    lines = (entry.comment or "").split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith(KEPT_PREFIX):
            out.append(line)
            if i + 1 < len(lines) and lines[i + 1].startswith(DIFF_PREFIX):
                out.append(lines[i + 1])
    return out


def memory_comments(entry: polib.POEntry) -> list[str]:
    """The lines of an entry's extracted comment that say where the memory filled it from."""
    return [line for line in (entry.comment or "").split("\n") if line.startswith(MEMORY_PREFIX)]
