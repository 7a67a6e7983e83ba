"""Values every stage shares: a file a run could not read, a share in percent, and the articles
a run over part of the project chose (`--changed-since`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A file a run could not read (bad input). The run went on without what depends on it,
    and shows this as one line: file, line, what is wrong and how to fix it."""

    path: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = "" if self.path is None else (
            f"{self.path}:{self.line}: " if self.line else f"{self.path}: ")
        return where + self.message


def share(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`; nothing to do counts as all done."""
    return 100.0 * part / whole if whole else 100.0


@dataclass(frozen=True)
class Selection:
    """The articles `check`, `status` or `build --changed-since REV` chose: those whose English
    or a catalog changed since the merge base of REV and HEAD, or every one when a file the
    whole project reads changed (`everything` says which)."""

    rev: str  # as the command line gave it
    base: str  # the merge base's hash
    articles: tuple[str, ...]  # the ids chosen that have a source, in the project's order
    total: int  # the project's articles
    removed: tuple[str, ...] = ()  # ids changed whose source is gone: only orphans to report
    everything: str | None = None  # "transkit.toml": a file every article depends on changed

    def summary(self, doing: str = "checking") -> str:
        """One line: how many articles were chosen out of how many, and why."""
        since = f"since {self.rev} (merge base {self.base[:10]})"
        if self.everything is not None:
            return f"{self.everything} changed {since}: {doing} everything ({self.total} " \
                   f"article{'s' if self.total != 1 else ''})"
        gone = f"; {len(self.removed)} removed" if self.removed else ""
        return (f"{len(self.articles)} of {self.total} article{'s' if self.total != 1 else ''} "
                f"changed {since}{gone}")
