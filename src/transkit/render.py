"""Results -> text for people and machines (table, JSON, Markdown, CSV, HTML). Never prints."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from .build import BuildReport
from .gates import CheckReport
from .model import Document
from .project import SyncReport
from .status import CatalogStatus, LanguageSummary, summarize


def render_segments(document: Document, fmt: str) -> str:
    """The units of one article as text lines or a JSON list."""
    if fmt == "json":
        return json.dumps(
            [
                {
                    "id": s.index,
                    "kind": s.kind,
                    "label": s.label,
                    "line": s.line,
                    "text": s.text,
                }
                for s in document.segments
            ],
            ensure_ascii=False,
            indent=2,
        ) + "\n"
    return "".join(f"{s.index:>4}  {s.line:>5}  {s.label:<22} {s.text}\n"
                   for s in document.segments)


def render_sync(report: SyncReport, *, dry_run: bool = False) -> str:
    """One line per catalog that changed (or would), then a total."""
    lines = []
    for item in report.catalogs:
        if not item.changed:
            continue
        verb = "would create" if dry_run and item.created else (
            "would update" if dry_run else ("created" if item.created else "updated"))
        lines.append(f"{verb} {item.path}: {item.stats.describe()}")
    changed = len(report.changed)
    total = len(report.catalogs)
    if changed:
        done = "out of date" if dry_run else "written"
        lines.append(f"{changed} of {_n(total, 'catalog')} {done}.")
    else:
        lines.append(f"{_n(total, 'catalog')} already in step with the sources.")
    if report.empty:
        shown = ", ".join(report.empty[:5]) + (", …" if len(report.empty) > 5 else "")
        lines.append(f"{_n(len(report.empty), 'article')} with nothing to translate, so no "
                     f"catalog: {shown}.")
    return "\n".join(lines) + "\n"



def _entries_done(x: CatalogStatus | LanguageSummary) -> str:
    """'32 (97.0%)': entries translated, and their share."""
    return f"{x.translated} ({x.percent:.1f}%)"


def _words_done(x: CatalogStatus | LanguageSummary) -> str:
    """'2869/2950 (97.3%)': English words whose entry is translated, of all, and the share."""
    return f"{x.translated_words}/{x.source_words} ({x.words_percent:.1f}%)"


def _n(count: int, noun: str) -> str:
    """'1 catalog', '3 catalogs': the count with its noun, in English."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

# --- status --------------------------------------------------------------------------------

STATUS_SCHEMA_VERSION = 1


def status_data(statuses: Sequence[CatalogStatus]) -> dict[str, Any]:
    """The documented, stable JSON schema of `transkit status --format json`."""
    return {
        "schema": STATUS_SCHEMA_VERSION,
        "catalogs": [
            {
                "path": s.path,
                "article": s.article,
                "language": s.language,
                "total": s.total,
                "translated": s.translated,
                "fuzzy": s.fuzzy,
                "untranslated": s.untranslated,
                "obsolete": s.obsolete,
                "source_words": s.source_words,
                "translated_words": s.translated_words,
                "percent": round(s.percent, 2),
                "words_percent": round(s.words_percent, 2),
                "critical": s.critical,
                "last_translator": s.last_translator,
                "revision_date": s.revision_date,
                "missing": s.missing,
            }
            for s in statuses
        ],
        "languages": {
            t.language: {
                "catalogs": t.catalogs,
                "total": t.total,
                "translated": t.translated,
                "fuzzy": t.fuzzy,
                "untranslated": t.untranslated,
                "obsolete": t.obsolete,
                "source_words": t.source_words,
                "translated_words": t.translated_words,
                "percent": round(t.percent, 2),
                "words_percent": round(t.words_percent, 2),
                "critical": t.critical,
            }
            for t in summarize(statuses)
        },
    }


def render_status_json(statuses: Sequence[CatalogStatus]) -> str:
    """The JSON report, one catalog and one language per line (diff-friendly, and written by
    json's C encoder: a 3,000-catalog report in milliseconds, where indent= takes 170 ms)."""
    data = status_data(statuses)

    def lines(items: list[str]) -> str:
        return "[]" if not items else "[\n    " + ",\n    ".join(items) + "\n  ]"

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    catalogs = lines([dump(c) for c in data["catalogs"]])
    languages = "{}" if not data["languages"] else "{\n    " + ",\n    ".join(
        f"{dump(k)}: {dump(v)}" for k, v in data["languages"].items()
    ) + "\n  }"
    return (f'{{\n  "schema": {data["schema"]},\n  "catalogs": {catalogs},\n'
            f'  "languages": {languages}\n}}\n')


