"""Regenerate the expected files of every golden segmentation case (or of the cases named).

Each folder under ``tests/data/segment/`` holds one kind of site Markdown in ``source.md`` and
what transkit must make of it:

- ``units.txt``, the units as ``transkit segments`` prints them;
- ``skeleton.md``, the article rebuilt with unit *n* replaced by ``Tn``: everything that is not
  ``Tn`` is the skeleton, kept exactly as written.

Run it after a deliberate change of the segmenter::

    python tests/data/segment/regenerate.py [CASE...]

then REVIEW THE DIFF of every file before committing it: a golden file is only worth something
if a person has checked that a translator should get these units. ``tests/test_segment_golden.py``
also asserts per-case facts that a careless regeneration cannot satisfy by accident.
"""

from __future__ import annotations

import sys
from pathlib import Path

from transkit.core.source.segment import assemble, segment_markdown
from transkit.render.sync import render_segments

HERE = Path(__file__).resolve().parent


def expected(folder: Path) -> dict[str, str]:
    """The expected files of one case, by name."""
    document = segment_markdown((folder / "source.md").read_text(encoding="utf-8"),
                                path="source.md")
    return {
        "units.txt": render_segments(document, "text"),
        "skeleton.md": assemble(document, [f"T{s.index}" for s in document.segments]),
    }


def main(names: list[str]) -> int:
    folders = sorted(p for p in HERE.iterdir() if (p / "source.md").is_file())
    if names:
        unknown = sorted(set(names) - {p.name for p in folders})
        if unknown:
            print(f"no such case: {', '.join(unknown)}", file=sys.stderr)
            return 2
        folders = [p for p in folders if p.name in names]
    for folder in folders:
        for name, text in expected(folder).items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder.name}/units.txt and skeleton.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
