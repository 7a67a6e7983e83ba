"""Plain, frozen values passed between the pipeline's stages."""

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

# Kinds of translatable unit, in the words translators see in the catalog's comments.
FRONT_MATTER = "front-matter"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
BLOCKQUOTE = "blockquote"
TABLE_CELL = "table-cell"
FOOTNOTE = "footnote"
IMAGE_ALT = "image-alt"


@dataclass(frozen=True)
class Segment:
    """One paragraph-level unit of a source article."""

    index: int  # 1-based position in the article
    kind: str
    line: int  # 1-based line of the unit in the source file
    text: str
    detail: str = ""  # front-matter key, heading level or footnote label

    @property
    def label(self) -> str:
        """The kind as a translator reads it: 'heading 2', 'footnote 3', 'front matter: title'."""
        if self.kind == FRONT_MATTER:
            return f"front matter: {self.detail}"
        if self.kind in (HEADING, FOOTNOTE):
            return f"{self.kind} {self.detail}"
        return self.kind.replace("-", " ")


@dataclass(frozen=True)
class Slot:
    """A hole in an article's skeleton where the text of segment `index` (0-based) goes."""

    index: int
    mode: str  # "block", "cell", "yaml" or "yaml-plain"
    cont: str = ""  # prefix of continuation lines (block quotes, list indentation)


@dataclass(frozen=True)
class Document:
    """A segmented article: its units and the skeleton they fit back into."""

    segments: tuple[Segment, ...]
    skeleton: tuple[str | Slot, ...]
    front_matter: tuple[tuple[str, object], ...] = ()


class Severity(StrEnum):
    """How much a change of the English invalidates the old translation."""

    MINOR = "minor"
    SUBSTANTIVE = "substantive"
    CRITICAL = "critical"


class Level(StrEnum):
    """How bad a check's finding is: errors fail `check`, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found by `check`, located precisely enough to fix it."""

    path: str
    line: int | None
    article: str
    language: str
    check: str
    level: Level
    message: str
    hint: str


@dataclass(frozen=True)
class Drift:
    """A change of the English under an existing translation."""

    severity: Severity
    reasons: tuple[str, ...]
    diff: str  # word diff in wdiff notation: [-old-]{+new+}
