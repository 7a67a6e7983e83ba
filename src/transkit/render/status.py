"""Where every edition stands: JSON, CSV, Markdown, a terminal table and an HTML page."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.report.counts import summarize
from ..core.report.model import CatalogStatus, Edition, EntryState, LanguageSummary, OpenEntry
from ..core.values import Problem, Selection
from .common import entries_done, reviewed_by, selection_data, words_done, words_reviewed

if TYPE_CHECKING:  # only the HTML page shows a trend: the history's model is not imported
    from ..core.report.history import Trend  # for every status table

STATUS_SCHEMA_VERSION = 1

Counted = CatalogStatus | LanguageSummary


@dataclass(frozen=True)
class Column:
    """One figure of a status report: its name in JSON and CSV, and how to read it."""

    key: str
    value: Callable[[Any], object]  # the JSON value
    csv: Callable[[Any], object] | None = None  # the CSV cell, when it differs


def _field(name: str) -> Callable[[Any], object]:
    return lambda x: getattr(x, name)


# The figures both a catalog and a language total have, in the JSON schema's order.
COUNTS = (
    Column("total", _field("total")),
    Column("translated", _field("translated")),
    Column("fuzzy", _field("fuzzy")),
    Column("untranslated", _field("untranslated")),
    Column("obsolete", _field("obsolete")),
    Column("source_words", _field("source_words")),
    Column("translated_words", _field("translated_words")),
    Column("percent", lambda x: round(x.percent, 2), lambda x: f"{x.percent:.1f}"),
    Column("words_percent", lambda x: round(x.words_percent, 2),
           lambda x: f"{x.words_percent:.1f}"),
    Column("critical", _field("critical")),
)
# Review (core.review), added within schema 1 after the rest: both have them too.
REVIEW = (
    Column("reviewed", _field("reviewed")),
    Column("reviewed_words", _field("reviewed_words")),
    Column("reviewed_percent", lambda x: round(x.reviewed_percent, 2),
           lambda x: f"{x.reviewed_percent:.1f}"),
    Column("reviewers", lambda x: list(x.reviewers), lambda x: "; ".join(x.reviewers)),
)
# ... and those of a catalog alone.
CATALOG = (
    Column("path", _field("path")),
    Column("article", _field("article")),
    Column("language", _field("language")),
    *COUNTS,
    Column("last_translator", _field("last_translator")),
    Column("revision_date", _field("revision_date")),
    Column("missing", _field("missing"), lambda x: "yes" if x.missing else "no"),
    Column("edition", lambda x: x.edition.value),
    Column("reasons", lambda x: list(x.reasons), lambda x: "; ".join(x.reasons)),
    *REVIEW,
)
LANGUAGE = (Column("catalogs", _field("catalogs")), *COUNTS, *REVIEW)
_BY_KEY = {c.key: c for c in CATALOG}
# The CSV's column order, kept as first published.
CSV_ORDER = ("path", "article", "language", "total", "translated", "fuzzy", "untranslated",
             "obsolete", "source_words", "translated_words", "percent", "critical",
             "last_translator", "revision_date", "words_percent", "missing", "edition", "reasons",
             "reviewed", "reviewed_words", "reviewed_percent", "reviewers")
# The per-language table's headings, the same in the terminal, Markdown and HTML.
SUMMARY_HEADINGS = ("catalogs", "entries", "translated", "fuzzy", "untranslated",
                    "words translated", "words reviewed", "reviewed by", "critical drift")


def summary_cells(t: LanguageSummary) -> list[str]:
    """The per-language row's cells, in the order of SUMMARY_HEADINGS."""
    return [str(t.catalogs), str(t.total), entries_done(t), str(t.fuzzy), str(t.untranslated),
            words_done(t), words_reviewed(t), reviewed_by(t), str(t.critical)]


