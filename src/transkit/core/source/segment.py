"""English article -> ordered units and a skeleton; skeleton + texts -> article.

Markdown is parsed with markdown-it-py (CommonMark, with the front-matter, footnote and table
extensions), so what counts as a paragraph, a heading or a footnote is what every CommonMark
renderer thinks it is. The parser tells where each block sits in the source; the skeleton is the
source with each unit's text cut out, so everything that is not offered for translation (code,
HTML tags, shortcodes that are structure, heading ids, link reference definitions,
non-translatable front matter, blank lines) comes back verbatim. What static sites add to
CommonMark (shortcodes, template tags, attribute lists, units without words) is judged by
`markup`; the text of HTML blocks is found by `htmlblock`.

Documented normalization of a unit's text (and so of an article rebuilt from it):
- soft line breaks and runs of spaces or tabs become one space; leading and trailing spaces go;
- a hard line break (two trailing spaces or a backslash) is kept as a backslash line break;
- in an HTML block, runs of spaces, tabs and line breaks become one space;
- non-breaking spaces, entities and every other character are kept as written;
- table rows are rewritten as ``| a | b |``; translatable front-matter values are written as
  plain YAML scalars where that is safe and as double-quoted scalars otherwise.

Front matter is YAML between two lines ``---``. A translatable value is the text as written: in
``title: 1984`` it is "1984" (not the number YAML reads), and so it is written back quoted. What
transkit cannot read as intended is refused, never segmented as body text: a block that is never
closed, TOML (``+++``) front matter, a key given twice, a list or mapping (or an anchor, tag or
alias) where a translatable text belongs.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock, lheading, paragraph, table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import SourceError
from .comments import comments
from .frontmatter import (
    FrontMatter,
    blank,
    check_yaml_fences,
    find_block,
    front_matter_of,
    toml_string,
    yaml_front_matter,
)
from .htmlblock import scan as scan_html
from .markup import TRAILING_ATTRIBUTES, PageMarkup, has_words
from .model import (
    DEFAULT_FRONT_MATTER_KEYS,
    DEFAULT_SHORTCODE_PARAMETERS,
    Document,
    Segment,
    SegmentKind,
    Slot,
    SlotMode,
)

_SPACES = re.compile(r"[ \t]+")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_IMAGE_ONLY = re.compile(r"^!\[")

_CONTAINERS = {
    "blockquote_open": SegmentKind.BLOCKQUOTE,
    "list_item_open": SegmentKind.LIST_ITEM,
    "footnote_reference_open": SegmentKind.FOOTNOTE,  # a footnote's definition, where it stands
}
# tokens the loop of `segment_markdown` reads nothing from (an inline token's kind is read from
# the token before it): the most common ones, passed over first
_PASSED = frozenset(("paragraph_open", "paragraph_close", "heading_close", "table_open",
                     "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
                     "tr_close", "th_open", "th_close", "td_open", "td_close",
                     "bullet_list_open", "bullet_list_close", "ordered_list_open",
                     "ordered_list_close", "hr"))
_CLOSERS = {
    "blockquote_close": SegmentKind.BLOCKQUOTE,
    "list_item_close": SegmentKind.LIST_ITEM,
    "footnote_reference_close": SegmentKind.FOOTNOTE,
}



def _inline_for_footnote_refs(state: StateCore) -> None:
    """markdown-it's inline step, where it can matter to the segmenter: units are cut from the
    blocks' raw text, and the inline parse is wanted only for footnote references, which tell
    the footnotes the text refers to from those it never does. A block without "[^" has none,
    and skipping its inline parse saves a third of the segmenting time."""
    for token in state.tokens:
        if token.type == "inline" and "[^" in token.content:
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _prose_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A block whose first line starts with a letter, tried with the only rules that can take
    it: most of an article's blocks are such paragraphs, and markdown-it would try each of
    its ten other rules on each of them first (a third of the parse).

    Every other block rule wants a marker first (`#`, `>`, `-`, `*`, `+`, `_`, `=`, a digit,
    `[`, `<`, a fence, front matter's `---` on the first line) or an indented code block's
    four spaces; a table or a setext heading starts with text, but each needs a line after
    it, and a paragraph followed by a blank line (or the end) has none."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    if not state.src[state.bMarks[start] + state.tShift[start]].isalpha():
        return False
    after = start + 1
    if not state.isEmpty(after):  # (the line after the last is empty)
        return (table(state, start, end, silent) or lheading(state, start, end, silent)
                or paragraph(state, start, end, silent))
    # a paragraph of one line, the most common block: the tokens markdown-it's paragraph rule
    # makes of it, without its search for where a longer one ends
    content = mdTrim(state.getLines(start, after, state.blkIndent, False))
    state.line = after
    state.push("paragraph_open", "p", 1).map = [start, after]
    token = state.push("inline", "", 0)
    token.content, token.map, token.children = content, [start, after], []
    state.push("paragraph_close", "p", -1)
    return True


# Without the footnote plugin's tail rule, every definition stays where it is written, those
# the text never refers to included (the rule would drop them, and their English with them).
_md = (
    MarkdownIt("commonmark")
    .use(front_matter_plugin)
    .use(footnote_plugin)
    .enable("table")
    .disable("footnote_tail")
)
_md.core.ruler.at("inline", _inline_for_footnote_refs)
_md.block.ruler.before(_md.block.ruler.get_active_rules()[0], "prose_block", _prose_block)


class _Cut(NamedTuple):
    """A span [start, end) of the source replaced by a unit. (A named tuple: an article makes
    one for each of its units, and a frozen dataclass is several times slower to make.)"""

    start: int
    end: int
    kind: SegmentKind
    text: str
    mode: SlotMode = SlotMode.BLOCK
    cont: str = ""
    detail: str = ""
    unreferenced: bool = False


def normalize_inline(content: str) -> str:
    """Fold a block's raw inline Markdown to one unit text (see the module's normalization)."""
    if "\n" not in content:  # one line, as most paragraphs are: what the loop makes of it
        return (_SPACES.sub(" ", content) if "\t" in content or "  " in content
                else content).strip(" ")
    lines = content.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        hard = False
        if not last:
            if line.endswith("\\"):
                hard = True
                line = line[:-1]
            elif line.endswith("  "):
                hard = True
        # (a line without a tab or two spaces in a row has no run of blanks to fold)
        piece = (_SPACES.sub(" ", line) if "\t" in line or "  " in line else line).strip(" ")
        if hard:
            out.append(piece + "\\\n")
        elif last:
            out.append(piece)
        else:
            out.append(piece + " ")
    return "".join(out).strip(" ")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR line endings as LF: CommonMark treats all three as line endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(text: str, *, path: str) -> None:
    """Refuse text that must not be segmented: merge-conflict markers."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return  # (three scans for a string are quicker than one for a pattern at each line)
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise SourceError(
            f"merge-conflict marker '{match.group(1)}'; resolve the conflict, remove the markers",
            path=path,
            line=line,
        )


