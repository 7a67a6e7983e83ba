"""XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ), with translate-toolkit's storage classes.

Export: one `<file>` per catalog, one `<trans-unit>` per entry (obsolete entries and the header
left out). A unit's id is a hash of its msgctxt and English, so it is the same in every export
while the English stays the same, whatever moves around it. A translated entry's target has
`state="translated"`, a fuzzy one's `state="needs-review-translation"`; an untranslated entry has
no target. Translator comments become `<note from="translator">`, extracted comments (the unit's
kind, drift and its word diff) `<note from="developer">`, references a location context group.

Import: what CAT tools send back is read as they write it: a target segmented into
`<mrk mtype="seg">` (joined back into one text, with the source's spaces between segments where
the tool dropped them), `<alt-trans>` matches (ignored), `<seg-source>` (ignored; the unit's
English is its `<source>`), the states of XLIFF 1.2 and SDL XLIFF's segment confirmation
levels. `merge_xliff` puts the targets into a catalog where the English still matches.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polib

from ...errors import ExchangeError
from ..po.catalog import is_fuzzy, is_translated
from .model import SkippedUnit
from .xmlstore import parse_store

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XLIFF_12_SKELETON = f"""<?xml version="1.0" ?>
<xliff version="1.2" xmlns="{XLIFF_12}">
<file original="NoName" source-language="en" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""

TRANSLATED_STATES = frozenset({"translated", "final", "signed-off"})
REVIEW_STATES = frozenset({"needs-review-translation", "needs-review-adaptation",
                           "needs-review-l10n", "needs-translation", "needs-adaptation",
                           "needs-l10n", "new"})
SDL_CONFIRMED = frozenset({"Translated", "ApprovedTranslation", "ApprovedSignOff"})


def _store_class() -> Any:
    """translate-toolkit's XLIFF store, writing XLIFF 1.2 (its own skeleton is 1.1)."""
    from translate.storage.xliff import xlifffile, xliffunit

    class Xliff12Unit(xliffunit):
        namespace = XLIFF_12

    class Xliff12File(xlifffile[Xliff12Unit]):
        UnitClass = Xliff12Unit
        XMLskeleton = _XLIFF_12_SKELETON
        namespace = XLIFF_12

    return Xliff12File


def unit_id(entry: polib.POEntry) -> str:
    """A trans-unit's id: stable while the entry's English (and msgctxt) stays the same."""
    key = f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()
    return "u" + hashlib.sha256(key).hexdigest()[:16]


def exported_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries an export offers: every live entry with one English text."""
    return [e for e in catalog if e.msgid and not e.obsolete and not e.msgid_plural]


def catalog_to_xliff(
    catalog: polib.POFile, *, original: str, source_language: str, target_language: str
) -> str:
    """One catalog as an XLIFF 1.2 document."""
    store = _store_class()(sourcelanguage=source_language, targetlanguage=target_language)
    store.setfilename(store.getfilenode("NoName"), original)
    for entry in exported_entries(catalog):
        unit = store.addsourceunit(entry.msgid, filename=original)
        unit.setid(unit_id(entry))
        if entry.msgstr:
            unit.settarget(entry.msgstr, lang=target_language)
            unit.set_state_n(unit.S_NEEDS_REVIEW if is_fuzzy(entry) else unit.S_TRANSLATED)
        for origin, text in (("developer", entry.comment), ("translator", entry.tcomment)):
            for line in (text or "").split("\n"):
                unit.addnote(line, origin=origin)
        for path, line in entry.occurrences:
            unit.addlocation(f"{path}:{line}" if line else path)
    return bytes(store).decode("utf-8")


# --- reading ----------------------------------------------------------------------------------


class TargetState(StrEnum):
    """What a CAT tool says of a unit's target."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"  # a draft, or sent back for review
    EMPTY = "empty"  # nothing to import


@dataclass(frozen=True)
class XliffUnit:
    """A trans-unit as a CAT tool left it."""

    id: str
    source: str
    target: str
    state: TargetState
    line: int


