"""A unit's inline markup as XLIFF 1.2 inline codes, and back, byte for byte.

A unit's text is Markdown with its inline markup in it: links, emphasis, inline code, footnote
references, shortcodes, inline HTML. A CAT tool shows text as text, so a translator can break
`[…](url)` or drop a `**`. Exported, each piece of markup becomes an inline code, which CAT tools
show as a tag the translator moves but cannot edit:

- `<ph>` for a piece that stands alone: inline code (`` `--port` ``), a footnote reference
  (`[^1]`), a shortcode without text parameters, an HTML tag without its partner (`<br>`), an
  autolink (`<https://…>`), a hard line break;
- `<bpt>` … `<ept>` (one id for the pair) around text: a link's `[` and `](url)`, an image's
  `![` and `](src)` around its alt text, emphasis (`**`, `*`, `__`, `_`, `~~`), an HTML element
  (`<a href="…">` and `</a>`), and a shortcode around the value of each of its text parameters
  (`{{< tooltip text="` … `" term_id="x" >}}`; between two such values a `<ph>`).

Each code holds its markup as its content, so any XLIFF reader that takes an element's text
(translate-toolkit's `unit.source`, `xliff2po`) reads the Markdown exactly as it was. The pieces
are cut out of the text, never rebuilt, so `join(tokenize(text)) == text` for every text: what
is recognised as markup decides only what is protected.

On import, a target's codes are read back from their content; a code a tool emptied (`<ph
id="2"/>`) or wrote as `<g>`/`<x/>`/`<bx/>`/`<ex/>` takes the markup of the source's code with its
id. `problems` names the codes a target lost or invented.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..source.shortcode import find_tags, is_translatable


class Role(StrEnum):
    """Where a code stands: alone, or at one end of a pair."""

    PH = "ph"
    BEGIN = "bpt"
    END = "ept"


@dataclass(frozen=True)
class Code:
    """A piece of markup: its id (shared by the two ends of a pair), role, kind (XLIFF's
    `ctype`) and the markup itself."""

    id: str
    role: Role
    kind: str
    text: str


Piece = str | Code

# XLIFF 1.2's ctype values where it has one, else x- names
STRONG, EMPHASIS, STRIKE = "bold", "italic", "x-strikethrough"
LINK, IMAGE = "link", "image"
CODE, FOOTNOTE, SHORTCODE = "x-code", "x-footnote-ref", "x-shortcode"
HTML, AUTOLINK, BREAK = "x-html", "x-autolink", "lb"

_MASK = "\ue001"  # stands for characters already taken by a code, so nothing else reads them
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_HARD_BREAK = re.compile(r"\\\n| {2,}\n")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?\s*(/?)>", re.DOTALL)
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_DELIMITERS = (("~~", STRIKE), ("**", STRONG), ("__", STRONG), ("*", EMPHASIS),
               ("_", EMPHASIS))


@dataclass
class _Span:
    start: int
    end: int
    role: Role
    kind: str
    pair: int  # spans of one pair share it; a standalone span has its own


class _Cutter:
    """Collects the spans of markup in a text; a span taken is masked for the later rules."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked = text
        self.spans: list[_Span] = []
        self.pairs = 0

    def free(self, start: int, end: int) -> bool:
        return _MASK not in self.masked[start:end]

    def take(self, start: int, end: int, role: Role, kind: str, pair: int | None = None) -> int:
        if pair is None:
            self.pairs += 1
            pair = self.pairs
        self.spans.append(_Span(start, end, role, kind, pair))
        self.masked = self.masked[:start] + _MASK * (end - start) + self.masked[end:]
        return pair

    def take_pair(self, begin: tuple[int, int], end: tuple[int, int], kind: str) -> None:
        pair = self.take(*begin, Role.BEGIN, kind)
        self.take(*end, Role.END, kind, pair)


def tokenize(text: str, *, text_parameters: Collection[str] = ()) -> list[Piece]:
    """The text as pieces: runs of text and codes (ids from 1, in order of first appearance).
    `text_parameters` names the shortcode parameters whose values are text."""
    if not any(ch in text for ch in "`*_~[]<>{}\\\n!"):
        return [text] if text else []
    cut = _Cutter(text)
    _escapes(cut)
    for match in _CODE_SPAN.finditer(cut.masked):
        if cut.free(*match.span()):
            cut.take(*match.span(), Role.PH, CODE)
    _shortcodes(cut, text_parameters)
    for pattern, kind in ((_HARD_BREAK, BREAK), (_FOOTNOTE, FOOTNOTE), (_AUTOLINK, AUTOLINK),
                          (_HTML_COMMENT, HTML)):
        for match in pattern.finditer(cut.masked):
            if cut.free(*match.span()):
                cut.take(*match.span(), Role.PH, kind)
    _html(cut)
    _links(cut)
    _emphasis(cut)
    return _pieces(text, cut.spans)


def _escapes(cut: _Cutter) -> None:
    """A backslash escape is text (`\\*` is an asterisk), never markup: masked, not taken."""
    for match in _ESCAPE.finditer(cut.text):
        start, end = match.span()
        cut.masked = cut.masked[:start] + "\\" + "e" + cut.masked[end:]


