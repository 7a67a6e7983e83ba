"""A standalone proofreading page for a built article (the same parser; no network)."""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
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
</style>
</head>
<body>
{banner}<h1>{title}</h1>
{subtitle}{body}</body>
</html>
"""


def render_article_html(text: str, *, lang: str, title: str, subtitle: str, draft: bool) -> str:
    """A standalone proofreading page for a built article (same parser; no network)."""
    banner = '<p class="draft">Draft: below the translation threshold.</p>\n' if draft else ""
    sub = f'<p class="meta">{html.escape(subtitle)}</p>\n' if subtitle else ""
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title), banner=banner,
                        subtitle=sub, body=_html_md.render(text))
