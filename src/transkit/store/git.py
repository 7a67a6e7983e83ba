"""The few things transkit asks git: where the repository is, its config, a text merge, the
history of some files (the commits that changed them and their versions, never a checkout), the
branches a merge in progress joins and the versions of a file it left unmerged."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, UsageError


def _git(args: list[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError as err:
        raise ConfigError("git is not installed (or not on the PATH); install git",
                          path=cwd) from err


def repository_root(folder: Path) -> Path:
    """The top folder of the git working tree that holds `folder`."""
    done = _git(["rev-parse", "--show-toplevel"], cwd=folder)
    if done.returncode != 0 or not done.stdout.strip():
        raise ConfigError("is not inside a git repository; run 'git init' there first, or run "
                          "the command in the repository that holds the project", path=folder)
    return Path(done.stdout.strip()).resolve()


def config_get(repository: Path, key: str) -> str | None:
    """A key of the repository's git configuration (local, global or system), or None."""
    done = _git(["config", "--get", key], cwd=repository)
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def config_set(repository: Path, key: str, value: str) -> None:
    """Set a key in the repository's own configuration (.git/config)."""
    done = _git(["config", "--local", key, value], cwd=repository)
    if done.returncode != 0:
        raise ConfigError(f"git could not set {key}: {done.stderr.strip()}; check that "
                          ".git/config is writable", path=repository)


def text_merge(base: Path, ours: Path, theirs: Path, *, labels: tuple[str, str, str]) -> str:
    """git's own line-based three-way merge of three files, conflict markers and all (with the
    base's lines, so that 'transkit resolve' can merge them once the cause is fixed).

    `labels` name ours, the base and theirs in the markers.
    """
    args = ["merge-file", "-p", "--diff3"]
    for label in labels:
        args += ["-L", label]
    done = _git([*args, str(ours), str(base), str(theirs)], cwd=ours.parent)
    if done.returncode < 0 or done.returncode > 127:
        raise ConfigError(f"git merge-file failed: {done.stderr.strip()}", path=ours)
    return done.stdout


def branch_label(folder: Path) -> str | None:
    """The current branch's short name, None on a detached HEAD (as during a rebase)."""
    done = _git(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd=folder)
    return done.stdout.strip() or None if done.returncode == 0 else None


# --- history: the commits that changed some files, and the files' versions (blobs) ------------

_NO_BLOB = "0" * 40
_REGULAR = ("100644", "100755")
_LOG_FORMAT = "%x01%H %P%x00%at %ct%x00%ad %cd%x00%aN%x00%aE"


@dataclass(frozen=True)
class Change:
    """One file a commit changed, as `git log --raw` tells it.

    `old` holds the file's blob in each parent (one for an ordinary commit; for a merge's
    combined diff, one per parent, and the file is listed only when it differs from every
    parent); None where the file was absent (or is not a regular file). `new` is None when the
    commit removed it. Renames are a removal and an addition: git's rename detection reads
    every version removed and added (a partial clone may not have them), and a catalog renamed
    and changed a lot is not a rename to it; history pairs them itself.
    """

    path: str
    old: tuple[str | None, ...]
    new: str | None


@dataclass(frozen=True)
class LoggedCommit:
    """A commit and the changes it made to the files asked about."""

    sha: str
    parents: tuple[str, ...]
    author_time: int  # seconds since the epoch
    commit_time: int
    author_day: str  # YYYY-MM-DD in the author's own time zone
    commit_day: str
    author: str  # 'Name <email>', after .mailmap
    changes: tuple[Change, ...]


def _blob(sha: str, mode: str) -> str | None:
    return None if sha == _NO_BLOB or mode not in _REGULAR else sha


def _changes(tokens: list[str]) -> list[Change]:
    """The raw diff's records: `:modes shas status` then the path (`::…` for a merge's
    combined diff)."""
    found: list[Change] = []
    at = 0
    while at < len(tokens):
        meta = tokens[at].lstrip("\n")
        at += 1
        if not meta.startswith(":"):
            continue
        parents = len(meta) - len(meta.lstrip(":"))
        fields = meta[parents:].split(" ")
        modes, shas = fields[:parents + 1], fields[parents + 1:2 * parents + 2]
        old = tuple(_blob(s, m) for s, m in zip(shas[:-1], modes[:-1], strict=True))
        new = _blob(shas[-1], modes[-1])
        found.append(Change(tokens[at], old, new))
        at += 1
    return found


