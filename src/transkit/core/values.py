"""Values every stage shares: a file a run could not read, and a share in percent."""

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
