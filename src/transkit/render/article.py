"""A standalone proofreading page for a built article (the same parser; no network)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

_html_md = (
    MarkdownIt("commonmark", {"html": False})
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .enable("table")
)

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55;
  font-family: Georgia, "Noto Serif", "Noto Serif Armenian", serif; color: #222; }}
.meta {{ color: #666; font-size: .9rem; }} .draft {{ background: #fff3cd; padding: .5rem; }}
h1 {{ line-height: 1.2; }} .footnotes {{ font-size: .9rem; }}
.fallback {{ background: #fff8e1; border-left: 3px solid #e0b03a; padding-left: .5rem; }}
.fallback::before {{ content: "English: not translated yet"; display: block;
  font: 600 .7rem system-ui, sans-serif; color: #8a6d00; letter-spacing: .02em; }}
</style>
</head>
<body>
{banner}<h1{title_attrs}>{title}</h1>
{subtitle}{body}</body>
</html>
"""


_FALLBACK = ' lang="en" class="fallback"'
_TEXT_BLOCKS = ("paragraph_open", "heading_open", "td_open", "th_open")


def _fold(text: str) -> str:
    return " ".join(text.split())


def _mark_english(tokens: list[Token], english: set[str]) -> int:
    """Mark the blocks whose text is one of the `english` fallbacks (lang="en" and a class the
    page shows); return how many."""
    marked = 0
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0 or _fold(token.content) not in english:
            continue
        block = tokens[i - 1]
        if block.type not in _TEXT_BLOCKS:
            continue
        if block.hidden:  # a tight list's paragraph has no tag of its own: mark the item
            block = next((t for t in reversed(tokens[:i]) if t.type == "list_item_open"), block)
        block.attrSet("lang", "en")
        block.attrJoin("class", "fallback")
        marked += 1
    return marked


_TOML_FRONT = re.compile(r"\+\+\+[ \t]*\n.*?^\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


def _without_front_matter(text: str) -> str:
    """The article without a TOML or JSON front matter, which the Markdown parser would show
    as text (it knows YAML's `---` alone)."""
    toml = _TOML_FRONT.match(text)
    if toml:
        return text[toml.end():]
    if text.startswith("{") and not text.startswith(("{{", "{%")):
        try:
            return text[json.JSONDecoder().raw_decode(text)[1]:]
        except ValueError:
            return text
    return text


def render_article_html(text: str, *, lang: str, title: str, subtitle: str, draft: bool,
                        english: Collection[str] = ()) -> str:
    """A standalone proofreading page for a built article (same parser; no network).

    `english` holds the English texts that stand in for missing translations: their blocks
    get `lang="en"` and a visible marker, so a proofreader sees what is not translated yet.
    """
    fallbacks = {_fold(t) for t in english}
    env: dict[str, Any] = {}
    tokens = _html_md.parse(_without_front_matter(text), env)
    marked = _mark_english(tokens, fallbacks)
    banner = '<p class="draft">Draft: not every unit is translated.</p>\n' if draft else ""
    if marked:
        banner += (f'<p class="meta">{marked} passage{"s" if marked > 1 else ""} in English, '
                   "marked below, until translated.</p>\n")
    sub = f'<p class="meta">{html.escape(subtitle)}</p>\n' if subtitle else ""
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title), banner=banner,
                        subtitle=sub, body=_html_md.renderer.render(tokens, _html_md.options, env),
                        title_attrs=_FALLBACK if _fold(title) in fallbacks else "")