def _shortcodes(cut: _Cutter, text_parameters: Collection[str]) -> None:
    for tag in find_tags(cut.text):
        if not cut.free(tag.start, tag.end):
            continue
        values = [p for p in tag.params if is_translatable(p, text_parameters)
                  and p.start < p.end]
        if not values:
            cut.take(tag.start, tag.end, Role.PH, SHORTCODE)
            continue
        pair = cut.take(tag.start, values[0].start, Role.BEGIN, SHORTCODE)
        for before, after in zip(values, values[1:], strict=False):
            cut.take(before.end, after.start, Role.PH, SHORTCODE)
        cut.take(values[-1].end, tag.end, Role.END, SHORTCODE, pair)


def _html(cut: _Cutter) -> None:
    """HTML tags: an element's opening and closing tags as a pair, any other tag alone."""
    opened: list[tuple[str, tuple[int, int]]] = []
    found: list[tuple[int, int, str | None]] = []  # start, end, the name of a closing tag
    for match in _HTML_TAG.finditer(cut.masked):
        if not cut.free(*match.span()):
            continue
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        span = match.span()
        if closing:
            for k in range(len(opened) - 1, -1, -1):
                if opened[k][0] == name:
                    cut.take_pair(opened[k][1], span, HTML)
                    del opened[k:]
                    break
            else:
                found.append((*span, name))
        elif self_closing or name in _VOID:
            found.append((*span, None))
        else:
            opened.append((name, span))
    for start, end, _ in found + [(*span, None) for _, span in opened]:
        cut.take(start, end, Role.PH, HTML)


def _closing(masked: str, start: int, opening: str, closing: str) -> int | None:
    """The index of the `closing` bracket that balances the one at `start`."""
    depth = 0
    for k in range(start, len(masked)):
        ch = masked[k]
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return k
        elif ch == "\n" and opening == "(" and masked[k - 1:k] == "\n":
            return None
    return None


def _links(cut: _Cutter) -> None:
    """Links and images: `[` (or `![`) and `](destination "title")`, `][label]` or `]`."""
    k = 0
    while True:
        k = cut.masked.find("[", k)
        if k < 0:
            return
        close = _closing(cut.masked, k, "[", "]")
        if close is None:
            k += 1
            continue
        after = cut.masked[close + 1:close + 2]
        end: int | None = None
        if after == "(":
            paren = _closing(cut.masked, close + 1, "(", ")")
            end = None if paren is None else paren + 1
        elif after == "[":
            label = cut.masked.find("]", close + 1)
            end = None if label < 0 else label + 1
        if end is None or not cut.free(close, end):
            k += 1
            continue
        start = k - 1 if k > 0 and cut.masked[k - 1] == "!" else k
        kind = IMAGE if start < k else LINK
        cut.take_pair((start, k + 1), (close, end), kind)
        k += 1


def _emphasis(cut: _Cutter) -> None:
    """Emphasis delimiters that pair (CommonMark's flanking rules, roughly): the opening one
    before a character that is not a space, the closing one after one; `_` not inside a word."""
    for delimiter, kind in _DELIMITERS:
        d = re.escape(delimiter)
        edge = r"(?<![\w])" if delimiter[0] == "_" else ""
        tail = r"(?![\w])" if delimiter[0] == "_" else ""
        other = re.escape(delimiter[0])
        pattern = re.compile(
            rf"{edge}(?<!{other}){d}(?=[^\s{other}])(.*?[^\s{other}\\]){d}(?!{other}){tail}",
            re.DOTALL)
        pos = 0
        while True:
            match = pattern.search(cut.masked, pos)
            if match is None:
                break
            first = (match.start(), match.start() + len(delimiter))
            last = (match.end() - len(delimiter), match.end())
            if cut.free(*first) and cut.free(*last):
                cut.take_pair(first, last, kind)
            pos = match.start() + len(delimiter)


def _pieces(text: str, spans: Sequence[_Span]) -> list[Piece]:
    """The text cut at the spans, ids numbered in order of first appearance."""
    ids: dict[int, str] = {}
    pieces: list[Piece] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start > pos:
            pieces.append(text[pos:span.start])
        code_id = ids.setdefault(span.pair, str(len(ids) + 1))
        pieces.append(Code(code_id, span.role, span.kind, text[span.start:span.end]))
        pos = span.end
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def join(pieces: Iterable[Piece]) -> str:
    """The text the pieces were cut from."""
    return "".join(p if isinstance(p, str) else p.text for p in pieces)


def codes(pieces: Iterable[Piece]) -> list[Code]:
    return [p for p in pieces if isinstance(p, Code)]


# --- a translation's codes carry the ids of the English's ---------------------------------------


def _groups(pieces: Iterable[Piece]) -> dict[str, list[Code]]:
    found: dict[str, list[Code]] = {}
    for code in codes(pieces):
        found.setdefault(code.id, []).append(code)
    return found


