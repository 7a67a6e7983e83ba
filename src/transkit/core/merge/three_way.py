"""Three versions of a catalog -> one: a merge entry by entry that knows which translation was
made for which English.

Entries are keyed as gettext keys them, by (msgctxt, msgid), obsolete entries included, and each
is merged field by field against the common ancestor (the base):

- **the English side** of an entry (live or obsolete, references, extracted comments, its plural
  msgid) follows the side that changed it, which is the side that synced; when both synced
  different English, the lines each side moved a unit by add up, as in the merged source;
- **the translation** (msgstr, the fuzzy flag and the previous msgid, which together say which
  English the translation was made for) follows the side that changed it; the same change on
  both sides is one change. Two different translations of the same English are a *clash*: one
  stays (a finished one before a fuzzy one, then the side with the later PO-Revision-Date, then
  ours), the entry becomes fuzzy, and the other goes into a translator comment
  (``# other translation (LABEL): ...``), where every PO editor shows it;
- translator comments merge line by line, other flags as sets.

Across entries:

- a translation made on one side for English that the other side changed and synced is
  *carried* to the new English as fuzzy, with the English it was made for as previous msgid
  (``#|``), never as a finished translation. The other side's sync names the new entry: its
  previous msgid is the old English. An untranslated entry leaves no such trace (sync keeps no
  previous msgid without a translation), so then the new entry is found as sync finds it, by
  rapidfuzz similarity among the other side's new, untranslated entries;
- an entry deleted (or made obsolete) on one side and translated on the other keeps the
  translation, obsolete (its English is gone); an obsolete entry one side pruned and the other
  brought back to life (its English returned) stays live;
- header: the later PO-Revision-Date wins, with its Last-Translator; other fields merge one by
  one, the later side winning where both changed one.

Order: live entries follow the side whose English changed (whose live entries differ from the
base's), so that after the sources merge too, ``transkit sync`` has nothing left to change; the
drift comments (``#. drift:``, ``#. diff:``) are those sync writes for the merged entry.

`two_way_base` stands in for a missing base (a conflict-marked file without diff3 sections).
Pure: no file system, and the catalogs given are left as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

import polib
from rapidfuzz import fuzz

from ..po.catalog import empty_catalog
from ..po.entries import OTHER_TRANSLATION, clone, fold, other_translation
from ..sync.comments import DIFF_PREFIX, DRIFT_PREFIX, drift_comments
from ..sync.update import CUTOFF
from .model import MergeAction, MergeNote

Key = tuple[str | None, str]  # (msgctxt, msgid): how gettext tells entries apart
T = TypeVar("T")

OTHER_PREFIX = OTHER_TRANSLATION  # starts the translator comment that keeps a clash's loser
REVISION = "PO-Revision-Date"
TRANSLATOR = "Last-Translator"


class Side(StrEnum):
    OURS = "ours"
    THEIRS = "theirs"

    @property
    def other(self) -> Side:
        return Side.THEIRS if self is Side.OURS else Side.OURS


@dataclass(frozen=True)
class Labels:
    """How the two sides are named in the comments a merge writes (branch names, say)."""

    ours: str = "ours"
    theirs: str = "theirs"

    def of(self, side: Side) -> str:
        return self.ours if side is Side.OURS else self.theirs


@dataclass(frozen=True)
class MergeResult:
    catalog: polib.POFile
    notes: tuple[MergeNote, ...]


@dataclass(frozen=True)
class Translation:
    """The part of an entry a translator owns: the text and which English it was made for."""

    forms: tuple[str, ...]  # (msgstr,) or msgstr[0], msgstr[1], ...
    plural: bool
    fuzzy: bool
    previous: tuple[str | None, str | None, str | None]  # msgctxt, msgid, msgid_plural (#|)

    @property
    def done(self) -> bool:
        """Translated and not fuzzy: a finished translation."""
        return self.present and not self.fuzzy

    @property
    def present(self) -> bool:
        return any(self.forms)


_NO_PREVIOUS: tuple[str | None, str | None, str | None] = (None, None, None)


def translation_of(entry: polib.POEntry) -> Translation:
    """An entry's translation, normalised as gettext writes it (no fuzzy flag or previous msgid
    on an entry without a translation, no previous msgid on a finished one)."""
    plural = bool(entry.msgid_plural)
    forms = (
        tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        if plural else (entry.msgstr,)
    )
    fuzzy = "fuzzy" in entry.flags and any(forms)
    previous = (
        (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
        if fuzzy else _NO_PREVIOUS
    )
    return Translation(forms, plural, fuzzy, previous)


def _set_translation(entry: polib.POEntry, translation: Translation) -> None:
    if translation.plural:
        entry.msgstr_plural = dict(enumerate(translation.forms))
        entry.msgstr = ""
    else:
        entry.msgstr = translation.forms[0] if translation.forms else ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if translation.fuzzy:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = (
        translation.previous
    )


def made_for(entry: polib.POEntry) -> str:
    """The English an entry's translation was made for: its previous msgid while it is fuzzy."""
    if "fuzzy" in entry.flags and entry.previous_msgid:
        return entry.previous_msgid
    return entry.msgid


