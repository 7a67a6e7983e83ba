"""Regenerate the expected ``after.po`` of every golden sync case (or of the cases named).

Each folder under ``tests/data/sync/`` holds one kind of editorial edit: ``before.md`` and
``before.po`` (the catalog synced from it, translated), ``after.md`` (the edited English) and
``after.po``, what ``sync_catalog`` must make of ``before.po`` for ``after.md``.

Run it after a deliberate change of sync's behaviour::

    python tests/data/sync/regenerate.py [CASE...]

then REVIEW THE DIFF of every ``after.po`` before committing it: a golden file is only worth
something if a person has checked that the new output is what a translator should get.
``tests/test_sync_golden.py`` also asserts per-case facts (which entries are fuzzy, what severity
their drift has, what is obsolete) that a careless regeneration cannot satisfy by accident.
"""

from __future__ import annotations

import sys
from pathlib import Path

from transkit.core.po.pofile import format_po, parse_po
from transkit.core.source.segment import segment_markdown
from transkit.core.sync.update import sync_catalog

HERE = Path(__file__).resolve().parent
REFERENCE = "sources/article.md"  # the source path the catalogs' #: references name


def synced(folder: Path) -> str:
    """The catalog text that syncing ``after.md`` against ``before.po`` gives."""
    before = parse_po((folder / "before.po").read_text(encoding="utf-8"), path="before.po")
    document = segment_markdown((folder / "after.md").read_text(encoding="utf-8"), path="after.md")
    return format_po(sync_catalog(before, document, reference=REFERENCE).catalog)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))  # the repository: tests.data is a package
    from tests.data.golden import regenerate

    sys.exit(regenerate(HERE, "after.md", lambda folder: {"after.po": synced(folder)},
                        sys.argv[1:]))