def segment_text(text: str, *, path: str = "<text>") -> Document:
    """Split a plain-text article into paragraphs separated by blank lines."""
    text = normalize_newlines(text)
    check_text(text, path=path)
    cuts: list[_Cut] = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        cuts.append(_Cut(match.start(), match.end(), SegmentKind.PARAGRAPH,
                         normalize_inline(match.group())))
    return _assemble_document(text, [c for c in cuts if has_words(c.text)], ())


def segment_markdown(
    text: str,
    *,
    path: str = "<markdown>",
    front_matter_keys: Sequence[str] = DEFAULT_FRONT_MATTER_KEYS,
    shortcode_parameters: Sequence[str] = DEFAULT_SHORTCODE_PARAMETERS,
    code_comments: bool = False,
) -> Document:
    """Split a Markdown article into units, in document order, and keep the rest as skeleton;
    with `code_comments`, the comment lines of fenced code blocks are units too (see
    `core.source.comments`)."""
    text = normalize_newlines(text)
    check_text(text, path=path)
    line_starts = [0]
    for match in re.finditer("\n", text):
        line_starts.append(match.end())
    lines = text.split("\n")
    # TOML and JSON front matter are read here, and blanked for the Markdown parser (which
    # knows YAML's alone): offsets and lines stay those of the source
    block = find_block(text, path=path)
    parsed = blank(text, block) if block else text
    markup = PageMarkup.of(parsed)
    masked_lines = markup.masked.split("\n") if markup.tags else lines
    env: dict[str, Any] = {}
    tokens = _md.parse(parsed, env)
    if markup.needs_masking():
        # structure lines are blanked for a second parse; front matter, code and HTML blocks,
        # as the first parse found them, are read as written
        env = {}
        tokens = _md.parse(markup.parse_text(_protected_lines(tokens)), env)
    cuts: list[_Cut] = []
    front: tuple[tuple[str, object], ...] = ()
    verbatim: list[tuple[int, int]] = []  # front matter and code: no shortcode text is offered
    if block:
        found = front_matter_of(text, block, front_matter_keys, path=path)
        cuts.extend(_value_cuts(found))
        front = found.data
        verbatim.append((0, block.end))
    else:
        check_yaml_fences(lines, bool(tokens) and tokens[0].type == "front_matter", path)
    containers: list[tuple[SegmentKind, str]] = []  # (kind, detail) of the enclosing blocks
    heading_level = ""
    for position, token in enumerate(tokens):
        if token.type in _PASSED:
            continue
        if token.type == "front_matter":
            fm_cuts, front = _front_matter(token, text, line_starts, path, front_matter_keys)
            cuts.extend(fm_cuts)
        if token.type in ("front_matter", "fence", "code_block") and token.map:
            verbatim.append(_span_of_lines(token.map, line_starts, len(text)))
            if code_comments and token.type == "fence":
                cuts.extend(_Cut(c.start, c.end, SegmentKind.CODE_COMMENT, c.text,
                                 SlotMode.INLINE, detail=c.language)
                            for c in comments(token.info, lines, token.map[0] + 1,
                                              _fence_end(token, lines), line_starts))
        elif token.type == "html_block" and token.map:
            cuts.extend(_html_cuts(token.map, token.content, lines, masked_lines, line_starts))
        elif token.type in _CONTAINERS:
            label = str(token.meta.get("label", "")) if token.meta else ""
            containers.append((_CONTAINERS[token.type], label))
        elif token.type in _CLOSERS:
            # markdown-it moves footnote blocks to the end, so a close may have no open:
            # pop only a matching container
            kind = _CLOSERS[token.type]
            for depth in range(len(containers) - 1, -1, -1):
                if containers[depth][0] == kind:
                    del containers[depth]
                    break
        elif token.type == "heading_open":
            heading_level = str(len(token.markup)) if token.markup.startswith("#") else (
                "1" if token.markup.startswith("=") else "2"
            )
        elif token.type == "tr_open" and token.map:
            row = token.map[0]
            cuts.extend(_table_row(lines[row], masked_lines[row], line_starts[row]))
        elif token.type == "inline" and token.map:
            parent = tokens[position - 1].type
            if parent in ("th_open", "td_open"):
                continue
            if parent == "heading_open":
                kind, detail = SegmentKind.HEADING, heading_level
            elif containers:
                kind, detail = containers[-1]
            else:
                kind, detail = SegmentKind.PARAGRAPH, ""
            cuts.extend(_block(token, kind, detail, lines, line_starts, markup))
    refs = env.get("footnotes", {}).get("refs", {})
    unreferenced = {label[1:] for label, ref in refs.items() if ref == -1}
    # a unit without words (code, numbers, a shortcode alone) is not offered, nor one in code
    code = markup.code_spans()
    cuts = sorted((c._replace(unreferenced=True) if c.kind == SegmentKind.FOOTNOTE and c.detail
                   in unreferenced else c
                   for c in cuts
                   if (c.kind == SegmentKind.FRONT_MATTER or has_words(c.text)) and not (
                       code and any(start <= c.start and c.end <= end for start, end in code))),
                  key=_start)
    if markup.tags:
        held = sorted([*verbatim, *code, *((c.start, c.end) for c in cuts)])
        cuts.extend(_parameter_cuts(markup, shortcode_parameters, held))
        cuts.sort(key=_start)
    return _assemble_document(text, cuts, front)