def status_data(statuses: Sequence[CatalogStatus],
                failed: Sequence[Problem] = ()) -> dict[str, Any]:
    """The documented, stable JSON schema of `transkit status --format json`.

    Keys are only ever added within a schema version ("edition", "reasons" and "failed" came
    in schema 1); a key removed or changed in meaning would bump it.
    """
    return {
        "schema": STATUS_SCHEMA_VERSION,
        "catalogs": [{c.key: c.value(s) for c in CATALOG} for s in statuses],
        "languages": {t.language: {c.key: c.value(t) for c in LANGUAGE}
                      for t in summarize(statuses)},
        "failed": [{"path": p.path, "line": p.line, "message": p.message} for p in failed],
    }


def render_status_json(statuses: Sequence[CatalogStatus],
                       failed: Sequence[Problem] = (), *,
                       selection: Selection | None = None) -> str:
    """The JSON report, one catalog and one language per line (diff-friendly, and written by
    json's C encoder: a 3,000-catalog report in milliseconds, where indent= takes 170 ms)."""
    data = status_data(statuses, failed)

    def lines(items: list[str]) -> str:
        return "[]" if not items else "[\n    " + ",\n    ".join(items) + "\n  ]"

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    catalogs = lines([dump(c) for c in data["catalogs"]])
    languages = "{}" if not data["languages"] else "{\n    " + ",\n    ".join(
        f"{dump(k)}: {dump(v)}" for k, v in data["languages"].items()
    ) + "\n  }"
    return (f'{{\n  "schema": {data["schema"]},\n  "catalogs": {catalogs},\n'
            f'  "languages": {languages},\n  "failed": {lines([dump(f) for f in data["failed"]])}'
            + ("" if selection is None else
               f',\n  "selection": {dump(selection_data(selection))}') + '\n}\n')


def render_status_csv(statuses: Sequence[CatalogStatus]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_ORDER)
    columns = [_BY_KEY[key] for key in CSV_ORDER]
    for s in statuses:
        writer.writerow([(c.csv or c.value)(s) for c in columns])
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
        return f"{s.edition.value}: missing"
    text = f"{s.edition.value}: {s.percent:.0f}% ({s.words_percent:.0f}% words)"
    if s.fuzzy:
        text += f", {s.fuzzy} fuzzy"
    if s.critical:
        text += f", {s.critical} critical"
    if s.reviewed:
        text += f", {s.reviewed_percent:.0f}% reviewed ({', '.join(s.reviewers)})"
    return text


def render_status_markdown(statuses: Sequence[CatalogStatus]) -> str:
    articles, langs, cells = _matrix(statuses)
    lines = ["| article | " + " | ".join(langs) + " |",
             "|---|" + "---|" * len(langs)]
    for article in articles:
        lines.append(f"| {article} | "
                     + " | ".join(_cell_text(cells.get((article, lang))) for lang in langs)
                     + " |")
    lines += ["", "| language | " + " | ".join(SUMMARY_HEADINGS) + " |",
              "|---|" + "---:|" * len(SUMMARY_HEADINGS)]
    for t in summarize(statuses):
        lines.append(f"| {t.language} | " + " | ".join(summary_cells(t)) + " |")
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


_EDITION_COLOUR = {Edition.FINAL: "green", Edition.DRAFT: "yellow", Edition.SKIPPED: "red"}