@dataclass(frozen=True)
class XliffFile:
    """One `<file>` of an XLIFF document: the article and languages it says it is for."""

    original: str
    source_language: str
    target_language: str
    line: int
    units: tuple[XliffUnit, ...]
    target_languages: tuple[str, ...] = ()  # the xml:lang of its targets, where they say


def read_xliff(data: bytes, *, path: str) -> list[XliffFile]:
    """The `<file>`s of an XLIFF 1.x document; malformed XML, another format, or a unit without
    its English is an ExchangeError with the line."""
    from translate.storage.xliff import xlifffile

    store = parse_store(xlifffile, data, path=path, root="xliff", what="an XLIFF 1.2 file",
                        error=ExchangeError)
    files: dict[Any, list[XliffUnit]] = {}
    langs: dict[Any, dict[str, None]] = {}
    for unit in store.units:
        element = unit.xmlelement
        file_node = next(element.iterancestors(store.namespaced("file")), None)
        if file_node is None:
            raise ExchangeError("has a <trans-unit> outside any <file>; export it again",
                                path=path, line=element.sourceline)
        source_node = element.find(store.namespaced("source"))
        if source_node is None:
            raise ExchangeError("has a <trans-unit> without <source>; export it again",
                                path=path, line=element.sourceline)
        if element.get("translate", "yes").lower() == "no":
            continue
        files.setdefault(file_node, []).append(_unit(store, element, source_node))
        target_node = element.find(store.namespaced("target"))
        if target_node is not None and target_node.get(XML_LANG):
            langs.setdefault(file_node, {})[target_node.get(XML_LANG)] = None
    return [
        XliffFile(node.get("original") or "", node.get("source-language") or "",
                  node.get("target-language") or "", node.sourceline or 0, tuple(units),
                  tuple(langs.get(node, ())))
        for node, units in files.items()
    ]


def _string(node: Any) -> str:
    return str(node.xpath("string()"))


def _unit(store: Any, element: Any, source_node: Any) -> XliffUnit:
    source = _string(source_node)
    target_node = element.find(store.namespaced("target"))
    target = "" if target_node is None else _joined(store, element, target_node)
    state = None if target_node is None else target_node.get("state")
    return XliffUnit(element.get("id") or "", source, target,
                     _target_state(state, element, target, source), element.sourceline or 0)


def _segments(store: Any, node: Any) -> list[Any]:
    return [m for m in node.iter(store.namespaced("mrk")) if m.get("mtype") == "seg"]


def _joined(store: Any, element: Any, target: Any) -> str:
    """A target's text; segments (`<mrk mtype="seg">`) joined back into one text, with the
    source's spaces between segments where the tool left none."""
    segments = _segments(store, target)
    if not segments:
        return _string(target)
    seg_source = element.find(store.namespaced("seg-source"))
    gaps = {}
    if seg_source is not None:
        gaps = {m.get("mid"): m.tail or "" for m in _segments(store, seg_source)}
    text = target.text or ""
    for i, mark in enumerate(segments):
        text += _string(mark)
        tail = mark.tail or ""
        if not tail and i < len(segments) - 1:
            tail = gaps.get(mark.get("mid"), "")
        text += tail
    return text


def _target_state(state: str | None, element: Any, target: str, source: str) -> TargetState:
    """The state of a target, mapped back to gettext's: translated, fuzzy, or nothing."""
    if not target:
        return TargetState.EMPTY
    if state in TRANSLATED_STATES:
        return TargetState.TRANSLATED
    if target == source and state in (None, "new", "needs-translation"):
        return TargetState.EMPTY  # the English copied into the target, as OmegaT leaves it
    if state is not None:
        return TargetState.FUZZY  # needs-*, new, or a tool's own x- state
    confirmations = [s.get("conf") for s in element.iter(f"{{{SDL}}}seg")]
    if confirmations:
        confirmed = all(c in SDL_CONFIRMED for c in confirmations)
        return TargetState.TRANSLATED if confirmed else TargetState.FUZZY
    return TargetState.FUZZY if element.get("approved") == "no" else TargetState.TRANSLATED