def _start(cut: _Cut) -> int:
    return cut.start


def _fence_end(token: Token, lines: list[str]) -> int:
    """The line after a fenced block's content: its closing fence, or the end of the page for
    a block that is never closed."""
    assert token.map is not None
    end = token.map[1]
    if end > token.map[0] + 1 and end - 1 < len(lines):
        closing = lines[end - 1].lstrip(" \t>")
        if closing.startswith(token.markup[:3]) and not closing.strip(token.markup[0] + " \t"):
            return end - 1
    return end


def _protected_lines(tokens: Sequence[Token]) -> set[int]:
    """The lines of front matter, code blocks and HTML blocks: never blanked as structure."""
    protected: set[int] = set()
    for token in tokens:
        if token.map and token.type in ("front_matter", "fence", "code_block", "html_block"):
            protected.update(range(token.map[0], token.map[1]))
    return protected


def _span_of_lines(span: Sequence[int], line_starts: list[int], size: int) -> tuple[int, int]:
    """The characters of the lines [first, last) of a token's map."""
    first, last = span[0], span[1]
    return line_starts[first], line_starts[last] if last < len(line_starts) else size


def _block(
    token: Token, kind: SegmentKind, detail: str, lines: list[str], line_starts: list[int],
    markup: PageMarkup,
) -> list[_Cut]:
    """The cut for one paragraph or heading: from its first to its last character of content,
    without an attribute list that ends a heading and without the shortcodes that wrap it; for
    a paragraph that is one image, its alt text and its title."""
    assert token.map is not None
    content = token.content
    if not content.strip():
        return []
    content_lines = content.split("\n")
    first_line = token.map[0]
    # a list item's text may start on the line after its marker ("- " and a non-breaking space,
    # which CommonMark does not take for blank, then the text): look for it from there
    while (first_line + 1 < min(token.map[1], len(lines))
           and lines[first_line].find(content_lines[0]) < 0):
        first_line += 1
    source_first = lines[first_line]
    col = source_first.find(content_lines[0])
    if col < 0:  # pragma: no cover - markdown-it content always comes from its lines
        col = len(source_first) - len(source_first.lstrip())
    last_line = first_line + len(content_lines) - 1
    source_last = lines[last_line]
    end_col = source_last.rfind(content_lines[-1]) + len(content_lines[-1])
    start = line_starts[first_line] + col
    end = line_starts[last_line] + end_col
    cont = "".join(ch if ch == ">" else " " for ch in source_first[:col]) if col else ""
    if kind == SegmentKind.HEADING:
        attributes = TRAILING_ATTRIBUTES.search(content_lines[-1])
        if attributes:  # `## Conditions {#condition}`: the id is the page's, not the text's
            if _UNTRANSLATABLE.search(attributes.group()):
                return []
            end -= len(attributes.group())
            content = content[: len(content) - len(attributes.group())]
    trimmed = markup.trim(start, end, line_starts[first_line] + len(source_first),
                          line_starts[last_line])
    if trimmed != (start, end):
        content = content[trimmed[0] - start : len(content) - (end - trimmed[1])]
        start, end = trimmed
    if not content.strip():
        return []
    if kind != SegmentKind.HEADING and _IMAGE_ONLY.match(content):
        alt = _image_alt(content)
        if alt is not None:
            cuts = []
            text = normalize_inline(alt)
            if text:
                cuts.append(_Cut(start + 2, start + 2 + len(alt), SegmentKind.IMAGE_ALT, text,
                                 SlotMode.INLINE))
            after = 2 + len(alt) + 1  # past the alt's ']'
            title = _image_title(content, after)
            if title is not None:
                first, last, mode = title
                text = normalize_inline(_unescape_title(content[first:last], mode))
                if text:
                    cuts.append(_Cut(start + first, start + last, SegmentKind.IMAGE_TITLE, text,
                                     mode))
            return cuts
    return [_Cut(start, end, kind, normalize_inline(content), SlotMode.BLOCK, cont, detail)]


