"""What every ``tests/data/*/regenerate.py`` does: pick the golden cases, refuse unknown ones,
write each case's expected files and say which changed.

A case is a folder beside the script holding its input file (``source.md``, ``after.md``...).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def regenerate(here: Path, marker: str, expected: Callable[[Path], dict[str, str]],
               names: list[str]) -> int:
    """Write `expected(case)` into every case under `here` (a folder holding `marker`), or into
    the cases named; 2 when a name is not a case."""
    folders = sorted(p for p in here.iterdir() if (p / marker).is_file())
    if names:
        unknown = sorted(set(names) - {p.name for p in folders})
        if unknown:
            print(f"no such case: {', '.join(unknown)}", file=sys.stderr)
            return 2
        folders = [p for p in folders if p.name in names]
    for folder in folders:
        for name, text in expected(folder).items():
            target = folder / name
            old = target.read_text(encoding="utf-8") if target.exists() else None
            if old == text:
                print(f"{folder.name}: {name} unchanged")
                continue
            target.write_text(text, encoding="utf-8")
            print(f"{folder.name}: {name} {'written' if old is None else 'CHANGED'}")
    return 0
