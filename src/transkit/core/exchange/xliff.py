"""XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ), with translate-toolkit's storage classes.

Export: one `<file>` per catalog, one `<trans-unit>` per entry (obsolete entries and the header
left out). A unit's id is a hash of its msgctxt and English, so it is the same in every export
while the English stays the same, whatever moves around it. A translated entry's target has
`state="translated"`, a fuzzy one's `state="needs-review-translation"`; an untranslated entry has
no target. Translator comments become `<note from="translator">`, extracted comments (the unit's
kind, drift and its word diff) `<note from="developer">`, references a location context group.
Inline markup is inline codes (`core.exchange.inline`). A `<note from="transkit">` records what
the catalog held (`entry_digest`: msgid, msgstr and state), so that an import can tell a unit
revised in the catalog since the export from one the CAT tool brings back as it went out.

Import: what CAT tools send back is read as they write it: a target segmented into
`<mrk mtype="seg">` (joined back into one text, with the source's spaces between segments where
the tool dropped them), `<alt-trans>` matches (ignored), `<seg-source>` (ignored; the unit's
English is its `<source>`), the states of XLIFF 1.2 and SDL XLIFF's segment confirmation
levels. `merge_xliff` puts the targets into a catalog where the English still matches, and
where the catalog's entry did not change since the export: a translation revised on both sides
stays in the catalog, with the CAT tool's beside it in a comment (as `merge-po` keeps a clash).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polib

from ...errors import ExchangeError
from ..po.catalog import empty_like, is_fuzzy, is_translated
from ..po.entries import clone, other_translation
from . import inline
from .inline import Piece
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


TRANSKIT_NOTE = "transkit"  # the `from` of the note that records what the catalog held
_DIGEST = re.compile(r"\b([0-9a-f]{12})\b")


def _state(entry: polib.POEntry) -> str:
    return "fuzzy" if is_fuzzy(entry) else "translated" if is_translated(entry) else ""


def digest(msgctxt: str | None, msgid: str, msgstr: str, state: str) -> str:
    """A short hash of an entry's English, translation and state ('translated', 'fuzzy' or '')."""
    key = f"{msgctxt or ''}\x04{msgid}\x00{msgstr}\x00{state if msgstr else ''}".encode()
    return hashlib.sha256(key).hexdigest()[:12]


def entry_digest(entry: polib.POEntry) -> str:
    """What the catalog holds for an entry, as an export records it."""
    return digest(entry.msgctxt, entry.msgid, entry.msgstr, _state(entry))


def exported_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries an export offers: every live entry with one English text."""
    return [e for e in catalog if e.msgid and not e.obsolete and not e.msgid_plural]


def catalog_to_xliff(
    catalog: polib.POFile, *, original: str, source_language: str, target_language: str,
    text_parameters: Collection[str] = (),
) -> str:
    """One catalog as an XLIFF 1.2 document; `text_parameters` names the shortcode parameters
    whose values are text (the rest of a shortcode is an inline code)."""
    store = _store_class()(sourcelanguage=source_language, targetlanguage=target_language)
    store.setfilename(store.getfilenode("NoName"), original)
    namespace = store.namespace
    for entry in exported_entries(catalog):
        unit = store.addsourceunit(entry.msgid, filename=original)
        unit.setid(unit_id(entry))
        source = inline.tokenize(entry.msgid, text_parameters=text_parameters)
        inline.fill(unit.xmlelement.find(store.namespaced("source")), source, namespace)
        if entry.msgstr:
            unit.settarget(entry.msgstr, lang=target_language)
            unit.set_state_n(unit.S_NEEDS_REVIEW if is_fuzzy(entry) else unit.S_TRANSLATED)
            target = inline.matched(source, inline.tokenize(entry.msgstr,
                                                            text_parameters=text_parameters))
            inline.fill(unit.xmlelement.find(store.namespaced("target")), target, namespace)
        for origin, text in (("developer", entry.comment), ("translator", entry.tcomment)):
            for line in (text or "").split("\n"):
                unit.addnote(line, origin=origin)
        unit.addnote(f"{entry_digest(entry)}: what the catalog held when this file was "
                     "exported (keep this note)", origin=TRANSKIT_NOTE)
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
    """A trans-unit as a CAT tool left it: its texts, and their inline codes as pieces."""

    id: str
    source: str
    target: str
    state: TargetState
    line: int
    exported: str | None = None  # what the catalog held at the export (`entry_digest`)
    source_pieces: tuple[Piece, ...] = ()
    target_pieces: tuple[Piece, ...] = ()
    target_codes: bool = False  # the target holds inline elements (else plain text)

    def markup_problems(self, text_parameters: Collection[str]) -> list[str]:
        """The inline codes of the source that the target lost or invented. A target of plain
        text (a tool that writes codes out as text) is read for its markup."""
        if self.target_codes:
            return inline.problems(self.source_pieces, self.target_pieces)
        if not inline.codes(self.source_pieces) and not any(
                ch in self.target for ch in "`*_~[]<>{}\\"):
            return []
        theirs = inline.tokenize(self.target, text_parameters=text_parameters)
        return inline.problems(self.source_pieces, inline.matched(self.source_pieces, theirs))


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


def _unit(store: Any, element: Any, source_node: Any) -> XliffUnit:
    source = inline.read(source_node)
    known = inline.by_id(source)
    target_node = element.find(store.namespaced("target"))
    target = [] if target_node is None else _joined(store, element, target_node, known)
    source_text, target_text = inline.join(source), inline.join(target)
    state = None if target_node is None else target_node.get("state")
    exported = None
    for note in element.iter(store.namespaced("note")):
        found = _DIGEST.search(note.text or "") if note.get("from") == TRANSKIT_NOTE else None
        if found:
            exported = found.group(1)
    return XliffUnit(element.get("id") or "", source_text, target_text,
                     _target_state(state, element, target_text, source_text),
                     element.sourceline or 0, exported, tuple(source), tuple(target),
                     target_node is not None and inline.has_codes(target_node))


def _segments(store: Any, node: Any) -> list[Any]:
    return [m for m in node.iter(store.namespaced("mrk")) if m.get("mtype") == "seg"]


def _joined(store: Any, element: Any, target: Any,
            known: dict[tuple[str, inline.Role], str]) -> list[Piece]:
    """A target's pieces; segments (`<mrk mtype="seg">`) joined back into one text, with the
    source's spaces between segments where the tool left none."""
    segments = _segments(store, target)
    if not segments:
        return inline.read(target, known)
    seg_source = element.find(store.namespaced("seg-source"))
    gaps = {}
    if seg_source is not None:
        gaps = {m.get("mid"): m.tail or "" for m in _segments(store, seg_source)}
    pieces: list[Piece] = [target.text or ""]
    for i, mark in enumerate(segments):
        pieces.extend(inline.read(mark, known))
        tail = mark.tail or ""
        if not tail and i < len(segments) - 1:
            tail = gaps.get(mark.get("mid"), "")
        pieces.append(tail)
    return [p for p in pieces if p != ""]


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
    """A catalog with the targets of an XLIFF file put in, and what happened to each unit:
    `clashed`, revised in the catalog and in the CAT tool since the export (the catalog's kept,
    the tool's beside it); `newer`, revised in the catalog only (the file's is as exported)."""

    catalog: polib.POFile
    imported: int
    unchanged: int
    skipped: tuple[SkippedUnit, ...]
    clashed: tuple[SkippedUnit, ...] = ()
    newer: tuple[SkippedUnit, ...] = ()