_HTML_SPACE = re.compile(r"[ \t\n]+")
# marks a heading as not for translation, as browsers and machine translation read them
_UNTRANSLATABLE = re.compile(r"""(?<![\w-])(?:\.notranslate|translate=["']?no)(?![\w-])""")
_ATTRIBUTE_MODES = {'"': SlotMode.ATTRIBUTE_DQ, "'": SlotMode.ATTRIBUTE_SQ,
                    "": SlotMode.ATTRIBUTE_BARE}
_PARAMETER_MODES = {'"': SlotMode.PARAMETER_DQ, "'": SlotMode.PARAMETER_SQ,
                    "`": SlotMode.PARAMETER_BQ}


def _html_cuts(
    span: Sequence[int], content: str, lines: list[str], masked: list[str],
    line_starts: list[int],
) -> list[_Cut]:
    """The texts and translatable attributes of one HTML block, each cut at its exact place.

    The block is read as markdown-it gives it (without the prefixes of the block quotes and
    list items around it), with every shortcode masked so that the HTML parser never reads
    one as a tag; each position is then mapped back to the source line it came from."""
    first = span[0]
    given = content.split("\n")
    count = span[1] - first
    prefixes = []
    for n in range(count):
        line, got = lines[first + n], given[n] if n < len(given) else ""
        if not line.endswith(got):
            return []  # not what the source says (tabs expanded): keep the block verbatim
        prefixes.append(len(line) - len(got))
    fragment = "\n".join(masked[first + n][prefixes[n]:] for n in range(count))
    original = "\n".join(lines[first + n][prefixes[n]:] for n in range(count))
    starts = [0]
    for n in range(count - 1):
        starts.append(starts[-1] + len(lines[first + n]) - prefixes[n] + 1)

    def source(offset: int) -> int:
        n = bisect.bisect_right(starts, offset) - 1
        return line_starts[first + n] + prefixes[n] + offset - starts[n]

    texts, attributes = scan_html(fragment)
    cuts: list[_Cut] = []
    offered: list[tuple[int, int]] = []
    for item in texts:
        text = _HTML_SPACE.sub(" ", original[item.start : item.end]).strip(" ")
        if has_words(text):
            offered.append((item.start, item.end))
            cuts.append(_Cut(source(item.start), source(item.end), SegmentKind.HTML_TEXT, text,
                             SlotMode.INLINE, detail=item.element))
    for attribute in attributes:
        if any(s <= attribute.tag[0] and attribute.tag[1] <= e for s, e in offered):
            continue  # the tag is inside an offered text, attribute and all
        text = _HTML_SPACE.sub(" ", original[attribute.start : attribute.end]).strip(" ")
        cuts.append(_Cut(source(attribute.start), source(attribute.end),
                         SegmentKind.HTML_ATTRIBUTE, text,
                         _ATTRIBUTE_MODES[attribute.quote],
                         detail=f"{attribute.element} {attribute.name}"))
    return cuts


