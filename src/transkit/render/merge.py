"""What a merge of catalogs decided, what resolve repaired, what setup-git set."""

from __future__ import annotations

from collections import Counter

from ..core.merge.model import GitSetupReport, MergeAction, MergeFileReport, MergeNote
from .common import plural

_SUMMARY = {
    MergeAction.CARRIED: "translation of changed English carried over as fuzzy",
    MergeAction.CLASH: "clash of two translations (one kept, fuzzy; the other in a comment)",
    MergeAction.KEPT_OBSOLETE: "translation of removed English kept as obsolete",
    MergeAction.KEPT: "entry back to life on one side and pruned on the other, kept",
}


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(notes: tuple[MergeNote, ...]) -> str:
    """'1 clash of two translations (…), 2 translations …', or '' when nothing needs a look."""
    counts = Counter(note.action for note in notes)
    return ", ".join(f"{count} {_SUMMARY[action]}" if count == 1
                     else f"{count} × {_SUMMARY[action]}"
                     for action, count in sorted(counts.items()))


def render_merge(report: MergeFileReport) -> str:
    """The driver's one line on stderr (git shows it): only when something needs a look."""
    if report.conflict:
        return f"transkit merge-po: {report.path}: not merged: {report.conflict}\n"
    if not report.notes:
        return ""
    return f"transkit merge-po: {report.path}: merged; {summary(report.notes)}\n"


def render_resolve(reports: list[MergeFileReport]) -> str:
    """A line per file, then one per decision a translator should look at."""
    lines = []
    for report in reports:
        if not report.changed:
            lines.append(f"{report.path}: no conflict markers; left as it is")
            continue
        how = " from the versions in git's index (no conflict markers)" \
            if report.from_index else ""
        lines.append(f"resolved {report.path}{how}" + (f": {summary(report.notes)}"
                                                       if report.notes else ""))
        lines += [f"  {note.action.value}: “{_short(note.msgid)}”: {note.detail}"
                  for note in report.notes]
    resolved = sum(1 for r in reports if r.changed)
    lines.append(f"{plural(resolved, 'catalog')} resolved.")
    return "\n".join(lines) + "\n"


def render_setup_git(report: GitSetupReport) -> str:
    lines = []
    if report.added_line:
        lines.append(f"added to {report.attributes}: {report.line} (commit it)")
    if report.added_sum_line:
        lines.append(f"added to {report.attributes}: {report.sum_line} (commit it)")
    lines += [f"set git config {key} = {value}" for key, value in report.config]
    if not lines:
        return (f"already set up: {report.attributes} has '{report.line}' and git config has "
                "the merge driver; nothing changed\n")
    return "\n".join(lines) + "\n"
