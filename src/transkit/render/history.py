"""The history report: a terminal table, JSON, CSV, and one HTML page with SVG charts.

The charts are plain SVG written here (no script, no font, no network): a page that opens in any
browser, mail client or file viewer, years from now.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.report.history import ArticleLag, History, LanguagePeriod, Rule, TranslatorPeriod

HISTORY_SCHEMA_VERSION = 1
# distinct on screen and in print, and told apart by most colour-blind readers (Okabe-Ito)
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
           "#f0e442")
OTHERS_COLOUR = "#999999"
MOST_TRANSLATORS = 7  # in the chart; the others are summed
MOST_ARTICLES = 25  # in the lag chart, the longest lags

_RULES = {Rule.AUTHOR: "the commit's author",
          Rule.LAST_TRANSLATOR: "each catalog's Last-Translator (several in one commit)"}


@dataclass(frozen=True)
class Column:
    key: str
    value: Callable[[Any], object]


def _f(name: str) -> Callable[[Any], object]:
    return lambda x: getattr(x, name)


LANGUAGE_COLUMNS = (
    Column("period", _f("period")), Column("end", _f("end")),
    Column("language", _f("language")), Column("catalogs", _f("catalogs")),
    Column("final", _f("final")), Column("final_percent", lambda x: round(x.final_percent, 2)),
    Column("total", _f("total")), Column("translated", _f("translated")),
    Column("fuzzy", _f("fuzzy")), Column("untranslated", _f("untranslated")),
    Column("source_words", _f("source_words")),
    Column("translated_words", _f("translated_words")),
    Column("fuzzy_words", _f("fuzzy_words")),
    Column("untranslated_words", _f("untranslated_words")),
    Column("words_percent", lambda x: round(x.words_percent, 2)),
    Column("translated_change", _f("translated_change")),
    Column("english_added", _f("english_added")),
)
TRANSLATOR_COLUMNS = (
    Column("period", _f("period")), Column("translator", _f("translator")),
    Column("new_words", _f("new_words")), Column("new_entries", _f("new_entries")),
    Column("revised_words", _f("revised_words")),
    Column("revised_entries", _f("revised_entries")), Column("commits", _f("commits")),
    Column("rules", lambda x: [r.value for r in x.rules]),
)
ARTICLE_COLUMNS = (
    Column("article", _f("article")), Column("language", _f("language")),
    Column("first_translated", _f("first_translated")),
    Column("last_translated", _f("last_translated")), Column("lag_days", _f("lag_days")),
    Column("behind_since", _f("behind_since")),
)


def history_data(report: History) -> dict[str, Any]:
    """The documented JSON schema of `transkit history --format json` (keys are only added
    within a schema version)."""
    return {
        "schema": HISTORY_SCHEMA_VERSION,
        "by": report.by.value,
        "first": report.first,
        "last": report.last,
        "english_from": "sources" if report.sources else "catalogs",
        "languages": [{c.key: c.value(r) for c in LANGUAGE_COLUMNS} for r in report.languages],
        "translators": [{c.key: c.value(r) for c in TRANSLATOR_COLUMNS}
                        for r in report.translators],
        "articles": [{c.key: c.value(r) for c in ARTICLE_COLUMNS} for r in report.articles],
        "commits": [{"sha": a.sha, "day": a.day, "author": a.author, "rule": a.rule.value,
                     "translators": [{"translator": t, "new_words": n, "revised_words": r}
                                     for t, n, r in a.words]} for a in report.commits],
        "commits_read": report.commits_read,
        "skipped": [{"path": p.path, "line": p.line, "message": p.message}
                    for p in report.skipped],
    }


def render_history_json(report: History) -> str:
    data = history_data(report)
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            body = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f'  "{key}": [\n    {body}\n  ]' if value else f'  "{key}": []')
        else:
            lines.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}')
    return "{\n" + ",\n".join(lines) + "\n}\n"


CSV_HEADINGS = ("table", *(c.key for c in LANGUAGE_COLUMNS), "translator", "new_words",
                "new_entries", "revised_words", "revised_entries", "commits", "rules",
                "article", "first_translated", "last_translated", "lag_days", "behind_since")


def render_history_csv(report: History) -> str:
    """One table for a spreadsheet: a row per language and period, per translator and period,
    per article; the `table` column says which, and the cells that do not apply are empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADINGS)
    for row in report.languages:
        writer.writerow(_csv_row("language", {c.key: c.value(row) for c in LANGUAGE_COLUMNS}))
    for person in report.translators:
        cells = {c.key: c.value(person) for c in TRANSLATOR_COLUMNS}
        cells["rules"] = " ".join(r.value for r in person.rules)
        writer.writerow(_csv_row("translator", cells))
    for lag in report.articles:
        writer.writerow(_csv_row("article", {c.key: c.value(lag) for c in ARTICLE_COLUMNS}))
    return buffer.getvalue()


