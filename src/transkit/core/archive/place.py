"""An existing translation -> a catalog: place the aligned units, list what found no place.

The steps, all in memory:

1. align the translated units with the English the translation was made from (`core.align`);
   a translation with next to no support from the alignment is another article's, and refused;
2. make that English's catalog and fill it: a sure link gives a translation, an uncertain one a
   fuzzy translation, an English unit without a counterpart stays untranslated; a translated unit
   that repeats its English word for word is English left standing (a built edition's fallback),
   not a translation;
3. carry the catalog to today's English with the normal sync (`core.sync.sync_catalog`), so
   paragraphs changed since come out fuzzy with their previous English and drift comments;
4. merge it into the catalog there is (translations in it are kept unless told otherwise).

Nothing is dropped without a word: every translated unit with no English counterpart, every
piece of translated text outside the units (HTML, code, untranslated front-matter keys), every
second translation of a repeated English unit and every translation whose English has since been
removed is listed as `NotPlaced`, and the first three are also kept as a translator comment
(`# not placed (FILE:LINE): TEXT`) on the entry nearest to where they stood.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import polib

from ...errors import NotATranslation
from ..po.catalog import empty_like, has_translation, is_fuzzy, is_translated
from ..po.entries import clone, fold
from ..source.model import Document, Segment, SegmentKind, Slot
from ..sync.comments import drift_comments
from ..sync.update import sync_catalog
from .align import Alignment, Link, align, diagonal, letters, references
from .model import NotPlaced, Unplaced

# a translation is another article's when less than MIN_SUPPORT of its text is in links with
# evidence for them and all the evidence adds up to less than MIN_EVIDENCE: on 659 real pairs
# this refuses none aligned with their own English, and 86 % of them aligned with another page
# of their site (docs/import-vs-po4a.md)
MIN_SUPPORT = 0.2
MIN_EVIDENCE = 5.0
NOT_PLACED = "not placed"
# front-matter keys transkit's build writes itself: never a translator's text
BUILD_KEYS = ("lang", "translationKey", "editions", "draft")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=\S)")
_BOLD = re.compile(r"^(\*\*|__)(.+)\1([:.]?)$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Translated:
    """A translated article as import reads it: units, text, and where it came from."""

    document: Document
    text: str  # as segmented (see `store.files.read_text_file`)
    shown: str  # the file as the user named it
    offset: int = 0  # lines taken off its top before segmenting (blank lines before front matter)
    name: str = ""  # the file as catalogs name it (never an absolute path); '' for `shown`

    @property
    def written(self) -> str:
        """The file's name in the comments written into a catalog."""
        return self.name or self.shown


@dataclass(frozen=True)
class Imported:
    """The catalog an import made (carried to today's English) and what it did."""

    catalog: polib.POFile
    imported: int
    fuzzy: int
    not_placed: tuple[NotPlaced, ...]
    letters: int
    letters_placed: int


def translated_letters(text: str, script: str, english_words: frozenset[str]) -> int:
    """Letters of translated text: of the translation's script when that is not the English's,
    else the letters of words of three or more letters that the English does not have."""
    if script != "Latin":
        return letters(text, script)
    return sum(len(w) for w in _WORD.findall(text) if w.lower() not in english_words)


def vocabulary(*texts: str) -> frozenset[str]:
    """The lowercased words of the English texts (to tell translated Latin-script words)."""
    return frozenset(w.lower() for text in texts for w in _WORD.findall(text))


