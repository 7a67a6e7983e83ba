"""What a translator has to do, and what waits for review: as text, or as a Markdown
checklist per article to paste into an issue."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.checks.model import Finding
from ..core.report.model import TodoReport
from ..core.review.model import ReviewItem, ReviewState, ReviewTodo
from ..core.sync.model import Suggestion
from ..core.terms.model import Term
from .common import plural

SHORT = 100  # characters of an entry's English shown in its line


@dataclass(frozen=True)
class Task:
    """One thing to do, at one place: `where` (path:line), what, and details below it, each
    with its depth (1: under the task, 2: under a detail)."""

    where: str
    what: str
    details: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Group:
    """The tasks of one catalog, with notes about the catalog as a whole."""

    path: str
    article: str
    language: str
    notes: list[str]
    tasks: list[Task]
    noun: str = "to do"  # the header's: "3 to do", "2 to review"


def shorten(text: str, width: int = SHORT) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def render_todo(report: TodoReport) -> str:
    """What a translator has to do: every open entry with its place and, for drift, its
    severity, reasons and word diff, for a merge clash the other translation; glossary terms
    and the memory's suggestions under it; and check's errors at their lines, with hints.

    `stale` names catalogs a sync would change: their list is from the catalog as it is, and
    the English has moved on since.
    """
    return _text(todo_groups(report), "Nothing to do: every entry is translated.")


def render_todo_markdown(report: TodoReport) -> str:
    """The same as a Markdown checklist, one section per article."""
    return _markdown(todo_groups(report), "Nothing to do: every entry is translated.")


def render_review_todo(report: ReviewTodo) -> str:
    """What waits for review: each entry never signed off, and each changed since its
    sign-off, with the word diffs since the text signed."""
    return _text(review_groups(report), "Nothing waits for review: every translated entry is "
                 "reviewed.")


def render_review_todo_markdown(report: ReviewTodo) -> str:
    return _markdown(review_groups(report), "Nothing waits for review: every translated entry "
                     "is reviewed.")


# --- what there is to do -----------------------------------------------------------------


def todo_groups(report: TodoReport) -> list[Group]:
    groups = []
    for s in report.statuses:
        if s.missing:
            groups.append(Group(s.path, s.article, s.language, [
                f"missing, {plural(s.untranslated, 'unit')} to translate "
                "(run 'transkit sync' to create it)"], []))
            continue
        notes = ["out of step with the English; run 'transkit sync' first, then list again"
                 ] if s.path in report.stale else []
        tasks: list[tuple[int, Task]] = []
        for item in s.todo:
            state = item.state.value
            if item.reasons:
                state += f" ({'; '.join(item.reasons)})"
            task = Task(f"{s.path}:{item.line}", f"{state}: {shorten(item.msgid)}")
            if item.diff:
                task.details.append((1, item.diff))
            task.details.extend((1, other.replace("\n", " ")) for other in item.others)
            if item.others:
                task.details.append((1, "keep one translation (or make one of both), then "
                                     "delete the 'other translation' comment"))
            task.details.extend((1, render_term(term, s.language))
                                for term in report.terms.get(item.msgid, ()))
            task.details.extend(render_suggestions(report.suggestions.get(item.msgid, ())))
            tasks.append((item.line, task))
        tasks.extend((finding.line or 0, _finding_task(finding))
                     for finding in report.findings if finding.path == s.path)
        tasks.sort(key=lambda pair: pair[0])  # in file order; an entry before its finding
        groups.append(Group(s.path, s.article, s.language, notes, [t for _, t in tasks]))
    return groups


def _finding_task(finding: Finding) -> Task:
    """A check error: where, which check and what, and the check's hint below it."""
    where = f"{finding.path}:{finding.line}" if finding.line else finding.path
    task = Task(where, f"{finding.check}: {finding.message}")
    if finding.hint:
        task.details.append((1, f"hint: {finding.hint}"))
    return task