def _csv_row(table: str, cells: dict[str, object]) -> list[object]:
    return [table, *(cells.get(h, "") for h in CSV_HEADINGS[1:])]


# --- the terminal --------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def render_history_table(report: History) -> str:
    by = report.by.value
    if not report.languages and not report.translators:
        if not report.first:
            return "No commit has changed a catalog yet.\n"
        return f"No catalog was changed between {report.first} and {report.last}.\n"
    out = [f"Editions by {by}, {report.first} to {report.last} (at each {by}'s end)"]
    out += _table(
        [by, "lang", "final", "words translated", "change", "fuzzy w.", "untransl. w.",
         "English added"],
        [[r.period, r.language, f"{r.final}/{r.catalogs}",
          f"{r.translated_words}/{r.source_words} ({r.words_percent:.1f}%)",
          _signed(r.translated_change), str(r.fuzzy_words), str(r.untranslated_words),
          str(r.english_added)] for r in report.languages],
        right={2, 3, 4, 5, 6, 7})
    out += ["", f"Translators by {by} (words of English)"]
    if report.translators:
        out += _table([by, "translator", "new", "revised", "commits", "credited to"],
                      [[t.period, t.translator, str(t.new_words), str(t.revised_words),
                        str(t.commits), ", ".join(r.value for r in t.rules)]
                       for t in report.translators], right={2, 3, 4})
    else:
        out.append("(no translation work in these commits)")
    out += ["", "Articles"]
    if report.articles:
        out += _table(["article", "lang", "first translated", "last translated", "days behind",
                       "behind since"],
                      [[a.article, a.language, a.first_translated or "–",
                        a.last_translated or "–", f"{a.lag_days:.1f}", a.behind_since or "–"]
                       for a in report.articles], right={4})
    out += ["", _footnote(report)]
    out += [f"skipped: {p}" for p in report.skipped]
    return "\n".join(out) + "\n"


def _footnote(report: History) -> str:
    rules = sorted({a.rule for a in report.commits}, key=list(Rule).index)
    told = "; ".join(f"{r.value}: {_RULES[r]}" for r in rules) or "no work credited"
    english = "the sources" if report.sources else "the catalogs' msgids"
    return (f"{report.commits_read} commits read; English from {english}; credited to {told}; "
            f"{len(report.skipped)} versions skipped.")


# --- HTML and SVG --------------------------------------------------------------------------------

_W, _H = 760, 280
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 30, 16, 44


def _x_labels(labels: Sequence[str], x: Callable[[int], float]) -> str:
    step = max(1, -(-len(labels) // 12))
    return "".join(
        f'<text x="{x(i):.1f}" y="{_H - _BOTTOM + 18}" text-anchor="middle" '
        f'class="tick">{html.escape(label)}</text>'
        for i, label in enumerate(labels) if i % step == 0)


def _y_grid(top: float, fmt: Callable[[float], str]) -> str:
    lines = []
    for k in range(5):
        value = top * k / 4
        y = _H - _BOTTOM - (_H - _TOP - _BOTTOM) * k / 4
        lines.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'class="tick">{fmt(value)}</text>')
    return "".join(lines)


def _nice(top: float) -> float:
    """The smallest round number at least `top` whose quarters are whole and round (1, 1.5, 2,
    2.5, 3, 4, 5 or 7.5 times a power of ten, times four): the translator chart's axis."""
    power = 1.0
    while True:
        for factor in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5):
            step = factor * power
            if step >= 1 and step == int(step) and 4 * step >= top:
                return 4 * step
        power *= 10


def _svg(label: str, body: str, height: int = _H) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" '
            f'width="{_W}" height="{height}" role="img" aria-label="{html.escape(label)}">'
            f"{body}</svg>")


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{html.escape(name)}</span>'
        for name, colour in items) + "</p>"