def import_catalog(
    base: polib.POFile,
    english_then: Document,
    english_now: Document,
    translation: Translated,
    *,
    english_text: str,
    reference: str,
    script: str,
    since: str = "",
    today_text: str | None = None,
) -> Imported:
    """`base` (an empty catalog with its header) filled from `translation`, aligned with
    `english_then` (whose text is `english_text`) and carried to `english_now` (whose text is
    `today_text`, when it is another); `since` names the revision of `english_then` for the
    report ('' when it is today's English)."""
    today = english_text if today_text is None else today_text
    # the English's words tell translated words only in a language written like it
    words = vocabulary(english_text, today) if script == "Latin" else frozenset()
    ours = english_then.segments
    alignment = _alignment(english_then, translation, english_text, script)
    catalog = sync_catalog(base, english_then, reference=reference).catalog
    lines: dict[str, int] = {}  # English -> the line of the translation placed with it
    unplaced = _fill(catalog, alignment, ours, translation, script, words, lines)
    carried = catalog  # made for today's English already, unless it is another
    if english_now is not english_then:
        carried = sync_catalog(catalog, english_now, reference=reference).catalog
        _rescue(carried, english_now, translation, script, english_text=today)
    _comment(carried, [(p, ours[i].text if i >= 0 else None) for p, i in unplaced],
             name=translation.written)
    removed = [NotPlaced(translation.shown, lines.get(e.msgid, 0), Unplaced.REMOVED, since,
                         e.msgstr,
                         translated_letters(e.msgstr, script, words))
               for e in carried if e.obsolete and has_translation(e)]
    active = [e for e in carried if not e.obsolete]
    # an entry stands for every place its English does (the build puts it in each)
    placed = sum(translated_letters(e.msgstr, script, words) * max(1, len(e.occurrences))
                 for e in active if has_translation(e))
    return Imported(
        carried,
        imported=sum(1 for e in active if is_translated(e)),
        fuzzy=sum(1 for e in active if is_fuzzy(e)),
        not_placed=tuple(sorted((p for p, _ in unplaced), key=lambda p: p.line)) + tuple(removed),
        letters=translated_letters(_body(translation.text), script, words),
        letters_placed=placed,
    )


def _alignment(english: Document, translation: Translated, english_text: str,
               script: str) -> Alignment:
    """Unit for unit when the translation is laid out as the English, else the alignment;
    a translation that next to nothing of aligns is refused."""
    found, fit = _aligned(english, translation, english_text, script)
    if not fit.accepted:
        raise NotATranslation(
            f"does not look like a translation of this article: only {fit.support:.0%} of its "
            "text aligns with the English; check that the file and the article match "
            "(--article ID), or import it against the English it was made from "
            "(--english-at REV)",
            path=translation.shown,
        )
    return found


@dataclass(frozen=True)
class Fit:
    """How well a translation aligns with one version of the English: the share of its text
    in links with evidence, and the evidence in all."""

    support: float
    evidence: float

    @property
    def accepted(self) -> bool:
        """Whether the translation is taken for a translation of this English at all."""
        return self.support >= MIN_SUPPORT or self.evidence >= MIN_EVIDENCE


def alignment_fit(english: Document, translation: Translated, english_text: str,
                  script: str) -> Fit:
    """How well `translation` aligns with `english` (one version of its article's English)."""
    return _aligned(english, translation, english_text, script)[1]


def _aligned(english: Document, translation: Translated, english_text: str,
             script: str) -> tuple[Alignment, Fit]:
    theirs = translation.document.segments
    refs = {"english_refs": references(english_text),
            "translated_refs": references(translation.text)}
    found = diagonal(english.segments, theirs, script=script, **refs) if same_skeleton(
        english, translation.document) else None
    if found is not None:
        return found, Fit(1.0, float("inf"))
    found = align(english.segments, theirs, script=script, **refs)
    lengths = [len(s.text) for s in theirs]
    total = sum(lengths)
    support = sum(lengths[j] for link in found.links if link.evidence > 0
                  for j in link.translated)
    return found, Fit(support / total if total else 1.0,
                      sum(link.evidence for link in found.links))


