"""Hugo shortcodes and Liquid (Jekyll) template tags: find them, pair them, read their parameters.

Four kinds of tag are recognised, as the site generators read them:

- Hugo shortcodes, ``{{< name param >}}`` and ``{{% name param %}}``; a closing tag
  ``{{< /name >}}`` makes a pair with the nearest open one of the same name, ``{{< name />}}``
  closes itself, and ``{{</* name */>}}`` is Hugo's way of writing a shortcode as literal text;
- Liquid tags, ``{% name markup %}``, paired by ``{% endname %}``; the text between
  ``{% raw %}`` (or ``{% comment %}``) and its end tag is not read for tags, as Liquid does not;
- Liquid and Go template output, ``{{ expression }}``.

A shortcode's parameters are named (``title="A title"``, ``lang=go``) or positional
(``"whatsnext"``); values are written in double quotes (with backslash escapes), in backticks
(raw) or bare. A tag never spans a blank line: what looks like an unterminated tag is text.
Nothing here knows about Markdown; `segment` decides what a tag means for a unit.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

# Parameters whose value a reader sees and a translator translates; every other parameter is
# a name, a path or a setting that must stay as the English has it.
DEFAULT_SHORTCODE_PARAMETERS = ("text", "title", "caption", "alt")

# Paired tags whose content is code (or hidden) and so is kept verbatim: Hugo's and Jekyll's
# `highlight`, Liquid's `raw` and `comment`, and the comment shortcodes of Hugo themes.
CODE_NAMES = frozenset({"highlight", "code", "codeblock", "raw", "comment"})


class Syntax(StrEnum):
    """How a tag is written."""

    SHORTCODE = "{{< >}}"
    MARKDOWN_SHORTCODE = "{{% %}}"
    LITERAL = "{{</* */>}}"  # a shortcode written out as text, not run
    LIQUID_TAG = "{% %}"
    OUTPUT = "{{ }}"


@dataclass(frozen=True)
class Param:
    """One parameter of a tag; `start` and `end` are the span of its value, quotes excluded."""

    name: str  # "" for a positional parameter
    value: str  # as written, escapes and all
    start: int
    end: int
    quote: str  # '"', "`", "'" or "" for a bare value


@dataclass(frozen=True)
class Tag:
    """One shortcode or template tag at [start, end) of a text."""

    start: int
    end: int
    syntax: Syntax
    name: str  # without the closing '/' (or Liquid's 'end')
    closing: bool = False
    self_closing: bool = False
    params: tuple[Param, ...] = ()
    raw: str = ""

    @property
    def family(self) -> str:
        """Tags that can pair with each other: Hugo's two syntaxes, or Liquid's."""
        return "liquid" if self.syntax is Syntax.LIQUID_TAG else "hugo"

    def param(self, name: str) -> str | None:
        for param in self.params:
            if param.name == name:
                return param.value
        return None

    def fixed(self, translatable: Collection[str]) -> str:
        """What must not change in a translation: the tag as written, up to spacing, without
        its translatable parameters, which a translator may translate, add or leave out
        (`{{< glossary_tooltip text="…" term_id="x" >}}` for `{{< glossary_tooltip
        term_id="x" >}}`: the tooltip's text in the translation's words)."""
        raw = self.raw
        for param in reversed(self.params):
            if is_translatable(param, translatable):
                head = raw[: param.start - self.start - len(param.quote)]
                name = _PARAMETER_NAME.search(head)
                cut = name.start() if name else len(head)
                raw = raw[:cut] + raw[param.end - self.start + len(param.quote) :]
        return " ".join(raw.split())

    def shown(self) -> str:
        """The tag as a translator recognises it in a message: its first line, shortened."""
        first = " ".join(self.raw.split())
        return first if len(first) <= 60 else first[:57] + "…"


_PARAMETER_NAME = re.compile(r"\s*[\w-]+\s*=\s*$")


def is_translatable(param: Param, translatable: Collection[str]) -> bool:
    """A named parameter the configuration lists, with a quoted value: `text="API server"`
    is text, `text=true` is a setting."""
    return bool(param.name) and param.name in translatable and param.quote in ("\"", "`", "'")


_OPENERS = re.compile(r"\{\{|\{%")
_HUGO_NAME = re.compile(r"[^\s\"`'=/<>%{}]+(?:/[^\s\"`'=/<>%{}]+)*")
_LIQUID_NAME = re.compile(r"[A-Za-z_][\w-]*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_RAW_LIQUID = ("raw", "comment")


def find_tags(text: str, *, start: int = 0, end: int | None = None) -> list[Tag]:
    """Every tag in text[start:end], in order."""
    stop = len(text) if end is None else end
    if "{{" not in text and "{%" not in text:
        return []
    tags: list[Tag] = []
    pos = start
    blanks = [m.start() for m in _BLANK_LINE.finditer(text, start, stop)]
    scan = _Scan(text)
    while True:
        found = _OPENERS.search(text, pos, stop)
        if found is None:
            return tags
        at = found.start()
        # a tag ends before the next blank line: an unterminated one must not swallow the page
        k = bisect.bisect_left(blanks, at)
        limit = blanks[k] if k < len(blanks) else stop
        tag = scan.tag(at, limit)
        if tag is None:
            pos = at + 1
            continue
        tags.append(tag)
        pos = tag.end
        if tag.syntax is Syntax.LIQUID_TAG and tag.name in _RAW_LIQUID and not tag.closing:
            closer = _liquid_end(text, tag.end, stop, tag.name)
            if closer is not None:
                tags.append(closer)
                pos = closer.end


_SPACE = re.compile(r"[ \t\n]*")
_QUOTED = {
    '"': re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL),
    "'": re.compile(r"'((?:[^'\\]|\\.)*)'", re.DOTALL),
    "`": re.compile(r"`([^`]*)`"),
}
# a bare value ends at a space, '=', a quote or the tag's end; it never begins another tag
_BARE = {close: re.compile(r"(?!\{[{%])(?:(?!/?" + re.escape(close) + r")[^\s=\"'`])+")
         for close in (">}}", "%}}", "%}")}


class _Scan:
    """Reads one tag at a time, remembering where each closing mark occurs next, so that a page
    full of openers without a close is read in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.next: dict[str, int] = {}

    def find(self, mark: str, pos: int, limit: int) -> int:
        """text.find(mark, pos, limit), from the remembered answer when it still holds."""
        known = self.next.get(mark)
        if known is None or (0 <= known < pos):
            known = self.text.find(mark, pos)
            self.next[mark] = known
        return known if known >= 0 and known + len(mark) <= limit else -1

    def tag(self, at: int, limit: int) -> Tag | None:
        if self.text.startswith(("{{<", "{{%"), at):
            return self.hugo(at, limit)
        if self.text.startswith("{%", at):
            return self.liquid(at, limit)
        return self.output(at, limit)

    def hugo(self, at: int, limit: int) -> Tag | None:
        text = self.text
        mark = text[at + 2]
        close = (">" if mark == "<" else "%") + "}}"
        if self.find(close, at + 3, limit) < 0:
            return None
        syntax = Syntax.SHORTCODE if mark == "<" else Syntax.MARKDOWN_SHORTCODE
        pos = _skip_space(text, at + 3, limit)
        if text.startswith("/*", pos):  # {{</* name */>}}: shortcode syntax shown as text
            end = text.find("*/", pos + 2, limit)
            if end < 0:
                return None
            after = _skip_space(text, end + 2, limit)
            if not text.startswith(close, after):
                return None
            return Tag(at, after + 3, Syntax.LITERAL, "", raw=text[at : after + 3])
        closing = text.startswith("/", pos)
        if closing:
            pos = _skip_space(text, pos + 1, limit)
        name = _HUGO_NAME.match(text, pos, limit)
        if name is None:
            return None
        pos = name.end()
        params: list[Param] = []
        while True:
            pos = _skip_space(text, pos, limit)
            if text.startswith(close, pos):
                end, self_closing = pos + 3, False
                break
            if text.startswith("/" + close, pos):
                end, self_closing = pos + 4, True
                break
            param = _param(text, pos, limit, close)
            if param is None:
                return None
            params.append(param[0])
            pos = param[1]
        return Tag(at, end, syntax, name.group(), closing, self_closing, tuple(params),
                   text[at:end])

    def liquid(self, at: int, limit: int) -> Tag | None:
        text = self.text
        end = self.find("%}", at + 2, limit)
        if end < 0:
            return None
        inner = text[at + 2 : end].strip("-").strip()
        name = _LIQUID_NAME.match(inner)
        if name is None:
            return None
        word = name.group()
        closing = word.startswith("end") and len(word) > 3
        params: list[Param] = []
        markup_end = end - 1 if text[end - 1] == "-" else end
        pos = text.index(word, at + 2) + len(word)
        while True:
            pos = _skip_space(text, pos, markup_end)
            if pos >= markup_end:
                break
            param = _param(text, pos, markup_end, "%}")
            if param is None:
                break
            params.append(param[0])
            pos = param[1]
        return Tag(at, end + 2, Syntax.LIQUID_TAG, word[3:] if closing else word, closing,
                   params=tuple(params), raw=text[at : end + 2])

    def output(self, at: int, limit: int) -> Tag | None:
        end = self.find("}}", at + 2, limit)
        if end < 0 or not self.text[at + 2 : end].strip():
            return None
        return Tag(at, end + 2, Syntax.OUTPUT, "", raw=self.text[at : end + 2])