def merge_xliff(catalog: polib.POFile, units: Sequence[XliffUnit], *, path: str,
                label: str = "XLIFF", text_parameters: Collection[str] = ()) -> Merged:
    """The catalog with each unit's target where the unit's English is an entry's English;
    the catalog given is left as it was. Units whose English changed since the export, or that
    the catalog does not have, or whose target lost or invented an inline code, are skipped and
    reported; every other entry stays as it was.

    A unit whose entry changed in the catalog since the export (its recorded `entry_digest`
    differs) never overwrites it: when the file brings the text as exported, the catalog's
    stays (`newer`); when the translator revised it too, the catalog's stays, fuzzy, with the
    file's in a translator comment named by `label` (`# other translation (LABEL): …`), as
    merge-po keeps a clash (`clashed`). A unit without a record imports as it always did."""
    live = exported_entries(catalog)
    by_id = {unit_id(e): e for e in live}
    by_english = {e.msgid: e for e in live}
    drifted = {e.previous_msgid: e for e in live if e.previous_msgid}
    removed = {e.msgid for e in catalog if e.obsolete}
    changes: dict[int, polib.POEntry] = {}
    imported = unchanged = 0
    skipped: list[SkippedUnit] = []
    clashed: list[SkippedUnit] = []
    newer: list[SkippedUnit] = []
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
            continue
        broken = unit.markup_problems(text_parameters) if unit.target != entry.msgstr else []
        if broken:
            skipped.append(SkippedUnit(path, unit.line, unit.id, "its translation "
                                       + "; ".join(broken) + "; fix the tags in the CAT tool "
                                       "and export the file again"))
            continue
        if unit.exported is not None and unit.exported != entry_digest(entry) \
                and entry.msgstr:
            where = f"the catalog's entry (line {entry.linenum}) changed since the export"
            if unit.target == entry.msgstr or _as_exported(entry, unit):
                newer.append(SkippedUnit(path, unit.line, unit.id, f"{where}, and this file "
                                         "has the translation as it was exported; the "
                                         "catalog's is kept"))
                unchanged += 1
                continue
            changes[id(entry)] = _beside(entry, unit.target, label)
            clashed.append(SkippedUnit(path, unit.line, unit.id, f"{where}; its translation "
                                       "stays, fuzzy, with this file's in a comment "
                                       f"(# other translation ({label}): …)"))
            continue
        changes[id(entry)] = new
        imported += 1
    return Merged(_replaced(catalog, changes), imported, unchanged, tuple(skipped),
                  tuple(clashed), tuple(newer))


def _as_exported(entry: polib.POEntry, unit: XliffUnit) -> bool:
    """Whether the unit's target is the text the catalog held at the export (in either state:
    a translator who only confirmed it revised nothing)."""
    return unit.exported in {digest(entry.msgctxt, entry.msgid, unit.target, state)
                             for state in ("translated", "fuzzy")}


def _beside(entry: polib.POEntry, other: str, label: str) -> polib.POEntry:
    """A copy of the entry, fuzzy, with another translation in a translator comment."""
    new = clone(entry)
    new.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
    comment = other_translation(label, other)
    if comment not in (entry.tcomment or ""):
        new.tcomment = "\n".join(x for x in (entry.tcomment, comment) if x)
    return new


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
    out = empty_like(catalog)
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

