"""The values of the merge driver and of setup-git."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MergeAction(StrEnum):
    """What a merge of two versions of a catalog decided for an entry, beyond taking a change."""

    CARRIED = "carried"  # a translation made for English the other side changed: now fuzzy on it
    CLASH = "clash"  # two translations of one English: one kept, fuzzy; the other in a comment
    KEPT_OBSOLETE = "kept obsolete"  # translated on one side, its English removed on the other
    KEPT = "kept"  # an obsolete entry back to life on one side, pruned on the other: live


@dataclass(frozen=True)
class MergeNote:
    """One decision of a merge that a translator should know about."""

    action: MergeAction
    msgid: str  # the English of the entry the decision concerns
    detail: str = ""


@dataclass(frozen=True)
class MergeFileReport:
    """The outcome of merging (or resolving) one catalog."""

    path: str
    notes: tuple[MergeNote, ...] = ()
    conflict: str = ""  # why the merge could not be made ("" when it was)
    changed: bool = True
    from_index: bool = False  # resolved from git's stages (the file had no conflict markers)

    @property
    def exit_code(self) -> int:
        """What a git merge driver answers: 0 merged, 1 a conflict left to the user."""
        return 1 if self.conflict else 0


@dataclass(frozen=True)
class GitSetupReport:
    """What `setup-git` found and changed."""

    attributes: str  # the .gitattributes file, as shown
    line: str  # the line for the project's catalogs
    added_line: bool
    config: tuple[tuple[str, str], ...]  # (git config key, value) set now
    unchanged: tuple[str, ...]  # git config keys that already held their value
    sum_line: str = ""  # the line that merges transkit.sum by lines (git's union driver)
    added_sum_line: bool = False
