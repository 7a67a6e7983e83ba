"""Which translated unit goes with which English unit: an alignment of two unit sequences.

A human translation rarely has the English structure unit for unit: a paragraph is split in two
or two are merged, a heading becomes bold text, a list item is added, a paragraph the English
gained later has no translation yet. So the translated units are aligned to the English ones as
two sequences, by dynamic programming as Gale and Church align sentences (moves 1-1, 1-0, 0-1,
2-1 and 1-2, each with a cost), scored with what survives translation:

- length: the characters of prose, in Gale and Church's model of the length ratio;
- anchors: numbers, link targets, inline code, shortcodes and footnote references, which a
  translation keeps as they are;
- names: Latin-script words in a text of another script (Cyrillic, Armenian) are names, code
  or terms, and stand in the English too; in a Latin-script translation, words the English has
  too (names, cognates);
- block kind: a heading stays a heading (or becomes bold text), a list item a list item;
- position: the alignment is monotone, so order is evidence too.

Front matter is aligned by key. A link whose evidence is strong is *sure* (imported as
translated), a weaker one is not (imported fuzzy); a translated unit with no English counterpart
is *unplaced*, an English unit with none stays untranslated. Pure: no file system, no catalog.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import regex

from ..source.model import Segment, SegmentKind

# Calibrated on Russian and German human translations of three public sites: the length model
# on the pairs of the same structure (benchmarks/calibrate_align.py prints the fit), the costs
# and thresholds on those pairs damaged as real translations are (the same script scores them).
#
# translated characters of prose per English character
RATIO = {"Cyrillic": 1.06, "Armenian": 1.1, "Latin": 1.2}  # Armenian: no archive yet, a guess
SMOOTH = 5  # characters added to both lengths: very short units say little
SPREAD_TRANSLATED = 0.19  # sd of log(translated / expected length) of human translations
SPREAD_SHORT = 2.0  # more spread for short units: the variance grows by SPREAD_SHORT / length
SPREAD_UNRELATED = 1.1  # sd of the same for two unrelated paragraphs
# a translator sometimes writes much more or less than the English says: a share of the pairs
# follows a curve FREE_WIDTH times wider, so a free translation is not taken for no translation
FREE, FREE_WIDTH = 0.15, 3.0
# -log of the prior probability of each move (Gale and Church have 0, 4.6, 4.6, 2.4, 2.4 for
# sentences; for paragraphs a unit with no counterpart is likelier, a lagging English has many)
PRIOR = {(1, 1): 0.0, (1, 0): 3.0, (0, 1): 3.0, (2, 1): 2.3, (1, 2): 2.3}
ANCHOR_MATCH, ANCHOR_MISS = 1.0, 1.2  # per number, link, code span, shortcode, footnote
NAME_MATCH, NAME_MISS, NAME_LOST = 0.6, 0.8, 0.25  # per name found, not found, left out
MAX_ANCHOR_BONUS = 6.0
MAX_NAMES_LOST = 1.0
# evidence: the log-likelihood ratio of "a translation of each other" to "two unrelated units"
SURE_ALONE = 2.5  # from this much evidence a link is imported as translated on its own
SURE_RUN = 3.0  # ... or from this much in its run, when its own is not against it
FORCED = 0.0  # the least a link of a sure run must hold itself
LAYOUT_FLOOR = -2.0  # the least each pair of a translation laid out as the English must hold
LENGTH_FLOOR = -4.0  # a free translation loses no more than this by its length alone
BAND = 12  # cells beside the diagonal (and beyond the difference in length) the search visits

_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REF_LINK = re.compile(r"\]\[([^\]]+)\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_URL = re.compile(r"<?\bhttps?://[^\s>)\]]+>?")
_CODE = re.compile(r"(`+)(.+?)\1")
_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([\w./-]+)(.*?)[%>]\}\}", re.DOTALL)
_SHORTCODE_ARG = re.compile(r"(\w+)\s*=\s*\"([^\"]*)\"")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_NUMBER = re.compile(r"\d+")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’.-]*[A-Za-z0-9]|[A-Za-z]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+)\1[:.]?$")
_LOCALE_PREFIX = re.compile(r"^/[a-z]{2}(?:[-_][a-zA-Z]{2,4})?/")

SCRIPTS = ("Cyrillic", "Armenian", "Greek", "Georgian", "Hebrew", "Arabic", "Latin")
_SCRIPT_LETTERS = {name: regex.compile(rf"\p{{Script={name}}}+") for name in SCRIPTS}


def letters(text: str, script: str) -> int:
    """How many letters of `script` (a Unicode script name, 'Cyrillic') `text` holds."""
    return len("".join(_SCRIPT_LETTERS[script].findall(text)))


@dataclass(frozen=True)
class Features:
    """What one unit (or two joined) offers to the alignment."""

    kind: str
    detail: str
    length: int  # characters of prose, spaces and markup aside
    anchors: Counter[str]  # numbers, link targets, code, shortcodes, footnote references
    words: frozenset[str]  # lowercased words (of the English: all; of a translation: names)
    names: frozenset[str]  # English only: words that look like names or terms
    bold: bool = False  # a paragraph that is bold text only: a heading in disguise

    @cached_property
    def anchor_total(self) -> int:
        return sum(self.anchors.values())


def references(text: str) -> dict[str, str]:
    """The link reference definitions of a Markdown text: label (lowercased) -> target."""
    return {label.lower(): _link_key(target) for label, target in _DEFINITION.findall(text)}


def _prose(text: str, anchors: Counter[str], refs: Mapping[str, str]) -> str:
    """The unit's text without what is not prose; what is taken out is counted in `anchors`."""
    def shortcode(match: re.Match[str]) -> str:
        args = match.group(2)
        kept = []
        for key, value in _SHORTCODE_ARG.findall(args):
            if key in ("text", "prepend", "title", "alt", "caption"):
                kept.append(value)  # words a translator translates
            elif value:
                anchors[f"s:{value}"] += 1
        anchors[f"s:{match.group(1)}"] += 1
        return " ".join(kept)

    def target(match: re.Match[str]) -> str:
        anchors[f"l:{_link_key(match.group(1))}"] += 1
        return "]"

    def code(match: re.Match[str]) -> str:
        anchors[f"c:{match.group(2).strip()}"] += 1
        return " "

    # each pattern only where its first character is: most units have none of them
    if "{{" in text:
        text = _SHORTCODE.sub(shortcode, text)
    if "`" in text:
        text = _CODE.sub(code, text)
    if "[" in text:
        text = _TARGET.sub(target, text)
        for label in _REF_LINK.findall(text):
            anchors[f"l:{refs.get(label.lower(), label.lower())}"] += 1
        text = _REF_LINK.sub("]", text)
        for label in _FOOTNOTE_REF.findall(text):
            anchors[f"f:{label}"] += 1
        text = _FOOTNOTE_REF.sub(" ", text)
    if "://" in text:
        for url in _URL.findall(text):
            anchors[f"l:{_link_key(url.strip('<>'))}"] += 1
        text = _URL.sub(" ", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    for number in _NUMBER.findall(text):
        anchors[f"n:{int(number)}"] += 1
    return text


def _link_key(target: str) -> str:
    """A link target as the two editions share it: without the language prefix of a localized
    site (/ru/docs/x/ is /docs/x/), the heading anchor (translated with the heading) and a
    trailing slash."""
    target = target.split("#", 1)[0]
    target = _LOCALE_PREFIX.sub("/", target)
    return target.rstrip("/").lower() or "#"


def english_features(segment: Segment, refs: Mapping[str, str] | None = None, *,
                     words_too: bool = True) -> Features:
    """The features of an English unit (`refs`: its article's link reference definitions;
    without `words_too`, no words and names: what only tells candidates apart)."""
    anchors: Counter[str] = Counter()
    prose = _prose(segment.text, anchors, refs or {})
    words: set[str] = set()
    names: set[str] = set()
    for match in _WORD.finditer(prose) if words_too else ():
        word = match.group()
        words.add(word.lower())
        if not word.isascii() or word.islower():
            continue
        inner = not word[1:].islower() or any(ch in "_.-" for ch in word)
        if inner or not _opens_sentence(prose, match.start()):
            names.add(word.lower())
    return Features(segment.kind, segment.detail, _length(prose), anchors, frozenset(words),
                    frozenset(names), bool(_BOLD_LINE.match(segment.text)))


def translated_features(segment: Segment, script: str, refs: Mapping[str, str] | None = None,
                        *, words_too: bool = True) -> Features:
    """The features of a translated unit: names are its Latin-script words when the language is
    written in another script, else its longer words (names and words the English shares)."""
    anchors: Counter[str] = Counter()
    prose = _prose(segment.text, anchors, refs or {})
    if not words_too:
        words: set[str] = set()
    elif script == "Latin":
        words = {w.lower() for w in _WORD.findall(prose) if len(w) >= 4}
    else:
        words = {w.lower() for w in _LATIN_WORD.findall(prose)}
    return Features(segment.kind, segment.detail, _length(prose), anchors, frozenset(words),
                    frozenset(), bool(_BOLD_LINE.match(segment.text)))


def _opens_sentence(prose: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence (its capital says nothing of a name)."""
    window = prose[max(0, at - 12):at].rstrip(" *_\"'“«(")
    if not window:
        return at <= 12  # only quotes and spaces since the start
    return window[-1] in ".!?:"


_NOT_COUNTED = (" ", "\t", "\n", "\u00a0", "*", "_", "#", ">", "|", "[", "]", "(", ")", "!",
                "\\")


def _length(prose: str) -> int:
    """Characters of prose: neither spaces nor Markdown's marks."""
    return len(prose) - sum(prose.count(mark) for mark in _NOT_COUNTED)


def _joined(parts: Sequence[Features]) -> Features:
    if len(parts) == 1:
        return parts[0]
    anchors: Counter[str] = Counter()
    for part in parts:
        anchors.update(part.anchors)
    return Features(parts[0].kind, parts[0].detail, sum(p.length for p in parts), anchors,
                    frozenset().union(*(p.words for p in parts)),
                    frozenset().union(*(p.names for p in parts)), False)


# --- costs ----------------------------------------------------------------------------------


def length_cost(english: int, translated: int, ratio: float) -> float:
    """-log of how likely a translation of `english` characters is to have `translated`, relative
    to the likeliest length: Gale and Church's length model, fitted to paragraphs (the log of
    the length ratio is normal, narrower the longer the text; a share of free translations
    follows a curve FREE_WIDTH times wider)."""
    spread, own = _spread(english, translated, ratio)
    z = spread / own
    likely = (1 - FREE) * math.exp(-z * z / 2) + FREE / FREE_WIDTH * math.exp(
        -z * z / (2 * FREE_WIDTH * FREE_WIDTH))
    return -math.log(likely / (1 - FREE + FREE / FREE_WIDTH))


def _spread(english: int, translated: int, ratio: float) -> tuple[float, float]:
    """The log of the length ratio against the expected one, and its standard deviation."""
    spread = math.log((translated + SMOOTH) / (ratio * (english + SMOOTH)))
    return spread, math.sqrt(SPREAD_TRANSLATED ** 2 + SPREAD_SHORT / (english + SMOOTH))


def kind_cost(english: Features, translated: Features) -> float:
    """What a change of block kind costs: none for the same kind, little for a heading of
    another level or a heading written as bold text, much for a cell or a footnote."""
    if english.kind == translated.kind:
        if english.detail == translated.detail or english.kind not in (
                SegmentKind.HEADING, SegmentKind.FOOTNOTE):
            return 0.0
        return 0.7 if english.kind == SegmentKind.HEADING else 2.0
    kinds = {english.kind, translated.kind}
    if SegmentKind.HEADING in kinds:
        other = translated if english.kind == SegmentKind.HEADING else english
        return 0.7 if other.bold else 3.0
    if kinds & {SegmentKind.TABLE_CELL, SegmentKind.FOOTNOTE, SegmentKind.IMAGE_ALT,
                 SegmentKind.FRONT_MATTER}:
        return 3.0
    return 1.2  # paragraph, list item, block quote


def anchor_cost(english: Features, translated: Features, script: str) -> float:
    """Evidence from what survives translation: negative when it agrees, positive when not."""
    shared = 0
    if english.anchors and translated.anchors:
        theirs = translated.anchors
        shared = sum(min(count, theirs[key]) for key, count in english.anchors.items()
                     if key in theirs)
    missed = english.anchor_total + translated.anchor_total - 2 * shared
    cost = ANCHOR_MISS * missed - ANCHOR_MATCH * shared
    found = len(translated.words & english.words) if translated.words else 0
    if script == "Latin":
        cost -= NAME_MATCH * found
    else:
        cost += NAME_MISS * (len(translated.words) - found) - NAME_MATCH * found
    if english.names:
        # names are often written in the translation's own script (Armenia: Армения, Հայաստան)
        cost += min(NAME_LOST * len(english.names - translated.words), MAX_NAMES_LOST)
    return max(cost, -MAX_ANCHOR_BONUS)


def pair_cost(english: Sequence[Features], translated: Sequence[Features], script: str) -> float:
    """The cost of linking these English units with these translated units (1 or 2 each)."""
    if any(not mergeable(a, b) for group in (english, translated)
           for a, b in zip(group, group[1:], strict=False)):
        return math.inf  # a heading and its paragraph are never one translation
    kinds = sum(kind_cost(a, b) for a in english for b in translated) / (
        len(english) * len(translated))
    return _cost(_joined(english), _joined(translated), kinds, (len(english), len(translated)),
                 RATIO.get(script, 1.1), script)


def mergeable(first: Features, second: Features) -> bool:
    """Whether two neighbouring units may be one translation's: of one kind, not headings."""
    return first.kind == second.kind and first.detail == second.detail and (
        first.kind not in (SegmentKind.HEADING, SegmentKind.FRONT_MATTER, SegmentKind.TABLE_CELL,
                           SegmentKind.IMAGE_ALT))


def _cost(e: Features, t: Features, kinds: float, move: tuple[int, int], ratio: float,
          script: str) -> float:
    return (length_cost(e.length, t.length, ratio) + anchor_cost(e, t, script) + kinds
            + PRIOR[move])


# --- the alignment --------------------------------------------------------------------------


def evidence(english: Sequence[Features], translated: Sequence[Features], script: str) -> float:
    """How much likelier these units are a translation of each other than two unrelated units
    (natural log of the ratio): from their lengths, anchors, names and kinds."""
    e, t = _joined(english), _joined(translated)
    spread, own = _spread(e.length, t.length, RATIO.get(script, 1.1))
    by_length = (math.log(SPREAD_UNRELATED / own) - spread ** 2 / (2 * own ** 2)
                 + spread ** 2 / (2 * SPREAD_UNRELATED ** 2))
    kinds = sum(kind_cost(a, b) for a in english for b in translated)
    return max(by_length, LENGTH_FLOOR) - anchor_cost(e, t, script) - kinds


@dataclass(frozen=True)
class Link:
    """English units (0-based indexes) and the translated units that render them."""

    english: tuple[int, ...]
    translated: tuple[int, ...]
    evidence: float
    sure: bool


@dataclass(frozen=True)
class Alignment:
    """The links in order; translated units placed nowhere; English units left untranslated."""

    links: tuple[Link, ...]
    unplaced: tuple[int, ...]
    untranslated: tuple[int, ...]

    def confidence(self, lengths: Sequence[int]) -> float:
        """Share of the translation's prose (by `lengths` of its units) in sure links."""
        total = sum(lengths)
        sure = sum(lengths[t] for link in self.links if link.sure for t in link.translated)
        return sure / total if total else 1.0


def align(english: Sequence[Segment], translated: Sequence[Segment], *, script: str,
          english_refs: Mapping[str, str] | None = None,
          translated_refs: Mapping[str, str] | None = None) -> Alignment:
    """Align the translated units to the English units (see the module's docstring); `script`
    is the translation's (a Unicode script name: 'Cyrillic', 'Latin'), the refs are the link
    reference definitions of each article."""
    e_feats = [english_features(s, english_refs) for s in english]
    t_feats = [translated_features(s, script, translated_refs) for s in translated]
    e_front = {s.detail: i for i, s in enumerate(english) if s.kind == SegmentKind.FRONT_MATTER}
    steps: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    unplaced: list[int] = []
    for j, segment in enumerate(translated):
        if segment.kind == SegmentKind.FRONT_MATTER:
            i = e_front.pop(segment.detail, None)
            steps.append(((i,), (j,)) if i is not None else ((), (j,)))
    e_body = [i for i, s in enumerate(english) if s.kind != SegmentKind.FRONT_MATTER]
    t_body = [j for j, s in enumerate(translated) if s.kind != SegmentKind.FRONT_MATTER]
    for a, b in _search([e_feats[i] for i in e_body], [t_feats[j] for j in t_body], script):
        steps.append((tuple(e_body[i] for i in a), tuple(t_body[j] for j in b)))
    links: list[Link] = []
    for a, b in steps:
        if not a:
            unplaced.extend(b)
        elif b:
            links.append(Link(a, b, evidence([e_feats[i] for i in a], [t_feats[j] for j in b],
                                             script), False))
    links.sort(key=lambda link: link.english[0])
    linked = {i for link in links for i in link.english}
    untranslated = tuple(i for i in range(len(english)) if i not in linked)
    return Alignment(tuple(_judged(links, english)), tuple(sorted(unplaced)), untranslated)


def diagonal(english: Sequence[Segment], translated: Sequence[Segment], *, script: str,
             english_refs: Mapping[str, str] | None = None,
             translated_refs: Mapping[str, str] | None = None) -> Alignment | None:
    """Unit k with unit k, all sure, for a translation laid out exactly as the English (a built
    edition, po4a's output): its layout is the evidence, unless a pair's own evidence (lengths,
    anchors, kinds) is against it (two paragraphs translated as one and another as two also keep
    a simple layout); None then, and when the units differ in number or kind."""
    if [(s.kind, s.detail) for s in english] != [(s.kind, s.detail) for s in translated]:
        return None
    links = []
    for k, (a, b) in enumerate(zip(english, translated, strict=True)):
        if a.text == b.text:  # the English left standing, as a build leaves it
            links.append(Link((k,), (k,), SURE_ALONE, True))
            continue
        weight = evidence([english_features(a, english_refs, words_too=False)],
                          [translated_features(b, script, translated_refs, words_too=False)],
                          script)
        if weight < LAYOUT_FLOOR:
            return None
        links.append(Link((k,), (k,), weight, True))
    return Alignment(tuple(links), (), ())


def _judged(links: list[Link], english: Sequence[Segment]) -> list[Link]:
    """The links with `sure` decided. Evidence adds up: a run of links that leave no unit aside
    between them is right or wrong together (the alignment is monotone), so a link is sure when
    its run holds SURE_RUN of evidence and it is not contradicted itself, or when it holds
    SURE_ALONE on its own. A link of two units with one is never sure (which sentence goes
    where, or whether the second unit belongs at all, is a guess); front matter, aligned by key,
    is sure unless contradicted."""
    runs: list[list[int]] = []
    for k, link in enumerate(links):
        if english[link.english[0]].kind == SegmentKind.FRONT_MATTER:
            continue
        last = links[runs[-1][-1]] if runs else None
        if last is not None and link.english[0] == last.english[-1] + 1 and (
                link.translated[0] == last.translated[-1] + 1):
            runs[-1].append(k)
        else:
            runs.append([k])
    sure = {k for k, link in enumerate(links)
            if english[link.english[0]].kind == SegmentKind.FRONT_MATTER
            and link.evidence >= FORCED}
    for run in runs:
        total = sum(links[k].evidence for k in run)
        for k in run:
            link = links[k]
            own = link.evidence
            if len(link.english) == len(link.translated) == 1 and (
                    own >= SURE_ALONE or (own >= FORCED and total >= SURE_RUN)):
                sure.add(k)
    return [Link(link.english, link.translated, link.evidence, k in sure)
            for k, link in enumerate(links)]


def _search(e: Sequence[Features], t: Sequence[Features],
            script: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The cheapest monotone path through the moves, as (English, translated) steps; only
    cells near the diagonal are visited (BAND, widened by the difference in length)."""
    n, m = len(e), len(t)
    ratio = RATIO.get(script, 1.1)
    width = BAND + abs(n - m)
    e_two = {i: _joined(e[i - 2:i]) for i in range(2, n + 1) if mergeable(e[i - 2], e[i - 1])}
    t_two = {j: _joined(t[j - 2:j]) for j in range(2, m + 1) if mergeable(t[j - 2], t[j - 1])}
    skip_e, skip_t = PRIOR[(1, 0)], PRIOR[(0, 1)]
    best: dict[tuple[int, int], tuple[float, int, int]] = {(0, 0): (0.0, 0, 0)}
    for i in range(n + 1):
        centre = int(i * m / n) if n else 0
        for j in range(max(0, centre - width), min(m, centre + width) + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and (i - 1, j) in best:
                options.append((best[(i - 1, j)][0] + skip_e, 1, 0))
            if j and (i, j - 1) in best:
                options.append((best[(i, j - 1)][0] + skip_t, 0, 1))
            if i and j and (i - 1, j - 1) in best:
                a, b = e[i - 1], t[j - 1]
                options.append((best[(i - 1, j - 1)][0] + _cost(
                    a, b, kind_cost(a, b), (1, 1), ratio, script), 1, 1))
            if j and i in e_two and (i - 2, j - 1) in best:
                b = t[j - 1]
                kinds = (kind_cost(e[i - 2], b) + kind_cost(e[i - 1], b)) / 2
                options.append((best[(i - 2, j - 1)][0] + _cost(
                    e_two[i], b, kinds, (2, 1), ratio, script), 2, 1))
            if i and j in t_two and (i - 1, j - 2) in best:
                a = e[i - 1]
                kinds = (kind_cost(a, t[j - 2]) + kind_cost(a, t[j - 1])) / 2
                options.append((best[(i - 1, j - 2)][0] + _cost(
                    a, t_two[j], kinds, (1, 2), ratio, script), 1, 2))
            if options:
                best[(i, j)] = min(options)
    path = []
    i, j = n, m
    while (i, j) != (0, 0):
        _, di, dj = best[(i, j)]
        path.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return path[::-1]