# --- merging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A catalog with the targets of an XLIFF file put in, and what happened to each unit."""

    catalog: polib.POFile
    imported: int
    unchanged: int
    skipped: tuple[SkippedUnit, ...]


def merge_xliff(catalog: polib.POFile, units: Sequence[XliffUnit], *, path: str) -> Merged:
    """The catalog with each unit's target where the unit's English is an entry's English;
    the catalog given is left as it was. Units whose English changed since the export, or that
    the catalog does not have, are skipped and reported; every other entry stays as it was."""
    live = exported_entries(catalog)
    by_id = {unit_id(e): e for e in live}
    by_english = {e.msgid: e for e in live}
    drifted = {e.previous_msgid: e for e in live if e.previous_msgid}
    removed = {e.msgid for e in catalog if e.obsolete}
    changes: dict[int, polib.POEntry] = {}
    imported = unchanged = 0
    skipped: list[SkippedUnit] = []
    seen: set[int] = set()
    for unit in units:
        entry = by_english.get(unit.source) or by_id.get(unit.id)
        if entry is None or entry.msgid != unit.source:
            skipped.append(SkippedUnit(path, unit.line, unit.id, _why_not(
                unit, entry, drifted, removed)))
            continue
        if id(entry) in seen:
            skipped.append(SkippedUnit(path, unit.line, unit.id,
                                       "the same English as an earlier unit of this file"))
            continue
        seen.add(id(entry))
        new = _with_target(entry, unit)
        if new is None:
            unchanged += 1
        else:
            changes[id(entry)] = new
            imported += 1
    return Merged(_replaced(catalog, changes), imported, unchanged, tuple(skipped))


def _why_not(unit: XliffUnit, entry: polib.POEntry | None, drifted: dict[str, polib.POEntry],
             removed: set[str]) -> str:
    if entry is not None:
        return (f"its English differs from the catalog's (line {entry.linenum}): it was edited "
                "after the export; export again rather than edit the English")
    if unit.source in drifted:
        return (f"the English changed since the export (now the entry at line "
                f"{drifted[unit.source].linenum}); export again and translate the new English")
    if unit.source in removed:
        return "the unit was removed from the English article since the export"
    return "no entry has this English: the XLIFF is for another article, or the English changed"


def _with_target(entry: polib.POEntry, unit: XliffUnit) -> polib.POEntry | None:
    """A copy of the entry with the unit's target and state; None when nothing changes."""
    if unit.state is TargetState.EMPTY:
        return None
    fuzzy = unit.state is TargetState.FUZZY
    if entry.msgstr == unit.target and (is_fuzzy(entry) if fuzzy else is_translated(entry)):
        return None
    new = copy.copy(entry)
    new.msgstr = unit.target
    new.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if fuzzy else [])
    if not fuzzy:  # the translation now holds for this English: the drift is resolved
        new.previous_msgid = None
        new.previous_msgid_plural = None
        new.previous_msgctxt = None
        new.comment = "\n".join(line for line in entry.comment.split("\n")
                                if not line.startswith(("drift:", "diff:")))
    return new


def _replaced(catalog: polib.POFile, changes: dict[int, polib.POEntry]) -> polib.POFile:
    out = polib.POFile(wrapwidth=catalog.wrapwidth, check_for_duplicates=False)
    out.header = catalog.header
    out.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    out.metadata = dict(catalog.metadata)
    out.extend(changes.get(id(entry), entry) for entry in catalog)
    return out


def count_states(entries: Iterable[polib.POEntry]) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) among the entries an export offers."""
    translated = fuzzy = 0
    total = 0
    for entry in entries:
        total += 1
        translated += is_translated(entry)
        fuzzy += is_fuzzy(entry)
    return translated, fuzzy, total - translated - fuzzy

