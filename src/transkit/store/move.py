"""Moving an article's files: with `git mv` where git tracks them, else renamed in place."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import WriteError
from .git import git_move, git_remove, is_tracked


def move_file(old: Path, new: Path, *, shown: str) -> bool:
    """Move a file to a new path (creating its folders); with `git mv` when git tracks it, so
    the index records the rename. Returns whether git moved it. A new path that exists is an
    error: the caller decides what may be replaced, and removes it first."""
    if new.exists() or new.is_symlink():
        raise WriteError("is in the way of a move: it exists already", path=shown)
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WriteError(f"cannot create its folder ({err.strerror})", path=shown) from err
    if is_tracked(old):
        complaint = git_move(old, new)
        if complaint is not None:
            raise WriteError(f"git could not move it here ({complaint})", path=shown)
        return True
    try:
        os.rename(old, new)
    except OSError as err:
        raise WriteError(f"cannot move it here ({err.strerror})", path=shown) from err
    return False


def remove_file(path: Path, *, shown: str) -> None:
    """Remove a file (from git's index too when git tracks it)."""
    if is_tracked(path) and git_remove(path):
        return
    try:
        path.unlink()
    except OSError as err:
        raise WriteError(f"cannot remove it ({err.strerror})", path=shown) from err


def remove_empty_folders(folder: Path, *, stop: Path) -> None:
    """Remove `folder` and the folders above it, up to `stop` (kept), while they are empty."""
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone
            return
        folder = folder.parent
