"""The English as it was: files at a git revision, and the commits that changed a file.

`transkit import --english-at` aligns an old translation with the English it was made from.
git is asked through its command line, a few processes for a whole run whatever the number of
files (`git log --name-only` lists every file's commits at once, `git cat-file --batch` reads
any number of files at any revisions). A file that is not in a git work tree, or that git does
not track, has no history: a fact to report, not an error. A revision that git does not know is
bad input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import SourceError

GIT_TIMEOUT = 300.0
_COMMIT = "\x01"  # marks a commit's line in the log (file names never hold it)


@dataclass(frozen=True)
class Commit:
    """One commit: its full id and its committer time (seconds since the epoch)."""

    sha: str
    time: int

    @property
    def short(self) -> str:
        return self.sha[:10]


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """git's output in `folder`; None when git is missing, cannot run there, or fails."""
    if shutil.which("git") is None:
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], input=stdin,
                              capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


@lru_cache(maxsize=256)
def work_tree(folder: Path) -> Path | None:
    """The top folder of the git work tree `folder` is in, or None (no git, not in one)."""
    out = _git(folder, "rev-parse", "--show-toplevel")
    if not out:
        return None
    return Path(out.decode("utf-8", "replace").strip()).resolve()


def inside(path: Path, top: Path) -> str | None:
    """`path` as git names it in the work tree at `top` (None when it is not inside)."""
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def resolve(folder: Path, revision: str, *, shown: str) -> Commit:
    """The commit `revision` names in the repository of `folder`; an error if git has none."""
    out = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if not out or not out.strip():
        raise SourceError(
            f"git knows no revision '{revision}' here; give a commit, tag or branch of this "
            "repository (git log --oneline shows them), or --english-at auto",
            path=shown,
        )
    sha = out.decode().strip()
    when = _git(folder, "show", "-s", "--format=%ct", sha) or b"0"
    return Commit(sha, int(when.decode().strip() or 0))


def commits_of(top: Path, files: Sequence[str], *, most: int = 20) -> dict[str, list[Commit]]:
    """For each file (as git names it under `top`), the commits that changed it, newest first
    (at most `most`); a file git does not track has none. One `git log` for all of them."""
    wanted = set(files)
    folders = sorted({str(Path(f).parent) for f in files})
    out = _git(top, "log", f"--format={_COMMIT}%H %ct", "--name-only", "--no-renames",
               "HEAD", "--", *folders)
    found: dict[str, list[Commit]] = {f: [] for f in files}
    if out is None:
        return found
    commit: Commit | None = None
    for line in out.decode("utf-8", "surrogateescape").split("\n"):
        if line.startswith(_COMMIT):
            sha, when = line[1:].split()
            commit = Commit(sha, int(when))
        elif line in wanted and commit is not None and len(found[line]) < most:
            found[line].append(commit)
    return found


def commit_before(top: Path, time: int, path: str) -> Commit | None:
    """The last commit of HEAD's history at or before `time` that changed `path`."""
    out = _git(top, "log", "-1", f"--before=@{time}", "--format=%H %ct", "HEAD", "--", path)
    if not out or not out.strip():
        return None
    sha, when = out.decode().split()
    return Commit(sha, int(when))


def read_at(top: Path, wanted: Iterable[tuple[Commit, str]]) -> list[bytes | None]:
    """The bytes of each file (as git names it under `top`) at each commit, None where it did
    not exist then. One `git cat-file --batch` for all of them."""
    specs = [f"{commit.sha}:{path}" for commit, path in wanted]
    if not specs:
        return []
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode())
    if out is None:
        return [None] * len(specs)
    blobs: list[bytes | None] = []
    at = 0
    for _ in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            blobs.append(None)  # '<spec> missing', or not a file
            continue
        size = int(header[2])
        blobs.append(out[at:at + size])
        at += size + 1
    return blobs