def render_status_table(statuses: Sequence[CatalogStatus], *, color: bool) -> str:
    """The terminal table: one row per catalog, then one per language; colour on a terminal."""

    def shade(percent: float) -> str:
        return "green" if percent >= 100 else ("yellow" if percent >= 50 else "red")

    rows, paint = [], []
    for s in statuses:
        article = s.article if len(s.article) <= 40 else s.article[:39] + "…"
        rows.append([article, s.language, str(s.total),
                     "missing" if s.missing else entries_done(s),
                     str(s.fuzzy), str(s.untranslated), str(s.obsolete),
                     words_done(s), words_reviewed(s),
                     str(s.critical), s.edition.value, reviewed_by(s), s.last_translator or "–"])
        paint.append(["", "", "", shade(s.percent) if color else "", "", "", "", "", "",
                      "red" if color and s.critical else "",
                      _EDITION_COLOUR[s.edition] if color else "", "", ""])
    # the same columns, in the same words, as the per-language table below
    lines = _table(["article", "lang", "entries", "translated", "fuzzy", "untr.", "obs.",
                    "words translated", "words reviewed", "critical", "verdict", "reviewed by",
                    "last translator"],
                   rows, right={2, 3, 4, 5, 6, 7, 8, 9}, paint=paint)
    summary_rows, summary_paint = [], []
    for t in summarize(statuses):
        summary_rows.append([t.language, *summary_cells(t)])
        summary_paint.append(["", "", "", shade(t.percent) if color else "", "", "", "", "", "",
                              "red" if color and t.critical else ""])
    title = (_ANSI["bold"] + "{}" + _ANSI["reset"]) if color else "{}"
    headings = ["lang", *SUMMARY_HEADINGS[:-1], "critical"]  # narrow: no "drift" in a terminal
    lines += ["", title.format("Per language"), *_table(
        headings, summary_rows, right={1, 2, 3, 4, 5, 6, 7, 9}, paint=summary_paint)]
    return title.format("Translation status") + "\n" + "\n".join(lines) + "\n"


_WDIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


def _diff_html(diff: str) -> str:
    """A wdiff-notation word diff ([-old-]{+new+}) as HTML, escaped."""
    out, pos = [], 0
    for found in _WDIFF.finditer(diff):
        out.append(html.escape(diff[pos:found.start()]))
        gone, came = found.groups()
        out.append(f"<del>{html.escape(gone)}</del>" if gone is not None
                   else f"<ins>{html.escape(came)}</ins>")
        pos = found.end()
    out.append(html.escape(diff[pos:]))
    return "".join(out)


def _open_item(item: OpenEntry) -> str:
    """One open entry: its state and line, and for a drift its severity, reasons and diff,
    folded unless critical (a critical drift is what must not be overlooked)."""
    e = html.escape
    where = f'<span class="line">line {item.line}</span> ' if item.line else ""
    head = f'<span class="state">{e(item.state)}</span> {where}{e(item.msgid)}'
    if not item.diff:
        return f"<li>{head}</li>"
    critical = item.state is EntryState.DRIFT_CRITICAL
    why = "; ".join(item.reasons)
    return (f'<li class="{"critical" if critical else "drift"}"><details'
            f'{" open" if critical else ""}><summary>{head}</summary>'
            f'<p class="why">{e(why)}</p><p class="diff">{_diff_html(item.diff)}</p>'
            "</details></li>")


def _trend_html(t: LanguageSummary, trend: Trend | None) -> str:
    """The share of words translated now against the end of the previous period: ▲ or ▼."""
    if trend is None or not trend.previous:
        return ""
    if t.language not in trend.previous:
        return "<td>–</td>"
    moved = t.words_percent - trend.previous[t.language]
    arrow = "▲" if moved > 0.05 else "▼" if moved < -0.05 else "="
    return (f'<td class="trend" title="words translated since the end of {trend.period}">'
            f"{arrow} {moved:+.1f} points</td>")


def _history_note(trend: Trend | None) -> str:
    if trend is not None and trend.link:
        return (f'<p class="why">Progress over time: <a href="{html.escape(trend.link)}">'
                "the history report</a>.</p>")
    return ('<p class="why">Progress over time, words per translator and each article\'s lag: '
            "<code>transkit history --format html --output history.html</code>.</p>")


