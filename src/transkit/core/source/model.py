"""The values of the source stage: what the segmenter makes of an English article."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Front-matter keys whose values are offered for translation unless the configuration says
# otherwise: text a reader sees, never dates, slugs or names.
DEFAULT_FRONT_MATTER_KEYS = (
    "title",
    "subtitle",
    "description",
    "summary",
    "lede",
    "teaser",
    "caption",
    "excerpt",
)


# Shortcode parameters offered for translation unless the configuration says otherwise: what a
# reader sees (a tooltip's text, a figure's caption), never names, paths or settings.
DEFAULT_SHORTCODE_PARAMETERS = ("text", "title", "caption", "alt")


class SegmentKind(StrEnum):
    """Kinds of translatable unit, in the words translators see in the catalog's comments."""

    FRONT_MATTER = "front-matter"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    BLOCKQUOTE = "blockquote"
    TABLE_CELL = "table-cell"
    FOOTNOTE = "footnote"
    IMAGE_ALT = "image-alt"
    IMAGE_TITLE = "image-title"  # the title of a standalone image: ![alt](x.jpg "Title")
    HTML_TEXT = "html"  # text in a raw HTML block; detail: the element holding it
    HTML_ATTRIBUTE = "html-attribute"  # detail: the element and the attribute ("img alt")
    SHORTCODE_PARAMETER = "shortcode-parameter"  # detail: the shortcode and the parameter
    CODE_COMMENT = "code-comment"  # a comment line in a code block (opt-in); detail: language


# in a footnote's label, and so in its entry's comment, when the text never refers to it
UNREFERENCED = "never referenced in the text"


@dataclass(frozen=True)
class Segment:
    """One paragraph-level unit of a source article."""

    index: int  # 1-based position in the article
    kind: SegmentKind
    line: int  # 1-based line of the unit in the source file
    text: str
    detail: str = ""  # front-matter key, heading level or footnote label
    unreferenced: bool = False  # a footnote definition the text never refers to

    @property
    def label(self) -> str:
        """The kind as a translator reads it: 'heading 2', 'footnote 3', 'front matter: title'."""
        if self.kind == SegmentKind.FRONT_MATTER:
            return f"front matter: {self.detail}"
        if self.unreferenced:
            return f"{self.kind} {self.detail} ({UNREFERENCED})"
        if self.kind in (SegmentKind.HEADING, SegmentKind.FOOTNOTE):
            return f"{self.kind} {self.detail}"
        if self.kind == SegmentKind.HTML_TEXT:
            return f"html <{self.detail}>" if self.detail else "html"
        if self.kind == SegmentKind.CODE_COMMENT:
            return f"code comment ({self.detail})"
        if self.kind in (SegmentKind.HTML_ATTRIBUTE, SegmentKind.SHORTCODE_PARAMETER):
            owner, name = self.detail.split(" ", 1)
            return f"html <{owner}> {name}" if self.kind == SegmentKind.HTML_ATTRIBUTE else (
                f"shortcode {owner}: {name}")
        return self.kind.replace("-", " ")


class SlotMode(StrEnum):
    """How a unit's text is written back into its place in the skeleton."""

    BLOCK = "block"  # a block: continuation lines get the block's prefix
    INLINE = "inline"  # on one line: image alt text, text in an HTML block
    CELL = "cell"  # a table cell: one line, '|' escaped
    YAML = "yaml"  # a front-matter value, always double-quoted
    YAML_PLAIN = "yaml-plain"  # a front-matter value, plain where YAML reads it back the same
    YAML_FLOW_PLAIN = "yaml-flow-plain"  # an item of a list in [ ]: plain where it reads the same
    TOML_BASIC = "toml-basic"  # a TOML string, written "…" with TOML's escapes
    TOML_LITERAL = "toml-literal"  # a TOML literal string '…', "…" when the text holds a "'"
    JSON = "json"  # a JSON string, quotes and escapes
    ATTRIBUTE_DQ = "attribute-dq"  # an HTML attribute value in "…": '"' as &quot;
    ATTRIBUTE_SQ = "attribute-sq"  # in '…': "'" as &#39;
    ATTRIBUTE_BARE = "attribute-bare"  # unquoted: quoted when the text needs it
    PARAMETER_DQ = "parameter-dq"  # a shortcode parameter in "…": '"' escaped with '\'
    PARAMETER_SQ = "parameter-sq"  # in '…' (Liquid): "'" as ’, which Liquid cannot escape
    PARAMETER_BQ = "parameter-bq"  # in `…` (Hugo's raw string): '`' as "'"
    TITLE_DQ = "title-dq"  # a Markdown link or image title in "…": '"' escaped with a backslash
    TITLE_SQ = "title-sq"  # in '…': "'" escaped with a backslash
    TITLE_PAREN = "title-paren"  # in (…): '(' and ')' escaped with a backslash


@dataclass(frozen=True)
class Slot:
    """A hole in an article's skeleton where the text of segment `index` (0-based) goes."""

    index: int
    mode: SlotMode
    cont: str = ""  # prefix of continuation lines (block quotes, list indentation)


@dataclass(frozen=True)
class Document:
    """A segmented article: its units and the skeleton they fit back into."""

    segments: tuple[Segment, ...]
    skeleton: tuple[str | Slot, ...]
    front_matter: tuple[tuple[str, object], ...] = ()
