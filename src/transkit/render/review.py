"""What a review run signed off."""

from __future__ import annotations

from ..core.review.model import ReviewReport, ReviewStats
from .common import plural


def describe(stats: ReviewStats) -> str:
    """'12 signed off (2 changed since their last review), 30 already reviewed, 3 not
    translated or fuzzy'."""
    parts = []
    done = stats.signed + stats.renewed
    if done:
        again = f" ({stats.renewed} changed since their last review)" if stats.renewed else ""
        parts.append(f"{done} signed off{again}")
    if stats.already:
        parts.append(f"{stats.already} already reviewed")
    if stats.open:
        parts.append(f"{stats.open} not translated or fuzzy")
    return ", ".join(parts) or "nothing translated yet"


def render_review(report: ReviewReport, *, dry_run: bool = False) -> str:
    """One line per catalog a sign-off was added to (or would be), then a total."""
    verb = "would sign off" if dry_run else "signed off"
    lines = [f"{'would review' if dry_run else 'reviewed'} {c.path}: {describe(c.stats)}"
             for c in report.catalogs if c.stats.changed]
    entries = sum(c.stats.signed + c.stats.renewed for c in report.catalogs)
    touched = sum(1 for c in report.catalogs if c.stats.changed)
    waiting = sum(c.stats.open for c in report.catalogs)
    left = (f"; {plural(waiting, 'entry')} not translated or fuzzy, to review once translated"
            if waiting else "")
    if entries:
        lines.append(f"{report.name} {verb} {plural(entries, 'entry')} in "
                     f"{plural(touched, 'catalog')} on {report.date}{left}.")
    else:
        lines.append(f"Nothing to sign off in {plural(len(report.catalogs), 'catalog')}: "
                     f"every translated entry is reviewed{left}.")
    if report.failed:
        lines.append(f"{plural(len(report.failed), 'file')} left as it was: it cannot be read.")
    return "\n".join(lines) + "\n"