def progress_chart(rows: Sequence[LanguagePeriod]) -> tuple[str, list[tuple[str, str]]]:
    """Share of words translated per language at each period's end: a line per language."""
    labels = list(dict.fromkeys(r.period for r in rows))
    langs = list(dict.fromkeys(r.language for r in rows))
    span = _W - _LEFT - _RIGHT

    def x(i: int) -> float:
        return _LEFT + (span * (i + 0.5) / len(labels))

    def y(percent: float) -> float:
        return _H - _BOTTOM - (_H - _TOP - _BOTTOM) * percent / 100

    body = [_y_grid(100, lambda v: f"{v:.0f}%"), _x_labels(labels, x)]
    legend = []
    for n, lang in enumerate(langs):
        colour = PALETTE[n % len(PALETTE)]
        # a period in which the language had no English to translate has no share to draw
        points = [(x(labels.index(r.period)), y(r.words_percent))
                  for r in rows if r.language == lang and r.source_words]
        if not points:
            continue
        legend.append((lang, colour))
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="3" class="series" data-series="{html.escape(lang)}"/>')
        body += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>'
                 for px, py in points]
    return _svg("words translated per language", "".join(body)), legend


def translator_chart(rows: Sequence[TranslatorPeriod],
                     periods: Sequence[str]) -> tuple[str, list[tuple[str, str]]]:
    """Words (new and revised) per translator per period: stacked bars; the translators with
    the most words get a colour each, the others are summed in grey."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.translator] = totals.get(r.translator, 0) + r.new_words + r.revised_words
    ranked = sorted(totals, key=lambda t: (-totals[t], t))
    named = ranked if len(ranked) <= MOST_TRANSLATORS + 1 else ranked[:MOST_TRANSLATORS]
    colours = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(named)}
    labels = list(periods) or list(dict.fromkeys(r.period for r in rows))
    stacks: dict[str, dict[str, int]] = {label: {} for label in labels}
    for r in rows:
        who = r.translator if r.translator in colours else "others"
        stack = stacks.setdefault(r.period, {})
        stack[who] = stack.get(who, 0) + r.new_words + r.revised_words
    top = _nice(max([sum(s.values()) for s in stacks.values()] + [1]))
    span = _W - _LEFT - _RIGHT
    width = span / max(1, len(labels))

    def x(i: int) -> float:
        return _LEFT + width * (i + 0.5)

    scale = (_H - _TOP - _BOTTOM) / top
    body = [_y_grid(top, lambda v: f"{v:,.0f}"), _x_labels(labels, x)]
    for i, label in enumerate(labels):
        base = float(_H - _BOTTOM)
        for who, words in sorted(stacks.get(label, {}).items(), key=lambda s: (
                s[0] == "others", named.index(s[0]) if s[0] in named else 0)):
            h = words * scale
            base -= h
            colour = colours.get(who, OTHERS_COLOUR)
            body.append(f'<rect x="{x(i) - width * 0.35:.1f}" y="{base:.1f}" '
                        f'width="{width * 0.7:.1f}" height="{h:.1f}" fill="{colour}">'
                        f"<title>{html.escape(who)}, {html.escape(label)}: {words} words"
                        "</title></rect>")
    legend = [(t, colours[t]) for t in named]
    if len(ranked) > len(named):
        legend.append((f"{len(ranked) - len(named)} others", OTHERS_COLOUR))
    return _svg("words per translator per period", "".join(body)), legend


def lag_chart(articles: Sequence[ArticleLag],
              languages: Sequence[str]) -> tuple[str, list[tuple[str, str]]]:
    """The longest lags: a horizontal bar per article and language, in the language's colour."""
    colours = {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(languages)}
    longest = sorted((a for a in articles if a.lag_days > 0),
                     key=lambda a: (-a.lag_days, a.article, a.language))[:MOST_ARTICLES]
    row = 20
    height = _TOP * 2 + row * max(1, len(longest))
    left = 260
    top = max([a.lag_days for a in longest] + [1.0])
    span = _W - left - _RIGHT - 50
    body = []
    for i, a in enumerate(longest):
        y = _TOP + i * row
        w = span * a.lag_days / top
        name = a.article if len(a.article) <= 34 else "…" + a.article[-33:]
        body.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" class="tick">'
            f"{html.escape(name)} ({html.escape(a.language)})</text>"
            f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 6}" '
            f'fill="{colours.get(a.language, OTHERS_COLOUR)}"><title>{html.escape(a.article)}'
            f" ({html.escape(a.language)}): {a.lag_days:.1f} days behind</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 14}" class="tick">{_days(a.lag_days)}</text>')
    if not longest:
        body.append(f'<text x="{_W / 2}" y="{_TOP + 14}" text-anchor="middle" class="tick">'
                    "no edition lagged behind the English</text>")
    legend = [(lang, colours[lang]) for lang in languages
              if any(a.language == lang for a in longest)]
    return _svg("days each edition lagged behind the English", "".join(body), height), legend