def _fill(catalog: polib.POFile, alignment: Alignment, ours: Sequence[Segment],
          translation: Translated, script: str, words: frozenset[str],
          lines: dict[str, int]) -> list[tuple[NotPlaced, int]]:
    """Put the linked translations into the catalog of `ours` (in place, and the line each came
    from into `lines`); the pieces of the translation that found no place, each with the English
    unit it stood nearest to."""
    theirs = translation.document.segments
    by_text = {e.msgid: e for e in catalog if not e.obsolete}
    filled: set[str] = set()
    unplaced: list[tuple[NotPlaced, int]] = []
    for link in alignment.links:
        for i, text, sure in _texts(link, ours, theirs):
            entry = by_text[ours[i].text]
            if fold(text) == fold(ours[i].text) or not text:
                continue  # the English left standing: not a translation
            if ours[i].text in filled:
                if text != entry.msgstr:
                    unit = theirs[link.translated[0]]
                    unplaced.append((_piece(unit, Unplaced.REPEATED, translation, script, words),
                                     i))
                continue
            filled.add(ours[i].text)
            lines[ours[i].text] = theirs[link.translated[0]].line + translation.offset
            entry.msgstr = text
            entry.flags = [] if sure else ["fuzzy"]
    nearest = _nearest_english(alignment, len(theirs))
    for j in alignment.unplaced:
        unplaced.append((_piece(theirs[j], Unplaced.EXTRA, translation, script, words),
                         nearest[j]))
    for piece, line in _outside(translation, script, words):
        unplaced.append((piece, nearest[_unit_before(theirs, line)]))
    return unplaced


def same_skeleton(english: Document, translated: Document) -> bool:
    """True when the translation is laid out exactly as the English, as a built edition (or
    po4a's output) is: the same skeleton with each unit's text replaced. The front-matter keys
    transkit's build adds do not count."""
    return _layout(english) == _layout(translated)


def _layout(document: Document) -> list[str | Slot]:
    out: list[str | Slot] = []
    for piece in document.skeleton:
        if isinstance(piece, str):
            piece = "\n".join(line for line in piece.split("\n")
                              if line.split(":", 1)[0] not in BUILD_KEYS)
            piece = piece.removeprefix("---\n---\n\n")  # a front matter of build keys only
            if not piece:
                continue
        out.append(piece)
    return out


def _rescue(catalog: polib.POFile, english_now: Document, translation: Translated, script: str,
            *, english_text: str) -> None:
    """Give translations the carry left obsolete (their English was rewritten beyond
    recognition) a second chance: where the translated unit aligns with today's English and
    that entry has no translation, it goes there fuzzy, its old English as the previous msgid,
    so the translator sees the change as drift (in place)."""
    orphans = {e.msgstr: e for e in catalog if e.obsolete and has_translation(e)}
    if not orphans:
        return
    ours, theirs = english_now.segments, translation.document.segments
    alignment = align(ours, theirs, script=script, english_refs=references(english_text),
                      translated_refs=references(translation.text))
    active = {e.msgid: e for e in catalog if not e.obsolete}
    for link in alignment.links:
        for i, text, _ in _texts(link, ours, theirs):
            entry, orphan = active.get(ours[i].text), orphans.get(text)
            if entry is None or orphan is None or has_translation(entry):
                continue
            entry.msgstr = text
            entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
            entry.previous_msgid = orphan.msgid
            entry.comment = "\n".join([entry.comment, *drift_comments(entry)])
            catalog.remove(orphan)
            del orphans[text]


def _texts(link: Link, ours: Sequence[Segment],
           theirs: Sequence[Segment]) -> Iterator[tuple[int, str, bool]]:
    """(English unit, its translation, sure) for each English unit of a link."""
    parts = [theirs[j] for j in link.translated]
    if len(link.english) == 1:
        (i,) = link.english
        text = " ".join(_fit(p.text, ours[i], p) for p in parts)
        yield i, text, link.sure
        return
    # one translated unit for two English ones: split it at the sentence that fits the lengths
    (part,) = parts
    first, second = (ours[i] for i in link.english)
    left, right = split_at_sentence(part.text, len(first.text) / max(
        1, len(first.text) + len(second.text)))
    yield link.english[0], _fit(left, first, part), False
    if right:
        yield link.english[1], _fit(right, second, part), False