def render_status_html(statuses: Sequence[CatalogStatus], *, title: str,
                       failed: Sequence[Problem] = (), trend: Trend | None = None) -> str:
    """One self-contained page: the matrix with bars and verdicts, totals (with each edition's
    trend since the previous period, when `transkit history` has run), and what is open per
    catalog (each drift with its severity and word diff; critical ones unfolded)."""
    e = html.escape
    articles, langs, cells = _matrix(statuses)

    def bar(s: CatalogStatus | None) -> str:
        if s is None:
            return "<td>–</td>"
        done = s.percent
        fuzzy = 100.0 * s.fuzzy / s.total if s.total else 0.0
        label = "missing" if s.missing else f"{done:.0f}%"
        why = "; ".join(s.reasons)
        return (
            f'<td><div class="bar" role="img" aria-label="'
            f'{"catalog missing" if s.missing else e(label) + " translated"}">'
            f'<span class="ok" style="width:{done:.1f}%"></span>'
            f'<span class="fz" style="width:{fuzzy:.1f}%"></span></div>'
            f'<span class="pct">{e(label)}</span>'
            + (f' <span class="crit">{s.critical} critical</span>' if s.critical else "")
            + f'<br><span class="ed ed-{s.edition.value}">{s.edition.value}</span>'
            + (f' <span class="why">{e(why)}</span>' if why else "")
            + (f'<br><span class="rev">{s.reviewed_percent:.0f}% reviewed by '
               f'{e(", ".join(s.reviewers))}</span>' if s.reviewed else "")
            + "</td>"
        )

    rows = "\n".join(
        f"<tr><th scope=\"row\">{e(a)}</th>" + "".join(bar(cells.get((a, lang))) for lang in langs)
        + "</tr>"
        for a in articles
    )
    totals = "\n".join(
        f"<tr><th scope=\"row\">{e(t.language)}</th>"
        + "".join(f"<td>{cell}</td>" for cell in summary_cells(t)) + _trend_html(t, trend)
        + "</tr>"
        for t in summarize(statuses)
    )
    details = []
    for s in statuses:
        if not s.todo:
            continue
        items = "\n".join(_open_item(item) for item in s.todo)
        details.append(
            f"<details{' open' if s.critical else ''}><summary>{e(s.path)}: {len(s.todo)} open"
            + (f", {s.critical} critical" if s.critical else "")
            + f"</summary><ol>\n{items}\n</ol></details>"
        )
    open_list = "\n".join(details) or "<p>Nothing is missing or drifted.</p>"
    if failed:
        unread = "".join(f"<li>{e(str(p))}</li>" for p in failed)
        open_list = (f'<h2>Could not be read</h2>\n<ul class="failed">{unread}</ul>\n'
                     + open_list)
    head = "".join(f'<th scope="col">{e(lang)}</th>' for lang in langs)
    heads = [f"<th>{e(h)}</th>" for h in SUMMARY_HEADINGS]
    if trend is not None and trend.previous:
        heads.append(f"<th>since {e(trend.period)}</th>")
    summary_head = "".join(heads[:3]) + "\n" + "".join(heads[3:])  # lines under 100 columns
    return _STATUS_PAGE.format(
        title=e(title), head=head, rows=rows, totals=totals, open=open_list,
        summary_head=summary_head, history=_history_note(trend),
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
li {{ margin: .2rem 0; }} li details {{ margin: 0; }} li summary {{ font-weight: normal; }}
.ed {{ display: inline-block; margin-top: .25rem; padding: 0 .4rem; border-radius: .6rem;
  font-size: .8rem; font-weight: 600; }}
.ed-final {{ background: #d8f0df; color: #1d6b38; }} .ed-draft {{ background: #fbeac0;
  color: #7a5a00; }} .ed-skipped {{ background: #f6d3d3; color: #8a1c1c; }}
.why {{ color: #666; font-size: .85rem; }} .rev {{ color: #1d4f8a; font-size: .85rem; }}
li.critical {{ border-left: 3px solid #b00020; padding-left: .4rem; }}
li.critical .state {{ color: #b00020; font-weight: 600; }}
.diff {{ margin: .2rem 0 .4rem 1rem; }} del {{ background: #f8d7da; }}
ins {{ background: #d4edda; text-decoration: none; }} del + ins {{ margin-left: .2em; }}
.failed {{ color: #b00020; }}
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
<table><thead><tr><th>language</th>{summary_head}</tr></thead>
<tbody>
{totals}
</tbody></table>
{history}
<h2>Missing or drifted</h2>
{open}
</body>
</html>
"""
