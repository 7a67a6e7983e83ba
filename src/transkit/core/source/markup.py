"""What a static site's Markdown adds to CommonMark: shortcodes and template tags around and
inside the text, attribute lists, and which units hold words at all.

`segment` asks this module three things about a page:

- which lines are structure, not text (`PageMarkup.parse_text`): a line that holds only
  shortcodes, when one of them opens or closes a pair or the line stands between blank lines;
  the content of a code-like pair (``{{< highlight >}}``, ``{% raw %}``) from its opening line
  to its closing line; and a line that is only an attribute list (``{.class}``, ``{: #id}``).
  They are blanked in the text given to the Markdown parser, so the paragraphs around them are
  parsed as the site generator's reader sees them, and kept verbatim in the skeleton;
- which tags at the edges of a unit wrap it rather than belong to it (`PageMarkup.trim`): a
  ``{{< note >}}`` opening a paragraph whose ``{{< /note >}}`` is elsewhere, or both ends of a
  pair around the whole unit;
- whether a unit has words to translate (`has_words`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from .htmlblock import parse_complete
from .model import DEFAULT_SHORTCODE_PARAMETERS
from .shortcode import Param, Tag, code_regions, find_tags, is_translatable, pairs

MASK = "\ue000"  # stands for a tag's characters where the tag itself must not be read

_ATTR_ITEM = r"""(?:[#.][\w:-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'{}]+))"""
ATTRIBUTE_LIST = rf"\{{:?[ \t]*{_ATTR_ITEM}(?:[ \t]+{_ATTR_ITEM})*[ \t]*\}}"
_ATTRIBUTE_LINE = re.compile(rf"^[ \t>]*({ATTRIBUTE_LIST})[ \t]*$", re.MULTILINE)
TRAILING_ATTRIBUTES = re.compile(rf"[ \t]*{ATTRIBUTE_LIST}[ \t]*\Z")
_BLANK = re.compile(r"[ \t>]*")
_TAGS_ONLY = re.compile(rf"[ \t>{MASK}]*{MASK}[ \t{MASK}]*")


@dataclass(frozen=True)
class PageMarkup:
    """The shortcodes and template tags of a page, and what each one is."""

    text: str
    tags: tuple[Tag, ...]
    partner: Mapping[int, int]  # opening and closing tags that pair, by index, both ways
    regions: tuple[tuple[int, int], ...]  # code-like pairs, by the index of their tags
    in_code: frozenset[int]  # tags inside a code-like pair: part of the code
    structure: frozenset[int]  # tags that stand alone on lines of their own: structure
    masked: str  # the text with every tag's characters replaced by MASK
    starts: Mapping[int, int]  # where a tag begins -> its index
    ends: Mapping[int, int]  # where a tag ends -> its index

    @classmethod
    def of(cls, text: str) -> PageMarkup:
        tags = find_tags(text)
        partner = pairs(tags)
        regions = code_regions(tags, partner)
        in_code = frozenset(i for opener, closer in regions for i in range(opener + 1, closer))
        masked = text
        if tags:
            pieces, pos = [], 0
            for tag in tags:
                pieces.append(text[pos : tag.start])
                pieces.append("".join(ch if ch == "\n" else MASK for ch in tag.raw))
                pos = tag.end
            pieces.append(text[pos:])
            masked = "".join(pieces)
        return cls(text, tuple(tags), partner, tuple(regions), in_code,
                   _structure(masked, tags, partner), masked,
                   {tag.start: i for i, tag in enumerate(tags)},
                   {tag.end: i for i, tag in enumerate(tags)})

    def parse_text(self, protected: Collection[int]) -> str:
        """The text for the Markdown parser: structure tags, code-like pairs that stand on lines
        of their own, and attribute-list lines blanked, except on the `protected` lines (front
        matter, code, HTML blocks), which are read as they are."""
        starts = _line_starts(self.text)

        def free(start: int, end: int) -> bool:
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(end - 1, start)) - 1
            return not any(n in protected for n in range(first, last + 1))

        spans: list[tuple[int, int]] = []
        for opener, closer in self.regions:
            # a code-like pair is blanked whole, HTML blocks inside and all, unless its own
            # tags are inside code or HTML (then it is verbatim there anyway)
            a, b = self.tags[opener], self.tags[closer]
            if {opener, closer} <= self.structure and free(a.start, a.end) and free(b.start,
                                                                                     b.end):
                spans.append((a.start, b.end))
        spans.extend((self.tags[i].start, self.tags[i].end) for i in self.structure
                     if free(self.tags[i].start, self.tags[i].end))
        spans.extend(m.span(1) for m in _ATTRIBUTE_LINE.finditer(self.text) if free(*m.span(1)))
        if not spans:
            return self.text
        chars = list(self.text)
        for start, end in spans:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    def code_spans(self) -> list[tuple[int, int]]:
        """The spans of the code-like pairs, tags included: nothing in them is a unit."""
        return [(self.tags[a].start, self.tags[b].end) for a, b in self.regions]

    def needs_masking(self) -> bool:
        """Whether `parse_text` would blank anything (else one parse of the page is enough)."""
        return bool(self.structure) or (
            "{" in self.text and _ATTRIBUTE_LINE.search(self.text) is not None)

    def trim(self, start: int, end: int, first_end: int, last_start: int) -> tuple[int, int]:
        """A unit's span [start, end) without the tags that wrap it: at its start (on its first
        line, which ends at `first_end`) an opening tag whose closing tag is outside the unit,
        or a closing tag; at its end (on its last line, from `last_start`) the reverse; and both
        ends of one pair around the whole unit."""
        if not self.tags:
            return start, end
        while True:
            lead = self.starts.get(_skip(self.text, start, first_end))
            trail = self.ends.get(_skip_back(self.text, end, last_start))
            if lead is not None and self.tags[lead].end > first_end:
                lead = None
            if trail is not None and self.tags[trail].start < last_start:
                trail = None
            if lead is not None and trail is not None and lead != trail and (
                self.partner.get(lead) == trail
            ):
                start, end = self.tags[lead].end, self.tags[trail].start
            elif lead is not None and self._partner_outside(lead, start, end):
                start = self.tags[lead].end
            elif trail is not None and self._partner_outside(trail, start, end):
                end = self.tags[trail].start
            else:
                break
            if start >= end:
                return start, start
        start = _skip(self.text, start, end)
        return start, max(start, _skip_back(self.text, end, start))

    def _partner_outside(self, index: int, start: int, end: int) -> bool:
        other = self.partner.get(index)
        return other is not None and not start <= self.tags[other].start < end

    def parameters(self, translatable: Collection[str], skip: Sequence[tuple[int, int]]
                   ) -> Iterator[tuple[Tag, Param]]:
        """Translatable parameters of tags outside code and outside the `skip` spans (sorted,
        not overlapping): the text of a shortcode that no unit holds."""
        bounds = [start for start, _ in skip]
        for i, tag in enumerate(self.tags):
            if i in self.in_code:
                continue
            k = bisect.bisect_right(bounds, tag.start) - 1
            if k >= 0 and tag.end <= skip[k][1]:
                continue
            for param in tag.params:
                if is_translatable(param, translatable):
                    yield tag, param


def _structure(masked: str, tags: Sequence[Tag], partner: Mapping[int, int]) -> frozenset[int]:
    """The tags that stand on lines of their own and are structure, not inline text: a run of
    lines holding only tags is structure when one of them pairs or a blank line (or the page's
    edge) is next to it; an unpaired tag between two lines of text continues their paragraph."""
    if not tags:
        return frozenset()
    starts = _line_starts(masked)
    kinds = ["tags" if _TAGS_ONLY.fullmatch(line) else "blank" if _BLANK.fullmatch(line) else
             "text" for line in masked.split("\n")]
    run_start = list(range(len(kinds)))  # the first line of the run of tag lines a line is in
    for n in range(1, len(kinds)):
        if kinds[n] == kinds[n - 1] == "tags":
            run_start[n] = run_start[n - 1]
    runs: dict[int, list[int]] = {}  # first line of a run of tag lines -> its tags
    for i, tag in enumerate(tags):
        first = bisect.bisect_right(starts, tag.start) - 1
        last = bisect.bisect_right(starts, tag.end - 1) - 1
        if any(kinds[n] != "tags" for n in range(first, last + 1)):
            continue
        runs.setdefault(run_start[first], []).append(i)
    out: set[int] = set()
    for first, members in runs.items():
        last = first
        while last + 1 < len(kinds) and run_start[last + 1] == first:
            last += 1
        before = kinds[first - 1] if first > 0 else "blank"
        after = kinds[last + 1] if last + 1 < len(kinds) else "blank"
        if any(i in partner for i in members) or "blank" in (before, after):
            out.update(members)
    return frozenset(out)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _skip(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in " \t":
        pos += 1
    return pos


def _skip_back(text: str, pos: int, limit: int) -> int:
    while pos > limit and text[pos - 1] in " \t":
        pos -= 1
    return pos


# --- words ---------------------------------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
_ENTITY = re.compile(r"&#?\w+;")
_ATTRIBUTES = re.compile(ATTRIBUTE_LIST)


_HTML_CODE = frozenset({"code", "kbd", "samp", "var", "pre", "script", "style"})


class _Data(HTMLParser):
    """The text of a piece of inline HTML, without its tags, comments and attributes, and
    without what is code (`<code>`, `<kbd>`, …) like Markdown's backticks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_CODE:
            self.code += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_CODE and self.code > 0:
            self.code -= 1

    def handle_data(self, data: str) -> None:
        if not self.code:
            self.parts.append(data)


def has_words(text: str) -> bool:
    """Whether a unit holds something to translate: a letter outside shortcodes and template
    tags, inline code, HTML tags, link targets, entities and attribute lists. Numbers,
    punctuation and code alone are not translated."""
    if not _LETTER.search(text):
        return False
    if not any(mark in text for mark in "`<{]&"):
        return True
    if "{" in text:
        for tag in reversed(find_tags(text)):
            text = text[: tag.start] + " " + text[tag.end :]
        text = _ATTRIBUTES.sub(" ", text)
    if "`" in text:
        text = _CODE_SPAN.sub(" ", text)
    if "<" in text:
        data = _Data()
        try:
            rest = parse_complete(data, text)
            text = " ".join([*data.parts, text[rest:]])
        except AssertionError:  # html.parser before 3.13 on `<![` that opens no section
            pass  # judged with its tags, as a letter in them may be text

    if "](" in text or "][" in text:
        text = _LINK_TARGET.sub("] ", text)
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    return _LETTER.search(text) is not None


_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^\s<>]*>", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?://|ftp://|mailto:|www\.)[^\s<>)\]\"»“”]+", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)


def prose(text: str, text_parameters: Collection[str] = DEFAULT_SHORTCODE_PARAMETERS) -> str:
    """The words of a unit as a reader sees them, with the markup that is not words left out:
    a shortcode or template tag stands for the values of its text parameters (`text="API
    server"`), and inline code, footnote references, link targets (`](…)`, `][label]`), URLs,
    HTML tags and attribute lists are gone (each leaves a space where a word could run on).
    Emphasis markers and link brackets stay: some checks count them."""
    if "{" in text:
        for tag in reversed(find_tags(text)):
            shown = " ".join(p.value for p in tag.params if is_translatable(p, text_parameters))
            text = f"{text[: tag.start]} {shown} {text[tag.end :]}"
        if "{" in text:
            text = _ATTRIBUTES.sub(" ", text)
    if "`" in text:
        text = _CODE_SPAN.sub(" ", text)
    if "[^" in text:
        text = _FOOTNOTE_REFERENCE.sub(" ", text)
    if "](" in text or "][" in text:
        text = _LINK_TARGET.sub("] ", text)
    if "<" in text:
        text = _INLINE_TAG.sub(" ", _AUTOLINK.sub(" ", text))
    if ":" in text or "www." in text:
        text = _BARE_URL.sub(" ", text)
    return text


_EDGE_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")


def heading_id(text: str) -> str:
    """The id Hugo gives a heading (Goldmark's "github" auto ids, Hugo's default): of the
    words a reader sees, letters and digits in lower case (any script: `## Адреса` is
    `адреса`), `_` kept, each space and hyphen a hyphen, every other character dropped."""
    text = text.replace("`", "")
    if "](" in text or "][" in text:
        text = _LINK_TARGET.sub("]", text)
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    text = _EDGE_UNDERSCORES.sub("", text.replace("*", "")).strip()
    out = []
    for char in text:
        if char in " -":
            out.append("-")
        elif char == "_" or char.isalpha() or char.isdigit():
            out.append(char.lower())
    return "".join(out)