def _param(text: str, pos: int, limit: int, close: str) -> tuple[Param, int] | None:
    """One parameter at `pos`, and where the text after it begins."""
    first = _value(text, pos, limit, close)
    if first is None:
        return None
    value, start, end, quote, after = first
    if not quote and text.startswith("=", after):
        second = _value(text, after + 1, limit, close)
        if second is None:
            return None
        named_value, start, end, quote, after = second
        return Param(value, named_value, start, end, quote), after
    return Param("", value, start, end, quote), after


def _value(
    text: str, pos: int, limit: int, close: str
) -> tuple[str, int, int, str, int] | None:
    """A value at `pos`: (value, start, end, quote, position after it)."""
    if pos >= limit:
        return None
    quote = text[pos]
    if quote in _QUOTED:
        found = _QUOTED[quote].match(text, pos, limit)
        if found is None:
            return None
        return found.group(1), pos + 1, found.end() - 1, quote, found.end()
    bare = _BARE[close].match(text, pos, limit)
    if bare is None:
        return None
    return bare.group(), pos, bare.end(), "", bare.end()


def _skip_space(text: str, pos: int, limit: int) -> int:
    found = _SPACE.match(text, pos, limit)
    return found.end() if found else pos


def _liquid_end(text: str, pos: int, stop: int, name: str) -> Tag | None:
    """The `{% endraw %}` (or endcomment) after `pos`: Liquid reads nothing in between."""
    for found in re.finditer(r"\{%-?\s*end" + name + r"\s*-?%\}", text[pos:stop]):
        start = pos + found.start()
        return Tag(start, pos + found.end(), Syntax.LIQUID_TAG, name, True,
                   raw=found.group())
    return None


