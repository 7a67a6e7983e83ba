"""Front matter: the page settings at the top of an article, in the three syntaxes Hugo reads.

- YAML between two lines ``---`` (Hugo, Jekyll and most other generators);
- TOML between two lines ``+++`` (what ``hugo new`` writes: ``title = 'My First Post'``);
- JSON: an object that opens on the first character of the file (``{`` but not ``{{`` or
  ``{%``, which begin a shortcode or a template tag) and ends at its matching brace.

The values of the configured keys are translatable: a string, or each string of a list of
strings (``tags``, ``categories``), one unit per item. Each is found at its exact place in the
file, so that a translation replaces the value alone, in the syntax it was written in, and
every other line stays byte for byte as it was. A value is the text as written: YAML's
``title: 1984`` is the text "1984" (so it is written back quoted); in TOML and JSON, which say
what is a string, a number or a boolean under a translatable key is an error. Whatever
transkit cannot read as intended is refused with its line and the fix, never taken for body
text: a block that is never closed, a key given twice, a mapping (or an anchor, tag or alias)
where a translatable text belongs, invalid YAML, TOML or JSON.

YAML front matter is found by markdown-it's front-matter plugin (segment); TOML and JSON by
`find_block`, and blanked in the text the Markdown parser reads.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml

from ...errors import SourceError
from .model import DEFAULT_FRONT_MATTER_KEYS, SlotMode

_SPACES = re.compile(r"[ \t]+")
YAML_FENCE = re.compile(r"(-{3,})[ \t]*\Z")  # what opens YAML front matter, alone on line 1
_TOML_FENCE = re.compile(r"\+{3}[ \t]*\Z")
_NULL = "tag:yaml.org,2002:null"


class Syntax(StrEnum):
    """The language a front matter is written in."""

    YAML = "yaml"
    TOML = "toml"
    JSON = "json"


@dataclass(frozen=True)
class Block:
    """Where a TOML or JSON front matter stands in an article (offsets into its text)."""

    syntax: Syntax
    body: tuple[int, int]  # the TOML between the fences; the JSON object, braces and all
    end: int  # just after the block: after the closing fence's or brace's line
    last_line: int  # 1-based line of the closing fence or brace


@dataclass(frozen=True)
class Value:
    """One translatable text of a front matter: a key's string, or one string of its list."""

    key: str
    item: int  # 1-based position in the key's list; 0 for the key's own value
    line: int  # 1-based line in the article
    start: int  # the span in the article that the translation replaces
    end: int
    text: str  # the value, runs of spaces and tabs folded
    mode: SlotMode

    @property
    def detail(self) -> str:
        """How the unit is labelled: the key, with the item's position in a list (`tags[2]`)."""
        return f"{self.key}[{self.item}]" if self.item else self.key


@dataclass(frozen=True)
class FrontMatter:
    """The translatable values of a front matter and its top-level data; a translatable
    key's value is its text as written."""

    values: tuple[Value, ...]
    data: tuple[tuple[str, object], ...]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# --- finding TOML and JSON front matter --------------------------------------------------------


def find_block(text: str, *, path: str) -> Block | None:
    """The TOML or JSON front matter at the top of an article, or None (YAML is the Markdown
    parser's to find). A `+++` block that is never closed and JSON that cannot be read are
    errors with their line."""
    first, _, _ = text.partition("\n")
    if _TOML_FENCE.match(first):
        opened = len(first) + 1
        for match in re.finditer(r"^\+{3}[ \t]*$", text[opened:], re.MULTILINE):
            close = opened + match.start()
            after = text.find("\n", close)
            end = len(text) if after < 0 else after + 1
            return Block(Syntax.TOML, (opened, close), end, _line_of(text, close))
        raise SourceError(
            "front matter is not closed (no line '+++' ends the block that this line opens); "
            "add a line '+++' after it", path=path, line=1)
    if text.startswith("{") and not text.startswith(("{{", "{%")):
        try:
            _, close = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as err:
            raise SourceError(
                f"front matter is not valid JSON ({err.msg}); fix the JSON object that opens "
                "at line 1 (keys and strings in double quotes, a comma between two values, "
                "no comma after the last)", path=path, line=err.lineno) from err
        rest_end = text.find("\n", close)
        rest = text[close: len(text) if rest_end < 0 else rest_end]
        if rest.strip():
            raise SourceError(
                "the line that closes the JSON front matter must end with its '}'; move the "
                "rest of it to the next line", path=path, line=_line_of(text, close))
        end = len(text) if rest_end < 0 else rest_end + 1
        return Block(Syntax.JSON, (0, close), end, _line_of(text, close))
    return None


