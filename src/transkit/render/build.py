"""What a build did: a summary, then only what needs attention (drafts and skipped editions,
with their reasons, a few per language); `verbose` lists every edition."""

from __future__ import annotations

from collections import Counter

from ..core.build.model import BuildReport, BuiltArticle
from ..core.report.model import Edition
from .common import plural

SHOWN = 10  # editions listed per language and verdict before "… and N more (--verbose)"


def render_build(report: BuildReport, *, verbose: bool = False, shown: int = SHOWN) -> str:
    """The summary line and the editions that are not final, grouped by language and verdict,
    the first `shown` of each group; with `verbose`, every edition (then the summary)."""
    summary = _summary(report)
    if verbose:
        lines = [_edition(a) for a in report.articles]
        lines += [_removed(path) for path in report.removed]
        return "\n".join([*lines, summary]) + "\n"
    lines = [summary]
    for state in (Edition.DRAFT, Edition.SKIPPED):
        groups: dict[str, list[BuiltArticle]] = {}
        for a in report.articles:
            if a.state is state:
                groups.setdefault(a.lang, []).append(a)
        for lang, editions in groups.items():
            noun = "draft" if state is Edition.DRAFT else "edition"
            what = _count(len(editions), noun) + (" skipped" if state is Edition.SKIPPED else "")
            lines.append(f"{lang}: {what}")
            lines += [f"  {_edition(a, brief=True)}" for a in editions[:shown]]
            lines += _more(len(editions) - shown)
    lines += [_removed(path) for path in report.removed[:shown]]
    lines += _more(len(report.removed) - shown)
    return "\n".join(lines) + "\n"


def _summary(report: BuildReport) -> str:
    """'built 2,991 editions in 3 languages: 2,950 final, 38 drafts, 3 skipped; 2,991 files
    written.'"""
    states = Counter(a.state for a in report.articles)
    languages = len({a.lang for a in report.articles})
    parts = [f"{states[Edition.FINAL]:,} final"]
    if states[Edition.DRAFT]:
        parts.append(_count(states[Edition.DRAFT], "draft"))
    if states[Edition.SKIPPED]:
        parts.append(f"{states[Edition.SKIPPED]:,} skipped")
    line = f"built {_count(len(report.articles), 'edition')}"
    if report.articles:
        line += f" in {_count(languages, 'language')}: {', '.join(parts)}"
    line += f"; {_count(len(report.written), 'file')} written"
    if report.failed:
        line += f"; {len(report.failed):,} not built (a file cannot be read)"
    return line + "."


def _edition(a: BuiltArticle, *, brief: bool = False) -> str:
    """'de/intro: draft, 92% of words translated (why); 3 units in English or omitted (3
    untranslated)'; `brief`: without the units in English, which the reasons count already."""
    line = f"{a.lang}/{a.slug}: {a.state.value}, {a.words_percent:.0f}% of words translated"
    if a.state is not Edition.FINAL and a.reasons:
        line += f" ({', '.join(a.reasons)})"
    if a.fallbacks and not (brief and a.reasons):
        reasons = Counter(u.reason for u in a.fallbacks)
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
        line += f"; {plural(len(a.fallbacks), 'unit')} in English or omitted ({why})"
    return line


def _removed(path: str) -> str:
    return f"removed {path}: an earlier build wrote it, and this one does not"


def _more(hidden: int) -> list[str]:
    return [f"  … and {hidden:,} more (--verbose)"] if hidden > 0 else []


def _count(count: int, noun: str) -> str:
    """plural(), with thousands separated: '2,991 editions'."""
    return plural(count, noun).replace(str(count), f"{count:,}", 1)
