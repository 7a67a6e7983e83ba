"""compose_yaml's fast path (libyaml's parser) gives exactly what the pure-Python loader gives.

For every YAML front matter of tests/data (the golden segmentation and sync cases, the real
pages), every one written in a test module, hand-made hard cases and seeded random ones,
`compose_yaml` is compared with `_compose_pure`, the loader transkit used alone before: the
node trees (type, tag, value, style, flow style, the marks' line, column, index, pointer and
buffer, which nodes are one node: aliases and merge keys), the data (type and repr), and where
the pure loader fails, the error (type and text). `yaml_front_matter`, which slices the source
with the marks' `.index`, is compared the same way. Other tests check that the fast path is
taken where it should be (else this comparison would prove nothing), and that what it leaves
to the pure loader is text on which libyaml indeed differs.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from transkit.core.source import frontmatter as fm
from transkit.core.source.segment import _md, normalize_newlines
from transkit.errors import SourceError

TESTS = Path(__file__).parent
DATA = TESTS / "data"

pytestmark = pytest.mark.skipif(fm._Fast is None, reason="PyYAML without libyaml")


def front_matter_body(text: str) -> str | None:
    """The YAML between the fences, as the Markdown parser hands it to yaml_front_matter."""
    tokens = _md.parse(normalize_newlines(text), {})
    if tokens and tokens[0].type == "front_matter":
        return tokens[0].content
    return None


def data_bodies() -> list[tuple[str, str]]:
    out = []
    for path in sorted(DATA.rglob("*")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError):
            continue
        body = front_matter_body(text)
        if body is not None:
            out.append((str(path.relative_to(DATA)), body))
    return out


def module_bodies() -> list[tuple[str, str]]:
    """Front matter written as a literal in a test module (str or UTF-8 bytes)."""
    out = []
    for module in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str | bytes):
                continue
            value = node.value
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError:
                    continue
            if value.startswith("---"):
                body = front_matter_body(value)
                if body is not None:
                    out.append((f"{module.name}:{node.lineno}", body))
    return out


HARD = {
    "anchor and alias": "base: &b hello\ncopy: *b\ntitle: x\n",
    "alias of a mapping": "d: &d {a: 1, b: [x, y]}\ne: *d\n",
    "alias of a list": "t: &t [a, b]\ntags: *t\n",
    "merge key": "defaults: &d\n  a: 1\n  b: 2\nthing:\n  <<: *d\n  b: 3\n",
    "merge list": "x: &x {a: 1}\ny: &y {b: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n",
    "recursive": "a: &a [1, *a]\n",
    "multi-line plain": "title: one\n  two\n\n  three\nnext: x\n",
    "multi-line single": "title: 'one ''two''\n  three\n\n  four'\n",
    "multi-line double": 'title: "one \\"two\\"\\\n  three\n  four \\u00e9\\x41\\U0001F600"\n',
    "escapes": 'a: "\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\"\\/\\\\\\N\\_\\L\\P"\n',
    "folded": "summary: >\n  one\n  two\n\n  three\n    more\n  four\n\nnext: x\n",
    "folded keep": "summary: >+\n  one\n\n\nnext: x\n",
    "literal strip": "summary: |-\n  one\n   two\nnext: x\n",
    "literal indent": "summary: |2\n    one\n  two\nnext: x\n",
    "literal at end": "summary: |\n  one\n\n",
    "literal comment": "summary: | # note\n  one\n",
    "header and hash": "summary: >-#\n  one\nb: |2+#x\n   two\nc: C# > F#, a |# b\n",
    "flow": "tags: [a, 'b c', \"d\", {e: f}, [g]]\nmap: {a: 1, b: 2, c: [], d: {}}\n",
    "flow empty values": "map: {a: 1, b: , c}\nlist: [a: , b]\n",
    "flow multi-line": "tags: [a,\n  b,\n  c, ]\nm: {\n  x: 1,\n  y: 2 }\n",
    "flow single pair": "p: [a: b, c: d]\n",
    "comments": "# top\ntitle: x # after\n# between\ntags:\n  # inside\n  - a # item\n",
    "hash inside": "title: a#b\nother: 'c # d'\n",
    "non-ASCII": "title: Ünïcödé — «quoted» 日本語\nauthor: Ĳsbrand\n",
    "emoji": "title: 😀 party 🎉\nsummary: \"𝄞 clef\"\ntags: [🙂, 🙃]\nlast: x\n",
    "emoji multi-line": "title: 😀 one\n  😀 two\nsummary: |\n  🎉 a\n  🎉 b\nend: 🎉\n",
    "CRLF": "title: one\r\nsummary: |\r\n  a\r\n  b\r\ntags:\r\n  - x\r\n",
    "lone CR": "title: one\rsummary: two\r",
    "dates": "date: 2023-05-14\nwhen: 2001-12-14t21:59:43.10-05:00\n"
             "space: 2001-12-14 21:59:43.10 -5\n",
    "scalars": "i: 12\no: 0o14\nx: 0x1F\nf: 1.5e3\nn: .nan\ninf: -.inf\nb: yes\nnul: ~\n"
               "e:\ns: 1_000\n",
    "sexagesimal": "t: 1:30:00\nf: 1:30.5\n",
    "tags": "s: !!str 1984\ni: !!int '12'\nb: !!binary aGVsbG8=\nq: ! '12'\np: ! 12\n",
    "set": "set: !!set {a, b}\n",
    "empty with tag": "a: !\nb: !!str\nc: !!null\n",
    "indentless": "tags:\n- a\n- b\ncats:\n  - c\nn:\n  m:\n  - x\n  k: y\n",
    "indentless with anchor": "tags: &t\n- a\nmore: *t\nt: !!seq\n- b\n",
    "indentless key": "?\n- a\n: b\n? - c\n: d\n",
    "nested in list": "- a: b\n  c:\n  - d\n- - e\n  - f\n",
    "omap": "o: !!omap [a: 1, b: 2]\n",
    "bad date": "date: 2020-13-45\n",
    "bad int tag": "n: !!int x\n",
    "unknown tag": "t: !foo bar\n",
    "duplicate key": "title: a\nauthor: b\ntitle: c\n",
    "duplicate 1 and true": "1: a\ntrue: b\n",
    "duplicate in nested": "a:\n  x: 1\n  x: 2\n",
    "unhashable key": "? [a, b]\n: c\n",
    "complex key": "? a\n: b\n? c\n",
    "missing colon": "title: a\nauthor b\nc: d\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "unclosed quote": "title: \"abc\n",
    "unclosed flow": "tags: [a, b\n",
    "tab": "title:\tx\n",
    "tab in value": "title: a\tb\n",
    "tab indent": "a:\n\tb: 1\n",
    "tab in quotes": "title: \"a\tb\"\n",
    "control character": "title: a\x07b\n",
    "DEL": "title: a\x7fb\n",
    "NUL": "title: a\x00b\n",
    "C1 control": "title: a\x80b\n",
    "BOM first": "\ufefftitle: x\n",
    "BOM later": "title: x\n\ufeffauthor: y\n",
    "NEL": "title: a\x85b: c\n",
    "LS": "title: a\u2028b: c\n",
    "lone surrogate": "title: a\ud800b\n",
    "non-character": "title: a\ufffeb\n",
    "directive": "%YAML 1.1\n---\ntitle: x\n",
    "reserved directive": "%FOO bar\n---\ntitle: x\n",
    "two documents": "title: x\n---\ntitle: y\n",
    "document end": "title: x\n...\n",
    "empty": "",
    "comment only": "# nothing\n",
    "scalar document": "just text\n",
    "list document": "- a\n- b\n",
    "key too long": "x" * 1100 + ": b\n",
    "anchor odd name": "a: &x.y b\nc: *x.y\n",
    "undefined alias": "a: *nope\n",
    "colon in flow plain": "a: [x:y]\nb: {x:y}\n",
    "colon-led flow": "a: [:x]\n",
    "plain indicators": "a: -x\nb: ?x\nc: :x\nd: x:y\n",
    "question marks": "title: Why? How?\ntags: [a, b?c, '?']\nm: {?x: y}\nn: [? a : b]\n",
    "exclamation marks": "title: Wow! Really!!\ntags: [a!, b]\nc: 'x !y'\n",
    "block in flow": "a: [- b]\n",
    "quoted key": "'title': x\n\"tags\": [a]\n",
    "key with spaces": "page title: x\n",
    "trailing spaces": "title: x   \nsummary: |  \n  a  \n",
    "deep flow": "a: " + "[" * 100 + "]" * 100 + "\n",
    "deep block": "".join(" " * (2 * i) + f"k{i}:\n" for i in range(80)) + " " * 160 + "v\n",
    "wide": "".join(f"key{i}: value {i} é😀\n" for i in range(300)),
}


def random_body(rng: random.Random) -> str:
    """A YAML-like text from fragments that front matter is made of, valid or not."""
    keys = ["title", "tags", "a", "b", "'q'", '"d"', "<<", "? k", "1", "é", "😀", "x y", ""]
    scalars = ["x", "one two", "'s q'", '"d \\u00e9 q"', "|", ">-", "|+", "2023-05-14", "12",
               "~", "&a v", "*a", "!!str 3", "[a, b]", "{a: 1}", "[]", "{}", "é😀", "a # c",
               "'multi", "line'", '"open', "-", "- i", ":", "a: b", "*b", "&b [1]", "#c",
               "1:30", ".inf", "yes", "[x,\n y]", "{x: 1,\n y: 2}", "'", '"', "\\", "---",
               "...", "?", ",", "[", "]", "{", "}", "@", "`", "%", "&", "!", "|2", ">1"]
    lines = []
    for _ in range(rng.randint(1, 8)):
        indent = " " * rng.choice([0, 0, 0, 1, 2, 2, 4])
        kind = rng.random()
        if kind < 0.5:
            line = f"{indent}{rng.choice(keys)}: {rng.choice(scalars)}"
        elif kind < 0.7:
            line = f"{indent}- {rng.choice(scalars)}"
        elif kind < 0.85:
            line = f"{indent}{rng.choice(scalars)}"
        else:
            line = f"{indent}{rng.choice(keys)}:"
        if rng.random() < 0.1:
            line += rng.choice([" # note", "  ", " é", "😀"])
        lines.append(line)
    return rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["\n", "", "\n\n"])


RANDOM = [random_body(random.Random(seed)) for seed in range(1500)]


# --- comparing --------------------------------------------------------------------------------


def outcome(compose: Callable[[str], tuple[Any, Any]], body: str) -> tuple[Any, ...]:
    try:
        node, data = compose(body)
    except Exception as err:  # noqa: BLE001 - the error is what is compared
        return ("error", type(err), str(err))
    return ("ok", node, data)


def mark(m: Any) -> tuple[Any, ...]:
    return (type(m), m.name, m.line, m.column, m.index, m.pointer, m.buffer)


def assert_same_tree(a: Any, b: Any, pairs: dict[int, int], back: dict[int, int]) -> None:
    """The same tree, node for node; a node met twice (an alias) is the same node in both."""
    if id(a) in pairs or id(b) in back:
        assert pairs.get(id(a)) == id(b) and back.get(id(b)) == id(a)
        return
    pairs[id(a)], back[id(b)] = id(b), id(a)
    assert type(a) is type(b)
    assert (a.tag, mark(a.start_mark), mark(a.end_mark)) == (
        b.tag, mark(b.start_mark), mark(b.end_mark))
    if isinstance(a, yaml.ScalarNode):
        assert (type(a.value), a.value, a.style) == (type(b.value), b.value, b.style)
        return
    assert a.flow_style == b.flow_style
    assert len(a.value) == len(b.value)
    for x, y in zip(a.value, b.value, strict=True):
        if isinstance(a, yaml.MappingNode):
            assert_same_tree(x[0], y[0], pairs, back)
            assert_same_tree(x[1], y[1], pairs, back)
        else:
            assert_same_tree(x, y, pairs, back)


def same_data(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same_data(k, j) and same_data(v, w)
            for (k, v), (j, w) in zip(a.items(), b.items(), strict=True))
    if isinstance(a, list | tuple):
        return repr(a) == repr(b)  # a list may hold itself: repr writes [...]
    return repr(a) == repr(b)


def assert_same(body: str) -> bool:
    """compose_yaml gives what the pure loader gives; whether libyaml composed it."""
    pure = outcome(fm._compose_pure, body)
    got = outcome(fm.compose_yaml, body)
    assert pure[0] == got[0], (pure, got)
    if pure[0] == "error":
        assert pure[1:] == got[1:]
    else:
        if pure[1] is None:
            assert got[1] is None
        else:
            assert_same_tree(pure[1], got[1], {}, {})
        assert same_data(pure[2], got[2]), (pure[2], got[2])
    fast = not fm._PURE_ONLY.search(body) and outcome(fm._compose_fast, body)[0] == "ok"
    if fast:  # what compose_yaml returned is libyaml's, and the pure loader agreed
        assert pure[0] == "ok"
    # the nodes before they are constructed too (a key that is a list composes, but cannot
    # be constructed): where libyaml composes, the pure loader composes the same
    tree = composed(fm._Fast, body)
    if tree is not None and not fm._PURE_ONLY.search(body):
        pure_tree = composed(fm._UniqueKeyLoader, body)
        assert pure_tree is not None
        assert_same_tree(pure_tree, tree, {}, {})
    return fast


def composed(loader: Any, body: str) -> Any:
    """The node a loader composes (None if none, or on an error), made the pure loader's."""
    try:
        node = loader(body).get_single_node()
        if node is not None and loader is fm._Fast:
            fm._Pure(body).node(node, 0)
    except Exception:  # noqa: BLE001 - the node alone is compared
        return None
    return node