def carried(source: polib.POEntry, target: polib.POEntry) -> Translation:
    """`source`'s translation on `target`'s English, as sync would carry it: fuzzy, with the
    English it was made for as previous msgid, unless that is the same English up to
    whitespace."""
    own = translation_of(source)
    english = made_for(source)
    if fold(english) == fold(target.msgid) and (not own.fuzzy or own.previous[1]):
        return Translation(own.forms, own.plural, False, _NO_PREVIOUS)
    context = source.previous_msgctxt if own.fuzzy and own.previous[1] else source.msgctxt
    return Translation(own.forms, own.plural, True, (context, english, None))


def key_of(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _index(catalog: polib.POFile) -> dict[Key, polib.POEntry]:
    return {key_of(e): e for e in catalog if e.msgid}


def _pick(base: T | None, ours: T, theirs: T, prefer: Side) -> tuple[T, bool]:
    """The three-way merge of one value: (the merged value, whether both sides changed it
    differently, in which case the preferred side's value)."""
    if ours == theirs:
        return ours, False
    if base is not None and ours == base:
        return theirs, False
    if base is not None and theirs == base:
        return ours, False
    return (ours if prefer is Side.OURS else theirs), True


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _merge_lines(base: str, ours: str, theirs: str) -> str:
    """Translator comments: each side's lines, less those one side removed from the base."""
    old = set(_lines(base))
    kept_ours = [ln for ln in _lines(ours) if ln not in old or ln in _lines(theirs)]
    added = [ln for ln in _lines(theirs) if ln not in old and ln not in kept_ours]
    return "\n".join(kept_ours + added)


def _merge_flags(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """Flags other than fuzzy, as sets: kept where both have them or one side added them."""
    def keep(flag: str) -> bool:
        return (flag in ours and flag in theirs) or flag not in base

    out = [f for f in ours if f != "fuzzy" and keep(f)]
    out += [f for f in theirs if f != "fuzzy" and keep(f) and f not in out]
    return out


def _labels(entry: polib.POEntry) -> str:
    """The extracted comments, less the drift lines sync derives from the translation."""
    return "\n".join(
        ln for ln in _lines(entry.comment) if not ln.startswith((DRIFT_PREFIX, DIFF_PREFIX))
    )


@dataclass
class _Merge:
    """The state of one merge: the three catalogs indexed, and what was decided."""

    base: dict[Key, polib.POEntry]
    ours: dict[Key, polib.POEntry]
    theirs: dict[Key, polib.POEntry]
    labels: Labels
    later: Side  # the side with the later PO-Revision-Date (ours on a tie)
    english: Side  # the side whose English changed: its order and fields win a tie
    synced: frozenset[Side]
    apart: bool  # both sides synced, to different English: the lines they moved add up
    notes: list[MergeNote] = field(default_factory=list)

    def side(self, side: Side) -> dict[Key, polib.POEntry]:
        return self.ours if side is Side.OURS else self.theirs


def merge_catalogs(
    base: polib.POFile, ours: polib.POFile, theirs: polib.POFile, *, labels: Labels = Labels()
) -> MergeResult:
    """Merge two versions of a catalog that share an ancestor; a report says what was decided.

    The catalogs given are left as they were. See the module's docstring for the rules.
    """
    english = {side: _english(c) for side, c in ((Side.OURS, ours), (Side.THEIRS, theirs))}
    synced = frozenset(side for side, found in english.items() if found != _english(base))
    state = _Merge(_index(base), _index(ours), _index(theirs), labels,
                   later=_later_side(ours, theirs),
                   english=Side.THEIRS if synced == {Side.THEIRS} else Side.OURS,
                   synced=synced,
                   apart=len(synced) == 2 and english[Side.OURS] != english[Side.THEIRS])
    merged: dict[Key, polib.POEntry] = {}
    orphans: list[tuple[Side, polib.POEntry]] = []
    for key in dict.fromkeys([*state.base, *state.ours, *state.theirs]):
        entry, orphan = _merge_key(state, key)
        if entry is not None:
            merged[key] = entry
        if orphan is not None:
            orphans.append(orphan)
    _place_orphans(state, merged, orphans)
    if state.apart:
        _shift_added(state, merged)
    catalog = empty_catalog()
    catalog.header, catalog.metadata, catalog.metadata_is_fuzzy = _merge_header(
        base, ours, theirs, state.later)
    for entry in _ordered(state, merged):
        if not entry.obsolete:  # as sync writes them: the unit's labels, then its drift
            entry.comment = "\n".join([*_lines(_labels(entry)), *drift_comments(entry)])
        catalog.append(entry)
    return MergeResult(catalog, tuple(state.notes))


def _english(catalog: polib.POFile) -> list[tuple[Key, tuple[tuple[str, str], ...]]]:
    """What sync derives from the sources: the live entries in order, with their references."""
    return [(key_of(e), tuple(e.occurrences)) for e in catalog if e.msgid and not e.obsolete]


def _merge_key(
    state: _Merge, key: Key
) -> tuple[polib.POEntry | None, tuple[Side, polib.POEntry] | None]:
    """One key's merged entry (None: gone), and the entry of a side that translated it where
    the other side dropped it (placed later, when every key is merged)."""
    base, ours, theirs = state.base.get(key), state.ours.get(key), state.theirs.get(key)
    if ours is not None and theirs is not None:
        return _merge_entry(state, base, ours, theirs), None
    present = ours if ours is not None else theirs
    if present is None:
        return None, None  # deleted on both sides
    side = Side.OURS if ours is not None else Side.THEIRS
    if base is None:
        return clone(present), None  # added on one side
    if base.obsolete and not present.obsolete:
        # its English came back on one side, the other pruned the obsolete entry: live
        state.notes.append(MergeNote(MergeAction.KEPT, present.msgid,
                                     f"back on {state.labels.of(side)}, pruned on "
                                     f"{state.labels.of(side.other)}"))
        return clone(present), None
    if translation_of(present) == translation_of(base) and present.tcomment == base.tcomment:
        return None, None  # deleted on one side, untouched on the other: deleted
    if not translation_of(present).present:
        return None, None  # a translation removed on one side, the entry on the other
    return None, (side, present)


def _merge_entry(
    state: _Merge, base: polib.POEntry | None, ours: polib.POEntry, theirs: polib.POEntry
) -> polib.POEntry:
    """An entry both sides have: field by field against the base (None: added on both)."""
    english = state.english
    entry = clone(ours if english is Side.OURS else theirs)

    def three(get: Callable[[polib.POEntry], T], prefer: Side = english) -> tuple[T, bool]:
        return _pick(get(base) if base is not None else None, get(ours), get(theirs), prefer)

    entry.obsolete = three(lambda e: e.obsolete)[0]
    entry.msgid_plural = three(lambda e: e.msgid_plural)[0]
    entry.comment = three(_labels)[0]
    occurrences, _ = three(lambda e: tuple(e.occurrences))
    if base is not None and state.apart and base.occurrences not in (ours.occurrences,
                                                                     theirs.occurrences):
        # both sides moved it, by edits of their own (even when by as many lines)
        occurrences = _shifted(base, ours, theirs) or occurrences
    entry.occurrences = list(occurrences)
    entry.tcomment = _merge_lines(base.tcomment if base is not None else "",
                                  ours.tcomment, theirs.tcomment)
    entry.flags = _merge_flags(base.flags if base is not None else (), ours.flags, theirs.flags)
    translation, clash = three(translation_of, state.later)
    if clash:
        translation = _clash(state, entry, translation_of(ours), translation_of(theirs))
    _set_translation(entry, translation)
    if entry.obsolete and base is not None and translation != translation_of(base):
        live = next((s for s, e in ((Side.OURS, ours), (Side.THEIRS, theirs))
                     if not e.obsolete), None)
        if live is not None:
            state.notes.append(MergeNote(
                MergeAction.KEPT_OBSOLETE, entry.msgid,
                f"translated on {state.labels.of(live)}, obsolete on "
                f"{state.labels.of(live.other)}"))
    return entry


def _shifted(base: polib.POEntry, ours: polib.POEntry,
             theirs: polib.POEntry) -> tuple[tuple[str, str], ...] | None:
    """References both sides moved: each side's shift added, as the merged source has them
    when its text merge was clean; None when they cannot be paired one to one."""
    b, o, t = base.occurrences, ours.occurrences, theirs.occurrences
    if not len(b) == len(o) == len(t):
        return None
    out = []
    for (bp, bl), (op, ol), (tp, tl) in zip(b, o, t, strict=True):
        if not (bp == op == tp and bl.isdigit() and ol.isdigit() and tl.isdigit()):
            return None
        out.append((bp, str(int(ol) + int(tl) - int(bl))))
    return tuple(out)


def _shift_added(state: _Merge, merged: dict[Key, polib.POEntry]) -> None:
    """When both sides synced, the references of units one side added move by the lines the
    other side added or removed above them: its shift at the nearest unit before them that
    all three versions have."""
    for side in Side:
        other = state.side(side.other)
        shift = 0
        for key, entry in state.side(side).items():
            if entry.obsolete:
                continue
            base, there = state.base.get(key), other.get(key)
            if base is not None and there is not None:
                shift = _line_shift(base, there, shift)
            elif base is None and there is None and key in merged and shift:
                merged[key].occurrences = [(path, str(int(line) + shift) if line.isdigit()
                                            else line) for path, line in entry.occurrences]


def _line_shift(base: polib.POEntry, there: polib.POEntry, default: int) -> int:
    """How far `there` moved the entry's first reference from the base's."""
    if base.occurrences and there.occurrences:
        (path, old), (path_there, new) = base.occurrences[0], there.occurrences[0]
        if path == path_there and old.isdigit() and new.isdigit():
            return int(new) - int(old)
    return default


def _clash(state: _Merge, entry: polib.POEntry, ours: Translation,
           theirs: Translation) -> Translation:
    """Two sides translated the same English differently: keep one, fuzzy, and the other in a
    translator comment. A removed translation or a fuzzy flag alone is no clash."""
    if not ours.present or not theirs.present:
        return ours if ours.present else theirs
    if ours.forms == theirs.forms:
        return ours if ours.done or not theirs.done else theirs
    # a finished translation before a fuzzy one, then the later revision
    winner = state.later if ours.done == theirs.done else (
        Side.OURS if ours.done else Side.THEIRS)
    kept, other = (ours, theirs) if winner is Side.OURS else (theirs, ours)
    _keep_other(entry, other, state.labels.of(winner.other))
    state.notes.append(MergeNote(MergeAction.CLASH, entry.msgid,
                                 f"kept {state.labels.of(winner)}'s translation, fuzzy; "
                                 f"{state.labels.of(winner.other)}'s is in a comment"))
    return Translation(kept.forms, kept.plural, True, kept.previous if kept.fuzzy
                       else _NO_PREVIOUS)


def _keep_other(entry: polib.POEntry, other: Translation, label: str,
                english: str | None = None) -> None:
    """Add a translation that lost a clash to the entry's translator comments (once)."""
    lines = _lines(entry.tcomment)
    for number, form in enumerate(other.forms):
        if not form:
            continue
        which = f" [{number}]" if other.plural else ""
        comment = other_translation(label, form, english=english, which=which)
        if comment not in "\n".join(lines):
            lines.extend(comment.split("\n"))
    entry.tcomment = "\n".join(lines)


def _place_orphans(state: _Merge, merged: dict[Key, polib.POEntry],
                   orphans: list[tuple[Side, polib.POEntry]]) -> None:
    """Translations whose entry the other side dropped: carried to the English that replaced
    theirs there (fuzzy), else kept (obsolete when the other side synced the English away)."""
    claimed: set[Key] = set()
    left: list[tuple[Side, polib.POEntry]] = []
    for side, entry in orphans:
        # the other side's sync names, as previous msgid, the English the base's translation
        # was made for: this entry's, or the one before it while the entry was fuzzy
        base = state.base[key_of(entry)]
        drifted = "fuzzy" in base.flags and bool(base.previous_msgid)
        names = {key_of(entry),
                 (base.previous_msgctxt if drifted else base.msgctxt, made_for(base))}
        targets = [k for k, e in merged.items() if not e.obsolete and k not in state.base
                   and (e.previous_msgctxt, e.previous_msgid) in names
                   and k in state.side(side.other)]
        for target in targets:
            _carry(state, side, entry, merged[target])
            claimed.add(target)
        if not targets:
            left.append((side, entry))
    for side, entry, similar in _similar(state, merged, left, claimed):
        if similar is not None:
            _carry(state, side, entry, merged[similar])
            continue
        kept = clone(entry)  # its English is gone from the other side's sources
        kept.obsolete, kept.occurrences, kept.comment = True, [], ""
        state.notes.append(MergeNote(MergeAction.KEPT_OBSOLETE, entry.msgid,
                                     f"translated on {state.labels.of(side)}, "
                                     f"deleted on {state.labels.of(side.other)}"))
        merged[key_of(entry)] = kept


def _similar(
    state: _Merge, merged: dict[Key, polib.POEntry], orphans: list[tuple[Side, polib.POEntry]],
    claimed: set[Key],
) -> Iterable[tuple[Side, polib.POEntry, Key | None]]:
    """Each orphan with the new, untranslated entry of the other side that is most like it
    (rapidfuzz ratio of at least sync's CUTOFF), one to one, the best pairs first; or None."""
    pairs = []
    for n, (side, entry) in enumerate(orphans):
        if state.base.get(key_of(entry)) is None:
            continue
        for key, other in state.side(side.other).items():
            result = merged.get(key)
            if (key in state.base or key in state.side(side) or key in claimed
                    or other.obsolete or result is None
                    or translation_of(result).present or other.msgctxt != entry.msgctxt):
                continue
            score = fuzz.ratio(entry.msgid, other.msgid, score_cutoff=CUTOFF)
            if score:
                pairs.append((-score, n, key))
    found: dict[int, Key] = {}
    for _, n, key in sorted(pairs):
        if n not in found and key not in claimed:
            found[n] = key
            claimed.add(key)
    for n, (side, entry) in enumerate(orphans):
        yield side, entry, found.get(n)


def _carry(state: _Merge, side: Side, source: polib.POEntry, target: polib.POEntry) -> None:
    """Put `source`'s translation (made on `side`) on `target`, the other side's entry for the
    English that replaced the source's: fuzzy, never finished, unless the other side had
    translated the new English itself (then that stays, fuzzy, and this one is a comment)."""
    base = state.base.get(key_of(source))
    current = translation_of(target)
    inherited = base is not None and current.forms == translation_of(base).forms
    label = state.labels.of(side)
    new = carried(source, target)
    if current.present and not inherited and current.forms != new.forms:
        _keep_other(target, new, label, english=made_for(source))
        _set_translation(target, Translation(current.forms, current.plural, True,
                                             current.previous))
        detail = f"{label}'s translation for the earlier English is in a comment; fuzzy"
    else:
        _set_translation(target, new)
        detail = f"{label}'s translation of the earlier English, " + (
            "fuzzy" if new.fuzzy else "the same English up to whitespace")
    old = base.tcomment if base is not None else ""
    target.tcomment = _merge_lines(old, target.tcomment, source.tcomment)
    state.notes.append(MergeNote(MergeAction.CARRIED, target.msgid, detail))


def _ordered(state: _Merge, merged: dict[Key, polib.POEntry]) -> list[polib.POEntry]:
    """Live entries in the order of the side whose English changed, the other side's own ones
    after their neighbours; then the obsolete ones, in the same way."""
    first = state.side(state.english)
    second = state.side(state.english.other)
    keys = [k for k in _order(list(first), list(second)) if k in merged]
    placed = set(keys)
    keys += [k for k in merged if k not in placed]
    live = [merged[k] for k in keys if not merged[k].obsolete]
    return live + [merged[k] for k in keys if merged[k].obsolete]


def _order(first: list[Key], second: list[Key]) -> list[Key]:
    """`first`, with the keys only `second` has inserted after the key before them there."""
    after: dict[Key | None, list[Key]] = {}  # key -> the keys to insert right after it
    placed = set(first)
    before: Key | None = None
    for key in second:
        if key in placed:
            before = key
            continue
        after.setdefault(before, []).append(key)
    out = list(after.get(None, []))
    for key in first:
        out.append(key)
        out += after.get(key, [])
    return out


# --- the header ----------------------------------------------------------------------------------


def revision_date(catalog: polib.POFile) -> datetime | None:
    """The catalog's PO-Revision-Date, None when it is the template's placeholder or unreadable."""
    value = catalog.metadata.get(REVISION, "").strip()
    for pattern in ("%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def _later_side(ours: polib.POFile, theirs: polib.POFile) -> Side:
    mine, other = revision_date(ours), revision_date(theirs)
    if other is not None and (mine is None or other > mine):
        return Side.THEIRS
    return Side.OURS


def _merge_header(
    base: polib.POFile, ours: polib.POFile, theirs: polib.POFile, later: Side
) -> tuple[str, dict[str, str], bool]:
    """The header comment, fields and fuzzy mark: the later revision's date and translator,
    the other fields one by one (the later side's where both changed one)."""
    winner = ours if later is Side.OURS else theirs
    fields: dict[str, str] = {}
    for name in dict.fromkeys([*ours.metadata, *theirs.metadata]):
        if name in (REVISION, TRANSLATOR) and name in winner.metadata:
            fields[name] = winner.metadata[name]
            continue
        value, _ = _pick(base.metadata.get(name), ours.metadata.get(name),
                         theirs.metadata.get(name), later)
        if value is not None:
            fields[name] = value
    header, _ = _pick(base.header, ours.header, theirs.header, later)
    fuzzy, _ = _pick(base.metadata_is_fuzzy, ours.metadata_is_fuzzy, theirs.metadata_is_fuzzy,
                     later)
    return header, fields, bool(fuzzy)


# --- without a base ------------------------------------------------------------------------------


def english_side(ours: polib.POFile, theirs: polib.POFile) -> Side:
    """Without a base: the side whose English looks newer. Its live entries name English the
    other side still has live as their previous msgid, or it has made such English obsolete."""
    def evidence(side: polib.POFile, other: polib.POFile) -> int:
        live = {key_of(e) for e in other if e.msgid and not e.obsolete}
        mine = {key_of(e) for e in side if e.msgid and not e.obsolete}
        moved = sum(1 for e in side if not e.obsolete and e.previous_msgid
                    and (e.previous_msgctxt, e.previous_msgid) in live - mine)
        dropped = sum(1 for e in side if e.obsolete and key_of(e) in live)
        return moved + dropped

    return Side.THEIRS if evidence(theirs, ours) > evidence(ours, theirs) else Side.OURS


def two_way_base(ours: polib.POFile, theirs: polib.POFile) -> polib.POFile:
    """A stand-in base for two versions whose ancestor is lost.

    An entry both sides hold alike is its own base. Any other entry is given the older side's
    English fields (the side `english_side` does not choose), so that the newer side's English
    wins, and as translation the one the newer side's sync left alone: the translation of the
    entry it made obsolete, or of the entry it carried to new English; the same text on both
    sides, so that a fuzzy flag on either side stays; otherwise none, so that two different
    translations are a clash. Header fields both sides agree on are the base's.
    """
    newer = english_side(ours, theirs)
    older_side, newer_side = (theirs, ours) if newer is Side.OURS else (ours, theirs)
    newer_index = _index(newer_side)
    moved = {(e.previous_msgctxt, e.previous_msgid): e for e in newer_side
             if e.msgid and not e.obsolete and e.previous_msgid is not None}
    out = empty_catalog()
    out.metadata = {k: v for k, v in ours.metadata.items() if theirs.metadata.get(k) == v}
    out.header = ours.header if ours.header == theirs.header else ""
    out.metadata_is_fuzzy = ours.metadata_is_fuzzy and theirs.metadata_is_fuzzy
    for entry in older_side:
        if not entry.msgid:
            continue
        same = newer_index.get(key_of(entry))
        if same is not None and _alike(entry, same):
            out.append(clone(entry))
            continue
        if same is not None and same.obsolete and not entry.obsolete:
            left = translation_of(same)  # sync made it obsolete and kept its translation
        elif same is not None and translation_of(same).forms == translation_of(entry).forms:
            # the same text, fuzzy on one side only: the fuzzy flag counts as the change, so
            # it stays (a side of a text merge may pair new English with an old translation)
            left = translation_of(entry)
        elif same is None and key_of(entry) in moved:
            left = translation_of(moved[key_of(entry)])  # sync carried it to new English
        else:
            left = Translation(tuple("" for _ in translation_of(entry).forms),
                               bool(entry.msgid_plural), False, _NO_PREVIOUS)
        stand_in = clone(entry)
        _set_translation(stand_in, Translation(left.forms, left.plural, False, _NO_PREVIOUS))
        stand_in.tcomment = ""
        out.append(stand_in)
    return out


def _alike(a: polib.POEntry, b: polib.POEntry) -> bool:
    return (translation_of(a), a.obsolete, a.occurrences, a.tcomment, _labels(a), a.flags) == (
        translation_of(b), b.obsolete, b.occurrences, b.tcomment, _labels(b), b.flags)