_COLUMNS = ("article", "language", "total", "translated", "fuzzy", "untranslated", "obsolete",
            "source_words", "translated_words", "percent", "critical", "last_translator",
            "revision_date", "words_percent", "missing")


def render_status_csv(statuses: Sequence[CatalogStatus]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["path", *_COLUMNS])
    for s in statuses:
        writer.writerow([s.path, s.article, s.language, s.total, s.translated, s.fuzzy,
                         s.untranslated, s.obsolete, s.source_words, s.translated_words,
                         f"{s.percent:.1f}", s.critical, s.last_translator, s.revision_date,
                         f"{s.words_percent:.1f}", "yes" if s.missing else "no"])
    return buffer.getvalue()


def _matrix(statuses: Sequence[CatalogStatus]) -> tuple[list[str], list[str],
                                                        dict[tuple[str, str], CatalogStatus]]:
    articles = list(dict.fromkeys(s.article for s in statuses))
    langs = list(dict.fromkeys(s.language for s in statuses))
    cells = {(s.article, s.language): s for s in statuses}
    return articles, langs, cells


def _cell_text(s: CatalogStatus | None) -> str:
    if s is None:
        return "–"
    if s.missing:
        return "missing"
    text = f"{s.percent:.0f}% ({s.words_percent:.0f}% words)"
    if s.fuzzy:
        text += f", {s.fuzzy} fuzzy"
    if s.critical:
        text += f", {s.critical} critical"
    return text