def blank(text: str, block: Block) -> str:
    """The text with the block's characters as spaces: the Markdown parser sees blank lines
    where the front matter stands, and every offset and line stays where it was."""
    return re.sub(r"[^\n]", " ", text[: block.end]) + text[block.end:]


def check_yaml_fences(lines: Sequence[str], opened: bool, path: str) -> None:
    """Refuse a YAML front-matter block the Markdown parser would not read as front matter (it
    would become body text, and its translatable values would vanish): a `---` block that is
    never closed, and an opening `---` line with more on it. `opened`: whether the parser found
    front matter."""
    first = lines[0]
    fence = YAML_FENCE.match(first)
    if fence and not opened:
        marker = fence.group(1)
        raise SourceError(
            f"front matter is not closed (no line '{marker}' ends the block that this line "
            f"opens); add a line '{marker}' after it (to begin the article with a thematic "
            "break instead, write '***')",
            path=path,
            line=1,
        )
    if opened and not fence:
        raise SourceError(
            "the line that opens the front matter must hold only '---'; move the rest of it to "
            "the next line",
            path=path,
            line=1,
        )


def front_matter_of(text: str, block: Block, keys: Sequence[str], *, path: str) -> FrontMatter:
    """The translatable values and the data of a TOML or JSON front matter."""
    if block.syntax is Syntax.TOML:
        return _toml_front_matter(text, block, keys, path)
    return _json_front_matter(text, block, keys, path)


def _not_text(key: str, what: str, syntax: Syntax, item: int = 0) -> str:
    """The fix for a value under a translatable key that is not text."""
    config = "" if key in DEFAULT_FRONT_MATTER_KEYS else (
        f", or take '{key}' out of front_matter_keys in transkit.toml")
    quote = "in double quotes" if syntax is Syntax.JSON else "in quotes"
    where = f"item {item} of front matter '{key}'" if item else f"front matter '{key}'"
    return f"{where} is {what}, not text; write it as text {quote}{config}"


# --- TOML -------------------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SCALAR = re.compile(
    r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?"
    r"|\d\d:\d\d(?::\d\d(?:\.\d+)?)?|[^\s,\]}#]+")
_TOML_STRING_MODES = {'"': SlotMode.TOML_BASIC, "'": SlotMode.TOML_LITERAL,
                      '"""': SlotMode.TOML_BASIC, "'''": SlotMode.TOML_BASIC}


@dataclass(frozen=True)
class _Entry:
    """A top-level `key = value` of TOML (or a top-level member of a JSON object)."""

    key: tuple[str, ...]  # a dotted key's parts
    start: int  # where the key begins
    value: tuple[int, int]  # the value's span


def _skip_blank(s: str, i: int, *, lines: bool = False) -> int:
    """Past spaces and tabs, and with `lines`, line ends and comments too (inside arrays)."""
    while i < len(s):
        ch = s[i]
        if ch in " \t\r" or (lines and ch == "\n"):
            i += 1
        elif lines and ch == "#":
            end = s.find("\n", i)
            i = len(s) if end < 0 else end
        else:
            break
    return i


def _string_end(s: str, i: int) -> int:
    """The end of the TOML string that opens at s[i] (a quote), quotes included."""
    for quote in ('"""', "'''"):
        if s.startswith(quote, i):
            j = i + 3
            while True:
                if quote == '"""' and s[j] == "\\":
                    j += 2
                    continue
                if s.startswith(quote, j):
                    j += 3
                    # up to two quotes may stand right before the closing ones
                    extra = 0
                    while extra < 2 and j < len(s) and s[j] == quote[0]:
                        j, extra = j + 1, extra + 1
                    return j
                j += 1
    quote, j = s[i], i + 1
    while s[j] != quote:
        j += 2 if quote == '"' and s[j] == "\\" else 1
    return j + 1


