"""Snapshots of a project folder, to prove that a run changed nothing (or only what it should)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

LOCK = ".transkit.lock"
# Derived data that makes repeated runs fast; what it holds depends on timing, never on work.
CACHE = ".transkit-cache"
# write_atomic's temporary files: ".<name>.<8 random characters>.tmp" beside the target
TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")

Entry = tuple[str, bytes, int]  # kind ("file", "link" or "dir"), content, mtime in ns


def snapshot(root: Path) -> dict[str, Entry]:
    """Every path under `root` with its kind, its bytes (a link: its target) and its mtime.

    Folders are listed without their mtime, which changes whenever anything inside is created.
    The cache folder is left out: it is derived data, rebuilt whenever it is missing.
    """
    found: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root):
        if folder == str(root) and CACHE in dirs:
            dirs.remove(CACHE)
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            info = path.lstat()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path).encode(), info.st_mtime_ns)
            elif path.is_dir():
                found[rel] = ("dir", b"", 0)
            elif not stat.S_ISREG(info.st_mode):  # a pipe or a device: never read it
                found[rel] = ("special", b"", info.st_mtime_ns)
            else:
                found[rel] = ("file", path.read_bytes(), info.st_mtime_ns)
    return found


def changes(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """What differs between two snapshots, except the appearance of the empty project lock.

    The lock file is how concurrent runs keep apart; it holds no data and git ignores it.
    """
    out = []
    for rel in sorted(set(before) | set(after)):
        if rel not in after:
            out.append(f"removed {rel}")
        elif rel not in before:
            if not (rel == LOCK and after[rel][:2] == ("file", b"")):
                out.append(f"created {rel}")
        elif before[rel][:2] != after[rel][:2]:
            out.append(f"changed the content of {rel}")
        elif before[rel][2] != after[rel][2]:
            out.append(f"touched {rel} (mtime)")
    return out


def temp_files(root: Path) -> list[str]:
    """Temporary files of an interrupted write anywhere under `root`."""
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if TEMP.match(p.name)
    )