def render_term(term: Term, lang: str) -> str:
    """'term: Nagorno-Karabakh = Нагорный Карабах | нагорно-карабахский (the region)'."""
    accepted = " | ".join(term.accepted(lang)) or f"(no {lang} translation in the glossary)"
    note = f" ({term.note})" if term.note else ""
    return f"term: {term.source} = {accepted}{note}"


def render_suggestions(found: tuple[Suggestion, ...]) -> list[tuple[int, str]]:
    """The memory's translations for an open unit, sentence by sentence, best first."""
    lines = []
    for item in found:
        where = f"sentence {item.sentence}, " if item.sentence else ""
        lines.append((1, f"memory ({where}{item.score}%, {item.article}): {item.target}"))
        if item.diff:
            lines.append((2, f"English there: {item.diff}"))
    return lines


# --- what waits for review ---------------------------------------------------------------


def review_groups(report: ReviewTodo) -> list[Group]:
    return [Group(c.path, c.article, c.language, [],
                  [_review_task(c.path, item) for item in c.items], "to review")
            for c in report.catalogs if c.items]


def _review_task(path: str, item: ReviewItem) -> Task:
    state = item.state.value
    if item.state is ReviewState.CHANGED and item.signoff is not None:
        state += f" (signed off by {item.signoff.name} on {item.signoff.date})"
    task = Task(f"{path}:{item.line}", f"{state}: {shorten(item.msgid)}")
    if item.state is ReviewState.CHANGED:
        if not item.found:
            task.details.append((1, "the text signed off is not in the catalog's git history; "
                                 "review the entry as it is"))
        if item.english_diff:
            task.details.append((1, f"English since review: {item.english_diff}"))
        if item.translation_diff:
            task.details.append((1, f"translation since review: {item.translation_diff}"))
    return task


# --- the two layouts -----------------------------------------------------------------------


def _text(groups: Sequence[Group], nothing: str) -> str:
    lines: list[str] = []
    for group in groups:
        lines.extend(f"{group.path}: {note}" for note in group.notes)
        if not group.tasks:
            continue
        lines.append(f"{group.path}: {len(group.tasks)} {group.noun}")
        for task in group.tasks:
            lines.append(f"  {task.where}: {task.what}")
            lines.extend(" " * (2 + 4 * depth) + text for depth, text in task.details)
    if not lines:
        lines.append(nothing)
    return "\n".join(lines) + "\n"


_WDIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~|])")  # '#' only heads a line, and none of ours


def _md(text: str) -> str:
    """Text as Markdown shows it literally (an English paragraph is Markdown itself)."""
    return _MARKDOWN.sub(r"\\\1", text.replace("\n", " "))


def _md_diff(text: str) -> str:
    """A wdiff-notation word diff ([-old-]{+new+}) as Markdown: ~~old~~ **new**."""
    out, pos = [], 0
    for found in _WDIFF.finditer(text):
        out.append(_md(text[pos:found.start()]))
        gone, came = found.groups()
        if gone is not None:
            out.append(f"~~{_md(gone)}~~")
        else:  # a space after what it replaces: ~~19~~ **20**
            out.append(f"{' ' if found.start() == pos and pos else ''}**{_md(came)}**")
        pos = found.end()
    out.append(_md(text[pos:]))
    return "".join(out)


def _markdown(groups: Sequence[Group], nothing: str) -> str:
    """One section per article and language: its notes, then a checklist item per task, with
    the path and line to open ('- [ ] locales/de/x.po:47 …')."""
    sections = []
    for group in groups:
        if not group.tasks and not group.notes:
            continue
        count = f": {len(group.tasks)} {group.noun}" if group.tasks else ""
        lines = [f"### {_md(group.article)} ({group.language}){count}", ""]
        lines.extend(f"{group.path}: {_md(note)}" for note in group.notes)
        if group.notes and group.tasks:
            lines.append("")
        for task in group.tasks:
            lines.append(f"- [ ] {task.where} {_md(task.what)}")
            lines.extend("  " * depth + f"- {_md_diff(text)}" for depth, text in task.details)
        sections.append("\n".join(lines))
    return ("\n\n".join(sections) if sections else nothing) + "\n"