def _toml_value_end(s: str, i: int) -> int:
    """The end of the TOML value that begins at s[i]; the text is valid TOML (tomllib read it)."""
    ch = s[i]
    if ch in "\"'":
        return _string_end(s, i)
    if ch in "[{":
        close = "]" if ch == "[" else "}"
        j = _skip_blank(s, i + 1, lines=ch == "[")
        while s[j] != close:
            if ch == "{":  # a key (dotted or quoted) and '='
                while s[j] != "=":
                    j = _string_end(s, j) if s[j] in "\"'" else j + 1
                j = _skip_blank(s, j + 1)
            j = _skip_blank(s, _toml_value_end(s, j), lines=ch == "[")
            if s[j] == ",":
                j = _skip_blank(s, j + 1, lines=ch == "[")
        return j + 1
    match = _TOML_SCALAR.match(s, i)
    assert match is not None  # tomllib read a value here
    return match.end()


def _toml_entries(body: str) -> Iterator[_Entry]:
    """The top-level `key = value` lines of a TOML text, before its first table header."""
    i = 0
    while i < len(body):
        i = _skip_blank(body, i)
        if i >= len(body):
            break
        ch = body[i]
        if ch == "\n":
            i += 1
            continue
        if ch == "#":
            end = body.find("\n", i)
            i = len(body) if end < 0 else end
            continue
        if ch == "[":
            return  # a table header: what follows belongs to tables
        start, parts = i, []
        while True:
            if body[i] in "\"'":
                end = _string_end(body, i)
                parts.append(str(_toml_string(body[i:end])))
            else:
                match = _BARE.match(body, i)
                assert match is not None
                end = match.end()
                parts.append(match.group())
            i = _skip_blank(body, end)
            if body[i] != ".":
                break
            i = _skip_blank(body, i + 1)
        i = _skip_blank(body, i + 1)  # past '='
        end = _toml_value_end(body, i)
        yield _Entry(tuple(parts), start, (i, end))
        i = end
        while i < len(body) and body[i] != "\n":  # spaces and a comment to the line's end
            i += 1


def _toml_string(literal: str) -> str:
    """A TOML string literal's value, as TOML itself reads it."""
    value = tomllib.loads(f"v = {literal}")["v"]
    assert isinstance(value, str)
    return value


def _toml_error(err: tomllib.TOMLDecodeError, body: str, first_line: int) -> tuple[str, int]:
    message = str(err.args[0] if err.args else err)
    at = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(at.group(1)) if at else body.count("\n") + 1
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).lower()
    if reason == "cannot overwrite a value":
        reason = "a key given twice"
    return reason, first_line + line - 1


def _toml_front_matter(text: str, block: Block, keys: Sequence[str], path: str) -> FrontMatter:
    start, end = block.body
    body = text[start:end]
    first_line = _line_of(text, start)
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as err:
        reason, line = _toml_error(err, body, first_line)
        raise SourceError(
            f"front matter is not valid TOML ({reason}); fix the TOML between the '+++' lines "
            f"1 and {block.last_line} (strings in quotes, one key = value per line)",
            path=path, line=line) from err
    values: list[Value] = []
    texts: dict[str, str] = {}
    for entry in _toml_entries(body):
        if len(entry.key) != 1 or entry.key[0] not in keys:
            continue
        key = entry.key[0]
        line = first_line + body.count("\n", 0, entry.start)
        listed = body[entry.value[0]] == "["
        found = _toml_strings(body, entry, key, line, path)
        read = [_toml_string(literal) for _, _, literal in found]
        if read != (data[key] if listed else [data[key]]):  # the scanner must agree with TOML
            raise SourceError(f"front matter '{key}' is read otherwise by transkit than by "
                              "TOML; please report this with the front matter", path=path,
                              line=line)
        for n, ((s, e, literal), value) in enumerate(zip(found, read, strict=True), 1):
            item = n if listed else 0
            if not item:
                texts[key] = value
            if value.strip():
                opener = literal[:3] if literal[:3] in ('"""', "'''") else literal[0]
                values.append(Value(key, item, first_line + body.count("\n", 0, s), start + s,
                                    start + e, _fold(value), _TOML_STRING_MODES[opener]))
    return FrontMatter(tuple(values), tuple((k, texts.get(k, v)) for k, v in data.items()))


_TOML_KINDS = (("true", "a boolean"), ("false", "a boolean"), ("{", "a table"),
               ("[", "a list"))


