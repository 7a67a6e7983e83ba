"""What a build did."""

from __future__ import annotations

from collections import Counter

from ..core.build.model import BuildReport
from ..core.report.model import Edition
from .common import plural


def render_build(report: BuildReport) -> str:
    lines = []
    for a in report.articles:
        reasons = Counter(u.reason for u in a.fallbacks)
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
        line = (f"{a.lang}/{a.slug}: {a.state.value}, {a.words_percent:.0f}% of words translated")
        if a.state is not Edition.FINAL and a.reasons:
            line += f" ({', '.join(a.reasons)})"
        if a.fallbacks:
            line += f"; {plural(len(a.fallbacks), 'unit')} in English or omitted ({why})"
        lines.append(line)
    for path in report.removed:
        lines.append(f"removed {path}: an earlier build wrote it, and this one does not")
    skipped = sum(a.skipped for a in report.articles)
    failed = f", {len(report.failed)} not built (a file cannot be read)" if report.failed else ""
    lines.append(f"{plural(len(report.written), 'file')} written, "
                 f"{len(report.articles) - skipped} built, {skipped} skipped{failed}.")
    return "\n".join(lines) + "\n"