def same_front_matter(body: str) -> None:
    """yaml_front_matter (which slices the text by the marks) agrees under both loaders."""
    text = f"---\n{body}---\n\nBody.\n"
    keys = ("title", "subtitle", "summary", "description", "tags", "categories", "a", "x")

    def read() -> Any:
        try:
            return fm.yaml_front_matter(text, body, 4, body.count("\n") + 2, keys, path="p.md")
        except SourceError as err:
            return ("error", str(err), err.line)

    fast = read()
    original = fm.compose_yaml
    fm.compose_yaml = fm._compose_pure
    try:
        pure = read()
    finally:
        fm.compose_yaml = original
    assert repr(fast) == repr(pure)


# --- the tests --------------------------------------------------------------------------------

DATA_BODIES = data_bodies()
MODULE_BODIES = module_bodies()


def test_the_data_has_front_matter_to_compare() -> None:
    assert len(DATA_BODIES) >= 150
    assert any(name.startswith("real/") for name, _ in DATA_BODIES)
    assert any(name.startswith("segment/") for name, _ in DATA_BODIES)
    assert len(MODULE_BODIES) >= 10


@pytest.mark.parametrize(("name", "body"), DATA_BODIES, ids=[n for n, _ in DATA_BODIES])
def test_data_front_matter(name: str, body: str) -> None:
    # every front matter of the data that the pure loader reads, libyaml reads too
    fast = assert_same(body)
    assert fast or fm._PURE_ONLY.search(body) or outcome(fm._compose_pure, body)[0] == "error"
    same_front_matter(body)


