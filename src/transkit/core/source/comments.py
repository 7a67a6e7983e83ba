"""Comments in fenced code blocks, offered as units when a project asks (`code_comments`).

A site's translators often translate the comments of its code examples (a cheat sheet's
`# list the pods` above a command), never the code. With the setting on, a line of a fenced
block of a known language that holds only a comment is a unit: `#` for shells and most
scripting languages, `//` for the C family, `<!-- … -->` for markup. The comment marker, the
indentation and, for markup, the closing `-->` stay in the skeleton; the code never leaves it.
A session transcript (`console`) is not read: there `#` is a root prompt. Directives to tools
(`# noqa`, `// eslint-disable`, `#!/bin/sh`) are not comments to translate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HASH = frozenset({
    "bash", "sh", "shell", "zsh", "fish", "ksh", "python", "py", "python3", "ipython", "ruby",
    "rb", "yaml", "yml", "toml", "perl", "pl", "r", "dockerfile", "docker", "containerfile",
    "makefile", "make", "cmake", "powershell", "ps1", "pwsh", "ps", "conf", "nginx",
    "apacheconf", "properties", "tcl", "elixir", "ex", "exs", "nim", "julia", "jl",
    "coffeescript", "coffee", "gitignore", "ignore", "dotenv", "env", "crystal", "cr",
    "graphql", "gql", "awk", "sed", "nix", "starlark", "bzl", "hcl", "terraform", "tf",
})
_SLASH = frozenset({
    "js", "javascript", "jsx", "mjs", "cjs", "ts", "typescript", "tsx", "go", "golang", "java",
    "c", "h", "cpp", "c++", "cc", "cxx", "hpp", "cs", "csharp", "c#", "rust", "rs", "swift",
    "kotlin", "kt", "kts", "scala", "sc", "php", "jsonc", "json5", "groovy", "gradle", "dart",
    "proto", "protobuf", "scss", "less", "zig", "objc", "objective-c", "solidity", "sol",
    "hcl", "terraform", "tf", "v", "d", "haxe", "glsl", "hlsl", "wgsl", "cue", "jsonnet",
})
_MARKUP = frozenset({"html", "xml", "svg", "xhtml", "vue", "svelte", "markdown", "md", "xsl",
                     "xslt", "plist", "wsdl", "rss", "atom", "handlebars", "hbs"})

_LINE = {
    "#": re.compile(r"^(?P<head>[ \t>]*#+[ \t]*)(?P<text>[^!\s].*?)[ \t]*$"),
    "//": re.compile(r"^(?P<head>[ \t>]*//+[ \t]*)(?P<text>\S.*?)[ \t]*$"),
    "<!--": re.compile(r"^(?P<head>[ \t>]*<!--[ \t]*)(?P<text>\S.*?)[ \t]*-->[ \t]*$"),
}
_DIRECTIVE = re.compile(
    r"^(?:noqa|type:|pragma|-\*-|fmt:|pylint:|mypy:|ruff:|isort:|nosec|eslint|@ts-|go:|nolint|"
    r"prettier-ignore|istanbul|jshint|jscs|tslint|region|endregion|#|/|=+|-+|\*+)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Comment:
    """A comment's text in a code block: where it lies in the page, and the block's language."""

    start: int
    end: int
    text: str
    language: str


def markers(info: str) -> tuple[str, ...]:
    """The comment markers of a fenced block with this info string (`bash`, `{.python}`,
    `js title="x"`); none for a language transkit does not know."""
    words = info.strip().strip("{}").split()
    language = words[0].lstrip(".").lower() if words else ""
    found = []
    if language in _HASH:
        found.append("#")
    if language in _SLASH:
        found.append("//")
    if language in _MARKUP:
        found.append("<!--")
    return tuple(found)


def comments(info: str, lines: list[str], first: int, last: int,
             line_starts: list[int]) -> Iterator[Comment]:
    """The comment lines among `lines[first:last]` (a fenced block's content), for a block
    whose info string is `info`."""
    found = markers(info)
    if not found:
        return
    language = info.strip().strip("{}").split()[0].lstrip(".").lower()
    for number in range(first, min(last, len(lines))):
        line = lines[number]
        for marker in found:
            match = _LINE[marker].match(line)
            if match is None or _DIRECTIVE.match(match.group("text")):
                continue
            start = line_starts[number] + match.start("text")
            yield Comment(start, start + len(match.group("text")), match.group("text"),
                          language)
            break