def _toml_kind(literal: str) -> str:
    for prefix, what in _TOML_KINDS:
        if literal.startswith(prefix):
            return what
    return "a date" if re.match(r"\d{4}-\d\d-\d\d|\d\d:\d\d", literal) else "a number"


def _toml_strings(body: str, entry: _Entry, key: str, line: int,
                  path: str) -> list[tuple[int, int, str]]:
    """The spans and literals of a translatable key's string, or of each string of its list."""
    s, e = entry.value
    literal = body[s:e]
    if literal[0] in "\"'":
        return [(s, e, literal)]
    if literal[0] != "[":
        raise SourceError(_not_text(key, _toml_kind(literal), Syntax.TOML), path=path,
                          line=line)
    out: list[tuple[int, int, str]] = []
    j = _skip_blank(body, s + 1, lines=True)
    while body[j] != "]":
        end = _toml_value_end(body, j)
        if body[j] not in "\"'":
            raise SourceError(_not_text(key, _toml_kind(body[j:end]), Syntax.TOML, len(out) + 1),
                              path=path, line=line + body.count("\n", s, j))
        out.append((j, end, body[j:end]))
        j = _skip_blank(body, end, lines=True)
        if body[j] == ",":
            j = _skip_blank(body, j + 1, lines=True)
    return out


# --- JSON -------------------------------------------------------------------------------------

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


_DECODER = json.JSONDecoder(object_pairs_hook=_unique)


def _json_entries(s: str, start: int) -> Iterator[_Entry]:
    """The members of the JSON object that opens at s[start] (valid JSON: it was read)."""
    i = _JSON_SPACE.match(s, start + 1).end()  # type: ignore[union-attr]
    while s[i] != "}":
        key_start = i
        key, i = json.decoder.scanstring(s, i + 1)  # type: ignore[attr-defined]
        i = _JSON_SPACE.match(s, i).end()  # type: ignore[union-attr]
        i = _JSON_SPACE.match(s, i + 1).end()  # type: ignore[union-attr]  # past ':'
        _, end = _DECODER.raw_decode(s, i)
        yield _Entry((key,), key_start, (i, end))
        i = _JSON_SPACE.match(s, end).end()  # type: ignore[union-attr]
        if s[i] == ",":
            i = _JSON_SPACE.match(s, i + 1).end()  # type: ignore[union-attr]


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "an object" if isinstance(value, dict) else (
        "a list" if isinstance(value, list) else "a number")


def _json_front_matter(text: str, block: Block, keys: Sequence[str], path: str) -> FrontMatter:
    start, end = block.body
    seen: dict[str, int] = {}
    values: list[Value] = []
    data: dict[str, object] = {}
    for entry in _json_entries(text, start):
        (key,) = entry.key
        line = _line_of(text, entry.start)
        if key in seen:
            raise SourceError(f"front matter has the key '{key}' twice (also on line "
                              f"{seen[key]}); remove one of them", path=path, line=line)
        seen[key] = line
        s, e = entry.value
        try:
            value, _ = _DECODER.raw_decode(text, s)
        except _Duplicate as err:
            raise SourceError(f"front matter has the key '{err.key}' twice inside '{key}'; "
                              "remove one of them", path=path, line=line) from err
        data[key] = value
        if key not in keys or value is None:
            continue
        if isinstance(value, str):
            items = [(0, s, e, value)]
        elif isinstance(value, list):
            items = []
            j = _JSON_SPACE.match(text, s + 1).end()  # type: ignore[union-attr]
            for n, item in enumerate(value, start=1):
                item_end = _DECODER.raw_decode(text, j)[1]
                if not isinstance(item, str):
                    raise SourceError(_not_text(key, _json_kind(item), Syntax.JSON, n),
                                      path=path, line=_line_of(text, j))
                items.append((n, j, item_end, item))
                j = _JSON_SPACE.match(text, item_end).end()  # type: ignore[union-attr]
                j = _JSON_SPACE.match(text, j + 1).end()  # type: ignore[union-attr]
        else:
            raise SourceError(_not_text(key, _json_kind(value), Syntax.JSON), path=path,
                              line=line)
        values.extend(Value(key, n, _line_of(text, a), a, b, _fold(v), SlotMode.JSON)
                      for n, a, b, v in items if v.strip())
    return FrontMatter(tuple(values), tuple(data.items()))