def render_status_markdown(statuses: Sequence[CatalogStatus]) -> str:
    articles, langs, cells = _matrix(statuses)
    lines = ["| article | " + " | ".join(langs) + " |",
             "|---|" + "---|" * len(langs)]
    for article in articles:
        lines.append(f"| {article} | "
                     + " | ".join(_cell_text(cells.get((article, lang))) for lang in langs)
                     + " |")
    lines += ["", "| language | catalogs | entries | translated | fuzzy | untranslated | "
              "words translated | critical drift |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in summarize(statuses):
        lines.append(f"| {t.language} | {t.catalogs} | {t.total} | {_entries_done(t)} | "
                     f"{t.fuzzy} | {t.untranslated} | "
                     f"{_words_done(t)} | "
                     f"{t.critical} |")
    return "\n".join(lines) + "\n"


_ANSI = {"green": "\x1b[32m", "yellow": "\x1b[33m", "red": "\x1b[31m", "bold": "\x1b[1m",
         "reset": "\x1b[0m"}


def _table(headers: list[str], rows: list[list[str]], right: set[int],
           paint: list[list[str]] | None = None) -> list[str]:
    """A plain text table; `paint` names an ANSI colour per cell ('' for none)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells: list[str], colours: list[str] | None = None) -> str:
        out = []
        for i, cell in enumerate(cells):
            text = cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            if colours and colours[i]:
                text = _ANSI[colours[i]] + text + _ANSI["reset"]
            out.append(text)
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r, paint[i] if paint else None) for i, r in enumerate(rows)]
    return [line(headers), rule, *body]


def render_status_table(statuses: Sequence[CatalogStatus], *, color: bool) -> str:
    """The terminal table: one row per catalog, then one per language; colour on a terminal."""

    def shade(percent: float) -> str:
        return "green" if percent >= 100 else ("yellow" if percent >= 50 else "red")

    rows, paint = [], []
    for s in statuses:
        article = s.article if len(s.article) <= 40 else s.article[:39] + "…"
        rows.append([article, s.language, str(s.total),
                     "missing" if s.missing else _entries_done(s),
                     str(s.fuzzy), str(s.untranslated), str(s.obsolete),
                     _words_done(s),
                     str(s.critical), s.last_translator or "–"])
        paint.append(["", "", "", shade(s.percent) if color else "", "", "", "", "",
                      "red" if color and s.critical else "", ""])
    # the same columns, in the same words, as the per-language table below
    lines = _table(["article", "lang", "entries", "translated", "fuzzy", "untr.", "obs.",
                    "words translated", "critical", "last translator"],
                   rows, right={2, 3, 4, 5, 6, 7, 8}, paint=paint)
    summary_rows, summary_paint = [], []
    for t in summarize(statuses):
        summary_rows.append([t.language, str(t.catalogs), str(t.total),
                             _entries_done(t), str(t.fuzzy),
                             str(t.untranslated),
                             _words_done(t),
                             str(t.critical)])
        summary_paint.append(["", "", "", shade(t.percent) if color else "", "", "", "",
                              "red" if color and t.critical else ""])
    title = (_ANSI["bold"] + "{}" + _ANSI["reset"]) if color else "{}"
    lines += ["", title.format("Per language"), *_table(
        ["lang", "catalogs", "entries", "translated", "fuzzy", "untranslated", "words translated",
         "critical"], summary_rows, right={1, 2, 3, 4, 5, 6, 7}, paint=summary_paint)]
    return title.format("Translation status") + "\n" + "\n".join(lines) + "\n"


def render_status_html(statuses: Sequence[CatalogStatus], *, title: str) -> str:
    """One self-contained page: the matrix with bars, totals, and what is open per catalog."""
    e = html.escape
    articles, langs, cells = _matrix(statuses)

    def bar(s: CatalogStatus | None) -> str:
        if s is None:
            return "<td>–</td>"
        done = s.percent
        fuzzy = 100.0 * s.fuzzy / s.total if s.total else 0.0
        label = "missing" if s.missing else f"{done:.0f}%"
        return (
            f'<td><div class="bar" role="img" aria-label="'
            f'{"catalog missing" if s.missing else e(label) + " translated"}">'
            f'<span class="ok" style="width:{done:.1f}%"></span>'
            f'<span class="fz" style="width:{fuzzy:.1f}%"></span></div>'
            f'<span class="pct">{e(label)}</span>'
            + (f' <span class="crit">{s.critical} critical</span>' if s.critical else "")
            + "</td>"
        )

    rows = "\n".join(
        f"<tr><th scope=\"row\">{e(a)}</th>" + "".join(bar(cells.get((a, lang))) for lang in langs)
        + "</tr>"
        for a in articles
    )
    totals = "\n".join(
        f"<tr><th scope=\"row\">{e(t.language)}</th><td>{t.catalogs}</td><td>{t.total}</td>"
        f"<td>{_entries_done(t)}</td><td>{t.fuzzy}</td><td>{t.untranslated}</td>"
        f"<td>{_words_done(t)}</td>"
        f"<td>{t.critical}</td></tr>"
        for t in summarize(statuses)
    )
    details = []
    for s in statuses:
        if not s.todo:
            continue
        items = "\n".join(
            f'<li><span class="state">{e(state)}</span> '
            + (f'<span class="line">line {line}</span> ' if line else "")
            + f"{e(text)}</li>"
            for line, state, text in s.todo
        )
        details.append(
            f"<details><summary>{e(s.path)}: {len(s.todo)} open</summary>"
            f"<ol>\n{items}\n</ol></details>"
        )
    open_list = "\n".join(details) or "<p>Nothing is missing or drifted.</p>"
    head = "".join(f'<th scope="col">{e(lang)}</th>' for lang in langs)
    return _STATUS_PAGE.format(
        title=e(title), head=head, rows=rows, totals=totals, open=open_list
    )


_STATUS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; margin-bottom: 1.5rem; }}
th, td {{ border: 1px solid #ddd; padding: .35rem .6rem; text-align: left;
  vertical-align: middle; }}
.bar {{ display: inline-flex; width: 8rem; height: .8rem; background: #f3d1d1;
  border-radius: .2rem; overflow: hidden; vertical-align: middle; }}
.ok {{ background: #3a9d5d; }} .fz {{ background: #e0b03a; }}
.pct {{ margin-left: .4rem; font-variant-numeric: tabular-nums; }}
.crit {{ color: #b00020; font-weight: 600; }}
.state {{ display: inline-block; min-width: 9rem; color: #555; }}
.line {{ color: #888; font-size: .85rem; }}
details {{ margin: .4rem 0; }} summary {{ cursor: pointer; font-weight: 600; }}
li {{ margin: .2rem 0; }}
</style>
</head>
<body>
<h1>{title}</h1>
<h2>Articles × languages</h2>
<table><thead><tr><th>article</th>{head}</tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>Per language</h2>
<table><thead><tr><th>language</th><th>catalogs</th><th>entries</th><th>translated</th>
<th>fuzzy</th><th>untranslated</th><th>words translated</th><th>critical drift</th></tr></thead>
<tbody>
{totals}
</tbody></table>
<h2>Missing or drifted</h2>
{open}
</body>
</html>
"""


# --- check ---------------------------------------------------------------------------------


def render_check_text(report: CheckReport) -> str:
    lines = [
        (f"{f.path}:{f.line}: " if f.line else f"{f.path}: ")
        + f"{f.level.value}: [{f.check}] {f.message} ({f.hint})"
        for f in report.findings
    ]
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    verdict = "FAILED" if errors else "passed"
    lines.append(f"check {verdict}: {_n(errors, 'error')}, {_n(warnings, 'warning')} in "
                 f"{_n(report.catalogs, 'catalog')}.")
    return "\n".join(lines) + "\n"


def render_check_json(report: CheckReport) -> str:
    return json.dumps(
        {
            "passed": not report.errors,
            "errors": len(report.errors),
            "warnings": len(report.findings) - len(report.errors),
            "findings": [
                {
                    "path": f.path,
                    "line": f.line,
                    "article": f.article,
                    "language": f.language,
                    "check": f.check,
                    "severity": f.level.value,
                    "message": f.message,
                    "hint": f.hint,
                }
                for f in report.findings
            ],
        },
        ensure_ascii=False,
        indent=2,
    ) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_check_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands, so findings show on the pull request."""
    lines = []
    for f in report.findings:
        where = f"file={_gh_escape(f.path, prop=True)}"
        if f.line:
            where += f",line={f.line}"
        title = _gh_escape(f"{f.check} ({f.language})", prop=True)
        lines.append(f"::{f.level.value} {where},title={title}::"
                     f"{_gh_escape(f.message + ' — ' + f.hint)}")
    # the summary line of the text format, the same whatever was found
    lines.append(render_check_text(report).strip().splitlines()[-1])
    return "\n".join(lines) + "\n"


# --- build and todo ------------------------------------------------------------------------


def render_build(report: BuildReport) -> str:
    lines = []
    for a in report.articles:
        reasons = Counter(u.reason for u in a.fallbacks)
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
        line = (f"{a.lang}/{a.slug}: {a.state}, {a.words_percent:.0f}% of words translated")
        if a.state != "final":
            line += f" (below {a.threshold:g}%)"
        if a.fallbacks:
            line += f"; {_n(len(a.fallbacks), 'unit')} in English or omitted ({why})"
        lines.append(line)
    for path in report.removed:
        lines.append(f"removed {path}: an earlier build wrote it, and the edition is skipped now")
    skipped = sum(a.skipped for a in report.articles)
    lines.append(f"{_n(len(report.written), 'file')} written, "
                 f"{len(report.articles) - skipped} built, {skipped} skipped.")
    return "\n".join(lines) + "\n"


def render_todo(
    statuses: Sequence[CatalogStatus], diffs: dict[str, str], stale: Collection[str] = ()
) -> str:
    """What a translator has to do: every open entry with its place and, for drift, the diff.

    `stale` names catalogs a sync would change: their list is from the catalog as it is, and
    the English has moved on since.
    """
    lines = []
    for s in statuses:
        if s.missing:
            lines.append(f"{s.path}: missing, {_n(s.untranslated, 'unit')} to translate "
                         "(run 'transkit sync' to create it)")
            continue
        if s.path in stale:
            lines.append(f"{s.path}: out of step with the English; run 'transkit sync' first, "
                         "then list again")
        if not s.todo:
            continue
        lines.append(f"{s.path}: {len(s.todo)} to do")
        for line, state, text in s.todo:
            short = text if len(text) <= 100 else text[:99] + "…"
            lines.append(f"  {s.path}:{line}: {state}: {short}")
            if text in diffs:
                lines.append(f"      {diffs[text]}")
    if not lines:
        lines.append("Nothing to do: every entry is translated.")
    return "\n".join(lines) + "\n"
