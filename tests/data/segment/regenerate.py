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


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))  # the repository: tests.data is a package
    from tests.data.golden import regenerate

    sys.exit(regenerate(HERE, "source.md", expected, sys.argv[1:]))