def matched(source: Sequence[Piece], target: Sequence[Piece]) -> list[Piece]:
    """The target's pieces with each code (or pair) given the id of the source's code it
    stands for: the same markup first, else the next of the same kind and shape (a link to a
    translated page); a code the source does not have gets an id of its own."""
    theirs = _groups(source)
    free = list(theirs)
    renamed: dict[str, str] = {}
    ours = _groups(target)

    def signature(group: list[Code], exact: bool) -> tuple[str, ...]:
        return tuple(f"{c.kind}|{c.role}|{c.text if exact else ''}" for c in group)

    for exact in (True, False):
        for key, group in ours.items():
            if key in renamed:
                continue
            for candidate in free:
                if signature(theirs[candidate], exact) == signature(group, exact):
                    renamed[key] = candidate
                    free.remove(candidate)
                    break
    extra = len(theirs)
    for key in ours:
        if key not in renamed:
            extra += 1
            renamed[key] = str(extra)
    return [p if isinstance(p, str) else replace(p, id=renamed[p.id]) for p in target]


def problems(source: Sequence[Piece], target: Sequence[Piece]) -> list[str]:
    """What a target did to the source's codes: each one (a pair counts once) lost, each one
    invented or repeated."""
    want, have = _groups(source), _groups(target)
    found = []
    for key, group in want.items():
        roles = Counter(c.role for c in have.get(key, []))
        if any(roles[role] < count for role, count in Counter(c.role for c in group).items()):
            found.append(f"lost the inline code {key} ({_shown(group)})")
    for key, group in have.items():
        if key not in want:
            found.append(f"has an inline code the English does not have ({_shown(group)})")
        elif len(group) > len(want[key]):
            found.append(f"repeats the inline code {key} ({_shown(want[key])})")
    return found


def _shown(group: Sequence[Code]) -> str:
    ends = [group[0], group[-1]] if len(group) > 1 else [group[0]]
    return " … ".join(_short(c.text) for c in ends)


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 30 else one[:29] + "…"


# --- XML ---------------------------------------------------------------------------------------


def fill(element: Any, pieces: Sequence[Piece], namespace: str) -> None:
    """Put the pieces into an (empty) lxml element: text, and `<bpt>`/`<ept>`/`<ph>`."""
    from lxml import etree

    element.text = None
    for child in list(element):
        element.remove(child)
    last: Any = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        last = etree.SubElement(element, f"{{{namespace}}}{piece.role.value}", id=piece.id)
        if piece.role is not Role.END:
            last.set("ctype", piece.kind)
        last.text = piece.text


_ROLES = {"bpt": Role.BEGIN, "ept": Role.END, "ph": Role.PH, "it": Role.PH,
          "bx": Role.BEGIN, "ex": Role.END, "x": Role.PH}


def read(element: Any, known: dict[tuple[str, Role], str] | None = None) -> list[Piece]:
    """The pieces of an XLIFF `<source>` or `<target>` (or a `<mrk>` in one): text, and each
    inline code with its markup, taken from its content or, where a tool left it empty or
    wrote `<g>`/`<x/>`, from `known` (the source's codes by id and role)."""
    known = known or {}
    pieces: list[Piece] = []

    def text(value: str | None) -> None:
        if value:
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += value
            else:
                pieces.append(value)

    def code(node: Any, role: Role) -> None:
        # a pair's ends share their id, or name each other with rid
        code_id = (node.get("rid") if role is not Role.PH else None) or node.get("id") or ""
        content = "".join(node.itertext())
        if not content:
            content = known.get((code_id, role), "")
        pieces.append(Code(code_id, role, node.get("ctype") or "", content))

    def walk(node: Any) -> None:
        text(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                text(child.tail)
                continue
            name = child.tag.rsplit("}", 1)[-1]
            if name in _ROLES:
                code(child, _ROLES[name])
            elif name == "g":
                code_id = child.get("id") or ""
                pieces.append(Code(code_id, Role.BEGIN, child.get("ctype") or "",
                                   known.get((code_id, Role.BEGIN), "")))
                walk(child)
                pieces.append(Code(code_id, Role.END, child.get("ctype") or "",
                                   known.get((code_id, Role.END), "")))
            else:  # mrk and anything else: its text is the unit's
                walk(child)
            text(child.tail)

    walk(element)
    # an <ept> has no ctype in XLIFF 1.2: it is its <bpt>'s
    kinds = {p.id: p.kind for p in pieces if isinstance(p, Code) and p.role is Role.BEGIN}
    return [replace(p, kind=kinds.get(p.id, "")) if isinstance(p, Code) and p.role is Role.END
            and not p.kind else p for p in pieces]


def by_id(pieces: Iterable[Piece]) -> dict[tuple[str, Role], str]:
    """The codes' markup by id and role (the first of each)."""
    out: dict[tuple[str, Role], str] = {}
    for code in codes(pieces):
        out.setdefault((code.id, code.role), code.text)
    return out


def has_codes(element: Any) -> bool:
    """Whether an XLIFF text element holds inline codes at all."""
    return any(isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in (*_ROLES, "g")
               for child in element.iter())
