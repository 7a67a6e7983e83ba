"""What a translator has to do."""

from __future__ import annotations

from ..core.report.model import TodoReport
from ..core.sync.model import Suggestion
from ..core.terms.model import Term
from .common import plural


def render_todo(report: TodoReport) -> str:
    """What a translator has to do: every open entry with its place and, for drift, its
    severity, reasons and word diff.

    `stale` names catalogs a sync would change: their list is from the catalog as it is, and
    the English has moved on since.
    """
    lines = []
    for s in report.statuses:
        if s.missing:
            lines.append(f"{s.path}: missing, {plural(s.untranslated, 'unit')} to translate "
                         "(run 'transkit sync' to create it)")
            continue
        if s.path in report.stale:
            lines.append(f"{s.path}: out of step with the English; run 'transkit sync' first, "
                         "then list again")
        if not s.todo:
            continue
        lines.append(f"{s.path}: {len(s.todo)} to do")
        for item in s.todo:
            text = item.msgid
            short = text if len(text) <= 100 else text[:99] + "…"
            state = item.state.value
            if item.reasons:
                state += f" ({'; '.join(item.reasons)})"
            lines.append(f"  {s.path}:{item.line}: {state}: {short}")
            if item.diff:
                lines.append(f"      {item.diff}")
            for term in report.terms.get(text, ()):
                lines.append(f"      {render_term(term, s.language)}")
            lines.extend(render_suggestions(report.suggestions.get(text, ())))
    if not lines:
        lines.append("Nothing to do: every entry is translated.")
    return "\n".join(lines) + "\n"


def render_term(term: Term, lang: str) -> str:
    """'term: Nagorno-Karabakh = Нагорный Карабах | нагорно-карабахский (the region)'."""
    accepted = " | ".join(term.accepted(lang)) or f"(no {lang} translation in the glossary)"
    note = f" ({term.note})" if term.note else ""
    return f"term: {term.source} = {accepted}{note}"


def render_suggestions(found: tuple[Suggestion, ...]) -> list[str]:
    """The memory's translations for an open unit, sentence by sentence, best first."""
    lines = []
    for item in found:
        where = f"sentence {item.sentence}, " if item.sentence else ""
        lines.append(f"      memory ({where}{item.score}%, {item.article}): {item.target}")
        if item.diff:
            lines.append(f"          English there: {item.diff}")
    return lines