@pytest.mark.parametrize(("name", "body"), MODULE_BODIES, ids=[n for n, _ in MODULE_BODIES])
def test_front_matter_in_test_modules(name: str, body: str) -> None:
    assert_same(body)
    same_front_matter(body)


@pytest.mark.parametrize("name", sorted(HARD))
def test_hard_cases(name: str) -> None:
    body = HARD[name]
    assert_same(body)
    assert_same(body.replace("\n", "\r\n"))
    same_front_matter(body)


# hard cases that libyaml composes: the test must not pass by falling back on all of them
FAST = ["anchor and alias", "alias of a mapping", "merge key", "merge list", "recursive",
        "multi-line plain", "multi-line double", "escapes", "folded", "folded keep",
        "literal strip", "literal indent", "literal at end", "flow", "flow multi-line",
        "indentless", "nested in list",
        "comments", "non-ASCII", "emoji", "emoji multi-line", "CRLF", "lone CR", "dates",
        "scalars", "document end", "wide"]


@pytest.mark.parametrize("name", FAST)
def test_libyaml_composes(name: str) -> None:
    assert assert_same(HARD[name])


def test_random_front_matter() -> None:
    fast = sum(assert_same(body) for body in RANDOM)
    assert fast >= len(RANDOM) // 15  # many are invalid YAML; enough of them are read


