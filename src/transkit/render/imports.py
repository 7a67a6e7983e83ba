"""What `transkit import` did: per article, and every piece of translation it could not place."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..core.archive.model import ArticleImport, ImportRun, NotPlaced, Unplaced
from .common import plural

EXCERPT = 70  # characters of a piece's text in the text report (the JSON has all of it)


def _verb(item: ArticleImport, dry_run: bool) -> str:
    if not item.changed:
        return "unchanged"
    if dry_run:
        return "would create" if item.created else "would update"
    return "created" if item.created else "updated"


def _excerpt(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= EXCERPT else one[: EXCERPT - 1] + "…"


def _where(piece: NotPlaced) -> str:
    if piece.reason is Unplaced.REMOVED:
        where = f"{piece.path}:{piece.line}" if piece.line else piece.path
        return f"{where}: obsolete entry, {piece.reason.value} {piece.what}".rstrip()
    return f"{piece.path}:{piece.line}: {piece.what}, {piece.reason.value}"


def render_import_text(run: ImportRun) -> str:
    """One line per article, its pieces not placed and notes indented below, then a total."""
    lines: list[str] = []
    for item in run.articles:
        since = f", aligned with the English as of {item.english_at}" if item.english_at else ""
        lines.append(
            f"{_verb(item, run.dry_run)} {item.catalog} from {item.source}{since}: "
            f"{item.imported} imported, {item.fuzzy} fuzzy, {item.untranslated} untranslated, "
            f"{len(item.not_placed)} not placed"
            + (f", {item.kept} kept" if item.kept else ""))
        lines.extend(f"  note: {note}" for note in item.notes)
        lines.extend(f"  not placed: {_where(p)}: {_excerpt(p.text)}" for p in item.not_placed)
    total = run.articles
    placed = sum(a.letters_placed for a in total)
    letters = sum(a.letters for a in total)
    share = f" ({placed / letters:.1%} of the translated letters)" if letters else ""
    lines.append(
        f"{plural(len(total), 'article')} imported: "
        f"{sum(a.imported for a in total)} entries translated, "
        f"{sum(a.fuzzy for a in total)} fuzzy{share}, "
        f"{sum(a.untranslated for a in total)} untranslated; "
        f"{plural(sum(len(a.not_placed) for a in total), 'piece')} not placed"
        + (f"; {plural(len(run.failures), 'file')} refused" if run.failures else "") + ".")
    return "\n".join(lines) + "\n"


def render_import_json(run: ImportRun) -> str:
    """The whole report, every piece not placed with its full text."""
    data = {
        "dry_run": run.dry_run,
        "articles": [asdict(item) for item in run.articles],
        "failures": [asdict(item) for item in run.failures],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