# --- YAML -------------------------------------------------------------------------------------


class _UniqueKeys(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, except that a key given twice in one mapping is an error.

    PyYAML keeps the last of two equal keys; YAML forbids them, and Hugo and other readers of
    front matter refuse them, so transkit does too rather than guess which one was meant.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[type, Any], yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults` may be overridden by the keys beside it
            key = self.construct_object(key_node, deep=True)
            try:  # by type too: YAML's `1` and `true` are two keys, Python's 1 and True one
                first = seen.setdefault((type(key), key), key_node)
            except TypeError:  # unhashable: the safe loader itself reports it
                continue
            if first is not key_node:
                raise _DuplicateKey(str(key), first, key_node)
        return super().construct_mapping(node, deep)


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """The pure-Python loader: the reference, and the one whose errors transkit reports."""


# libyaml's parser (PyYAML's C extension) composes the same nodes as the pure-Python one about
# seven times faster; it is used where the two are known to agree, the pure one everywhere else
# (tests/test_front_matter_libyaml.py compares the two). Left to the pure loader: the
# characters its reader refuses (NON_PRINTABLE: it refuses the text before parsing, libyaml
# takes some of them), the tab (libyaml takes `key:<tab>value`, PyYAML refuses it), U+FEFF
# (libyaml skips a BOM at the start of any line, PyYAML at the start of the text alone), NEL,
# U+2028 and U+2029 (line breaks to YAML), a line that begins with '%' (a directive: the two
# accept different ones), and what may be a tag: a '!' at the start of a word (libyaml reads
# `!&x!t` as a local tag, PyYAML refuses it), and a '#' right after what may be the header of
# a block scalar (libyaml takes `>-#` as `>-` and a comment, PyYAML refuses it). Directives,
# tags and these line breaks are rare in front matter; they are not worth proving.
_PURE_ONLY = re.compile(
    "[^\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD"
    "\U00010000-\U0010FFFF]|^%|(?:^|[ \r\n\\[{,])!|[|>][-+0-9]*#", re.MULTILINE)
# nodes nested deeper go to the pure loader: it may run out of Python recursion where libyaml
# does not, and then its error is the one to give
_FAST_DEPTH = 64
_Fast: type[yaml.SafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastUniqueKeyLoader(_UniqueKeys, yaml.CSafeLoader):
        """libyaml's parser with the pure loader's constructor and resolver."""

    _Fast = _FastUniqueKeyLoader  # type: ignore[assignment]


class _Declined(Exception):
    """The fast path leaves this text to the pure loader."""


def compose_yaml(body: str) -> tuple[yaml.Node | None, Any]:
    """The YAML node of a front matter and the data it holds (None, None when it is empty);
    raises yaml.YAMLError (`_DuplicateKey` for a key given twice, `_BadValue` for a value the
    safe constructor cannot make). libyaml composes it where it gives the pure loader's nodes
    (`_compose_fast`); whatever it fails on or is not trusted with, the pure loader reads, so
    that every error is the pure loader's."""
    if _Fast is not None and not _PURE_ONLY.search(body):
        try:
            return _compose_fast(body)
        except Exception:  # noqa: BLE001, S110 - any refusal: the pure loader says why
            pass
    return _compose_pure(body)


def _compose_pure(body: str) -> tuple[yaml.Node | None, Any]:
    loader = _UniqueKeyLoader(body)  # its reader checks the characters at once
    try:
        node = loader.get_single_node()
        return node, (_construct(loader, node) if node is not None else None)
    finally:
        loader.dispose()


def _compose_fast(body: str) -> tuple[yaml.Node | None, Any]:
    """compose_yaml by libyaml, its nodes made the pure loader's (`_Pure`). Raises on anything
    it refuses or leaves to the pure loader."""
    assert _Fast is not None
    loader = _Fast(body)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _Pure(body).node(node, 0)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


class _Pure:
    """Makes the nodes libyaml composed of a text what the pure loader makes of it: a plain
    scalar's style None (libyaml's is ''), marks of `yaml.Mark` over the text as the pure
    reader makes them (libyaml's have no text to quote in an error), and at the end of a text
    that does not end with a line break, the pure reader's line and column (libyaml adds a
    line break there: its mark is at column 0 of the next line). The index of both counts
    characters, as Python's str does."""

    def __init__(self, body: str) -> None:
        self.buffer = body + "\0"  # what the pure reader holds
        self.seen: set[int] = set()
        self.end: tuple[int, int, int] | None = None  # libyaml's line of the end, and ours
        if body and body[-1] not in "\r\n":
            line = body.count("\n") + body.count("\r") - body.count("\r\n")
            last = max(body.rfind("\n"), body.rfind("\r")) + 1
            self.end = (line + 1, line, len(body) - last)

    def mark(self, m: Any) -> yaml.Mark:
        line, column = m.line, m.column
        if self.end and m.index == len(self.buffer) - 1 and (line, column) == (self.end[0], 0):
            line, column = self.end[1:]
        return yaml.Mark(m.name, m.index, line, column, self.buffer, m.index)

    def node(self, node: yaml.Node, depth: int, flow: bool = False,
             indent: int | None = None) -> None:
        """`flow`: whether the node is an item, key or value of a flow collection; `indent`:
        the column of the block mapping it is a key or value of (-1: not known)."""
        if id(node) in self.seen:  # an alias: the same node again
            return
        if depth > _FAST_DEPTH:
            raise _Declined
        self.seen.add(id(node))
        node.start_mark, node.end_mark = self.mark(node.start_mark), self.mark(node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                if flow and ("?" in node.value or not node.value):
                    # in a flow collection, PyYAML ends a plain scalar at a '?' (`[why?]`),
                    # libyaml does not; an empty value (`{a: , b}`) libyaml marks where the
                    # next token begins, PyYAML where the ':' ends
                    raise _Declined
                if not node.value and node.tag != _NULL:
                    raise _Declined  # `a: !`: libyaml's is a string, PyYAML's a null
                node.style = None
            return
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style is False and indent is not None:
                # a list whose '-' stand in the column of its mapping's keys (`tags:` and
                # `- a` below it) is "indentless": its flow style is None to PyYAML, False
                # to libyaml; a list with an anchor or tag begins elsewhere
                if indent < 0 or self.buffer[node.start_mark.index] != "-":
                    raise _Declined
                if node.start_mark.column == indent:
                    node.flow_style = None
            for item in node.value:
                self.node(item, depth + 1, node.flow_style is True)
            return
        assert isinstance(node, yaml.MappingNode)
        inner = node.flow_style is True
        column = None if inner else (
            -1 if self.buffer[node.start_mark.index] in "&!" else node.start_mark.column)
        for key, value in node.value:
            self.node(key, depth + 1, inner, column)
            self.node(value, depth + 1, inner, column)


class _BadValue(yaml.MarkedYAMLError):
    """A value the safe constructor cannot make (`date: 2020-13-45`, `n: !!int`)."""


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_document(node)
    except yaml.YAMLError:
        raise
    except Exception as err:  # noqa: BLE001 - each constructor fails in its own way
        mark = node.start_mark
        for _, value in node.value if isinstance(node, yaml.MappingNode) else ():
            try:
                type(loader)("").construct_object(value, deep=True)
            except Exception:  # noqa: BLE001 - the same failure, to find its line
                mark = value.start_mark
                break
        raise _BadValue(problem=str(err) or type(err).__name__, problem_mark=mark) from err


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first: yaml.Node, second: yaml.Node) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


def yaml_front_matter(text: str, body: str, body_start: int, last_line: int,
                      keys: Sequence[str], *, path: str) -> FrontMatter:
    """Translatable top-level values of a YAML front matter, each as written in the source;
    `body` is the YAML between the fences, at `body_start` in `text`, and `last_line` the
    closing fence's line."""
    try:
        node, data = compose_yaml(body)
    except _DuplicateKey as err:
        raise SourceError(
            f"front matter has the key '{err.key}' twice (also on line "
            f"{err.first.start_mark.line + 2}); remove one of them",
            path=path,
            line=err.second.start_mark.line + 2,
        ) from err
    except yaml.YAMLError as err:
        raise _yaml_error(err, body, last_line, path) from err
    if data is None:
        return FrontMatter((), ())
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter must be a YAML mapping of keys to values", path=path, line=2
        )
    values: list[Value] = []
    texts: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if not isinstance(key, str) or key not in keys:
            continue
        line = key_node.start_mark.line + 2
        if value_node.start_mark.index < key_node.end_mark.index:
            raise SourceError(
                f"front matter '{key}' is an alias of another value; write its text itself",
                path=path,
                line=line,
            )
        if isinstance(value_node, yaml.SequenceNode):
            _yaml_anchor(text, body_start + value_node.start_mark.index, key, line, path)
            for item, item_node in enumerate(value_node.value, start=1):
                item_line = item_node.start_mark.line + 2
                if not isinstance(item_node, yaml.ScalarNode):
                    what = "a list" if isinstance(item_node, yaml.SequenceNode) else (
                        "a mapping")
                    raise SourceError(
                        f"item {item} of front matter '{key}' is {what}, not text; write "
                        "each item as one line of text", path=path, line=item_line)
                found = _yaml_scalar(text, body_start, item_node, key, item_line, path,
                                     flow=value_node.flow_style is True)
                if found is not None and found[1] is not None:
                    values.append(replace_item(found[1], key, item, item_line))
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            config = "" if key in DEFAULT_FRONT_MATTER_KEYS else (
                f", or take '{key}' out of front_matter_keys in transkit.toml"
            )
            raise SourceError(
                f"front matter '{key}' is a mapping, not text; write it as one line of text "
                f"(in quotes if it begins with '{{'){config}",
                path=path,
                line=line,
            )
        found = _yaml_scalar(text, body_start, value_node, key, line, path, flow=False)
        if found is None:
            continue
        texts[key], value = found
        if value is not None:
            values.append(value)
    return FrontMatter(tuple(values),
                       tuple((str(k), texts.get(str(k), v)) for k, v in data.items()))


def replace_item(value: Value, key: str, item: int, line: int) -> Value:
    return Value(key, item, line, value.start, value.end, value.text, value.mode)


def _yaml_anchor(text: str, start: int, key: str, line: int, path: str) -> None:
    if text[start: start + 1] in ("&", "!"):  # the node's span begins with its anchor or tag
        raise SourceError(
            f"front matter '{key}' has a YAML anchor or tag ('{text[start:].split()[0]}'); "
            "remove it, so that the text alone can be translated",
            path=path,
            line=line,
        )


def _yaml_scalar(text: str, body_start: int, node: yaml.ScalarNode, key: str, line: int,
                 path: str, *, flow: bool) -> tuple[str, Value | None] | None:
    """A scalar's text as written and its unit (None for an empty one); None for a null."""
    start = body_start + node.start_mark.index
    end = body_start + node.end_mark.index
    while end > start and text[end - 1] in " \t\n":  # a block scalar ends after its line
        end -= 1
    _yaml_anchor(text, start, key, line, path)
    if node.style is None and node.tag == _NULL:
        return None  # `title:`, `title: ~`: nothing to translate
    # the text as written: `title: 1984` is the text "1984", not the number
    value = str(node.value)
    if not value.strip():
        return value, None
    mode = SlotMode.YAML if node.style is not None else (
        SlotMode.YAML_FLOW_PLAIN if flow else SlotMode.YAML_PLAIN)
    return value, Value(key, 0, line, start, end, _fold(value), mode)


def _yaml_error(err: yaml.YAMLError, body: str, last_line: int, path: str) -> SourceError:
    """The one-line error for front matter that is not valid YAML, at the line at fault."""
    mark = getattr(err, "problem_mark", None)
    if getattr(err, "problem", None) == "could not find expected ':'":
        # PyYAML marks the line after a key without its ':'; the key's own line is the one
        mark = getattr(err, "context_mark", None) or mark
    if mark is not None:
        line = mark.line + 2
    elif isinstance(getattr(err, "position", None), int):  # the reader's errors
        line = body.count("\n", 0, err.position) + 2  # type: ignore[attr-defined]
    else:
        line = 1
    problem = getattr(err, "problem", None) or getattr(err, "reason", None) or str(err)
    problem = " ".join(str(problem).split())
    fix = f"fix the YAML between the '---' lines 1 and {last_line}"
    # a front matter whose closing line is missing runs on to a '---' (or '...') in the body:
    # then the first line it cannot read comes after a blank line
    blank_line = next((i + 2 for i, ln in enumerate(body.split("\n")) if not ln.strip()), None)
    if blank_line is not None and 3 <= blank_line < line:
        fix += (f", or, if the front matter ends at line {blank_line - 1}, add a line '---' "
                "after it")
    what = ("has a value YAML cannot read" if isinstance(err, _BadValue)
            else "is not valid YAML")
    return SourceError(f"front matter {what} ({problem}); {fix}", path=path, line=line)


# --- writing values back ----------------------------------------------------------------------

_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
                 "\r": "\\r"}