def _days(days: float) -> str:
    return f"{days:.1f} d" if days < 10 else f"{days:.0f} d"


def render_history_html(report: History, *, title: str) -> str:
    """One self-contained page: the three charts, each with its figures in a table below."""
    e = html.escape
    by = report.by.value
    langs = list(dict.fromkeys(r.language for r in report.languages))
    periods = list(dict.fromkeys(r.period for r in report.languages))
    progress, progress_legend = progress_chart(report.languages)
    people, people_legend = translator_chart(report.translators, periods)
    lags, lag_legend = lag_chart(report.articles, langs)

    def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
        head = "".join(f"<th>{e(h)}</th>" for h in headers)
        body = "\n".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>"
                         for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"

    editions = table(
        [by, "language", "final", "words translated", "%", "change", "fuzzy words",
         "untranslated words", "English added"],
        [[r.period, r.language, f"{r.final}/{r.catalogs}",
          f"{r.translated_words}/{r.source_words}", f"{r.words_percent:.1f}",
          _signed(r.translated_change), r.fuzzy_words, r.untranslated_words, r.english_added]
         for r in report.languages])
    translators = table(
        [by, "translator", "new words", "revised words", "commits", "credited to"],
        [[t.period, t.translator, t.new_words, t.revised_words, t.commits,
          ", ".join(r.value for r in t.rules)] for t in report.translators])
    articles = table(
        ["article", "language", "first translated", "last translated", "days behind",
         "behind since"],
        [[a.article, a.language, a.first_translated or "–", a.last_translated or "–",
          f"{a.lag_days:.1f}", a.behind_since or "–"] for a in report.articles])
    skipped = ""
    if report.skipped:
        skipped = ("<h2>Versions left out</h2><ul>"
                   + "".join(f"<li>{e(str(p))}</li>" for p in report.skipped) + "</ul>")
    return _PAGE.format(
        title=e(title), first=e(report.first or "–"), last=e(report.last or "–"), by=e(by),
        progress=progress, progress_legend=_legend(progress_legend),
        people=people, people_legend=_legend(people_legend),
        lags=lags, lag_legend=_legend(lag_legend),
        editions=editions, translators=translators, articles=articles,
        footnote=e(_footnote(report)), skipped=skipped,
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 60rem; }}
svg {{ max-width: 100%; height: auto; display: block; background: #fff; }}
svg .grid {{ stroke: #e4e4e4; stroke-width: 1; shape-rendering: crispEdges; }}
svg rect {{ shape-rendering: crispEdges; }}
svg .tick {{ font-size: 11px; fill: #555; font-family: system-ui, sans-serif; }}
.legend span {{ margin-right: 1rem; white-space: nowrap; }}
.legend i {{ display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem;
  vertical-align: -0.1rem; border-radius: .15rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }}
th, td {{ border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }}
td {{ font-variant-numeric: tabular-nums; }}
details {{ margin: .4rem 0 1rem; }} summary {{ cursor: pointer; }}
.note {{ color: #555; font-size: .9rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="note">From {first} to {last}, by {by}. {footnote}</p>
<h2>Progress per language</h2>
<p class="note">Share of the English words translated (not fuzzy), at each {by}'s end.</p>
{progress}
{progress_legend}
<details><summary>Figures</summary>
{editions}
</details>
<h2>Words per translator</h2>
<p class="note">Words of English newly translated or revised, per {by}.</p>
{people}
{people_legend}
<details><summary>Figures</summary>
{translators}
</details>
<h2>Lag behind the English</h2>
<p class="note">Days each edition had untranslated or fuzzy units (or no catalog), longest
first.</p>
{lags}
{lag_legend}
<details><summary>Figures</summary>
{articles}
</details>
{skipped}
</body>
</html>
"""