def pairs(tags: Sequence[Tag]) -> dict[int, int]:
    """Opening and closing tags that belong together, by their index in `tags`, both ways.

    A closing tag pairs with the nearest open tag of its name (Hugo shortcodes of either syntax
    with each other, Liquid tags with Liquid tags); open tags in between are left unpaired,
    which is how Hugo treats a shortcode used without a closing tag.
    """
    partner: dict[int, int] = {}
    stack: list[int] = []
    for i, tag in enumerate(tags):
        if tag.syntax in (Syntax.LITERAL, Syntax.OUTPUT) or tag.self_closing:
            continue
        if not tag.closing:
            stack.append(i)
            continue
        for depth in range(len(stack) - 1, -1, -1):
            opener = tags[stack[depth]]
            if opener.name == tag.name and opener.family == tag.family:
                partner[stack[depth]] = i
                partner[i] = stack[depth]
                del stack[depth:]
                break
    return partner


def code_regions(tags: Sequence[Tag], partner: dict[int, int]) -> list[tuple[int, int]]:
    """(opener, closer) index pairs whose content is code, kept verbatim.

    Code: the tags in `CODE_NAMES`; a Kubernetes-style ``{{< tab codelang="bash" >}}``; and a
    Docsy ``{{< tab >}}`` in a ``tabpane`` that is not ``text=true`` (Docsy highlights such a
    tab's content as code).
    """
    regions = []
    for i, tag in enumerate(tags):
        j = partner.get(i)
        if j is None or j < i:
            continue
        if tag.name in CODE_NAMES or (tag.name == "tab" and _code_tab(tags, partner, i)):
            regions.append((i, j))
    return regions