def toml_basic(text: str) -> str:
    """A TOML basic string ("…") of the text, escaped as TOML asks."""
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_string(text: str, mode: SlotMode) -> str:
    """The text as a TOML string: a literal one ('…') where it was one and still can be (no
    quote, line break or control character), else a basic one ("…")."""
    if mode is SlotMode.TOML_LITERAL and not re.search(r"['\x00-\x08\x0a-\x1f\x7f]", text):
        return f"'{text}'"
    return toml_basic(text)


# --- fields a build sets ---------------------------------------------------------------------


def _toml_field(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_basic(str(v)) for v in value) + "]"
    if isinstance(value, int | float):
        return str(value)
    return toml_basic(str(value))


def set_fields(text: str, fields: Mapping[str, object]) -> str | None:
    """The article with top-level front-matter keys set (existing ones replaced) in a TOML or
    JSON front matter, in its own syntax; None when the front matter is neither. Every other
    line stays as it was."""
    try:
        block = find_block(text, path="")
    except SourceError:
        return None
    if block is None:
        return None
    start, end = block.body
    if block.syntax is Syntax.TOML:
        return text[:start] + _set_toml(text[start:end], fields) + text[end:]
    return text[:start] + _set_json(text[start:], fields)


def _set_toml(body: str, fields: Mapping[str, object]) -> str:
    """TOML with top-level keys set: the new lines after the last top-level key that stays
    (top-level keys must come before the first table)."""
    removed: list[tuple[int, int]] = []
    insert = 0
    for entry in _toml_entries(body):
        line_end = body.find("\n", entry.value[1])
        line_end = len(body) if line_end < 0 else line_end + 1
        if len(entry.key) == 1 and entry.key[0] in fields:
            removed.append((entry.start, line_end))
        else:
            insert = line_end

    def kept(a: int, b: int) -> str:
        out, cursor = [], a
        for s, e in removed:
            if a <= s and e <= b:
                out.append(body[cursor:s])
                cursor = e
        return "".join(out) + body[cursor:b]

    added = "".join(f"{key} = {_toml_field(value)}\n" for key, value in fields.items())
    return kept(0, insert) + added + kept(insert, len(body))


