"""The segmenter's parser takes a block that starts with a letter by the only rules that can
(`core.source.segment._prose_block`): it must parse every text exactly as markdown-it does
with its own rules alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from transkit.core.source.segment import _inline_for_footnote_refs, _md

from .conftest import ROOT

PLAIN = (
    MarkdownIt("commonmark")
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .enable("table")
    .disable("footnote_tail")
)
PLAIN.core.ruler.at("inline", _inline_for_footnote_refs)

SOURCES = sorted({*(ROOT / "sources").glob("*.md"), *(ROOT / "tests" / "data").rglob("*.md")})


def tokens(md: MarkdownIt, text: str) -> list[dict[str, object]]:
    env: dict[str, object] = {}
    out = [_token(t) for t in md.parse(text, env)]
    return [*out, {"env": repr(env)}]


def _token(token: Token) -> dict[str, object]:
    fields = dict(token.as_dict())
    if token.children is not None:
        fields["children"] = [_token(child) for child in token.children]
    return fields


def test_the_prose_rule_is_the_parsers_first() -> None:
    assert _md.block.ruler.get_active_rules()[0] == "prose_block"
    assert PLAIN.block.ruler.get_active_rules() == _md.block.ruler.get_active_rules()[1:]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_article_parses_as_without_the_rule(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    assert tokens(_md, text) == tokens(PLAIN, text)


# lines that start blocks of every kind, those that start with a letter and are not paragraphs
# on their own (a table's head, a setext heading's text) among them
LINES = [
    "", "", "Some words here", "Some words here", "text with a [^1] reference", "a | b",
    "a | b | c", "|---|---|", "--|--", ":-- | --:", "===", "---", "- item", "* item", "1. one",
    "> quoted text", ">", "    indented code", "  two spaces", "# Heading", "## Heading {#id}",
    "[^1]: a footnote", "[ref]: /url", "<div>", "</div>", "```", "~~~", "***", "+ plus",
    "Über alles", "Ça va", "ÿ", "\tTabbed", "word  ", "line\\", "<!-- c -->", "2023 was",
]


def test_random_documents_parse_as_without_the_rule() -> None:
    rng = random.Random(24)
    for _ in range(3000):
        text = "\n".join(rng.choice(LINES) for _ in range(rng.randrange(1, 14)))
        assert tokens(_md, text) == tokens(PLAIN, text), text
