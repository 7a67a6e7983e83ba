"""The text of a raw HTML block: where each piece a reader sees lies, to the character.

The block is read with the standard library's HTML parser (`html.parser`), which tolerates the
fragments Markdown leaves (an unclosed ``<div>``, a stray ``</p>``) and reports the line and
column where every tag, comment and piece of text begins (`HTMLParser.getpos`). Each construct
ends where the next begins, so the spans cover the block exactly, and a text is cut out and put
back without disturbing one character around it.

A *text* is a run of text and inline elements (``<a>``, ``<em>``, ``<code>``, ``<img>``, …)
directly inside one block-level element (``<p>``, ``<td>``, ``<li>``, ``<h2>``, …) or at the top
of the block, without the whitespace, comments and lone images or line breaks at its edges;
inline tags stay inside it, so a translator can move them with the words. Content of ``<pre>``,
``<script>``, ``<style>``, ``<textarea>``, ``<svg>``, ``<math>`` and ``<template>`` is never text,
nor that of an element marked ``translate="no"`` or with the class ``notranslate`` (the marks
browsers and machine translation honour).
An *attribute* is the value of an ``alt`` or ``title`` attribute; the caller offers it when no
offered text holds its tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "optgroup", "option", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
VERBATIM = frozenset({"pre", "script", "style", "textarea", "svg", "math", "template"})
_EDGE = frozenset({"img", "br", "wbr", "input"})  # left out at a text's edges, kept inside
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
TRANSLATABLE_ATTRIBUTES = ("alt", "title")


@dataclass(frozen=True)
class HtmlText:
    """A text at [start, end) of the fragment, inside the block-level `element` ("" at the top)."""

    start: int
    end: int
    element: str


@dataclass(frozen=True)
class HtmlAttribute:
    """The value of attribute `name` of an `element`, at [start, end), quotes excluded; `tag`
    is the span of the whole start tag."""

    start: int
    end: int
    element: str
    name: str
    quote: str  # '"', "'" or "" when the value is written bare
    tag: tuple[int, int]


@dataclass(frozen=True)
class _Event:
    start: int
    kind: str  # start, startend, end, data, comment, other
    tag: str = ""
    raw: str = ""  # a start tag as written
    untranslatable: bool = False  # translate="no", or the class "notranslate"


class _Scanner(HTMLParser):
    """Records where each construct of a fragment begins."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for i, ch in enumerate(fragment):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.events: list[_Event] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        untranslatable = (values.get("translate") or "").lower() == "no" or (
            "notranslate" in (values.get("class") or "").split())
        self.events.append(_Event(self._at(), "start", tag, self.get_starttag_text() or "",
                                  untranslatable))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event(self._at(), "startend", tag, self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event(self._at(), "end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event(self._at(), "data"))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event(self._at(), "comment"))

    def handle_decl(self, decl: str) -> None:
        self.events.append(_Event(self._at(), "other"))

    def handle_pi(self, data: str) -> None:
        self.events.append(_Event(self._at(), "other"))

    def unknown_decl(self, data: str) -> None:
        self.events.append(_Event(self._at(), "other"))


def parse_complete(parser: HTMLParser, text: str) -> int:
    """Feed `parser` the text up to its last '>' (or up to a comment that is never closed) and
    close it; return where the rest begins.

    The rest holds no complete tag or comment, so it is text; and html.parser, given many '<'
    or '<!--' that are never closed, searches from each of them to the end (quadratic time:
    seconds for 40 KB).
    Raises AssertionError where html.parser does (before 3.13, on `<![` that opens no section).
    """
    end = text.rfind(">") + 1
    unclosed = text.find("<!--", text.rfind("-->") + 1)  # a comment that never ends
    if 0 <= unclosed < end:
        end = unclosed
    parser.feed(text[:end])
    parser.close()
    return end


def scan(fragment: str) -> tuple[list[HtmlText], list[HtmlAttribute]]:
    """The texts and the translatable attributes of an HTML fragment, in order."""
    scanner = _Scanner(fragment)
    try:
        rest = parse_complete(scanner, fragment)
    except AssertionError:
        return [], []  # not understood: the block is kept as it is, nothing offered
    if rest < len(fragment):
        scanner.events.append(_Event(rest, "data"))
    events = scanner.events
    ends = [e.start for e in events[1:]] + [len(fragment)]
    texts: list[HtmlText] = []
    attributes: list[HtmlAttribute] = []
    containers = [""]
    run: list[int] = []  # indexes of the events of the text being collected
    verbatim, depth = "", 0  # the element whose content is not text, and how deep in it

    def flush() -> None:
        text = _trimmed(fragment, events, ends, run)
        if text is not None:
            texts.append(HtmlText(text[0], text[1], containers[-1]))
        run.clear()

    for i, event in enumerate(events):
        if verbatim:
            if event.tag == verbatim and event.kind in ("start", "end"):
                depth += 1 if event.kind == "start" else -1
                if depth == 0:
                    verbatim = ""
            continue
        if event.untranslatable or (event.tag in VERBATIM and event.kind == "start"):
            flush()
            if event.tag not in _VOID:
                verbatim, depth = event.tag, 1
            continue
        if event.kind in ("start", "startend"):
            attributes.extend(_attributes(event, ends[i]))
        if event.tag in VERBATIM and event.kind == "startend":
            flush()
        elif event.tag in BLOCK or event.kind == "other":
            flush()
            if event.kind == "start" and event.tag not in _VOID:
                containers.append(event.tag)
            elif event.kind == "end" and event.tag in containers[1:]:
                del containers[len(containers) - 1 - containers[::-1].index(event.tag):]
        else:
            run.append(i)
    flush()
    return texts, attributes


def _trimmed(
    fragment: str, events: list[_Event], ends: list[int], run: list[int]
) -> tuple[int, int] | None:
    """The span of a run without whitespace, comments and lone edge elements at its ends."""
    def blank(i: int) -> bool:
        event = events[i]
        if event.kind == "data":
            return not fragment[event.start : ends[i]].strip()
        return event.kind == "comment" or (event.tag in _EDGE and event.kind != "end")

    first, last = 0, len(run) - 1
    while first <= last and blank(run[first]):
        first += 1
    while last >= first and blank(run[last]):
        last -= 1
    if first > last:
        return None
    start, end = events[run[first]].start, ends[run[last]]
    while fragment[start] in " \t\n":
        start += 1
    while fragment[end - 1] in " \t\n":
        end -= 1
    return start, end


def _attributes(event: _Event, end: int) -> list[HtmlAttribute]:
    """The translatable attributes of a start tag, located in the tag as written."""
    raw = event.raw
    found = []
    i, n = 1, len(raw)
    while i < n and not raw[i].isspace() and raw[i] not in "/>":
        i += 1
    while True:
        while i < n and (raw[i].isspace() or raw[i] == "/"):
            i += 1
        if i >= n or raw[i] == ">":
            break
        name_start = i
        i += 1  # the first character belongs to the name, even '='
        while i < n and not raw[i].isspace() and raw[i] not in "/>=":
            i += 1
        name = raw[name_start:i].lower()
        while i < n and raw[i].isspace():
            i += 1
        if i >= n or raw[i] != "=":
            continue
        i += 1
        while i < n and raw[i].isspace():
            i += 1
        if i < n and raw[i] in "\"'":
            quote = raw[i]
            close = raw.find(quote, i + 1)
            if close < 0:
                return []  # not as the parser read it: offer nothing rather than guess
            value_start, value_end, i = i + 1, close, close + 1
        else:
            quote, value_start = "", i
            while i < n and not raw[i].isspace() and raw[i] != ">":
                i += 1
            value_end = i
        if name in TRANSLATABLE_ATTRIBUTES and value_end > value_start:
            found.append(HtmlAttribute(event.start + value_start, event.start + value_end,
                                       event.tag, name, quote, (event.start, end)))
    return found