# what compose_yaml leaves to the pure loader is text on which libyaml would differ from it
DIFFERS = {
    "control character": "title: a\x07b\n",  # libyaml refuses it in its own words
    "tab": "title:\tx\n",  # libyaml reads it, PyYAML refuses it
    "BOM later": "title: x\n\ufeffauthor: y\n",  # PyYAML reads it, libyaml refuses it
    "BOM first": "\ufefftitle: x\n",  # the marks' index differ
    "deep flow": "a: " + "[" * 900 + "]" * 900 + "\n",  # PyYAML runs out of recursion
    "question mark in flow": "tags: [why?, x]\n",  # libyaml reads it, PyYAML refuses it
    "odd tag": "a: !&x!t b\n",  # libyaml reads a local tag, PyYAML refuses it
    "tagged empty": "a: !\n",  # libyaml's is a string, PyYAML's a null
    "comment on a block scalar's header": "a: >-#\n  b\n",  # libyaml reads it, PyYAML not
}


@pytest.mark.parametrize("name", sorted(DIFFERS))
def test_left_to_the_pure_loader(name: str) -> None:
    body = DIFFERS[name]
    pure = outcome(fm._compose_pure, body)
    loader = fm._Fast(body)  # type: ignore[misc]
    libyaml: tuple[Any, ...]
    try:
        libyaml = ("ok", loader.get_single_node())
    except Exception as err:  # noqa: BLE001 - the error is what is compared
        libyaml = ("error", type(err), str(err))
    if pure[0] == "ok" and libyaml[0] == "ok":
        assert summary(pure[1]) != summary(libyaml[1])
    else:
        assert pure[:3] != libyaml[:3]
    assert outcome(fm._compose_fast, body)[0] == "error" or fm._PURE_ONLY.search(body)
    assert_same(body)