def log_changes(top: Path, paths: list[str], *, first_parent: bool,
                rev: str = "HEAD") -> list[LoggedCommit]:
    """Every commit of `rev`'s history that changed a file under `paths`, oldest first, each
    with its changes to those files.

    With `first_parent`, only the main line (`--first-parent`), a merge compared with its first
    parent: how the branch itself moved. Otherwise every commit, and a merge listed with the
    files it made differ from all of its parents (a combined diff): its own work, never the
    work of the commits it merges. An empty repository has no history.
    """
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=top).returncode:
        return []
    args = ["-c", "core.quotePath=false", "log", "--reverse", "--raw", "-z", "--no-abbrev",
            "--no-renames", "--root", "--date=short", f"--format={_LOG_FORMAT}"]
    args += ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["-c"]
    done = subprocess.run(["git", *args, rev, "--", *paths], cwd=top, capture_output=True,
                          check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    if done.returncode != 0:
        raise ConfigError(f"git log failed: {done.stderr.decode('utf-8', 'replace').strip()}",
                          path=top)
    commits = []
    for chunk in done.stdout.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        tokens = chunk.split("\0")
        ids, times, days, name, email = tokens[:5]
        sha, *parents = ids.split(" ")
        author_time, commit_time = (int(t) for t in times.split(" "))
        author_day, commit_day = days.split(" ")
        commits.append(LoggedCommit(
            sha, tuple(p for p in parents if p), author_time, commit_time, author_day,
            commit_day, f"{name} <{email}>", tuple(_changes(tokens[5:]))))
    return commits


class BlobReader:
    """Reads blobs by id through one `git cat-file --batch` process (ask, then read the answer:
    never more than one blob in flight, so no pipe fills up)."""

    def __init__(self, top: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
        except FileNotFoundError as err:
            raise ConfigError("git is not installed (or not on the PATH); install git",
                              path=top) from err

    def read(self, sha: str) -> bytes | None:
        """The blob's bytes; None when the repository does not have it (a partial clone)."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(sha.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            return None  # '<sha> missing'
        size = int(header[2])
        data = stdout.read(size + 1)[:size]
        return data if header[1] == b"blob" else None

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def git_dir(top: Path) -> Path:
    """The repository's own folder (.git, or where a worktree's metadata lives)."""
    done = _git(["rev-parse", "--absolute-git-dir"], cwd=top)
    if done.returncode != 0:
        raise ConfigError("is not inside a git repository", path=top)
    return Path(done.stdout.strip())


# --- which branch or commit each side of a merge comes from ------------------------------------

_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def _out(args: list[str], folder: Path) -> str | None:
    done = _git(args, cwd=folder)
    return done.stdout.strip() or None if done.returncode == 0 else None


def commit_label(folder: Path, commit: str, *, besides: str | None = None) -> str:
    """A commit as people name it: a branch that points at it (a local one before a
    remote-tracking one, another than `besides`, the branch checked out), else its name
    relative to a branch (`translator~2`), else its short hash."""
    heads = _out(["for-each-ref", "--points-at", commit, "--format=%(refname:short)",
                  "refs/heads", "refs/remotes"], folder)
    names = [n for n in (heads or "").split("\n") if n and not n.endswith("/HEAD")]
    chosen = [n for n in names if n != besides] or names
    if chosen:
        return chosen[0]
    named = _out(["name-rev", "--name-only", "--no-undefined", "--exclude=refs/tags/*",
                  commit], folder)
    if named and not named.startswith("tags/"):
        return named.removeprefix("remotes/")
    return _out(["rev-parse", "--short", commit], folder) or commit[:12]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def side_labels(folder: Path, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The branches (or commits) the two sides of the merge in progress come from, as
    (ours, theirs); None where git does not say.

    A merge: ours is the branch checked out, theirs what `git merge` was given (a merge
    driver sees it as GITHEAD_<commit>=<name>; `git pull` gives a bare commit, named here by
    its branch), or MERGE_HEAD once git stopped. A rebase replays the branch being rebased
    (theirs) onto the upstream (ours). A cherry-pick or revert: theirs is the picked commit."""
    try:
        directory = git_dir(folder)
    except ConfigError:
        return None, None
    for kind in ("rebase-merge", "rebase-apply"):
        state = directory / kind
        if state.is_dir():
            onto, head = _read(state / "onto"), _read(state / "head-name")
            upstream = commit_label(folder, onto) if onto else None
            rebased = head.removeprefix("refs/heads/") if head and head != "detached HEAD" \
                else None
            return upstream, rebased
    current = branch_label(folder)
    ours = current or (commit_label(folder, "HEAD") if _out(["rev-parse", "--verify", "-q",
                                                             "HEAD"], folder) else None)
    given = [(key[len("GITHEAD_"):], value) for key, value in environ.items()
             if key.startswith("GITHEAD_")]
    theirs: str | None = None
    if len(given) == 1:
        commit, name = given[0]
        theirs = commit_label(folder, commit, besides=current) if _SHA.fullmatch(name) \
            else name
    else:
        for marker in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"):
            head = _read(directory / marker)
            if head and len(head.split()) == 1:
                theirs = commit_label(folder, head, besides=current)
                break
    return ours, theirs


# --- a file git left unmerged --------------------------------------------------------------------


def unmerged_stages(path: Path) -> dict[int, bytes] | None:
    """The versions git holds of a file it left unmerged (`git ls-files -u`): stage 1 the
    common ancestor, 2 ours, 3 theirs (a stage is missing when a side deleted the file, or
    there was no ancestor); None when git does not report the file unmerged."""
    folder = path.parent
    if not folder.is_dir():
        return None
    try:
        done = _git(["ls-files", "-u", "-z", "--", f":(literal){path.name}"], cwd=folder)
    except ConfigError:  # no git at all: nothing can be unmerged
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    stages: dict[int, bytes] = {}
    for record in done.stdout.split("\0"):
        info, _, _name = record.partition("\t")
        fields = info.split()
        if len(fields) != 3:
            continue
        blob = subprocess.run(["git", "cat-file", "blob", fields[1]], cwd=folder,
                              capture_output=True, check=False)
        if blob.returncode == 0:
            stages[int(fields[2])] = blob.stdout
    return stages or None


def present(top: Path, blobs: list[str]) -> set[str]:
    """Which of these objects the repository has (one `git cat-file --batch-check`)."""
    if not blobs:
        return set()
    done = subprocess.run(["git", "cat-file", "--batch-check"], cwd=top, capture_output=True,
                          input="".join(f"{b}\n" for b in blobs).encode(), check=False,
                          env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    return {line.split()[0] for line in done.stdout.decode().splitlines()
            if not line.endswith(" missing")}


# --- files moved -----------------------------------------------------------------------------


def is_tracked(path: Path) -> bool:
    """Whether git tracks the file (False outside a repository, or without git)."""
    if not path.parent.is_dir():
        return False
    try:
        done = _git(["ls-files", "--error-unmatch", "--", f":(literal){path.name}"],
                    cwd=path.parent)
    except ConfigError:
        return False
    return done.returncode == 0


def git_move(old: Path, new: Path) -> str | None:
    """`git mv OLD NEW` (the new folder must exist); git's complaint when it fails, else None."""
    done = _git(["mv", "--", str(old), str(new)], cwd=old.parent)
    return done.stderr.strip() or "git mv failed" if done.returncode != 0 else None


def git_remove(path: Path) -> bool:
    """`git rm --force FILE`: the file and its entry in the index; whether git did it."""
    done = _git(["rm", "--quiet", "--force", "--", f":(literal){path.name}"], cwd=path.parent)
    return done.returncode == 0


def staged_renames(folder: Path) -> list[tuple[Path, Path]]:
    """The files under `folder` that the index records as renamed ((old, new), absolute), as
    `git mv` leaves them; none outside a repository."""
    try:
        top = repository_root(folder)
    except ConfigError:
        return []
    done = _git(["-c", "core.quotePath=false", "status", "--porcelain=v1", "-z",
                 "--untracked-files=no", "--", "."], cwd=folder)
    if done.returncode != 0:
        return []
    fields = done.stdout.split("\0")
    found = []
    at = 0
    while at < len(fields):
        record = fields[at]
        at += 1
        if len(record) > 3 and record[0] in "RC":  # renamed (or copied): the origin follows
            if record[0] == "R" and at < len(fields):
                found.append((top / fields[at], top / record[3:]))
            at += 1
    return found


# --- what changed since a revision (check, status and build --changed-since) -------------------

_QUIET = {"GIT_OPTIONAL_LOCKS": "0"}  # read-only questions: never refresh or lock the index


@dataclass(frozen=True)
class Changes:
    """The files that differ between the merge base of a revision and HEAD and the working
    tree (committed since, staged, unstaged, untracked and not ignored), as absolute paths; a
    rename counts as its old path and its new one."""

    rev: str  # as the command line gave it
    base: str  # the merge base's full hash
    paths: frozenset[Path]


def _ask(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    try:  # file names as git gives them, whatever bytes they hold
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False,
                              encoding="utf-8", errors="surrogateescape",
                              env={**os.environ, **_QUIET})
    except FileNotFoundError as err:
        raise ConfigError("git is not installed (or not on the PATH); install git, or drop "
                          "--changed-since to check everything", path=folder) from err


def _fix(shallow: bool) -> str:
    return ("this is a shallow clone: fetch the history ('git fetch --unshallow', or "
            "fetch-depth: 0 in actions/checkout)" if shallow else
            "name a branch, tag or commit git has (fetch the base branch first: "
            "'git fetch origin main', or fetch-depth: 0 in actions/checkout)")


def changed_since(folder: Path, rev: str) -> Changes:
    """What changed since `rev` in git's view, for the project in `folder`: `git diff
    --name-status` from the merge base of `rev` and HEAD to the working tree, renames
    followed, plus the untracked files (`git ls-files --others --exclude-standard`) under
    `folder`. Changes since the merge base, not since `rev` itself (`origin/main...HEAD`): what
    the base branch gained meanwhile is not this branch's change. A revision git cannot
    resolve, a repository without it or the merge base (a shallow clone), or no repository at
    all is a usage error that says what to fix."""
    option = f"--changed-since {rev}"
    top = _ask(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0 or not top.stdout.strip():
        raise UsageError(f"{option}: {folder} is not inside a git repository; run it in a clone "
                         "of the project, or drop --changed-since to check everything")
    root = Path(top.stdout.strip())
    shallow = _out(["rev-parse", "--is-shallow-repository"], root) == "true"
    if rev.startswith("-") or not rev.strip():
        raise UsageError(f"{option}: not a revision; name a branch, tag or commit")
    resolved = _ask(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                    root)
    if resolved.returncode != 0:
        raise UsageError(f"{option}: git knows no such revision; {_fix(shallow)}")
    head = _ask(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root)
    if head.returncode != 0:
        raise UsageError(f"{option}: the repository has no commit yet; commit first, or drop "
                         "--changed-since to check everything")
    merged = _ask(["merge-base", resolved.stdout.strip(), head.stdout.strip()], root)
    if merged.returncode != 0 or not merged.stdout.strip():
        raise UsageError(f"{option}: {rev} and HEAD have no common history here"
                         + (f"; {_fix(True)}" if shallow else
                            "; name the branch this one was made from"))
    base = merged.stdout.strip()
    diff = _ask(["-c", "core.quotePath=false", "diff", "--name-status", "-z", "--find-renames",
                 "--ignore-submodules", "--no-ext-diff", base, "--"], root)
    if diff.returncode != 0:
        raise UsageError(f"{option}: git diff failed: {diff.stderr.strip()}")
    paths: set[Path] = set()
    fields = diff.stdout.split("\0")
    at = 0
    while at < len(fields) and fields[at]:
        status = fields[at]
        if status[0] in "RC":  # renamed or copied: the origin, then where it is now
            old, new = root / fields[at + 1], root / fields[at + 2]
            paths.update((old, new) if status[0] == "R" else (new,))
            at += 3
        else:
            paths.add(root / fields[at + 1])
            at += 2
    others = _ask(["-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard",
                   "--full-name", "-z", "--", "."], folder)
    if others.returncode != 0:
        raise UsageError(f"{option}: git ls-files failed: {others.stderr.strip()}")
    paths.update(root / name for name in others.stdout.split("\0") if name)
    return Changes(rev, base, frozenset(paths))


def grep_files(folder: Path, patterns: str, under: Sequence[str]) -> list[Path]:
    """The files below `under` (folders relative to `folder`, tracked, or untracked and not
    ignored) with a line holding one of `patterns` (one a line), by `git grep -F`."""
    done = subprocess.run(
        ["git", "grep", "--untracked", "--no-color", "-F", "-l", "-z", "-f", "-", "--",
         *(f":(literal){name}" for name in under)],
        cwd=folder, capture_output=True, input=patterns.encode(), check=False,
        env={**os.environ, **_QUIET, "LC_ALL": "C"})
    if done.returncode not in (0, 1):  # 1: no file holds any of them
        raise ConfigError(f"git grep failed: {done.stderr.decode(errors='replace').strip()}",
                          path=folder)
    return [folder / name for name in done.stdout.decode().split("\0") if name]
