"""Reading the project: find its articles, read sources and catalogs strictly.

Reads never guess: a source must be UTF-8 text, a catalog must pass `core.pofile.parse_po`.
Writing is `store.write`'s.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from ..config import Config
from ..core.model import Document
from ..core.pofile import decode_po, parse_po
from ..core.segment import normalize_newlines, segment_markdown, segment_text
from ..errors import CatalogError, SourceError, TranskitError

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Article:
    """One source file, named by its slug."""

    slug: str
    path: Path


def find_articles(config: Config, names: list[str] | None = None) -> list[Article]:
    """The project's source articles in slug order, or only those named (by slug or path)."""
    found: dict[str, Article] = {}
    for path in sorted(config.sources.iterdir()):
        if path.name.startswith(".") or path.suffix not in SOURCE_SUFFIXES:
            continue
        if path.is_dir():
            continue
        _check_inside(path, config)
        slug = path.stem
        if not _SLUG.match(slug):
            raise SourceError(
                f"file name '{path.name}' is not a valid slug (letters, digits, '-' and '_', "
                "starting with a letter or digit); rename the file",
                path=config.relative(path),
            )
        if slug in found:
            raise SourceError(
                f"two sources share the slug '{slug}' ({found[slug].path.name} and "
                f"{path.name}); rename one",
                path=config.relative(path),
            )
        found[slug] = Article(slug, path)
    if not names:
        return list(found.values())
    chosen: list[Article] = []
    for name in names:
        slug = Path(name).stem if Path(name).suffix in SOURCE_SUFFIXES else name
        if slug not in found:
            known = ", ".join(sorted(found)) or "none"
            raise SourceError(
                f"no source article '{name}' in {config.relative(config.sources)} "
                f"(articles: {known})"
            )
        if found[slug] not in chosen:
            chosen.append(found[slug])
    return chosen


def _check_inside(path: Path, config: Config) -> None:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as err:
            raise SourceError("is a symbolic link that leads nowhere (or in a loop); point it at "
                              "a file or remove it", path=config.relative(path)) from err
        if target != config.root and config.root not in target.parents:
            raise SourceError(
                f"is a symbolic link to {target}, outside the project; copy the file in instead",
                path=config.relative(path),
            )


def _read_regular(path: Path, *, shown: str, error: type[TranskitError],
                  follow: bool) -> bytes | None:
    """The bytes of a regular file, None when there is nothing at `path`; an error for a folder,
    a pipe or a device (reading one would hang or never end), and, unless `follow`, for a
    symbolic link, which an atomic write would replace by a file, cutting the link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise error(f"cannot be read ({err.strerror}); fix the permissions of the file and its "
                    "folders", path=shown) from err
    if stat.S_ISLNK(st.st_mode):
        if not follow:
            raise error("is a symbolic link; transkit replaces catalogs when it writes them, "
                        "which would cut the link: put the file itself here", path=shown)
        try:
            st = os.stat(path)
        except OSError as err:
            raise error(f"is a symbolic link that cannot be followed ({err.strerror}); point it "
                        "at a file or replace it with one", path=shown) from err
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder, not a file", path=shown)
    if not stat.S_ISREG(st.st_mode):
        raise error("is not a regular file (a pipe, a socket or a device); replace it with a "
                    "file", path=shown)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise error(f"cannot be read ({err.strerror}); fix the permissions of the file and its "
                    "folders", path=shown) from err


def read_text_file(path: Path, *, shown: str) -> str:
    """Read a UTF-8 text file; refuse binary files and invalid UTF-8 with the line."""
    data = _read_regular(path, shown=shown, error=SourceError, follow=True)
    if data is None:
        raise SourceError("no such file; check the path", path=shown)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError("is a binary file, not UTF-8 text", path=shown, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            f"is not valid UTF-8 (byte 0x{data[err.start]:02x}); re-save it as UTF-8",
            path=shown,
            line=line,
        ) from err
    # A BOM and CRLF or CR line endings (CommonMark's own) are accepted in sources; units never
    # contain them.
    return normalize_newlines(text.removeprefix("\ufeff"))


def load_document(path: Path, *, shown: str, front_matter_keys: tuple[str, ...]) -> Document:
    """Read and segment one source article (Markdown, or plain text for .txt)."""
    text = read_text_file(path, shown=shown)
    if path.suffix == ".txt":
        document = segment_text(text, path=shown)
    else:
        document = segment_markdown(text, path=shown, front_matter_keys=front_matter_keys)
    if not document.segments:
        raise SourceError(
            "has no translatable text (no paragraphs, headings or translatable front matter); "
            "add some, or move the file out of the sources folder",
            path=shown,
        )
    return document


def read_catalog(path: Path, *, shown: str) -> polib.POFile | None:
    """Parse a catalog strictly, or None when it does not exist yet."""
    read = read_catalog_file(path, shown=shown)
    return None if read is None else read[0]


def read_catalog_file(path: Path, *, shown: str) -> tuple[polib.POFile, bytes] | None:
    """A catalog parsed strictly, with the bytes it was read from; None when there is none."""
    data = _read_regular(path, shown=shown, error=CatalogError, follow=False)
    if data is None:
        return None
    return parse_po(decode_po(data, path=shown), path=shown), data


def orphan_catalogs(config: Config, langs: Sequence[str], slugs: Collection[str]) -> list[Path]:
    """The catalogs of `langs` whose article (slug) is not among `slugs`: left behind by a
    renamed or withdrawn article."""
    out: list[Path] = []
    for lang in langs:
        folder = config.locales / lang
        if folder.is_dir():
            out.extend(p for p in sorted(folder.glob("*.po")) if p.stem not in slugs
                       and p.is_file())
    return out




def read_catalog_text(path: Path, *, shown: str) -> str | None:
    """A catalog's text, checked as UTF-8 but not parsed (a file to repair), or None when there
    is no such file."""
    data = _read_regular(path, shown=shown, error=CatalogError, follow=False)
    return None if data is None else decode_po(data, path=shown)