def _parameter_cuts(
    markup: PageMarkup, translatable: Sequence[str], held: Sequence[tuple[int, int]]
) -> list[_Cut]:
    """The translatable parameters of shortcodes that no unit holds (a `{{< figure >}}` on
    a line of its own, a tooltip alone in a table cell), each a unit of its own."""
    cuts = []
    merged: list[tuple[int, int]] = []
    for start, end in held:  # spans may nest (a unit in a code block's lines): merge them
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    for tag, param in markup.parameters(translatable, merged):
        text = _HTML_SPACE.sub(" ", param.value).strip(" ")
        if has_words(text):
            cuts.append(_Cut(param.start, param.end, SegmentKind.SHORTCODE_PARAMETER, text,
                             _PARAMETER_MODES[param.quote], detail=f"{tag.name} {param.name}"))
    return cuts


def _image_alt(content: str) -> str | None:
    """The raw alt text of a paragraph that is one image, `![alt](...)`, else None."""
    depth = 0
    i = 2
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                rest = content[i + 1 :]
                if re.fullmatch(r"(\([^\n]*\)|\[[^\n]*\])", rest):
                    return content[2:i]
                return None
            depth -= 1
        i += 1
    return None


_TITLE_MODES = {'"': SlotMode.TITLE_DQ, "'": SlotMode.TITLE_SQ, "(": SlotMode.TITLE_PAREN}
_TITLE_CLOSERS = {SlotMode.TITLE_DQ: '"', SlotMode.TITLE_SQ: "'", SlotMode.TITLE_PAREN: "()"}


