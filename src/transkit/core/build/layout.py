"""Where the built editions go: a path pattern with `{lang}` and `{id}`.

A site generator reads each edition from a place of its own: Hugo from a content folder per
language (`content/{lang}/{id}.md`) or from the language in the file name, beside the English
(`content/{id}.{lang}.md`, `index.de.md` in a page bundle); Jekyll with jekyll-polyglot from a
folder per language among the posts (`_posts/{lang}/{id}.md`). A folder alone (`build`) means
`build/{lang}/{id}.md`. Patterns are absolute here, '/'-separated, and only strings: the
configuration resolves them against the project root.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

LANG = "{lang}"
ID = "{id}"
SUFFIXES = (".md", ".markdown")  # what a pattern may end with: the built editions are Markdown
_FIELD = re.compile(r"\{[^{}]*\}")


class LayoutError(ValueError):
    """A pattern that cannot say where an edition goes; the message says how to fix it."""


@dataclass(frozen=True)
class Layout:
    """Where each edition of each article is written: `path(lang, id)`."""

    pattern: str  # absolute, '/'-separated, one {lang} and one {id}, ending in .md

    def path(self, lang: str, article_id: str, suffix: str | None = None) -> str:
        """The file of one edition; `suffix` replaces the pattern's (`.html` for the
        proofreading page beside it)."""
        text = self.pattern.replace(LANG, lang).replace(ID, article_id)
        if suffix is not None:
            text = text[: len(text) - len(self.suffix)] + suffix
        return text

    @property
    def suffix(self) -> str:
        return next(s for s in SUFFIXES if self.pattern.endswith(s))

    def folder(self, lang: str) -> str:
        """The folder every edition in `lang` lies in (or below): the pattern up to `{id}`."""
        head = self.pattern[: self.pattern.index(ID)].replace(LANG, lang)
        return head.rsplit("/", 1)[0] or "/"

    @property
    def prefix(self) -> str:
        """The folder every edition in every language lies in (or below)."""
        first = min(self.pattern.index(LANG), self.pattern.index(ID))
        return self.pattern[:first].rsplit("/", 1)[0] or "/"

    def matcher(self, langs: Iterable[str]) -> Callable[[str], tuple[str, str] | None]:
        """A test of a path: (lang, id) when an edition in one of `langs` is written there."""
        codes = "|".join(re.escape(code) for code in sorted(set(langs), key=len, reverse=True))
        parts = []
        for piece in re.split(r"(\{lang\}|\{id\})", self.pattern):
            if piece == LANG:
                parts.append(f"(?P<lang>{codes})")
            elif piece == ID:
                parts.append(r"(?P<id>[^/].*?)")
            else:
                parts.append(re.escape(piece))
        regex = re.compile("".join(parts))

        def match(path: str) -> tuple[str, str] | None:
            found = regex.fullmatch(path)
            return (found["lang"], found["id"]) if found else None

        return match


def parse_layout(text: str) -> Layout:
    """Check a pattern (absolute, '/'-separated) or a folder (`/…/build`, which means
    `/…/build/{lang}/{id}.md`)."""
    if LANG not in text and ID not in text and not _FIELD.search(text):
        return Layout(text.rstrip("/") + "/" + LANG + "/" + ID + ".md")
    fields = _FIELD.findall(text)
    unknown = [f for f in fields if f not in (LANG, ID)]
    if unknown:
        raise LayoutError(f"'{unknown[0]}' is not a field of a build pattern; use {LANG} (the "
                          f"language code) and {ID} (the article's id, with its folders)")
    for field in (LANG, ID):
        if fields.count(field) != 1:
            raise LayoutError(f"a build pattern needs {field} exactly once, e.g. "
                              f"\"content/{LANG}/{ID}.md\" or \"content/{ID}.{LANG}.md\"")
    start = text.index(ID)
    if text[start - 1] != "/":
        raise LayoutError(f"{ID} must begin a file or folder name (it holds the article's "
                          f"folders), as in \"content/{LANG}/{ID}.md\"")
    tail = text[start + len(ID):]
    if "/" in tail:
        raise LayoutError(f"{ID} must be in the file name, after the last '/' (it holds the "
                          f"article's folders), as in \"content/{LANG}/{ID}.md\"")
    if not text.endswith(SUFFIXES):
        raise LayoutError("a build pattern names a Markdown file: end it with '.md' (or "
                          "'.markdown'), as in \"content/{lang}/{id}.md\"")
    lang_at = text.index(LANG)
    around = text[lang_at - 1: lang_at + len(LANG) + 1]
    if lang_at > start and not re.fullmatch(r"[./_-]\{lang\}[./_-]", around):
        raise LayoutError(f"{LANG} after {ID} must stand between dots, dashes or underscores "
                          f"(\"{ID}.{LANG}.md\"), so that an edition's name is not read as "
                          "another article's")
    return Layout(text)
