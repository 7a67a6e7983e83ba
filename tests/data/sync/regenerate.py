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


def main(names: list[str]) -> int:
    folders = sorted(p for p in HERE.iterdir() if (p / "after.md").is_file())
    if names:
        unknown = sorted(set(names) - {p.name for p in folders})
        if unknown:
            print(f"no such case: {', '.join(unknown)}", file=sys.stderr)
            return 2
        folders = [p for p in folders if p.name in names]
    for folder in folders:
        target = folder / "after.po"
        text = synced(folder)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"{folder.name}: after.po {'written' if old is None else 'CHANGED'}")
        else:
            print(f"{folder.name}: unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
