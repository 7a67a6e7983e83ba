"""The findings of `check`: text, JSON and GitHub Actions annotations; and the registered
checks (`check --list`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence

from ..core.checks.model import CheckReport, Gate
from ..core.checks.registry import Check, Takes
from .common import plural, selection_data


def check_text(report: CheckReport) -> Iterator[str]:
    """The text report, line by line (each with its newline): 10,000 articles' findings are
    written as they are made, never held as one string."""
    if report.selection is not None:
        yield report.selection.summary() + "\n"
    for f in report.findings:
        yield ((f"{f.path}:{f.line}: " if f.line else f"{f.path}: ")
               + f"{f.level.value}: [{f.check}] {f.message} ({f.hint})\n")
    yield _summary_line(report) + "\n"


def _summary_line(report: CheckReport) -> str:
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    verdict = "FAILED" if errors else "passed"
    return (f"check {verdict}: {plural(errors, 'error')}, {plural(warnings, 'warning')} in "
            f"{plural(report.catalogs, 'catalog')}.")


def check_json(report: CheckReport) -> Iterator[str]:
    """The JSON report in pieces, as `json.dumps(..., indent=2)` writes it whole."""
    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2)

    errors = len(report.errors)
    yield (f'{{\n  "passed": {dumps(not errors)},\n  "errors": {errors},\n'
           f'  "warnings": {len(report.findings) - errors},\n')
    if report.selection is not None:
        yield f'  "selection": {json.dumps(selection_data(report.selection))},\n'
    yield '  "findings": '
    if not report.findings:
        yield "[]\n}\n"
        return
    yield "["
    for i, f in enumerate(report.findings):
        item = dumps({"path": f.path, "line": f.line, "article": f.article,
                      "language": f.language, "check": f.check, "severity": f.level.value,
                      "message": f.message, "hint": f.hint})
        yield ("," if i else "") + "\n    " + item.replace("\n", "\n    ")
    yield "\n  ]\n}\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def check_github(report: CheckReport) -> Iterator[str]:
    """GitHub Actions workflow commands, so findings show on the pull request, line by line."""
    if report.selection is not None:
        yield f"::notice title=transkit check::{_gh_escape(report.selection.summary())}\n"
    for f in report.findings:
        where = f"file={_gh_escape(f.path, prop=True)}"
        if f.line:
            where += f",line={f.line}"
        title = _gh_escape(f"{f.check} ({f.language})", prop=True)
        yield (f"::{f.level.value} {where},title={title}::"
               f"{_gh_escape(f.message + ' — ' + f.hint)}\n")
    # the summary line of the text format, the same whatever was found
    yield _summary_line(report) + "\n"


def render_check_text(report: CheckReport) -> str:
    return "".join(check_text(report))


def render_check_json(report: CheckReport) -> str:
    return "".join(check_json(report))


def render_check_github(report: CheckReport) -> str:
    return "".join(check_github(report))


SUMMARY_FINDINGS = 50  # a job summary is read by people: the rest is in the annotations


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_check_summary(report: CheckReport, *, gate: str) -> str:
    """A Markdown summary for GitHub's job summary page ($GITHUB_STEP_SUMMARY): the outcome,
    the findings per check, each edition's verdict, and the first findings."""
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    lines = [f"## transkit check ({gate}): {'FAILED' if errors else 'passed'}", "",
             f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in "
             f"{plural(report.catalogs, 'catalog')}.", ""]
    if report.selection is not None:
        lines[2:2] = [report.selection.summary() + ".", ""]
    by_check = Counter((f.check, f.level.value) for f in report.findings)
    if by_check:
        lines += ["| check | errors | warnings |", "|---|---:|---:|"]
        for check in dict.fromkeys(f.check for f in report.findings):
            lines.append(f"| {check} | {by_check[(check, 'error')]} | "
                         f"{by_check[(check, 'warning')]} |")
        lines.append("")
    if report.statuses:
        langs = list(dict.fromkeys(s.language for s in report.statuses))
        cells = {(s.article, s.language): s for s in report.statuses}
        lines += ["### Editions", "", "| article | " + " | ".join(langs) + " |",
                  "|---|" + "---|" * len(langs)]
        for article in dict.fromkeys(s.article for s in report.statuses):
            row = []
            for lang in langs:
                s = cells.get((article, lang))
                row.append("–" if s is None else _md_cell(
                    s.edition.value + (f" ({', '.join(s.reasons)})" if s.reasons else "")))
            lines.append(f"| {_md_cell(article)} | " + " | ".join(row) + " |")
        lines.append("")
    if report.findings:
        lines += ["### Findings", ""]
        for f in report.findings[:SUMMARY_FINDINGS]:
            where = f"{f.path}:{f.line}" if f.line else f.path
            lines.append(f"- `{where}` **{f.level.value}** [{f.check}] "
                         f"{_md_cell(f.message)} ({_md_cell(f.hint)})")
        if len(report.findings) > SUMMARY_FINDINGS:
            lines.append(f"- … and {len(report.findings) - SUMMARY_FINDINGS} more "
                         "(see the annotations)")
        lines.append("")
    return "\n".join(lines) + "\n"


def _languages(item: Check) -> str:
    return ", ".join(sorted(item.languages)) if item.languages else "all"


def render_check_list(checks: Sequence[Check]) -> str:
    """`check --list`: every registered check, its id, severity, scope, the gates and
    languages it runs for, what it catches and how to silence it."""
    width = max((len(c.id) for c in checks), default=0)
    lines = []
    for item in checks:
        lines.append(f"{item.id:<{width}}  {item.severity.value:<7}  {item.scope.value}")
        lines.append(f"    catches: {item.description}")
        lines.append(f"    fix: {item.hint}")
        lines.append(f"    silence: {item.silencing()}")
        details = []
        if item.gates != frozenset(Gate):
            details.append("gates: " + ", ".join(g.value for g in Gate if g in item.gates))
        if item.languages:
            details.append(f"languages: {_languages(item)}")
        if item.takes is Takes.GLOSSARY:
            details.append("only with a glossary")
        if details:
            lines.append("    " + "; ".join(details))
    lines.append(f"{plural(len(checks), 'check')}.")
    return "\n".join(lines) + "\n"


def render_check_list_json(checks: Sequence[Check]) -> str:
    """`check --list --format json`: the registry as a list of objects."""
    return json.dumps([{
        "id": str(item.id), "severity": item.severity.value, "scope": item.scope.value,
        "description": item.description, "hint": item.hint, "silence": item.silence.value,
        "silencing": item.silencing(), "gates": [g.value for g in Gate if g in item.gates],
        "languages": sorted(item.languages), "glossary": item.takes is Takes.GLOSSARY,
    } for item in checks], ensure_ascii=False, indent=2) + "\n"
