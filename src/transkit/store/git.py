"""The few things transkit asks git: where the repository is, its config, a text merge."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import ConfigError


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