def _set_json(text: str, fields: Mapping[str, object]) -> str:
    """A JSON object (and what follows it) with top-level members set: values replaced where
    they stand, new members after the last one, indented as the first one is."""

    def member(key: str, value: object) -> str:
        return json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)

    entries = list(_json_entries(text, 0))
    out: list[str] = []
    cursor = 0
    missing = dict(fields)
    for entry in entries:
        if entry.key[0] in missing:
            out += [text[cursor:entry.value[0]],
                    json.dumps(missing.pop(entry.key[0]), ensure_ascii=False)]
            cursor = entry.value[1]
    if missing and entries:
        last = entries[-1].value[1]
        first = entries[0].start
        indent = re.match(r"[ \t]*", text[text.rfind("\n", 0, first) + 1:])
        separator = ",\n" + indent.group() if "\n" in text[:first] and indent else ", "
        out.append(text[cursor:last])
        out.extend(separator + member(k, v) for k, v in missing.items())
        cursor = last
    elif missing:  # an empty object
        out.append(text[cursor:1])
        out.append("\n" + ",\n".join("  " + member(k, v) for k, v in missing.items()) + "\n")
        cursor = text.index("}")
    out.append(text[cursor:])
    return "".join(out)


def read_fields(text: str) -> dict[str, Any]:
    """The top-level data of an article's front matter in any of the three syntaxes ({} when
    it has none or it cannot be read)."""
    try:
        block = find_block(text, path="")
    except SourceError:
        return {}
    try:
        if block is None:
            if not text.startswith("---\n"):
                return {}
            end = text.find("\n---", 3)
            data = yaml.safe_load(text[4:end]) if end > 4 else None
        elif block.syntax is Syntax.TOML:
            data = tomllib.loads(text[block.body[0]:block.body[1]])
        else:
            data = json.loads(text[block.body[0]:block.body[1]])
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
