"""The one way a catalog is written: in gettext's layout, at the project's page width.

Every command that writes a catalog (sync, import of articles, XLIFF or TMX, review, merge-po,
resolve) lays it out here, so a project's `wrap_width` holds for all of them: with
`wrap_width = 0` no command re-wraps a catalog at gettext's 79 columns and the next one
back (churn no test of a single command would see). The merge driver and `resolve` run where
git runs them, maybe outside any project: they write at the width of the project that holds the
catalog (`project_of`), else at gettext's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from ..config import Config, find_root, load_config
from ..core.po.pofile import PAGE_WIDTH, format_po, format_pos
from ..errors import CatalogError, TranskitError
from .files import _read_regular
from .write import write_atomic, write_many


def page_width(config: Config | None) -> int:
    """The page width of the project's catalogs (0: no wrapping); gettext's outside a project."""
    return config.wrap_width if config is not None else PAGE_WIDTH


def catalog_text(catalog: polib.POFile, config: Config | None) -> str:
    """The catalog's text as the project writes every catalog (`msgcat --width=N` exactly, or
    `msgcat --no-wrap` with `wrap_width = 0`)."""
    return format_po(catalog, width=page_width(config))


def catalog_texts(catalogs: Sequence[polib.POFile], config: Config | None) -> list[str]:
    """`catalog_text` of each catalog; the entries several share (a sync's new catalogs of one
    article) laid out once (`core.po.pofile.format_pos`)."""
    return format_pos(catalogs, width=page_width(config))


def write_catalog(path: Path, catalog: polib.POFile, config: Config | None, *,
                  shown: str) -> bool:
    """Write a catalog atomically in the project's layout; False (nothing touched) when the file
    already holds exactly that."""
    return write_atomic(path, catalog_text(catalog, config), shown=shown)


def write_catalogs(files: Sequence[tuple[Path, polib.POFile, str]],
                   config: Config | None) -> list[bool]:
    """Write (path, catalog, shown) catalogs atomically in the project's layout, all or none
    staged first (`store.write.write_many`); which ones changed."""
    return write_many([(path, catalog_text(catalog, config), shown)
                       for path, catalog, shown in files])


def read_catalog_bytes(path: Path, *, shown: str) -> bytes | None:
    """A catalog's bytes, not decoded, or None when there is no such file: for a reader that
    decodes only what it needs (the memory's scan, `core.po.pairs`), which leaves what
    `store.files.read_catalog_text` checks of the text to the catalogs it reads in full. The
    same errors as it for what is no regular file (a folder, a link, a pipe)."""
    return _read_regular(path, shown=shown, error=CatalogError, follow=False)


def project_of(folder: Path) -> Config | None:
    """The configuration of the project that holds `folder`, or None when none does or its
    configuration cannot be read: a merge must not fail on the configuration."""
    try:
        return load_config(find_root(folder))
    except TranskitError:
        return None