def split_at_sentence(text: str, share: float) -> tuple[str, str]:
    """`text` cut at the sentence boundary closest to `share` of its length ('' when it is one
    sentence)."""
    cuts = [m.start() for m in _SENTENCE_END.finditer(text)]
    if not cuts:
        return text, ""
    best = min(cuts, key=lambda at: abs(at / len(text) - share))
    return text[:best].rstrip(), text[best:].strip()


def _fit(text: str, english: Segment, translated: Segment) -> str:
    """A translation written the way the English unit is: a heading translated as bold text
    loses the asterisks in a heading, and bold text translated as a heading gains them."""
    if english.kind == translated.kind:
        return text
    bold = _BOLD.match(text)
    if english.kind == SegmentKind.HEADING and bold:
        return bold.group(2) + bold.group(3)
    english_bold = _BOLD.match(english.text)
    if translated.kind == SegmentKind.HEADING and english_bold and not bold:
        return f"{english_bold.group(1)}{text}{english_bold.group(1)}{english_bold.group(3)}"
    return text


def _nearest_english(alignment: Alignment, count: int) -> list[int]:
    """For each translated unit (and -1 before the first), the English unit of the nearest
    placed translated unit before it (after it, for units before the first), else -1."""
    of: dict[int, int] = {}
    for link in alignment.links:
        for j in link.translated:
            of[j] = link.english[0]
    out: list[int] = []
    last = -1
    for j in range(count):
        last = of.get(j, last)
        out.append(last)
    first = next((of[j] for j in range(count) if j in of), -1)
    out = [first if x == -1 else x for x in out]
    out.append(first)  # index -1: text before the first unit
    return out


def _unit_before(units: Sequence[Segment], line: int) -> int:
    """The last unit that starts at or before `line`, -1 when there is none."""
    before = -1
    for k, unit in enumerate(units):
        if unit.line > line:
            break
        before = k
    return before


def _piece(unit: Segment, reason: Unplaced, translation: Translated, script: str,
           words: frozenset[str]) -> NotPlaced:
    return NotPlaced(translation.shown, unit.line + translation.offset, reason, unit.label,
                     unit.text,
                     translated_letters(unit.text, script, words))


def _outside(translation: Translated, script: str,
             words: frozenset[str]) -> Iterator[tuple[NotPlaced, int]]:
    """Runs of lines outside the units that hold translated text: HTML blocks, code, front-matter
    keys that are not translated by transkit; with the line each starts at."""
    skeleton = skeleton_lines(translation.document, translation.text.count("\n") + 1)
    kinds = _line_kinds(translation.text.split("\n"))
    run: list[int] = []
    for number in [*sorted(skeleton), 0]:
        if run and (number != run[-1] + 1 or kinds.get(number) != kinds.get(run[0])):
            text = "\n".join(skeleton[k] for k in run).strip()
            count = translated_letters(text, script, words)
            if count and not _build_key(skeleton[run[0]], kinds.get(run[0])):
                what = kinds.get(run[0], "text")
                yield NotPlaced(translation.shown, run[0] + translation.offset, Unplaced.OUTSIDE,
                                what, text, count), run[0]
            run = []
        if number and translated_letters(skeleton[number], script, words):
            run.append(number)


def _build_key(line: str, kind: str | None) -> bool:
    return kind == "front matter" and line.split(":", 1)[0].strip() in BUILD_KEYS