def _code_tab(tags: Sequence[Tag], partner: dict[int, int], index: int) -> bool:
    tab = tags[index]
    if tab.param("codelang") is not None:
        return True
    if tab.syntax is not Syntax.SHORTCODE:
        return False  # {{% tab %}}: Markdown inside
    for i in range(index - 1, -1, -1):
        outer = tags[i]
        if outer.name == "tabpane" and not outer.closing and partner.get(i, -1) > index:
            return outer.param("text") != "true"
    return False


# --- the check ---------------------------------------------------------------------------


def differences(source: str, target: str, translatable: Collection[str]) -> Iterator[str]:
    """How the tags of a translation differ from the English: dropped, added or renamed tags,
    unbalanced pairs, and changed parameters that are not translatable."""
    want, got = find_tags(source), find_tags(target)
    if not want and not got:
        return
    names, found = Counter(_identity(t) for t in want), Counter(_identity(t) for t in got)
    if names != found:
        parts = []
        if missing := sorted((names - found).elements()):
            parts.append("missing " + ", ".join(missing))
        if extra := sorted((found - names).elements()):
            parts.append("unexpected " + ", ".join(extra))
        yield "shortcodes differ from the English: " + "; ".join(parts)
        return
    unmatched = Counter(t.fixed(translatable) for t in want)
    unmatched.subtract(t.fixed(translatable) for t in got)
    if any(unmatched.values()):
        lost = [t for t in want if unmatched[t.fixed(translatable)] > 0]
        changes = []
        for tag in got:
            if unmatched[tag.fixed(translatable)] >= 0:
                continue
            unmatched[tag.fixed(translatable)] += 1
            was = next((t for t in lost if _identity(t) == _identity(tag)), None)
            if was is not None:
                lost.remove(was)
                changes.append(f"{_identity(tag)} {_changed_parameters(was, tag, translatable)}")
        yield ("a parameter that is not text was changed: " + "; ".join(sorted(changes))
               + f" (only the quoted values of {', '.join(sorted(translatable))} are translated)")
    if _balance(want) != _balance(got):
        yield "opening and closing shortcodes do not pair up as in the English"


def _changed_parameters(was: Tag, now: Tag, translatable: Collection[str]) -> str:
    """What changed between two forms of one tag: 'term_id "a" became "b"'."""
    def shown(tag: Tag) -> list[str]:
        return [(f"{p.name}=" if p.name else "") + f"{p.quote}{p.value}{p.quote}"
                for p in tag.params if not is_translatable(p, translatable)]

    before, after = shown(was), shown(now)
    gone = [p for p in before if p not in after]
    new = [p for p in after if p not in before]
    if len(gone) == len(new) == 1:
        return f"{gone[0]} became {new[0]}"
    parts = ([f"without {' '.join(gone)}"] if gone else []) + (
        [f"with {' '.join(new)}"] if new else [])
    return ", ".join(parts) or f"was {was.shown()}, is {now.shown()}"


def _identity(tag: Tag) -> str:
    if tag.syntax in (Syntax.LITERAL, Syntax.OUTPUT):
        return tag.shown()
    if tag.syntax is Syntax.LIQUID_TAG:
        return f"{{% {'end' if tag.closing else ''}{tag.name} %}}"
    marks = {Syntax.SHORTCODE: ("{{<", ">}}"), Syntax.MARKDOWN_SHORTCODE: ("{{%", "%}}")}
    left, right = marks[tag.syntax]
    return f"{left} {'/' if tag.closing else ''}{tag.name} {right}"


def _balance(tags: Sequence[Tag]) -> dict[str, tuple[int, int]]:
    """Per name of a paired tag: the lowest depth reached and the depth at the end. A pair
    that is closed before it is opened, or left open, changes them."""
    depth: Counter[str] = Counter()
    lowest: dict[str, int] = {}
    for tag in tags:
        if tag.syntax in (Syntax.LITERAL, Syntax.OUTPUT) or tag.self_closing:
            continue
        key = f"{tag.family}:{tag.name}"
        depth[key] += -1 if tag.closing else 1
        lowest[key] = min(lowest.get(key, 0), depth[key])
    return {key: (lowest[key], depth[key]) for key in lowest}