def _image_title(content: str, at: int) -> tuple[int, int, SlotMode] | None:
    """Where the title of an image's inline link `(dest "title")`, which opens at content[at],
    begins and ends (without its quotes), and how it is quoted; None when it has none."""
    if content[at: at + 1] != "(":
        return None
    i = at + 1
    while i < len(content) and content[i] in " \t":
        i += 1
    if content[i: i + 1] == "<":  # <destination with spaces>
        while i < len(content) and content[i] != ">":
            i += 2 if content[i] == "\\" else 1
        i += 1
    else:  # a destination without spaces; its parentheses balance
        depth = 0
        while i < len(content) and content[i] not in " \t":
            ch = content[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    while i < len(content) and content[i] in " \t":
        i += 1
    mode = _TITLE_MODES.get(content[i: i + 1])
    if mode is None:
        return None
    closer = ")" if mode is SlotMode.TITLE_PAREN else content[i]
    j = i + 1
    while j < len(content) and content[j] != closer:
        j += 2 if content[j] == "\\" else 1
    if j >= len(content) or content[j + 1:].strip(" \t") != ")":
        return None
    return i + 1, j, mode


def _unescape_title(raw: str, mode: SlotMode) -> str:
    """A title's text: its quotes unescaped (every other escape is the translator's to keep)."""
    for quote in _TITLE_CLOSERS[mode]:
        raw = raw.replace("\\" + quote, quote)
    return raw


def _table_row(line: str, masked: str, offset: int) -> Iterator[_Cut]:
    """Cells of one table row, split on unescaped pipes as GitHub's table extension does, but
    not on a pipe inside a shortcode (`masked` is the line with them masked), which Hugo has
    replaced before its Markdown reader sees the row."""
    bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", masked)]
    edges = [-1, *bounds, len(line)]
    for left, right in zip(edges, edges[1:], strict=False):
        raw = line[left + 1 : right]
        stripped = raw.strip()
        if not stripped:
            continue
        start = left + 1 + (len(raw) - len(raw.lstrip()))
        yield _Cut(offset + start, offset + start + len(stripped), SegmentKind.TABLE_CELL, stripped,
                   SlotMode.CELL)


def _front_matter(
    token: Token, text: str, line_starts: list[int], path: str, keys: Sequence[str],
) -> tuple[list[_Cut], tuple[tuple[str, object], ...]]:
    """The units and data of the YAML front matter markdown-it found."""
    assert token.map is not None
    found = yaml_front_matter(text, token.content, line_starts[1], token.map[1], keys,
                              path=path)
    return _value_cuts(found), found.data


def _value_cuts(front: FrontMatter) -> list[_Cut]:
    return [_Cut(v.start, v.end, SegmentKind.FRONT_MATTER, v.text, v.mode, detail=v.detail)
            for v in front.values]


def _assemble_document(
    text: str, cuts: list[_Cut], front: tuple[tuple[str, object], ...]
) -> Document:
    skeleton: list[str | Slot] = []
    segments: list[Segment] = []
    pos = 0
    line, counted = 1, 0  # line numbers counted incrementally: cuts come in source order
    for cut in cuts:
        if not cut.text:
            continue
        skeleton.append(text[pos : cut.start])
        index = len(segments)
        line += text.count("\n", counted, cut.start)
        counted = cut.start
        segments.append(Segment(index + 1, cut.kind, line, cut.text, cut.detail,
                                cut.unreferenced))
        skeleton.append(Slot(index, cut.mode, cut.cont))
        pos = cut.end
    skeleton.append(text[pos:])
    merged: list[str | Slot] = []
    for piece in skeleton:
        if not isinstance(piece, str):
            merged.append(piece)
        elif merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece:
            merged.append(piece)
    return Document(tuple(segments), tuple(merged), front)


def render_slot(slot: Slot, text: str) -> str:
    """The text of one unit as it stands in the article, for the slot's kind of place."""
    if slot.mode is SlotMode.BLOCK:
        return ("\n" + slot.cont).join(text.split("\n"))
    line = " ".join(text.split("\n"))
    if slot.mode is SlotMode.CELL:
        return re.sub(r"(?<!\\)\|", r"\\|", line)
    if slot.mode in (SlotMode.YAML, SlotMode.YAML_PLAIN, SlotMode.YAML_FLOW_PLAIN):
        if slot.mode is not SlotMode.YAML and _plain_yaml_ok(
                text, flow=slot.mode is SlotMode.YAML_FLOW_PLAIN):
            return text
        # JSON's string is YAML's double-quoted scalar, but for the characters below
        return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                                     json.dumps(text, ensure_ascii=False))
    if slot.mode is SlotMode.ATTRIBUTE_DQ:
        return line.replace('"', "&quot;")
    if slot.mode is SlotMode.ATTRIBUTE_SQ:
        return line.replace("'", "&#39;")
    if slot.mode is SlotMode.ATTRIBUTE_BARE:
        if line and not any(ch in line for ch in " \t\"'=<>`"):
            return line
        return '"' + line.replace('"', "&quot;") + '"'
    if slot.mode is SlotMode.PARAMETER_DQ:
        return re.sub(r'(?<!\\)"', '\\\\"', line)
    if slot.mode is SlotMode.PARAMETER_SQ:
        return line.replace("'", "\u2019")
    if slot.mode is SlotMode.PARAMETER_BQ:
        return line.replace("`", "'")
    if slot.mode in _TITLE_CLOSERS:
        for quote in _TITLE_CLOSERS[slot.mode]:
            line = line.replace(quote, "\\" + quote)
        return line
    if slot.mode in (SlotMode.TOML_BASIC, SlotMode.TOML_LITERAL):
        return toml_string(text, slot.mode)
    if slot.mode is SlotMode.JSON:
        return json.dumps(text, ensure_ascii=False)
    return line


# what YAML will not read unescaped, and the line breaks it folds (NEL, U+2028, U+2029)
_YAML_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _plain_yaml_ok(text: str, *, flow: bool) -> bool:
    """Whether YAML reads the text written plain back as the same text: as a key's value, or
    as an item of a list in [ ] (where ',' and brackets end it)."""
    if "\n" in text or text != text.strip() or not text:
        return False
    try:
        if flow:
            return bool(yaml.safe_load(f"k: [{text}]") == {"k": [text]})
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def assemble(document: Document, texts: Sequence[str]) -> str:
    """Put unit texts back into the document's skeleton, one text per segment, in order."""
    if len(texts) != len(document.segments):
        raise ValueError(f"{len(texts)} texts for {len(document.segments)} segments")
    return "".join(
        piece if isinstance(piece, str) else render_slot(piece, texts[piece.index])
        for piece in document.skeleton
    )


def source_texts(document: Document) -> list[str]:
    """The document's own unit texts, for rebuilding the source."""
    return [segment.text for segment in document.segments]