def skeleton_lines(document: Document, last_line: int) -> dict[int, str]:
    """The skeleton text on each line of the article (`last_line`: its number of lines).

    A skeleton piece is the source between two units, verbatim, and it ends on the line where
    the next unit starts (or on the last line): so its lines are known exactly, whatever the
    units' own text did with line breaks."""
    out: dict[int, str] = {}
    pieces = list(document.skeleton)
    for k, piece in enumerate(pieces):
        if not isinstance(piece, str):
            continue
        following = pieces[k + 1] if k + 1 < len(pieces) else None
        end = last_line if following is None or isinstance(following, str) else (
            document.segments[following.index].line)
        parts = piece.split("\n")
        for offset, text in enumerate(parts):
            number = end - (len(parts) - 1) + offset
            out[number] = out.get(number, "") + text
    return {n: t for n, t in out.items() if t.strip()}


def _line_kinds(lines: Sequence[str]) -> dict[int, str]:
    """What each line of a Markdown text is, as far as the report says: front matter, code,
    HTML or text."""
    kinds: dict[int, str] = {}
    k = 0
    if lines and lines[0].strip() == "---":
        kinds[1] = "front matter"
        k = 1
        while k < len(lines) and lines[k].strip() not in ("---", "..."):
            kinds[k + 1] = "front matter"
            k += 1
        k += 1
    fence = ""
    html = False
    for number in range(k + 1, len(lines) + 1):
        text = lines[number - 1]
        opened = _FENCE.match(text)
        if fence:
            kinds[number] = "code"
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            kinds[number] = "code"
            continue
        if not text.strip():
            html = False
            continue
        if text.lstrip().startswith("<") or html:
            html = True
            kinds[number] = "HTML"
        elif text.startswith(("    ", "\t")):
            kinds[number] = "code"
    return kinds


def _body(text: str) -> str:
    """The text without the front-matter keys transkit's build writes."""
    lines = text.split("\n")
    kinds = _line_kinds(lines)
    return "\n".join(line for k, line in enumerate(lines, start=1)
                     if not _build_key(line, kinds.get(k)))


def _comment(catalog: polib.POFile, pieces: Sequence[tuple[NotPlaced, str | None]], *,
             name: str) -> None:
    """Keep each piece as a translator comment on the entry of the English it stood by (after
    the carry: the entry with that English, or that had it as its previous English), else the
    first entry; `name` names the translated file."""
    active = [e for e in catalog if not e.obsolete]
    if not active:
        return
    by_text = {e.msgid: e for e in active}
    by_previous = {e.previous_msgid: e for e in active if e.previous_msgid}
    for piece, english in sorted(pieces, key=lambda p: p[0].line):
        entry = active[0]
        if english is not None:
            entry = by_text.get(english) or by_previous.get(english) or active[0]
        note = f"{NOT_PLACED} ({name}:{piece.line}): {piece.text}"
        entry.tcomment = "\n".join(x for x in (entry.tcomment, note) if x)


def merge(existing: polib.POFile, imported: polib.POFile, *, overwrite: bool) -> tuple[
        polib.POFile, int]:
    """The catalog there is (already in step with today's English), with the imported
    translations where it has none (everywhere, with `overwrite`); and how many of its
    translations were kept. Neither catalog is changed."""
    out = empty_like(existing)
    theirs = {e.msgid: e for e in imported if not e.obsolete}
    kept = 0
    for old in existing:
        entry = clone(old)
        new = theirs.get(entry.msgid) if not entry.obsolete else None
        if new is not None:
            if has_translation(entry) and not overwrite:
                kept += 1
            elif has_translation(new):
                entry.msgstr = new.msgstr
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                if "fuzzy" in new.flags:
                    entry.flags.insert(0, "fuzzy")
                entry.previous_msgid = new.previous_msgid
                entry.comment = new.comment
            if new.tcomment and new.tcomment not in entry.tcomment:
                entry.tcomment = "\n".join(x for x in (entry.tcomment, new.tcomment) if x)
        out.append(entry)
    known = {e.msgid for e in existing}
    for entry in imported:
        if entry.obsolete and entry.msgid not in known:
            out.append(clone(entry))
    return out, kept