def summary(node: Any) -> list[tuple[Any, ...]]:
    """Each node's tag, scalar value and start (line, column, index), in document order."""
    return [(n.tag, n.value if isinstance(n, yaml.ScalarNode) else None,
             mark(n.start_mark)[2:5]) for n in _iter_nodes(node, set())]


def test_a_plain_scalar_style_is_none_and_marks_carry_the_text() -> None:
    node: Any = fm._compose_fast("title: x\n")[0]
    key, value = node.value[0]
    assert value.style is None
    assert isinstance(value.start_mark, yaml.error.Mark)
    assert value.start_mark.buffer == "title: x\n\0"
    assert "title: x" in str(value.start_mark)


def _iter_nodes(node: Any, seen: set[int]) -> Iterator[Any]:
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _iter_nodes(item, seen)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _iter_nodes(k, seen)
            yield from _iter_nodes(v, seen)


def test_index_counts_characters_not_bytes() -> None:
    # the marks slice the text (a Python str) to each plain scalar as written
    for name in ("non-ASCII", "emoji"):
        body = HARD[name]
        node: Any = fm._compose_fast(body)[0]
        plain = [n for n in _iter_nodes(node, set())
                 if isinstance(n, yaml.ScalarNode) and n.style is None]
        assert len(plain) >= 4
        for n in plain:
            assert body[n.start_mark.index: n.end_mark.index] == n.value
    node = fm._compose_fast("a: 😀😀\nb: c\n")[0]
    assert node.value[1][1].start_mark.index == 9
